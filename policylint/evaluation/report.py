"""Render an :class:`Evaluation` as a text table (with the errors listed) or as JSON."""

from __future__ import annotations

import json
from typing import Any

from policylint.evaluation.scoring import Case, Evaluation, PracticeScore, case_dict
from policylint.reports.quoting import clip


def _pct(x: float | None) -> str:
    return "   -" if x is None else f"{100 * x:3.0f}%"


def render_text(ev: Evaluation, show_errors: bool = True, limit: int = 0) -> str:
    """The table (and, with a review, the table after it), then false positives, false negatives
    and wrong evidence (``limit`` per list; 0 = all)."""
    lines = [f"{ev.corpus}: {ev.documents} documents, rulesets {', '.join(ev.rulesets)}"]
    lines += _table(ev, ev.scores, ev.macro())
    if ev.review is not None:
        reviewed = sum(c.review is not None for c in ev.cases)
        changed = sum(c.review is not None and c.review.label != c.label for c in ev.cases)
        unreviewed = sum(c.review is None and c.kind in ("fp", "fn") for c in ev.cases)
        lines += ["", f"After review ({ev.review}): {reviewed} labels read again, {changed} changed; "
                  f"{unreviewed} disagreements not reviewed"]
        lines += _table(ev, ev.reviewed_scores, ev.reviewed_macro())
    if show_errors:
        lines += [f"skipped: {miss}" for miss in ev.missing]
        lines += _listing("False positives (rule passed, label says not stated)", [c for c in ev.cases if c.kind == "fp"], limit)
        lines += _listing("False negatives (label says stated, rule did not pass)", [c for c in ev.cases if c.kind == "fn"], limit)
        lines += _listing("Evidence outside the annotated segments", [c for c in ev.cases if c.evidence_ok is False], limit)
    return "\n".join(lines) + "\n"


def _table(ev: Evaluation, scores: list[PracticeScore], macro: dict[str, float]) -> list[str]:
    width = max([len("practice"), *(len(s.practice) for s in scores)])
    lines = [f"{'practice':<{width}}  precision  recall     F1   TP  FP  FN  TN" + ("  evidence" if ev.segments else "")]
    for s in scores:
        row = f"{s.practice:<{width}}  {s.precision:9.3f}  {s.recall:6.3f}  {s.f1:5.3f}  {s.tp:3d} {s.fp:3d} {s.fn:3d} {s.tn:3d}"
        if ev.segments:
            row += f"  {_pct(s.evidence_accuracy)} ({s.evidence_right}/{s.evidence_scored})" if s.evidence_scored else "       -"
        lines.append(row)
    row = f"{'macro':<{width}}  {macro['precision']:9.3f}  {macro['recall']:6.3f}  {macro['f1']:5.3f}"
    if ev.segments:
        right = sum(s.evidence_right for s in scores)
        scored = sum(s.evidence_scored for s in scores)
        row += " " * 17 + f"  {_pct(right / scored if scored else None)}"
    lines.append(row)
    return lines


def _listing(title: str, cases: list[Case], limit: int) -> list[str]:
    if not cases:
        return []
    out = ["", f"{title}: {len(cases)}"]
    shown = cases[:limit] if limit else cases
    for c in shown:
        if c.evidence is not None:
            out.append(f"  {c.practice} {c.document}:{c.evidence.location.line} [{c.rule} {c.status}] {clip(c.evidence.text, 180)}")
        else:
            out.append(f"  {c.practice} {c.document} [{c.rule} {c.status}{': ' + c.detail if c.detail else ''}]")
        if c.review is not None:
            verdict = "label confirmed" if c.review.label == c.label else f"label reviewed to {int(c.review.label)}"
            out.append(f"      review: {verdict}: {clip(c.review.reason, 180)}")
        if c.expected and c.kind in ("fn", "tp"):
            out.append(f"      annotated: {clip(c.expected, 180)}")
    if len(shown) < len(cases):
        out.append(f"  ... {len(cases) - len(shown)} more (use --limit 0 for all)")
    return out


def _scores(scores: list[PracticeScore]) -> list[dict[str, Any]]:
    return [
        {
            "practice": s.practice, "precision": s.precision, "recall": s.recall, "f1": s.f1,
            "tp": s.tp, "fp": s.fp, "fn": s.fn, "tn": s.tn,
            "evidence_accuracy": s.evidence_accuracy, "evidence_scored": s.evidence_scored,
        }
        for s in scores
    ]


def to_dict(ev: Evaluation) -> dict[str, Any]:
    """The JSON report: per-practice scores, macro averages, every non-TN case and every reviewed
    case; with a review, ``reviewed`` holds the scores against the reviewed labels."""
    out: dict[str, Any] = {
        "corpus": ev.corpus,
        "rulesets": ev.rulesets,
        "documents": ev.documents,
        "practices": _scores(ev.scores),
        "macro": ev.macro(),
        "evidence_accuracy": ev.evidence_accuracy(),
        "skipped": ev.missing,
        "cases": [case_dict(c) for c in ev.cases if c.kind != "tn" or c.review is not None],
    }
    if ev.review is not None:
        out["reviewed"] = {"file": ev.review, "practices": _scores(ev.reviewed_scores), "macro": ev.reviewed_macro()}
    return out


def render_json(ev: Evaluation) -> str:
    return json.dumps(to_dict(ev), indent=2, ensure_ascii=False) + "\n"
