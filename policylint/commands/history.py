"""``policylint history FILE``: every committed version of a policy checked, oldest first.

Exit codes: 0 the history was checked (whatever the results); 2 not a git repository, no
committed versions, a version that cannot be read, unusable rulesets or options.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from policylint.reports.quoting import clip

_MARK = {"passed": "P", "failed": "F", "not_applicable": "-", "error": "E"}


@click.command("history")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--ruleset", "-r", "rulesets", multiple=True, help="Built-in ruleset name or YAML file (repeatable; default: core).")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to a file.")
@click.option("--max-count", "-n", type=click.IntRange(min=1), help="Only the newest N committed versions.")
@click.option("--as-of", help="Measure date-age rules against this date (YYYY-MM-DD) instead of each commit's date.")
@click.option("--worktree", is_flag=True, help="Add the uncommitted working copy as the last version when it differs.")
def history_command(
    file: str, rulesets: tuple[str, ...], fmt: str, output: str | None, max_count: int | None, as_of: str | None, worktree: bool,
) -> None:
    """Check each committed version of FILE (git), showing when rules started or stopped passing."""
    from policylint.cli import EXIT_OK, EXIT_USAGE, UsageError, _load, _parse_date, _write
    from policylint.engine import compile_rules
    from policylint.history import HistoryError, file_history, history_context

    date = _parse_date(as_of)
    loaded = _load(rulesets)
    try:
        compiled = compile_rules(loaded)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    try:
        history = file_history(file, compiled, as_of=date, max_count=max_count, worktree=worktree)
    except HistoryError as exc:
        raise UsageError(f"{file}: {exc}") from None
    context = history_context(history, compiled)
    unreadable = [v for v in context["versions"] if v["error"]]
    for v in unreadable:
        click.echo(f"policylint: error: {file} at {v['short']}: {v['error']}", err=True)
    _write(render(fmt, context), output)
    sys.exit(EXIT_USAGE if unreadable else EXIT_OK)


def render(fmt: str, context: dict[str, Any]) -> str:
    """Render the history context as ``text``, ``json`` or ``html``."""
    if fmt == "json":
        import json

        return json.dumps(context, indent=2, ensure_ascii=False) + "\n"
    if fmt == "html":
        from policylint.reports.templating import builtin_template, render_template

        return render_template(builtin_template("history.html.j2"), context)
    return render_text(context)


def render_text(context: dict[str, Any]) -> str:
    """Versions with their counts, then each change, then a one-character-per-version timeline."""
    versions = context["versions"]
    lines = [f"{context['path']}: {len(versions)} version(s), oldest first"]
    for v in versions:
        if v["error"]:
            state = f"input-error {v['error']}"
        else:
            s = v["summary"]
            state = f"{s['passed']:>3} passed {s['failed']:>3} failed {s['not_applicable']:>3} n/a"
        lines.append(f"  {v['short']:<10} {v['date'][:10]}  {state}  {v['subject'][:60]}")
    lines.append("")
    if context["changes"]:
        lines.append("changes:")
        for c in context["changes"]:
            ev = c["evidence"]
            where = f" line {ev['line']}" + (f" page {ev['page']}" if ev.get("page") else "") if ev else ""
            quote = f' "{clip(ev["text"], 100)}"' if ev else ""
            lines.append(f"  {c['date'][:10]} {c['short']:<10} {c['rule']}: {c['from']} -> {c['to']}{where}{quote}")
    else:
        lines.append("changes: none (every rule kept its status)")
    lines.append("")
    lines.append("timeline (P passed, F failed, - not applicable, E error, ! unreadable):")
    width = max((len(r["id"]) for r in context["rules"]), default=0)
    for rule in context["rules"]:
        marks = "".join("!" if v["error"] else _MARK[v["results"][rule["id"]]["status"]] for v in versions)
        lines.append(f"  {rule['id']:<{width}}  {marks}")
    return "\n".join(lines) + "\n"
