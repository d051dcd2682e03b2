"""``--format gitlab``: GitLab Code Quality JSON (an array of issues with unique fingerprints)."""

from __future__ import annotations

import json
from typing import Any

from policylint.reports import streaming
from policylint.reports.sarif import fingerprint, repo_path

_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


class Writer(streaming.Writer):
    """Writes each issue as its document arrives (a JSON array, as ``json.dumps(indent=2)`` lays it out)."""

    def begin(self, head: dict[str, Any]) -> None:
        super().begin(head)
        self.seen: set[str] = set()
        self.issues = 0

    def document(self, doc: dict[str, Any]) -> None:
        issues = _document_issues(doc, self.seen)
        if issues:
            sep = ",\n" if self.issues else "[\n"
            self.out(sep + ",\n".join(streaming.indent_json(json.dumps(i, indent=2, ensure_ascii=False), "  ") for i in issues))
            self.issues += len(issues)

    def end(self, summary: dict[str, Any]) -> None:
        self.out("\n]\n" if self.issues else "[]\n")


def render(context: dict[str, Any], **_: Any) -> str:
    """The whole Code Quality report."""
    return streaming.render_with(Writer, context)


def _document_issues(doc: dict[str, Any], seen: set[str]) -> list[dict[str, Any]]:
    path = repo_path(doc["path"])
    if doc["error"]:
        return [_issue("policylint-input-error", f"policylint-input-error: {doc['error']}", "blocker", path, 1, seen)]
    issues = []
    for r in doc["results"]:
        if r["status"] == "error":
            issues.append(_issue(r["rule"], f"{r['rule']}: rule error: {r['detail']}", "critical", path, 1, seen))
        elif r["status"] == "failed" and not r["suppressed"]:
            # GitLab does not show check_name, so the rule id leads the description.
            text = f"{r['rule']}: {r['message']}"
            issues.append(_issue(r["rule"], text, _SEVERITY[r["severity"]], path, r["location"]["line"], seen))
    return issues


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
