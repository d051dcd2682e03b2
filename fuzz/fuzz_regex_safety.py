"""Coverage-guided fuzz target: the static check for rule regexes (policylint.matching.safety).

Invariant: a pattern that :func:`safe_regex` accepts, once bounded, scans a hostile subject (a
fuzzed unit repeated to 20,000 characters, then ``!``) in under 2 seconds; the check itself
raises nothing but :class:`PatternError`.

Run (see docs/robustness.md)::

    pip install '.[fuzz]'
    python fuzz/fuzz_regex_safety.py -max_total_time=600 -timeout=20 -rss_limit_mb=2048 /tmp/corpus-regex fuzz/seeds/regex
"""

from __future__ import annotations

import os
import re
import sys
import time
import warnings

import atheris

# Fuzz from a checkout without installing: the repository root goes first on the path.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

with atheris.instrument_imports(include=["policylint"]):
    from policylint.matching.safety import safe_regex
    from policylint.matching.table import FLAGS, PatternError

warnings.simplefilter("ignore")  # FutureWarning for `[[` in fuzzed patterns is noise here
SUBJECT_CHARS = 20_000
LIMIT_S = 2.0


def TestOneInput(data: bytes) -> None:  # noqa: N802 - atheris naming
    fdp = atheris.FuzzedDataProvider(data)
    pattern = fdp.ConsumeUnicodeNoSurrogates(64)
    unit = fdp.ConsumeUnicodeNoSurrogates(8) or "a"
    try:
        bounded = safe_regex(pattern)
    except PatternError:
        return
    compiled = re.compile(bounded, FLAGS)
    subject = unit * (SUBJECT_CHARS // len(unit)) + "!"
    start = time.perf_counter()
    for _ in compiled.finditer(subject):
        pass
    took = time.perf_counter() - start
    if took > LIMIT_S:
        raise AssertionError(f"accepted pattern {pattern!r} (bounded {bounded!r}) took {took:.1f} s on {unit!r} * n")


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
