"""``policylint diff``: which rules newly fail and which newly pass between two versions of a policy.

The review gate: "this change removes the children's clause". Compares two files, or with
``--git REV`` the version at REV with the working tree (the named files, or every policy file
changed since REV). Exit codes: 0 nothing regressed; 1 a rule at or above ``--fail-on`` newly
fails; 2 usage or input errors.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from policylint.model import DocumentReport, Result

WORKTREE = "working tree"


class DocumentDiff:
    """Rule outcomes that changed between the old and new version of one document.

    A plain class, not a dataclass: this module is imported on every CLI start-up.
    """

    def __init__(self, path: str, old_label: str, new_label: str) -> None:
        self.path, self.old_label, self.new_label = path, old_label, new_label
        self.regressed: list[dict[str, Any]] = []
        self.fixed: list[dict[str, Any]] = []
        self.changed: list[dict[str, Any]] = []
        self.error: str | None = None


def _failing(r: Result | None) -> bool:
    from policylint.model import Status

    return r is not None and r.status is Status.FAILED and not r.suppressed


def _evidence(r: Result | None) -> dict[str, Any] | None:
    if r is None or not r.evidence:
        return None
    ev = r.evidence[0]
    return {"line": ev.location.line, "text": ev.text}


def compare(old: DocumentReport, new: DocumentReport, path: str, old_label: str, new_label: str) -> DocumentDiff:
    """Classify every rule: regressed (now fails), fixed (no longer fails) or changed (other status)."""
    out = DocumentDiff(path, old_label, new_label)
    for rep, label in ((old, old_label), (new, new_label)):
        if rep.error:
            out.error = f"{label}: {rep.error}"
            return out
    before = {r.rule.id: r for r in old.results}
    for r in new.results:
        o = before.get(r.rule.id)
        old_status = "absent" if o is None else ("suppressed" if _failing_suppressed(o) else o.status.value)
        new_status = "suppressed" if _failing_suppressed(r) else r.status.value
        if old_status == new_status:
            continue
        entry = {
            "rule": r.rule.id,
            "ruleset": r.rule.ruleset,
            "title": r.rule.title,
            "severity": r.effective_severity.value,
            "old_status": old_status,
            "new_status": new_status,
            "message": r.rule.message,
            "remediation": r.rule.remediation,
            "old_evidence": _evidence(o),
            "new_evidence": _evidence(r),
        }
        if _failing(r) and not _failing(o):
            out.regressed.append(entry)
        elif _failing(o) and not _failing(r):
            out.fixed.append(entry)
        else:
            out.changed.append(entry)
    return out


def _failing_suppressed(r: Result) -> bool:
    from policylint.model import Status

    return r.status is Status.FAILED and bool(r.suppressed)


def is_regression(entry: dict[str, Any], fail_on: str) -> bool:
    from policylint.model import Severity

    return fail_on != "never" and Severity(entry["severity"]).rank >= Severity(fail_on).rank


def to_context(diffs: list[DocumentDiff], fail_on: str) -> dict[str, Any]:
    """The JSON-ready diff (also what the Markdown template renders)."""
    from policylint import __version__

    docs = [{
        "path": d.path, "old": d.old_label, "new": d.new_label, "error": d.error,
        "regressed": d.regressed, "fixed": d.fixed, "changed": d.changed,
    } for d in diffs]
    return {
        "policylint": {"version": __version__, "schema_version": 1},
        "fail_on": fail_on,
        "documents": docs,
        "summary": {
            "documents": len(diffs),
            "regressed": sum(len(d.regressed) for d in diffs),
            "failing_regressions": sum(1 for d in diffs for e in d.regressed if is_regression(e, fail_on)),
            "fixed": sum(len(d.fixed) for d in diffs),
            "changed": sum(len(d.changed) for d in diffs),
            "errors": sum(1 for d in diffs if d.error),
        },
    }


def render_text(ctx: dict[str, Any]) -> str:
    lines: list[str] = []
    for d in ctx["documents"]:
        lines.append(f"{d['path']} ({d['old']} -> {d['new']})")
        if d["error"]:
            lines.append(f"  input-error {d['error']}")
            continue
        for kind in ("regressed", "fixed", "changed"):
            for e in d[kind]:
                lines.append(f"  {kind} {e['rule']} ({e['severity']}): {e['old_status']} -> {e['new_status']}: {e['title']}")
                if kind == "regressed" and e["old_evidence"]:
                    lines.append(f"      was line {e['old_evidence']['line']}: \"{e['old_evidence']['text'][:160]}\"")
                if kind != "regressed" and e["new_evidence"]:
                    lines.append(f"      now line {e['new_evidence']['line']}: \"{e['new_evidence']['text'][:160]}\"")
        if not (d["regressed"] or d["fixed"] or d["changed"]):
            lines.append("  no rule changed")
    s = ctx["summary"]
    lines.append(f"{s['documents']} document(s) compared: {s['regressed']} regressed, {s['fixed']} fixed, {s['changed']} changed")
    return "\n".join(lines) + "\n"


def render(fmt: str, ctx: dict[str, Any]) -> str:
    if fmt == "json":
        return json.dumps(ctx, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        from policylint.reports.templating import builtin_template, render_template

        return render_template(builtin_template("diff.md.j2"), ctx)
    return render_text(ctx)


def _git_pairs(rev: str, paths: tuple[str, ...]) -> list[tuple[str, bytes | None, str]]:
    """(path, bytes at REV or None when the file is new, label) for each file to compare."""
    from policylint.documents import DOCUMENT_SUFFIXES
    from policylint.history import HistoryError, _git, locate

    try:
        if not paths:
            root, _ = locate(".")
            names = _git(".", "diff", "--name-only", "--relative", rev, "--").splitlines()
            paths = tuple(n for n in names if n.lower().endswith(DOCUMENT_SUFFIXES) and os.path.isfile(n))
        out = []
        for p in paths:
            root, rel = locate(p)
            try:
                data = _git(root, "cat-file", "blob", f"{rev}:{rel}", binary=True)
            except HistoryError:
                try:  # a file new since REV is fine; a REV that does not exist is an error
                    _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
                except HistoryError:
                    raise HistoryError(f"unknown revision {rev!r}") from None
                data = None
            out.append((p, data, rev))
        return out
    except HistoryError as exc:
        raise click.ClickException(f"--git {rev}: {exc}") from None


@click.command("diff")
@click.argument("files", nargs=-1)
@click.option("--git", "rev", metavar="REV", help="Compare each file at git revision REV with the working tree (no files: every policy changed since REV).")
@click.option("--ruleset", "-r", "rulesets", multiple=True, help="Built-in ruleset name or YAML file (repeatable; default: the configuration's, else core).")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="info", show_default=True,
              help="Lowest severity of a newly failing rule that makes the exit code 1.")
@click.option("--as-of", help="Date (YYYY-MM-DD) that date-age rules measure against; default today.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to a file.")
def diff_command(files: tuple[str, ...], rev: str | None, rulesets: tuple[str, ...], fmt: str, fail_on: str,
                 as_of: str | None, output: str | None) -> None:
    """Compare two versions of a policy: OLD NEW, or --git REV [FILE...]."""
    from policylint.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, _config, _load, _parse_date, _write
    from policylint.engine import check_file, compile_rules
    from policylint.model import DocumentReport

    date: dt.date | None = _parse_date(as_of)
    if not rulesets:
        cfg = _config(None, False)
        rulesets = cfg.rulesets if cfg is not None else ()
    if rev is None and len(files) != 2:
        raise UsageError("give two files (OLD NEW), or --git REV [FILE...]")
    try:
        compiled = compile_rules(_load(rulesets))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    diffs: list[DocumentDiff] = []
    if rev is None:
        old, new = files
        diffs.append(compare(check_file(old, compiled, date), check_file(new, compiled, date), new, old, new))
    else:
        try:
            pairs = _git_pairs(rev, files)
        except click.ClickException as exc:
            raise UsageError(exc.message) from None
        for path, data, label in pairs:
            new_rep = check_file(path, compiled, date)
            old_rep = check_file(path, compiled, date, data=data) if data is not None else DocumentReport(path=path)
            diffs.append(compare(old_rep, new_rep, path, label if data is not None else f"{label} (new file)", WORKTREE))
    ctx = to_context(diffs, fail_on)
    _write(render(fmt, ctx), output)
    for d in diffs:
        if d.error:
            click.echo(f"policylint: error: {d.path}: {d.error}", err=True)
    if ctx["summary"]["errors"]:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FINDINGS if ctx["summary"]["failing_regressions"] else EXIT_OK)
