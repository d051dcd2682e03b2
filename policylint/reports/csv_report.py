"""``--format csv``: one row per document and rule, for spreadsheets."""

from __future__ import annotations

import csv
import io
from typing import Any

from policylint.reports import streaming

COLUMNS = ("path", "ruleset", "rule", "title", "status", "severity", "failing", "suppressed",
           "line", "column", "evidence", "message", "remediation")


def _cell(value: Any) -> str:
    s = "" if value is None else str(value)
    # Spreadsheets run cells starting with = + - @ as formulas; policy text must stay text.
    if s[:1] in ("=", "+", "-", "@", "\t", "\r"):
        s = "'" + s
    return s


class Writer(streaming.Writer):
    """The header row first, then each document's rows as it arrives."""

    def begin(self, head: dict[str, Any]) -> None:
        super().begin(head)
        self.out(_rows([COLUMNS]))

    def document(self, doc: dict[str, Any]) -> None:
        self.out(_rows(_document_rows(doc)))


def render(context: dict[str, Any], **_: Any) -> str:
    """The whole CSV report."""
    return streaming.render_with(Writer, context)


def _rows(rows: Any) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def _document_rows(doc: dict[str, Any]) -> list[list[Any]]:
    if doc["error"]:
        return [[_cell(doc["path"]), "", "", "", "input_error", "error", "true", "", 1, 1, "", _cell(doc["error"]), ""]]
    rows = []
    for r in doc["results"]:
        loc = r["location"]
        evidence = r["evidence"][0]["text"] if r["evidence"] else ""
        message = r["message"] if r["status"] == "failed" else (r["detail"] or "")
        rows.append([_cell(x) for x in (
            doc["path"], r["ruleset"], r["rule"], r["title"], r["status"], r["severity"],
            "true" if r["failing"] else "false", r["suppressed"] or "", loc["line"], loc["column"],
            evidence, message, r["remediation"] if r["status"] == "failed" else "",
        )])
    return rows
