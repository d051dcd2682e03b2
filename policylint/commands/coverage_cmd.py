"""``policylint rules coverage``: each ruleset's disclosure items and the rule that checks each.

Exit codes: 0; 1 with ``--items`` when a listed item is neither checked nor declared unchecked;
2 when a ruleset or the item list cannot be read.
"""

from __future__ import annotations

import json
import sys

import click


@click.command("coverage")
@click.argument("refs", nargs=-1, metavar="[RULESET|FILE]...")
@click.option("--items", "items_file", type=click.Path(dir_okay=False), help="Item list (Markdown tables of item IDs, or one ID a line): also list the items no ruleset covers.")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to a file (e.g. docs/rules-coverage.md).")
def rules_coverage(refs: tuple[str, ...], items_file: str | None, fmt: str, output: str | None) -> None:
    """List the items each RULESET checks (built-in names or files; default: all built-in)."""
    from policylint.cli import UsageError, _load, _write
    from policylint.coverage import coverage, missing_items, read_item_list, render_markdown, render_text, to_dict
    from policylint.resources import builtin_rulesets

    regimes = coverage(_load(refs or tuple(builtin_rulesets())))
    missing = None
    if items_file:
        try:
            with open(items_file, encoding="utf-8") as fh:
                listed = read_item_list(fh.read())
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{items_file}: cannot read item list: {getattr(exc, 'strerror', None) or exc}") from None
        if not listed:
            raise UsageError(f"{items_file}: no item IDs found (expected kebab-case IDs in the first table column or one a line)")
        missing = missing_items(listed, regimes)
    if fmt == "json":
        text = json.dumps(to_dict(regimes, missing), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "markdown":
        text = render_markdown(regimes, missing)
    else:
        text = render_text(regimes, missing)
    _write(text, output)
    sys.exit(1 if missing else 0)
