"""``--format text``: one finding a line as ``path:line:col: severity rule-id message``."""

from __future__ import annotations

from typing import Any


def render(context: dict[str, Any], verbose: bool = False) -> str:
    lines: list[str] = []
    for doc in context["documents"]:
        if doc["error"]:
            lines.append(f"{doc['path']}:1:1: input-error {doc['error']}")
            continue
        for r in doc["results"]:
            if r["status"] == "failed" and not r["suppressed"]:
                loc = r["evidence"][0] if r["evidence"] else {"line": 1, "column": 1}
                detail = f" ({r['detail']})" if r["detail"] and r["evidence"] else ""
                lines.append(f"{doc['path']}:{loc['line']}:{loc['column']}: {r['severity']} {r['rule']} {r['message']}{detail}")
            elif r["status"] == "error":
                lines.append(f"{doc['path']}:1:1: error {r['rule']} rule error: {r['detail']}")
            elif verbose and r["status"] == "passed":
                ev = r["evidence"][0] if r["evidence"] else None
                where = f"{ev['line']}:{ev['column']}" if ev else "1:1"
                quote = f" \"{ev['text'][:120]}\"" if ev else ""
                lines.append(f"{doc['path']}:{where}: passed {r['rule']}{quote}")
    s = context["summary"]
    per_ruleset = ", ".join(
        f"{rid} {c['passed']} passed/{c['failed']} failed" for rid, c in s["by_ruleset"].items()
    )
    lines.append(
        f"{s['documents']} document(s) checked: {s['failed']} failed, {s['passed']} passed, "
        f"{s['not_applicable']} not applicable, {s['input_errors']} input error(s)"
        + (f" [{per_ruleset}]" if per_ruleset else "")
    )
    return "\n".join(lines) + "\n"
