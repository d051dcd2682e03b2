"""``--format sarif``: SARIF 2.1.0 as GitHub code scanning reads it (built as a dict, dumped)."""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

from policylint.reports.context import notice_position

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/policylint/policylint"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def repo_path(path: str) -> str:
    """The path relative to the working directory (the repository root in CI), with forward slashes."""
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        if rel.startswith(".."):
            return path.replace(os.sep, "/")
        path = rel
    path = path.replace(os.sep, "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def artifact_uri(path: str) -> str:
    """A repository-relative URI (absolute paths outside the working directory as file URIs)."""
    rel = repo_path(path)
    if os.path.isabs(rel):
        from pathlib import Path

        return Path(rel).as_uri()
    from urllib.parse import quote

    return quote(rel, safe="/")


def fingerprint(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _rule(r: dict[str, Any]) -> dict[str, Any]:
    help_lines = [r["rationale"].strip()] if r["rationale"] else []
    if r["remediation"]:
        help_lines.append("How to fix: " + r["remediation"].strip())
    help_lines += [f"Reference: {ref['citation']}" + (f" <{ref['url']}>" if ref["url"] else "") for ref in r["references"]]
    rule: dict[str, Any] = {
        "id": r["rule"],
        "name": r["rule"],
        "shortDescription": {"text": r["title"]},
        "fullDescription": {"text": r["message"]},
        "help": {"text": "\n\n".join(help_lines) or r["message"]},
        "defaultConfiguration": {"level": _LEVELS[r["severity"]]},
        "properties": {"ruleset": r["ruleset"], "tags": sorted(set(r["tags"]) | set(r["practices"]))},
    }
    uri = r["help_uri"] or next((ref["url"] for ref in r["references"] if ref["url"]), None)
    if uri:
        rule["helpUri"] = uri
    return rule


def render(context: dict[str, Any], **_: Any) -> str:
    rules: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for doc in context["documents"]:
        uri = artifact_uri(doc["path"])
        if doc["error"]:
            notifications.append({
                "level": "error",
                "message": {"text": f"{doc['path']}: {doc['error']}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
            })
            continue
        for notice in doc["notices"]:
            line, text = notice_position(notice)
            notifications.append({
                "level": "note",
                "message": {"text": text},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": line}}}],
            })
        for r in doc["results"]:
            if r["status"] not in ("failed", "error"):
                continue
            rules.setdefault(r["rule"], _rule(r))
            loc = r["location"]
            message = r["message"] if r["status"] == "failed" else f"rule error: {r['detail']}"
            if r["status"] == "failed" and r["detail"] and r["evidence"]:
                message += f" ({r['detail']})"
            evidence_text = r["evidence"][0]["text"] if r["evidence"] else ""
            result: dict[str, Any] = {
                "ruleId": r["rule"],
                "level": _LEVELS[r["severity"]] if r["status"] == "failed" else "error",
                "message": {"text": message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": {
                            "startLine": loc["line"],
                            "startColumn": loc["column"],
                            "endLine": max(loc["end_line"], loc["line"]),
                            "endColumn": max(loc["end_column"], loc["column"] + 1) if loc["end_line"] <= loc["line"] else loc["end_column"],
                        },
                    }
                }],
                # By rule, document and evidence sentence, not line: survives unrelated edits.
                "partialFingerprints": {"policylint/v1": fingerprint(r["rule"], uri, evidence_text)},
            }
            if r["suppressed"]:
                kind = "external" if r["suppressed"].startswith("baseline") else "inSource"
                result["suppressions"] = [{"kind": kind, "justification": r["suppressed"]}]
            results.append(result)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "policylint",
                "version": context["policylint"]["version"],
                "semanticVersion": context["policylint"]["version"],
                "informationUri": INFORMATION_URI,
                "rules": [rules[k] for k in sorted(rules)],
            }
        },
        "invocations": [{
            "executionSuccessful": not any(d["error"] for d in context["documents"]),
            "toolExecutionNotifications": notifications,
        }],
        "results": results,
        "properties": {"as_of": context["as_of"], "fail_on": context["fail_on"]},
    }
    sarif = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"

