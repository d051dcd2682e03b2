"""A policy's results through its git history: when did a clause appear or disappear?

Each committed version of the file (following renames) is read straight from git and checked with
the same compiled rules. Date-age rules measure each version against its own commit date unless
an ``as_of`` date is given, so an old version is judged as it stood when it was committed.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass, field
from typing import Any

from policylint.engine import CompiledRules, check_file
from policylint.model import DocumentReport

_FIELD, _RECORD = "\x1f", "\x1e"
_GIT_TIMEOUT = 60
WORKTREE = "worktree"


class HistoryError(Exception):
    """The file's history cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class Version:
    """One committed version of the file (or the uncommitted working copy)."""

    commit: str
    date: str  # committer date, ISO 8601
    author: str
    subject: str
    path: str  # the file's path in the repository at that commit (renames are followed)

    @property
    def short(self) -> str:
        return self.commit[:10] if self.commit != WORKTREE else WORKTREE


@dataclass
class History:
    """Reports of every version, oldest first."""

    path: str
    repository: str
    versions: list[tuple[Version, DocumentReport]] = field(default_factory=list)


def _git(root: str, *args: str, binary: bool = False) -> Any:
    try:
        proc = subprocess.run(["git", "-C", root, *args], capture_output=True, timeout=_GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise HistoryError("git is not installed or not on PATH") from None
    except subprocess.TimeoutExpired:
        raise HistoryError(f"git {args[0]} took longer than {_GIT_TIMEOUT}s") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise HistoryError(message[-1] if message else f"git {args[0]} failed")
    return proc.stdout if binary else proc.stdout.decode("utf-8", "replace")


def locate(path: str) -> tuple[str, str]:
    """(repository root, path relative to it) for a file inside a git working tree."""
    absolute = os.path.realpath(path)
    folder = absolute if os.path.isdir(absolute) else os.path.dirname(absolute)
    if not os.path.isdir(folder):
        raise HistoryError("no such directory")
    try:
        root = _git(folder, "rev-parse", "--show-toplevel").strip()
    except HistoryError:
        raise HistoryError("is not inside a git repository; run `git init` and commit the policy first") from None
    return root, os.path.relpath(absolute, os.path.realpath(root)).replace(os.sep, "/")


def versions(root: str, relpath: str, max_count: int | None = None) -> list[Version]:
    """Committed versions of ``relpath``, oldest first (at most the newest ``max_count``)."""
    args = ["log", "--follow", "--diff-filter=d", "--name-only", f"--format={_RECORD}%H{_FIELD}%cI{_FIELD}%an{_FIELD}%s"]
    if max_count:
        args.append(f"--max-count={max_count}")
    out = _git(root, *args, "--", relpath)
    found: list[Version] = []
    for record in out.split(_RECORD)[1:]:
        head, _, names = record.partition("\n")
        commit, date, author, subject = (head.split(_FIELD) + ["", "", ""])[:4]
        paths = [n for n in names.splitlines() if n.strip()]
        found.append(Version(commit, date, author, subject, paths[-1] if paths else relpath))
    found.reverse()
    return found


def _as_of(version: Version) -> dt.date:
    try:
        return dt.datetime.fromisoformat(version.date).date()
    except ValueError:
        return dt.date.today()


def file_history(
    path: str,
    rules: CompiledRules,
    *,
    as_of: dt.date | None = None,
    max_count: int | None = None,
    worktree: bool = False,
) -> History:
    """Check every committed version of ``path``; ``worktree`` adds uncommitted changes last."""
    root, rel = locate(path)
    found = versions(root, rel, max_count)
    if not found:
        raise HistoryError("has no committed versions; commit it first (or check the file with `policylint check`)")
    history = History(path=path, repository=root)
    last_data = None
    for version in found:
        data = _git(root, "cat-file", "blob", f"{version.commit}:{version.path}", binary=True)
        history.versions.append((version, check_file(version.path, rules, as_of or _as_of(version), data=data)))
        last_data = data
    if worktree and os.path.isfile(path):
        with open(path, "rb") as fh:
            data = fh.read()
        if data != last_data:
            now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
            version = Version(WORKTREE, now.isoformat(), "", "uncommitted changes", rel)
            history.versions.append((version, check_file(rel, rules, as_of or now.date(), data=data)))
    return history


# -- the report data --------------------------------------------------------------------------

def _first_evidence(result: Any) -> dict[str, Any] | None:
    if not result.evidence:
        return None
    ev = result.evidence[0]
    return {"line": ev.location.line, "column": ev.location.column, "page": ev.location.page, "text": ev.text}


def history_context(history: History, rules: CompiledRules) -> dict[str, Any]:
    """The JSON-ready history: versions (oldest first) with every rule's status, and the changes."""
    from policylint import __version__

    rule_list = [cr.rule for cr in rules.rules]
    out_versions: list[dict[str, Any]] = []
    for version, report in history.versions:
        by_rule = {r.rule.id: r for r in report.results}
        counts = {"passed": 0, "failed": 0, "not_applicable": 0, "error": 0}
        results: dict[str, Any] = {}
        for rule in rule_list:
            r = by_rule.get(rule.id)
            status = r.status.value if r else "error"
            counts[status] += 1
            results[rule.id] = {"status": status, "evidence": _first_evidence(r) if r else None, "detail": r.detail if r else None}
        out_versions.append({
            "commit": version.commit,
            "short": version.short,
            "date": version.date,
            "author": version.author,
            "subject": version.subject,
            "path": version.path,
            "sha256": report.sha256,
            "format": report.format,
            "error": report.error,
            "summary": counts if not report.error else None,
            "results": results if not report.error else {},
        })
    return {
        "policylint": {"version": __version__, "history_schema_version": 1},
        "path": history.path,
        "repository": history.repository,
        "rulesets": [{"id": rs.id, "title": rs.title, "version": rs.version} for rs in rules.rulesets],
        "rules": [{"id": r.id, "title": r.title, "severity": r.severity.value, "ruleset": r.ruleset} for r in rule_list],
        "versions": out_versions,
        "changes": _changes(out_versions, [r.id for r in rule_list]),
    }


def _changes(out_versions: list[dict[str, Any]], rule_ids: list[str]) -> list[dict[str, Any]]:
    """Every rule whose status differs from the previous readable version."""
    changes: list[dict[str, Any]] = []
    previous: dict[str, Any] | None = None
    for v in out_versions:
        if v["error"]:
            continue
        if previous is not None:
            for rid in rule_ids:
                before, after = previous["results"][rid], v["results"][rid]
                if before["status"] != after["status"]:
                    changes.append({
                        "commit": v["commit"], "short": v["short"], "date": v["date"], "subject": v["subject"],
                        "rule": rid, "from": before["status"], "to": after["status"],
                        # The sentence that appeared, or the one that was there before it went.
                        "evidence": after["evidence"] or before["evidence"],
                        "evidence_version": v["short"] if after["evidence"] else previous["short"],
                    })
        previous = v
    return changes
