"""``--format gitlab``: GitLab Code Quality JSON (an array of issues with unique fingerprints)."""

from __future__ import annotations

import json
from typing import Any

from policylint.reports.sarif import fingerprint, repo_path

_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render(context: dict[str, Any], **_: Any) -> str:
    issues: list[dict[str, Any]] = []
    seen: set[str] = set()
    for doc in context["documents"]:
        path = repo_path(doc["path"])
        if doc["error"]:
            issues.append(_issue("policylint-input-error", f"policylint-input-error: {doc['error']}", "blocker", path, 1, seen))
            continue
        for r in doc["results"]:
            if r["status"] == "error":
                issues.append(_issue(r["rule"], f"{r['rule']}: rule error: {r['detail']}", "critical", path, 1, seen))
            elif r["status"] == "failed" and not r["suppressed"]:
                # GitLab does not show check_name, so the rule id leads the description.
                text = f"{r['rule']}: {r['message']}"
                issues.append(_issue(r["rule"], text, _SEVERITY[r["severity"]], path, r["location"]["line"], seen))
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _issue(check: str, description: str, severity: str, path: str, line: int, seen: set[str]) -> dict[str, Any]:
    fp = fingerprint(check, path)
    n = 1
    while fp in seen:  # the same file named twice must still give unique fingerprints
        n += 1
        fp = fingerprint(check, path, str(n))
    seen.add(fp)
    return {
        "type": "issue",
        "check_name": check,
        "description": description,
        "categories": ["Compliance"],
        "fingerprint": fp,
        "severity": severity,
        "location": {"path": path, "lines": {"begin": line}},
    }
