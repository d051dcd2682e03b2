"""JSON Lines: one line per document, then one summary line; written as documents are checked.

Each document line is ``{"type": "document", ...}`` with exactly the keys of an entry of the
JSON report's ``documents``; the last line is ``{"type": "summary", ...}`` with the report's
``policylint``, ``as_of``, ``fail_on``, ``rulesets`` and ``summary``. Because a line is written
as soon as its document is checked and only the running totals are kept, memory stays flat on
a corpus of any size.
"""

from __future__ import annotations

import json
from typing import Any

from policylint.reports import streaming


def _line(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True) + "\n"


class Writer(streaming.Writer):
    """One line per document as it arrives; the summary line at the end."""

    def document(self, doc: dict[str, Any]) -> None:
        self.out(_line({"type": "document", **doc}))

    def end(self, summary: dict[str, Any]) -> None:
        self.out(_line({"type": "summary", **self.head, "summary": summary}))


def render(context: dict[str, Any], **options: Any) -> str:
    """The whole report from a built context (the same lines a streamed run writes)."""
    return streaming.render_with(Writer, context)

