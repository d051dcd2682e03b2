"""The one documented data object every report is built from (JSON dumps it as is).

Schema version 1; see docs/json-output.md. Keys are stable; new keys may be added.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from policylint import __version__
from policylint.model import DocumentReport, Result, Ruleset, Severity, Status

SCHEMA_VERSION = 1
FAIL_LEVELS = ("error", "warning", "info", "never")


_RANK = {"info": 1, "warning": 2, "error": 3}


def is_failing(result: Result, fail_on: str) -> bool:
    """Whether ``result`` counts against the exit code at threshold ``fail_on``."""
    if fail_on == "never" or result.suppressed or result.status is not Status.FAILED:
        return False
    # _value_ and a dict of ranks: Enum.value and Severity(...) are slow, and this runs per result.
    threshold = _RANK.get(fail_on) or _RANK[Severity(fail_on)._value_]
    return _RANK[result.effective_severity._value_] >= threshold


_NOTICE_LINE = re.compile(r"^line (\d+): ")


def notice_position(notice: str) -> tuple[int, str]:
    """Split a notice written as ``"line N: message"`` into (N, message); other notices get line 1."""
    m = _NOTICE_LINE.match(notice)
    return (int(m.group(1)), notice[m.end():]) if m else (1, notice)


def clean_text(value: str) -> str:
    """Text every output encoding can carry: undecodable file-name bytes (surrogate escapes) become U+FFFD."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace").encode("utf-8", "replace").decode("utf-8")


def _evidence_dict(e: Any) -> dict[str, Any]:
    d = e.to_dict()
    d["path"] = clean_text(d["path"])
    return d


# The keys of a result entry, and those that depend only on the rule (the JSON writer encodes
# those once per rule); tests keep both in step with result_dict.
RESULT_KEYS = ("rule", "ruleset", "title", "status", "severity", "failing", "practices", "tags", "message", "detail",
               "evidence", "trigger", "remediation", "rationale", "references", "help_uri", "suppressed", "location")
RULE_KEYS = ("rule", "ruleset", "title", "practices", "tags", "message", "remediation", "rationale", "references", "help_uri")


def report_rulesets(rulesets: Sequence[Ruleset]) -> dict[str, str]:
    """Rule id -> the selected ruleset it is reported under, for rules a selected ruleset inherits
    (``extends``) from one that was not selected itself.

    ``-r uk-gdpr`` runs the gdpr rules it inherits; a UK reader asked for one checklist, so those
    rules count and show under ``uk-gdpr`` (whose ``rules`` total includes them) rather than under a
    ``gdpr`` heading that is in no header, has no title and is no regime they chose. A rule whose
    own ruleset was also selected stays there.
    """
    selected = {rs.id for rs in rulesets}
    owners: dict[str, str] = {}
    for rs in rulesets:
        for rule in rs.rules:
            if rule.ruleset not in selected:
                owners.setdefault(rule.id, rs.id)
    return owners


def result_dict(r: Result, fail_on: str, owners: Mapping[str, str] | None = None) -> dict[str, Any]:
    rule = r.rule
    return {
        "rule": rule.id,
        "ruleset": owners.get(rule.id, rule.ruleset) if owners else rule.ruleset,
        "title": rule.title,
        "status": r.status._value_,
        "severity": r.effective_severity._value_,
        "failing": is_failing(r, fail_on),
        "practices": list(rule.practices),
        "tags": list(rule.tags),
        "message": rule.message,
        "detail": r.detail,
        "evidence": [_evidence_dict(e) for e in r.evidence],
        "trigger": [_evidence_dict(e) for e in r.trigger],
        "remediation": rule.remediation,
        "rationale": rule.rationale,
        "references": [{"citation": ref.citation, "url": ref.url} for ref in rule.references],
        "help_uri": rule.help_uri,
        "suppressed": r.suppressed,
        # Where a report points for this result (an annotation, a SARIF region, an editor jump).
        "location": _location(r),
    }


