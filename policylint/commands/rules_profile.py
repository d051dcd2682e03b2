"""``policylint rules profile``: which rules cost the most time on a corpus, and why.

Exit codes: 0 the profile ran; 2 a ruleset cannot be loaded or compiled, or the corpus holds no
file to check.
"""

from __future__ import annotations

import json
import sys

import click


@click.command("profile")
@click.argument("refs", nargs=-1, metavar="[RULESET|FILE]...")
@click.option("--corpus", required=True, type=click.Path(exists=True), help="A policy file or a folder of them (found as `check` finds them).")
@click.option("--files", type=click.IntRange(min=0), default=0, show_default=True, help="Profile the first N files of the folder only (0 = all).")
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True, help="Text format: list the N costliest rules (0 = all).")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--backend", type=click.Choice(["auto", "python", "hyperscan"]), default="auto", show_default=True,
              help="Anchor search for hand-written regexes, as in `check --backend`.")
@click.option("--as-of", help="Date (YYYY-MM-DD) that date-age rules measure against; default today.")
def rules_profile(refs: tuple[str, ...], corpus: str, files: int, top: int, fmt: str, backend: str, as_of: str | None) -> None:
    """Time every rule of RULESETs (built-in names or files; default: all built-in) on a corpus:
    its evaluation and its share of the patterns it uses, beside the work all rules share."""
    from policylint.api import compile_builtin
    from policylint.cli import UsageError, _parse_date
    from policylint.discover import discover
    from policylint.profiling import profile, profile_dict, render_profile
    from policylint.resources import builtin_rulesets
    from policylint.rulesets import RulesetError

    date = _parse_date(as_of)
    paths = discover([corpus]).files  # the files `check` would read there
    if files:
        paths = paths[:files]
    if not paths:
        raise UsageError(f"{corpus}: no file to profile; give a policy file or a folder that holds some")
    from policylint.matching.backends import BackendError

    try:
        compiled = compile_builtin(list(refs) or sorted(builtin_rulesets()))
        compiled.table.use_backend(backend)
    except (RulesetError, ValueError, BackendError) as exc:
        raise UsageError(str(exc)) from None
    result = profile(paths, compiled, date)
    if fmt == "json":
        click.echo(json.dumps(profile_dict(result), indent=2))
    else:
        click.echo(render_profile(result, top), nl=False)
    sys.exit(0)
