"""Measure rules against expert-labelled policies (``policylint eval``).

``run_eval`` loads the map, the labels and (optionally) the annotated segments, checks every
labelled document once with the map's rulesets, and returns an :class:`Evaluation`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from policylint.evaluation.mapfile import EvalMap, MapError, PracticeMap, load_map
from policylint.evaluation.report import render_json, render_text, to_dict
from policylint.evaluation.review import Verdict, load_review
from policylint.evaluation.scoring import Case, Evaluation, PracticeScore, apply_review, evaluate, read_labels
from policylint.evaluation.segments import Segments, SegmentsError, load_segments


def run_eval(
    corpus_dir: str,
    labels: str,
    map_path: str,
    segments: str | None = None,
    rulesets: Sequence[str] | None = None,
    as_of: dt.date | None = None,
    review: str | None = None,
) -> Evaluation:
    """Evaluate; ``rulesets`` overrides the map's; ``review`` also scores against a second reading
    of the labels. Raises MapError / SegmentsError / RulesetError / ValueError."""
    from policylint.api import compile_builtin
    from policylint.engine import check_file

    emap = load_map(map_path)
    refs = list(rulesets or emap.rulesets)
    compiled = compile_builtin(refs)
    rows = read_labels(labels, emap)
    segs = load_segments(segments, emap.min_annotators) if segments else None
    verdicts = load_review(review, {p.name for p in emap.practices}) if review else None
    ev = evaluate(corpus_dir, rows, emap, lambda p: check_file(p, compiled, as_of), segs)
    ev.rulesets = refs
    if verdicts is not None and review is not None:
        apply_review(ev, verdicts, review)
    return ev


__all__ = [
    "Case", "EvalMap", "Evaluation", "MapError", "PracticeMap", "PracticeScore", "Segments", "SegmentsError",
    "Verdict", "apply_review", "evaluate", "load_review", "load_map", "load_segments", "read_labels", "render_json", "render_text", "run_eval", "to_dict",
]
