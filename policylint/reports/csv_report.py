"""``--format csv``: one row per document and rule, for spreadsheets."""

from __future__ import annotations

import csv
import io
from typing import Any

COLUMNS = ("path", "ruleset", "rule", "title", "status", "severity", "failing", "suppressed",
           "line", "column", "evidence", "message", "remediation")


def _cell(value: Any) -> str:
    s = "" if value is None else str(value)
    # Spreadsheets run cells starting with = + - @ as formulas; policy text must stay text.
    if s[:1] in ("=", "+", "-", "@", "\t", "\r"):
        s = "'" + s
    return s


def render(context: dict[str, Any], **_: Any) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for doc in context["documents"]:
        if doc["error"]:
            w.writerow([_cell(doc["path"]), "", "", "", "input_error", "error", "true", "", 1, 1, "", _cell(doc["error"]), ""])
            continue
        for r in doc["results"]:
            loc = r["location"]
            evidence = r["evidence"][0]["text"] if r["evidence"] else ""
            message = r["message"] if r["status"] == "failed" else (r["detail"] or "")
            w.writerow([_cell(x) for x in (
                doc["path"], r["ruleset"], r["rule"], r["title"], r["status"], r["severity"],
                "true" if r["failing"] else "false", r["suppressed"] or "", loc["line"], loc["column"],
                evidence, message, r["remediation"] if r["status"] == "failed" else "",
            )])
    return buf.getvalue()
