"""JSON Lines: one line per document, then one summary line; written as documents are checked.

Each document line is ``{"type": "document", ...}`` with exactly the keys of an entry of the
JSON report's ``documents``; the last line is ``{"type": "summary", ...}`` with the report's
``policylint``, ``as_of``, ``fail_on``, ``rulesets`` and ``summary``. Because a line is written
as soon as its document is checked and only the running totals are kept, memory stays flat on
a corpus of any size.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from policylint.model import DocumentReport, Ruleset
from policylint.reports.context import SummaryCounter, document_dict, header


def _line(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True) + "\n"


def render(context: dict[str, Any], **options: Any) -> str:
    """The whole report from a built context (same lines as :func:`stream`)."""
    lines = [_line({"type": "document", **doc}) for doc in context["documents"]]
    tail = {k: v for k, v in context.items() if k != "documents"}
    lines.append(_line({"type": "summary", **tail}))
    return "".join(lines)


def stream(
    reports: Iterable[DocumentReport],
    rulesets: Sequence[Ruleset],
    *,
    fail_on: str = "error",
    as_of: dt.date | None = None,
    counter: SummaryCounter | None = None,
) -> Iterator[str]:
    """Lines for ``reports`` as they come, then the summary line (``counter`` collects totals)."""
    counter = counter or SummaryCounter(rulesets)
    for rep in reports:
        doc = document_dict(rep, fail_on)
        counter.add(doc)
        yield _line({"type": "document", **doc})
    yield _line({"type": "summary", **header(rulesets, fail_on, as_of), "summary": counter.summary()})
