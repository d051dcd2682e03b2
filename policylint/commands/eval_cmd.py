"""``policylint eval``: precision, recall and F1 of rules against a labelled corpus.

Exit codes: 0 the evaluation ran; 2 the map, labels, segments or rulesets are unusable, or no
labelled document could be scored.
"""

from __future__ import annotations

import sys

import click


@click.command("eval")
@click.argument("corpus_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--labels", required=True, type=click.Path(exists=True, dir_okay=False), help="CSV: one row per policy, 1 = the practice is stated.")
@click.option("--map", "map_path", required=True, type=click.Path(exists=True, dir_okay=False), help="YAML map: label columns -> practices/rules (see docs/accuracy.md).")
@click.option("--segments", type=click.Path(exists=True, dir_okay=False), help="JSONL of annotated segments: also score whether evidence cites an annotated segment.")
@click.option("--review", type=click.Path(exists=True, dir_okay=False), help="CSV of reviewed labels (document, practice, label, reason): also score against them.")
@click.option("--ruleset", "-r", "rulesets", multiple=True, help="Use these rulesets instead of the map's (repeatable).")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--limit", default=0, show_default=True, help="Text format: list at most this many errors of each kind (0 = all).")
@click.option("--summary", is_flag=True, help="Text format: the table only, no lists of errors or skipped documents (those are also warned about on stderr).")
@click.option("--as-of", help="Date (YYYY-MM-DD) that date-age rules measure against; default today.")
def eval_command(
    corpus_dir: str, labels: str, map_path: str, segments: str | None, review: str | None, rulesets: tuple[str, ...],
    fmt: str, limit: int, summary: bool, as_of: str | None,
) -> None:
    """Score rules against the labelled policies in CORPUS_DIR, practice by practice."""
    from policylint.cli import UsageError, _parse_date
    from policylint.evaluation import MapError, SegmentsError, render_json, render_text, run_eval
    from policylint.rulesets import RulesetError

    date = _parse_date(as_of)
    try:
        ev = run_eval(corpus_dir, labels, map_path, segments, rulesets or None, date, review)
    except (MapError, SegmentsError, RulesetError) as exc:
        raise UsageError(str(exc)) from None
    except ValueError as exc:  # a rule that does not compile
        raise UsageError(str(exc)) from None
    for miss in ev.missing:
        click.echo(f"policylint: warning: {miss}", err=True)
    if not ev.documents:
        # Scores over nothing would read as perfect: a wrong corpus folder or a `documents:`
        # pattern matching no file is a usage error.
        raise UsageError(
            f"{corpus_dir}: none of the labelled documents could be scored (see the warnings above); "
            "check the corpus folder and the map's `documents` pattern"
        )
    click.echo(render_json(ev) if fmt == "json" else render_text(ev, show_errors=not summary, limit=limit), nl=False)
    sys.exit(0)
