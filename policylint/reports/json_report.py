"""``--format json``: the report context, dumped with sorted keys for stable diffs.

Written as it goes: the sorted top-level keys put ``documents`` before ``summary`` (and after
``as_of``), so each document's entry is written when it is checked and only the running totals
wait for the end. The bytes are exactly those of ``json.dumps(context, indent=2, sort_keys=True)``.
"""

from __future__ import annotations

import json
from typing import Any

from policylint.reports import streaming

_BODY = "documents"


def _dumps(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


class Writer(streaming.Writer):
    """Streams the JSON report: header keys sorting before ``documents``, entries, the rest."""

    def begin(self, head: dict[str, Any]) -> None:
        super().begin(head)
        self._members = 0
        self._documents = 0
        self.out("{\n" + "".join(self._member(k, head[k]) for k in sorted(head) if k < _BODY) + self._key(_BODY) + "[")

    def document(self, doc: dict[str, Any]) -> None:
        self.out(("," if self._documents else "") + "\n" + streaming.indent_json(_dumps(doc), "    "))
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
        return self._key(key) + streaming.indent_json(_dumps(value), "  ")[2:]


def render(context: dict[str, Any], **_: Any) -> str:
    """The whole JSON report."""
    return streaming.render_with(Writer, context)
