"""``--format sarif``: SARIF 2.1.0 as GitHub code scanning reads it (built as a dict, dumped)."""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

from policylint.reports import streaming
from policylint.reports.context import notice_position
from policylint.reports.escapes import markdown_inline, safe_url
from policylint.reports.quoting import clip

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
        "help": {"text": "\n\n".join(help_lines) or r["message"], "markdown": _help_markdown(r)},
        "defaultConfiguration": {"level": _LEVELS[r["severity"]]},
        "properties": {"ruleset": r["ruleset"], "tags": sorted(set(r["tags"]) | set(r["practices"]))},
    }
    uri = r["help_uri"] or next((ref["url"] for ref in r["references"] if ref["url"]), None)
    if uri:
        rule["helpUri"] = uri
    return rule


def _help_markdown(r: dict[str, Any]) -> str:
    """``help.markdown``, which code scanning shows instead of ``help.text``: the rationale, the
    remediation with its example wording, and the references as links. Ruleset text is escaped
    like policy text (a user's ruleset is not trusted markup), and only http(s)/mailto links kept."""
    parts = [markdown_inline(r["rationale"])] if r["rationale"] else [markdown_inline(r["message"])]
    if r["remediation"]:
        parts.append("**How to fix:** " + markdown_inline(r["remediation"]))
    refs = [f"- [{markdown_inline(ref['citation'])}](<{safe_url(ref['url'])}>)" if safe_url(ref["url"]) else f"- {markdown_inline(ref['citation'])}"
            for ref in r["references"]]
    if refs:
        parts.append("**References:**\n\n" + "\n".join(refs))
    return "\n\n".join(parts)


class Writer(streaming.Writer):
    """SARIF lists the rules and notifications before the results, so results wait in a spooled
    temporary file (in memory up to a few MB) and everything is written at the end."""

    def begin(self, head: dict[str, Any]) -> None:
        import tempfile

        super().begin(head)
        # Every rule that ran, in the order first met (the ruleset order), so that a result's
        # ruleIndex is known when it is written.
        self.rules: dict[str, int] = {}
        self.rule_list: list[dict[str, Any]] = []
        self.notifications: list[dict[str, Any]] = []
        self.successful = True
        self.results = 0
        self.spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+", encoding="utf-8", newline="\n")

    def document(self, doc: dict[str, Any]) -> None:
        uri = artifact_uri(doc["path"])
        if doc["error"]:
            self.successful = False
            self.notifications.append({
                "level": "error",
                "message": {"text": f"{doc['path']}: {doc['error']}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
            })
            return
        for notice in doc["notices"]:
            line, text = notice_position(notice)
            self.notifications.append({
                "level": "note",
                "message": {"text": text},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": line}}}],
            })
        for r in doc["results"]:
            index = self.rules.get(r["rule"])
            if index is None:
                index = self.rules[r["rule"]] = len(self.rule_list)
                self.rule_list.append(_rule(r))
            if r["status"] in ("failed", "error"):
                text = streaming.indent_json(json.dumps(_result(r, uri, index), indent=2, ensure_ascii=False), _RESULT_INDENT)
                self.spool.write(("," if self.results else "") + "\n" + text)
                self.results += 1

    def end(self, summary: dict[str, Any]) -> None:
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "policylint",
                    "version": self.head["policylint"]["version"],
                    "semanticVersion": self.head["policylint"]["version"],
                    "informationUri": INFORMATION_URI,
                    "rules": self.rule_list,
                }
            },
            "invocations": [{"executionSuccessful": self.successful, "toolExecutionNotifications": self.notifications}],
            "results": [],
            "properties": {"as_of": self.head["as_of"], "fail_on": self.head["fail_on"]},
        }
        sarif = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
        # The results go where the empty list is: the only place that text can occur unescaped.
        before, after = json.dumps(sarif, indent=2, ensure_ascii=False).split(_EMPTY_RESULTS)
        self.out(before + '"results": [')
        if self.results:
            self.spool.seek(0)
            while chunk := self.spool.read(1 << 16):
                self.out(chunk)
            self.out("\n" + _RESULT_INDENT[:-2] + "]")
        else:
            self.out("]")
        self.out(after + "\n")
        self.spool.close()


SPOOL_BYTES = 4 << 20
_RESULT_INDENT = " " * 8  # sarif > runs[0] > results[i]
_EMPTY_RESULTS = '"results": []'


def render(context: dict[str, Any], **_: Any) -> str:
    """The whole SARIF log."""
    return streaming.render_with(Writer, context)


def _region(loc: dict[str, Any]) -> dict[str, int]:
    return {
        "startLine": loc["line"],
        "startColumn": loc["column"],
        "endLine": max(loc["end_line"], loc["line"]),
        "endColumn": max(loc["end_column"], loc["column"] + 1) if loc["end_line"] <= loc["line"] else loc["end_column"],
    }


def _result(r: dict[str, Any], uri: str, rule_index: int) -> dict[str, Any]:
    message = r["message"] if r["status"] == "failed" else f"rule error: {r['detail']}"
    if r["status"] == "failed" and r["detail"] and r["evidence"]:
        message += f" ({r['detail']})"
    trigger = r["trigger"][0] if r["trigger"] and r["status"] == "failed" else None
    if trigger:
        # The sentence that made a conditional rule apply: named in the message (what a reviewer
        # reads) and linked as a related location; without evidence the result sits on it too.
        message += f" Applies because line {trigger['line']} says: \"{clip(trigger['text'], 200)}\""
    evidence_text = r["evidence"][0]["text"] if r["evidence"] else ""
    result: dict[str, Any] = {
        "ruleId": r["rule"],
        "ruleIndex": rule_index,
        "level": _LEVELS[r["severity"]] if r["status"] == "failed" else "error",
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(r["location"])}}],
        # By rule, document and evidence sentence, not line (nor the trigger: a conditional failure
        # with no evidence keeps the fingerprint it had when it sat on line 1): survives edits.
        "partialFingerprints": {"policylint/v1": fingerprint(r["rule"], uri, evidence_text)},
    }
    if trigger:
        result["relatedLocations"] = [{
            "id": 1,
            "physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(trigger)},
            "message": {"text": "applies because this says: " + clip(trigger["text"], 200)},
        }]
    if r["suppressed"]:
        kind = "external" if r["suppressed"].startswith("baseline") else "inSource"
        result["suppressions"] = [{"kind": kind, "justification": r["suppressed"]}]
    return result
