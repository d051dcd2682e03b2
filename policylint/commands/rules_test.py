"""``policylint rules test``: run every rule's examples and say which one fails and why.

Exit codes: 0 every example gives what it expects; 1 an example (or, with ``--strict``, a rule's
example set) fails; 2 a ruleset cannot be loaded or compiled (the other rulesets are still run).
"""

from __future__ import annotations

import json
import sys

import click

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


@click.command("test")
@click.argument("refs", nargs=-1, metavar="[RULESET|FILE]...")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Also fail rules with fewer than 2 pass and 2 fail/not_applicable examples.")
@click.option("--inherited", is_flag=True, help="Also run the examples of rules inherited through `extends`.")
@click.option("--as-of", help="Date (YYYY-MM-DD) that date-age rules measure against; default 2026-01-01 (fixed, so results never drift).")
@click.option("--verbose", "-v", is_flag=True, help="Text format: list every example, not only failures.")
def rules_test(refs: tuple[str, ...], fmt: str, strict: bool, inherited: bool, as_of: str | None, verbose: bool) -> None:
    """Run the examples of every rule in RULESETs (built-in names or files; default: all built-in)."""
    from policylint.resources import builtin_rulesets
    from policylint.selftest import DEFAULT_AS_OF, run_refs, summary_dict

    from policylint.cli import _parse_date

    date = _parse_date(as_of) or DEFAULT_AS_OF
    outcomes, errors = run_refs(list(refs) or list(builtin_rulesets()), inherited=inherited, strict=strict, as_of=date)
    for err in errors:
        click.echo(f"policylint: error: {err}", err=True)
    for o in outcomes:
        for err in o.errors:
            click.echo(f"policylint: error: {err}", err=True)
    if fmt == "json":
        click.echo(json.dumps(summary_dict(outcomes, errors), indent=2, ensure_ascii=False))
    else:
        click.echo(_text(outcomes, verbose), nl=False)
    if errors or any(o.errors for o in outcomes):
        sys.exit(EXIT_USAGE)
    failed = any(o.failures or o.thin for o in outcomes)
    sys.exit(EXIT_FAIL if failed else EXIT_OK)


def _text(outcomes: list, verbose: bool) -> str:
    lines: list[str] = []
    for o in outcomes:
        for e in o.examples:
            if e.ok and not verbose:
                continue
            mark = "ok  " if e.ok else "FAIL"
            lines.append(f"{e.where}: {mark} {e.rule} example {e.index}: {e.why() if not e.ok else 'expected ' + e.example.expect}")
            if not e.ok:
                lines.append(f"    text: {_clip(e.example.text)}")
                if e.evidence:
                    lines.append(f"    evidence: {_clip(e.evidence)}")
                if e.example.note:
                    lines.append(f"    note: {e.example.note}")
        for rule, why in o.thin:
            lines.append(f"{rule.source}: FAIL {rule.id}: too few examples ({why})")
        for rule, src in o.unanchored:
            lines.append(f"{rule.source}: warning {rule.id}: a regex with no literal to start from is matched over the whole "
                         f"text of every document (slow); start it with a literal: {_clip(src, 80)}")
        rules = len({e.rule for e in o.examples})
        lines.append(
            f"{o.ruleset.id}: {len(o.examples)} example(s) of {rules} rule(s): "
            f"{len(o.examples) - len(o.failures)} ok, {len(o.failures)} failed"
            + (f", {len(o.thin)} rule(s) with too few examples" if o.thin else "")
        )
    return "\n".join(lines) + ("\n" if lines else "")


def _clip(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
