"""``--format json``: the report context, dumped with sorted keys for stable diffs.

Written as it goes: the sorted top-level keys put ``documents`` before ``summary`` (and after
``as_of``), so each document's entry is written when it is checked and only the running totals
wait for the end. The bytes are exactly those of ``json.dumps(context, indent=2, sort_keys=True)``.
"""

from __future__ import annotations

import json
from typing import Any

from policylint.reports import streaming
from policylint.reports.context import RESULT_KEYS, RULE_KEYS
from policylint.reports.jsonindent import RuleResults, dumps, members, newline

_BODY = "documents"
_DOC_LEVEL = 2  # {"documents": [ {entry} ]}


def _document(doc: dict[str, Any], results: RuleResults) -> str:
    """One entry of ``documents``, its results encoded with the per-rule cache."""
    entries = doc.get("results") if type(doc) is dict else None
    if type(entries) is not list or not entries or not all(type(k) is str for k in doc):
        return dumps(doc, _DOC_LEVEL)
    keys = sorted(doc)
    i = keys.index("results")
    inner, item = newline(_DOC_LEVEL + 1), newline(_DOC_LEVEL + 2)
    encoded = ("," + item).join([
        results.dumps(r, _DOC_LEVEL + 2, r.get("rule")) if type(r) is dict else dumps(r, _DOC_LEVEL + 2) for r in entries
    ])
    parts = [members(doc, keys[:i], _DOC_LEVEL + 1), '"results": [' + item + encoded + inner + "]",
             members(doc, keys[i + 1:], _DOC_LEVEL + 1)]
    return "{" + inner + ("," + inner).join([p for p in parts if p]) + newline(_DOC_LEVEL) + "}"


class Writer(streaming.Writer):
    """Streams the JSON report: header keys sorting before ``documents``, entries, the rest."""

    def begin(self, head: dict[str, Any]) -> None:
        super().begin(head)
        self._results = RuleResults(RESULT_KEYS, RULE_KEYS)
        self._members = 0
        self._documents = 0
        self.out("{\n" + "".join(self._member(k, head[k]) for k in sorted(head) if k < _BODY) + self._key(_BODY) + "[")

    def document(self, doc: dict[str, Any]) -> None:
        self.out(("," if self._documents else "") + newline(_DOC_LEVEL) + _document(doc, self._results))
        self._documents += 1

    def end(self, summary: dict[str, Any]) -> None:
        rest = {k: v for k, v in self.head.items() if k > _BODY}
        rest["summary"] = summary
        tail = "".join(self._member(k, rest[k]) for k in sorted(rest))
        self.out(("\n  ]" if self._documents else "]") + tail + "\n}\n")

    def _key(self, key: str) -> str:
        sep = ",\n" if self._members else ""
        self._members += 1
        return f"{sep}  {json.dumps(key, ensure_ascii=False)}: "

    def _member(self, key: str, value: Any) -> str:
        return self._key(key) + dumps(value, 1)


def render(context: dict[str, Any], **_: Any) -> str:
    """The whole JSON report."""
    return streaming.render_with(Writer, context)