def _location(r: Result) -> dict[str, int]:
    # The first evidence; for a conditional rule that failed with nothing found, the sentence
    # that made it apply (where the missing statement belongs, and what a reviewer must judge);
    # otherwise the top of the document.
    ev = r.evidence or (r.trigger if r.status is Status.FAILED else ())
    if ev:
        loc = ev[0].location
        return {"line": loc.line, "column": loc.column, "end_line": loc.end_line, "end_column": loc.end_column}
    return {"line": 1, "column": 1, "end_line": 1, "end_column": 1}


def _counts(results: Sequence[dict[str, Any]]) -> dict[str, int]:
    c = {"passed": 0, "failed": 0, "not_applicable": 0, "error": 0, "failing": 0, "suppressed": 0}
    for r in results:
        c[r["status"]] += 1
        c["failing"] += int(r["failing"])
        c["suppressed"] += int(bool(r["suppressed"]))
    return c


def document_dict(rep: DocumentReport, fail_on: str, owners: Mapping[str, str] | None = None) -> dict[str, Any]:
    """One document's entry in ``context["documents"]`` (also one line of ``--format jsonl``);
    ``owners`` is :func:`report_rulesets` of the selected rulesets."""
    results = [result_dict(r, fail_on, owners) for r in rep.results]
    return {
        "path": clean_text(rep.path),
        "format": rep.format,
        "sha256": rep.sha256,
        "error": clean_text(rep.error) if rep.error else rep.error,
        "notices": [clean_text(n) for n in rep.notices],
        "notice_lines": [{"line": ln, "message": clean_text(msg)} for ln, msg in map(notice_position, rep.notices)],
        "results": results,
        "summary": _counts(results),
    }


class SummaryCounter:
    """Corpus totals, added one document at a time (a streaming report keeps only this)."""

    def __init__(self, rulesets: Sequence[Ruleset]) -> None:
        self.totals = _counts([])
        self.documents = 0
        self.input_errors = 0
        self.by_ruleset: dict[str, dict[str, int]] = {rs.id: _ruleset_bucket() for rs in rulesets}
        self.by_rule: dict[str, dict[str, int]] = {}

    def add(self, doc: dict[str, Any]) -> None:
        self.documents += 1
        self.input_errors += int(bool(doc["error"]))
        for key, n in doc["summary"].items():
            self.totals[key] += n
        for r in doc["results"]:
            bucket = self.by_ruleset.setdefault(r["ruleset"], _ruleset_bucket())
            bucket[r["status"]] += 1
            bucket["suppressed"] += int(bool(r["suppressed"]))
            if r["status"] != "error":
                # Each rule gives one result per document: these count documents.
                self.by_rule.setdefault(r["rule"], {"passed": 0, "failed": 0, "not_applicable": 0})[r["status"]] += 1

    def summary(self) -> dict[str, Any]:
        return {
            **self.totals,
            "documents": self.documents,
            "input_errors": self.input_errors,
            "by_ruleset": self.by_ruleset,
            "by_rule": self.by_rule,
        }


def _ruleset_bucket() -> dict[str, int]:
    return {"passed": 0, "failed": 0, "not_applicable": 0, "error": 0, "suppressed": 0}


def header(rulesets: Sequence[Ruleset], fail_on: str, as_of: dt.date | None) -> dict[str, Any]:
    """The context's keys that do not depend on the documents."""
    return {
        "policylint": {"version": __version__, "schema_version": SCHEMA_VERSION},
        "as_of": (as_of or dt.date.today()).isoformat(),
        "fail_on": fail_on,
        "rulesets": [{"id": rs.id, "title": rs.title, "version": rs.version, "rules": len(rs.rules)} for rs in rulesets],
    }


def build_context(
    reports: Sequence[DocumentReport],
    rulesets: Sequence[Ruleset],
    *,
    fail_on: str = "error",
    as_of: dt.date | None = None,
) -> dict[str, Any]:
    """Everything a report shows, as plain JSON-ready data."""
    counter = SummaryCounter(rulesets)
    owners = report_rulesets(rulesets)
    documents = []
    for rep in reports:
        doc = document_dict(rep, fail_on, owners)
        counter.add(doc)
        documents.append(doc)
    return {**header(rulesets, fail_on, as_of), "documents": documents, "summary": counter.summary()}
