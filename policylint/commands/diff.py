"""``policylint diff``: which rules newly fail and which newly pass between two versions of a policy.

The review gate: "this change removes the children's clause". Compares two files, or with
``--git REV`` the version at the merge base of REV and HEAD (as ``git diff REV...`` does) with
the working tree: the named files, or every policy file changed since that base. ``A...B``
means the same with A (B must be the checked-out commit); ``A..B`` compares with A itself. Files are selected and configured as ``check`` selects and configures them;
renames are followed, and a policy deleted since REV is reported with every rule that passed as
a regression. Exit codes: 0 nothing regressed; 1 a rule at or above ``--fail-on`` newly fails,
or a policy was deleted; 2 usage or input errors.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from collections.abc import Callable

    from policylint.model import DocumentReport, Result

    #: One comparison from ``--git``: (path now or None when deleted, path at the base or None
    #: when new, the file's bytes at the base or None, where a deleted policy went when it was
    #: moved out of the selection, the repository), paths relative to the current folder.
    Pair = tuple[str | None, str | None, bytes | None, str | None, "_Repo"]

WORKTREE = "working tree"
DELETED = "deleted"
ABSENT = "absent"


class DocumentDiff:
    """Rule outcomes that changed between the old and new version of one document.

    A plain class, not a dataclass: this module is imported on every CLI start-up.
    """

    def __init__(self, path: str, old_label: str, new_label: str, old_path: str | None = None, deleted: bool = False) -> None:
        self.path, self.old_label, self.new_label = path, old_label, new_label
        self.old_path, self.deleted = old_path, deleted
        self.base: dict[str, Any] | None = None  # with --git: the commit compared with (see _Repo.base_info)
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


def compare(old: DocumentReport, new: DocumentReport | None, path: str, old_label: str, new_label: str,
            old_path: str | None = None) -> DocumentDiff:
    """Classify every rule: regressed (now fails), fixed (no longer fails) or changed (other status).

    ``new`` None: the document was deleted. Every rule that passed is then a regression ("passed
    -> absent": the policy no longer says anything), and no failure counts as fixed.
    """
    out = DocumentDiff(path, old_label, new_label, old_path, deleted=new is None)
    for rep, label in ((old, old_label), (new, new_label)):
        if rep is not None and rep.error:
            out.error = f"{label}: {rep.error}"
            return out
    if new is None:
        for o in old.results:
            entry = _entry(o, _status(o), ABSENT, o, None)
            (out.regressed if o.status.value == "passed" else out.changed).append(entry)
        return out
    before = {r.rule.id: r for r in old.results}
    for r in new.results:
        o = before.get(r.rule.id)
        old_status = ABSENT if o is None else _status(o)
        new_status = _status(r)
        if old_status == new_status:
            continue
        entry = _entry(r, old_status, new_status, o, r)
        if _failing(r) and not _failing(o):
            out.regressed.append(entry)
        elif _failing(o) and not _failing(r):
            out.fixed.append(entry)
        else:
            out.changed.append(entry)
    return out


def _status(r: Result) -> str:
    return "suppressed" if _failing_suppressed(r) else r.status.value


def _entry(r: Result, old_status: str, new_status: str, old: Result | None, new: Result | None) -> dict[str, Any]:
    return {
        "rule": r.rule.id,
        "ruleset": r.rule.ruleset,
        "title": r.rule.title,
        "severity": r.effective_severity.value,
        "old_status": old_status,
        "new_status": new_status,
        "message": r.rule.message,
        "remediation": r.rule.remediation,
        "old_evidence": _evidence(old),
        "new_evidence": _evidence(new),
    }


def _failing_suppressed(r: Result) -> bool:
    from policylint.model import Status

    return r.status is Status.FAILED and bool(r.suppressed)


def is_regression(entry: dict[str, Any], fail_on: str) -> bool:
    from policylint.model import Severity

    return fail_on != "never" and Severity(entry["severity"]).rank >= Severity(fail_on).rank


def to_context(diffs: list[DocumentDiff], fail_on: str, bases: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The JSON-ready diff (also what the Markdown template renders).

    ``bases``: with ``--git``, the commit each repository was compared with; ``base`` is that
    commit when there is one repository (the usual case), else each document names its own.
    """
    from policylint import __version__

    docs = [{
        "path": d.path, "old": d.old_label, "new": d.new_label, "old_path": d.old_path, "deleted": d.deleted,
        "base_commit": d.base["commit"] if d.base else None,
        "error": d.error, "regressed": d.regressed, "fixed": d.fixed, "changed": d.changed,
    } for d in diffs]
    return {
        "policylint": {"version": __version__, "schema_version": 1},
        "fail_on": fail_on,
        "base": bases[0] if bases and len(bases) == 1 else None,
        "documents": docs,
        "summary": {
            "documents": len(diffs),
            "regressed": sum(len(d.regressed) for d in diffs),
            "failing_regressions": sum(1 for d in diffs for e in d.regressed if is_regression(e, fail_on)),
            "fixed": sum(len(d.fixed) for d in diffs),
            "changed": sum(len(d.changed) for d in diffs),
            "deleted": sum(1 for d in diffs if d.deleted and not d.error),
            "errors": sum(1 for d in diffs if d.error),
        },
    }


def exit_code(ctx: dict[str, Any]) -> int:
    """2 on input errors; 1 when a rule at or above the threshold regressed or a policy was deleted."""
    s = ctx["summary"]
    if s["errors"]:
        return 2
    return 1 if s["failing_regressions"] or (s["deleted"] and ctx["fail_on"] != "never") else 0


def render_text(ctx: dict[str, Any]) -> str:
    lines: list[str] = []
    for d in ctx["documents"]:
        lines.append(f"{d['path']} ({d['old']} -> {d['new']})")
        if d["error"]:
            lines.append(f"  input-error {d['error']}")
            continue
        if d["deleted"]:
            lines.append("  policy deleted: every rule that passed before is a regression")
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
    deleted = f", {s['deleted']} deleted" if s["deleted"] else ""
    base = f" with {ctx['base']['described']}" if ctx.get("base") else ""
    lines.append(f"{s['documents']} document(s) compared{base}: {s['regressed']} regressed, {s['fixed']} fixed, {s['changed']} changed{deleted}")
    return "\n".join(lines) + "\n"


def render(fmt: str, ctx: dict[str, Any]) -> str:
    if fmt == "json":
        return json.dumps(ctx, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        from policylint.reports.templating import builtin_template, render_template

        return render_template(builtin_template("diff.md.j2"), ctx)
    return render_text(ctx)


class _Repo:
    """One repository's changes since the base of ``spec`` (``git diff -M``: renames followed), by absolute path."""

    def __init__(self, root: str, spec: str) -> None:
        from policylint.history import _git

        self.root, self.spec = root, spec
        self.base, self.label, self.base_info = _base(root, spec)
        fields = _git(root, "diff", "--no-color", "-M", "-z", "--name-status", self.base, "--").split("\0")
        #: (absolute path at the base or None, absolute path now or None)
        self.changes: list[tuple[str | None, str | None]] = []
        i = 0
        while i < len(fields) and fields[i]:
            status = fields[i][0]
            if status in "RC":  # rename or copy: old and new names follow
                old, new = fields[i + 1], fields[i + 2]
                i += 3
            else:
                old = new = fields[i + 1]
                i += 2
            self.changes.append((None if status == "A" else self._abs(old), None if status == "D" else self._abs(new)))

    def _abs(self, rel: str) -> str:
        return os.path.join(self.root, rel)

    def old_label(self, old_path: str | None = None) -> str:
        """How the base version is named in the report: ``main``, ``main:old.md``, or the merge
        base's short hash saying whose merge base it is when it is not the named commit itself."""
        if old_path is None:
            return self.label
        name, sep, why = self.label.partition(" ")
        return f"{name}:{old_path}{sep}{why}"

    def blob(self, path: str) -> bytes | None:
        """The file's bytes at the base, or None when it did not exist there."""
        from policylint.history import HistoryError, _git

        rel = os.path.relpath(path, self.root).replace(os.sep, "/")
        try:
            return _git(self.root, "cat-file", "blob", f"{self.base}:{rel}", binary=True)
        except HistoryError:
            return None


def _commit(root: str, rev: str) -> str:
    from policylint.history import HistoryError, _git

    try:
        return str(_git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip())
    except HistoryError:
        raise HistoryError(f"unknown revision {rev!r}") from None


def _base(root: str, spec: str) -> tuple[str, str, dict[str, Any]]:
    """(base commit, its label, its JSON description) for ``--git`` SPEC, with git's meanings.

    ``REV`` and ``A...B``: the merge base, as ``git diff REV...``: a change is judged against
    where its branch left the target, so edits merged to the target since are not blamed on it.
    ``A..B``: A itself. The new side is the working tree, so B (default HEAD) must be HEAD.
    """
    from policylint.history import HistoryError, _git

    merge = ".." not in spec or "..." in spec
    a, _, b = spec.partition("..." if "..." in spec else "..")
    a, b = a or "HEAD", b or "HEAD"
    a_commit, head = _commit(root, a), _commit(root, "HEAD")
    if _commit(root, b) != head:
        raise HistoryError(f"{b!r} is not the checked-out commit, and the new side is the working tree; "
                           f"check out {b} first, or give {a}{'...' if merge else '..'}")
    if not merge:
        base = a_commit
    else:
        try:
            base = str(_git(root, "merge-base", a_commit, head).strip())
        except HistoryError:
            base = ""
        if not base:
            raise HistoryError(f"{a!r} and HEAD have no common ancestor in this clone; in a shallow clone fetch "
                               f"more history (git fetch --unshallow), or compare with {a} itself: --git {a}..")
    exact = base == a_commit  # the named commit is the base: its name says it all
    label = a if exact else f"{base[:10]} (merge base of {a} and {b})"
    info = {
        "rev": spec, "commit": base, "merge_base_of": [a, b] if merge else None,
        "described": f"{a} ({base[:10]})" if exact else label,
    }
    return base, label, info


def _shown(path: str) -> str:
    """An absolute path as the user would name it: relative to the current folder."""
    return os.path.relpath(path, os.path.realpath(os.curdir))


def _repo_of(path: str, repos: dict[str, _Repo], rev: str) -> _Repo:
    from policylint.history import locate

    folder = os.path.realpath(path)
    while not os.path.isdir(folder):  # a deleted policy's folder may be gone too
        folder = os.path.dirname(folder)
    root = os.path.realpath(locate(folder)[0])
    if root not in repos:
        repos[root] = _Repo(root, rev)
    return repos[root]


def _pairs(repo: _Repo, selects: Callable[[str], bool]) -> list[Pair]:
    """The changed files ``selects`` takes: a policy renamed from another name keeps its old
    version; one deleted, or moved where ``selects`` no longer takes it, is a deletion."""
    out: list[Pair] = []
    for old, new in repo.changes:
        if new is not None and selects(_shown(new)):
            out.append((_shown(new), old and _shown(old), old and repo.blob(old), None, repo))
        elif old is not None and selects(_shown(old)):
            out.append((None, _shown(old), repo.blob(old), new and _shown(new), repo))
    return out


def _git_pairs(rev: str, paths: tuple[str, ...], cfg: Any, include: tuple[str, ...], exclude: tuple[str, ...],
               repos: dict[str, _Repo] | None = None) -> list[Pair]:
    """What ``--git REV`` compares, selected as ``check`` selects files: without paths, the
    changed files that ``check`` would take (the configuration's ``files`` globs, else every policy
    under the current folder), less ``exclude``; a named folder is walked as ``check`` walks it."""
    from policylint.discover import excluded_file, walk_takes
    from policylint.history import HistoryError

    repos = {} if repos is None else repos  # filled in: the caller reports each one's base
    try:
        if not paths:
            repo = _repo_of(os.curdir, repos, rev)
            if cfg is not None and cfg.files:
                return _pairs(repo, lambda p: cfg.lists(p) and not excluded_file(p, exclude))
            return _pairs(repo, lambda p: walk_takes(os.curdir, p, include, exclude))
        out: list[Pair] = []
        for p in paths:
            repo = _repo_of(p, repos, rev)
            target = os.path.realpath(p)
            if os.path.isdir(p) or any(o and o.startswith(target + os.sep) for o, _ in repo.changes):  # a folder, or one deleted
                out.extend(_pairs(repo, lambda q, p=p: walk_takes(p, q, include, exclude)))
                continue
            if excluded_file(p, exclude):
                continue  # as `check` skips it
            old, new = next(((o, n) for o, n in repo.changes if target in (o, n)), (target, target))
            # Named by its old name after a rename: compare with where it went.
            shown_new = p if new == target else new and _shown(new)
            shown_old = p if old == target else old and _shown(old)
            out.append((shown_new, shown_old, old and repo.blob(old), None, repo))
        return out
    except HistoryError as exc:
        raise click.ClickException(f"--git {rev}: {exc}") from None


@click.command("diff")
@click.argument("files", nargs=-1)
@click.option("--git", "rev", metavar="REV", help="Compare each file at the merge base of REV and HEAD (as git diff REV...) with the working tree "
                                                "(no files: every policy changed since then). A..B: at A itself.")
@click.option("--ruleset", "-r", "rulesets", multiple=True, help="Built-in ruleset name or YAML file (repeatable; default: the configuration's, else core).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Configuration file (default: nearest .policylint.yaml or pyproject.toml [tool.policylint]).")
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="info", show_default=True,
              help="Lowest severity of a newly failing rule that makes the exit code 1.")
@click.option("--as-of", help="Date (YYYY-MM-DD) that date-age rules measure against; default the configuration's, else today.")
@click.option("--include", multiple=True, help="With --git: glob of files to take when walking directories (repeatable), as for check.")
@click.option("--exclude", multiple=True, help="With --git: glob of files to skip (repeatable), as for check.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to a file.")
def diff_command(files: tuple[str, ...], rev: str | None, rulesets: tuple[str, ...], fmt: str, fail_on: str,
                 as_of: str | None, output: str | None, config_file: str | None = None, no_config: bool = False,
                 include: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> None:
    """Compare two versions of a policy: OLD NEW, or --git REV [FILE...]."""
    from policylint.cli import UsageError, _config, _load, _parse_date, _write
    from policylint.engine import check_file, compile_rules

    if rev is None and len(files) != 2:
        raise UsageError("give two files (OLD NEW), or --git REV [FILE...]")
    cfg = _config(config_file, no_config)
    if cfg is not None:
        from policylint.config import merge_options

        # The configuration applies as it does to `check` (rulesets, as_of, exclude); fail_on and
        # format do not: diff's threshold is its own (any regression) and it has its own formats.
        click_ctx = click.get_current_context()
        given = {k for k in click_ctx.params if click_ctx.get_parameter_source(k) is not click.core.ParameterSource.DEFAULT}
        merged = merge_options(cfg, {"rulesets": rulesets, "as_of": as_of, "exclude": exclude}, given, expand=False)
        rulesets, as_of, exclude = merged["rulesets"], merged["as_of"], merged["exclude"]
    date: dt.date | None = _parse_date(as_of)
    try:
        compiled = compile_rules(_load(rulesets))
    except ValueError as exc:
        raise UsageError(str(exc)) from None

    def checked(path: str, data: bytes | None = None, as_path: str | None = None) -> DocumentReport:
        rep = check_file(path, compiled, date, data=data)
        if cfg is not None:
            from policylint.config import apply_to_results

            # `disable`, `severity` and per-file overrides, as `check` applies them; ``as_path``
            # names the document the configuration is looked up for.
            rep.path, real = as_path or path, rep.path
            apply_to_results(cfg, [rep])
            rep.path = real
        return rep

    diffs: list[DocumentDiff] = []
    repos: dict[str, _Repo] = {}
    if rev is None:
        old, new = files
        # OLD is a version of NEW: NEW's per-file overrides apply to both.
        diffs.append(compare(checked(old, as_path=new), checked(new), new, old, new))
    else:
        try:
            pairs = _git_pairs(rev, files, cfg, include, exclude, repos)
        except click.ClickException as exc:
            raise UsageError(exc.message) from None
        for path, old_path, data, moved_to, repo in pairs:
            label = repo.old_label(None if old_path == path else old_path)
            if path is None:
                gone = f"{DELETED} (moved to {moved_to}, which is not selected as a policy)" if moved_to else DELETED
                diffs.append(compare(checked(old_path, data), None, old_path, repo.old_label(), gone, old_path))
            elif data is None:
                from policylint.model import DocumentReport

                diffs.append(compare(DocumentReport(path=path), checked(path), path, f"{repo.old_label()} (new file)", WORKTREE))
            else:
                diffs.append(compare(checked(old_path, data), checked(path), path, label, WORKTREE, old_path))
            diffs[-1].base = repo.base_info
    bases = list({r.base: r.base_info for r in repos.values()}.values())
    ctx = to_context(diffs, fail_on, bases)
    _write(render(fmt, ctx), output)
    for d in diffs:
        if d.error:
            click.echo(f"policylint: error: {d.path}: {d.error}", err=True)
    sys.exit(exit_code(ctx))
