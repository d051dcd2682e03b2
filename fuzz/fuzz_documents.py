"""Coverage-guided fuzz target: document loaders and the engine on arbitrary bytes.

Invariants checked on every input (a violation is a finding):
  * loading raises nothing but :class:`LoadError` (a clear per-file message);
  * checking the loaded document with the built-in rules raises nothing and gives no
    ``error`` result;
  * every evidence location lies inside the source document.

Run (see docs/robustness.md)::

    pip install '.[fuzz]'
    python fuzz/fuzz_documents.py -max_total_time=600 -timeout=10 -rss_limit_mb=2048 /tmp/corpus-docs fuzz/seeds/documents
"""

from __future__ import annotations

import datetime as dt
import os
import sys

import atheris

# Fuzz from a checkout without installing: the repository root goes first on the path.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

with atheris.instrument_imports(include=["policylint"]):
    import policylint.documents.html  # noqa: F401 - loaders are imported lazily; instrument them now
    import policylint.documents.markdown  # noqa: F401
    import policylint.documents.text  # noqa: F401
    from policylint.api import compile_builtin
    from policylint.documents import LoadError, load_bytes
    from policylint.documents.decode import decode_bytes
    from policylint.engine import check_document
    from policylint.model import Status

FORMATS = ("markdown", "html", "text", None)
NAMES = ("policy.md", "policy.html", "policy.txt", "policy")
RULES = compile_builtin()
AS_OF = dt.date(2026, 1, 1)


def _lines(data: bytes) -> list[str]:
    text, _ = decode_bytes(data)
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def TestOneInput(data: bytes) -> None:  # noqa: N802 - atheris naming
    if not data:
        return
    selector, body = data[0], data[1:]
    fmt, name = FORMATS[selector % 4], NAMES[(selector >> 2) % 4]
    try:
        doc = load_bytes(body, name, fmt)
    except LoadError:
        return
    report = check_document(doc, RULES, AS_OF)
    lines = _lines(body)
    for result in report.results:
        if result.status is Status.ERROR:
            raise AssertionError(f"rule {result.rule.id} errored: {result.detail}")
        for ev in (*result.evidence, *result.trigger):
            loc = ev.location
            for line, col in ((loc.line, loc.column), (loc.end_line, loc.end_column)):
                if not (1 <= line <= len(lines) and 1 <= col <= len(lines[line - 1]) + 1):
                    raise AssertionError(f"location {line}:{col} outside the document ({len(lines)} lines)")


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
