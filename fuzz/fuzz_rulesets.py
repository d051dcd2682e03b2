"""Coverage-guided fuzz target: the YAML ruleset loader (parse, schema, extends, check compiler).

Invariant: any bytes either load as a ruleset or raise :class:`RulesetError` with a
``file:line:col`` position inside the file; a ruleset that loads compiles and checks a small
document without an exception or an ``error`` result.

Run (see docs/robustness.md)::

    pip install '.[fuzz]'
    python fuzz/fuzz_rulesets.py -max_total_time=600 -timeout=10 -rss_limit_mb=2048 /tmp/corpus-rulesets fuzz/seeds/rulesets
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

import atheris

# Fuzz from a checkout without installing: the repository root goes first on the path.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

with atheris.instrument_imports(include=["policylint"]):
    import policylint.checks  # noqa: F401 - check kinds are imported lazily; instrument them now
    from policylint.documents import load_text
    from policylint.engine import check_document, compile_rules
    from policylint.model import Status
    from policylint.rulesets import RulesetError, RulesetLoader

WORKDIR = Path(tempfile.mkdtemp(prefix="policylint-fuzz-"))
RULESET = WORKDIR / "fuzz.yaml"
DOC = load_text(
    "# Privacy\n\nWe collect your email address. You can opt out of cookies in your browser settings.\n\n"
    "## Contact\n\nWrite to privacy@example.com. Children under 13 may not use the service.\n",
    "policy.md",
)


def TestOneInput(data: bytes) -> None:  # noqa: N802 - atheris naming
    RULESET.write_bytes(data)
    try:
        ruleset = RulesetLoader().load(str(RULESET))
    except RulesetError as exc:
        nlines = len(data.decode("utf-8", "replace").splitlines()) + 1  # YAML also breaks lines at \r, \x85, \u2028
        if not (str(exc).startswith(f"{exc.file}:") and 1 <= exc.line <= max(nlines, 1) and exc.column >= 1):
            raise AssertionError(f"error position outside the file: {exc}") from None
        return
    try:
        rules = compile_rules([ruleset])
    except ValueError:
        return  # reported as a usage error by the CLI
    report = check_document(DOC, rules, dt.date(2026, 1, 1))
    for result in report.results:
        if result.status is Status.ERROR:
            raise AssertionError(f"rule {result.rule.id} errored: {result.detail}")


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
