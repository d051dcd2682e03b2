"""Render an :class:`Evaluation` as a text table (with the errors listed) or as JSON."""

from __future__ import annotations

import json
from typing import Any

from policylint.evaluation.scoring import Case, Evaluation, case_dict


def _pct(x: float | None) -> str:
    return "   -" if x is None else f"{100 * x:3.0f}%"


def render_text(ev: Evaluation, show_errors: bool = True, limit: int = 0) -> str:
    """The table, then false positives, false negatives and wrong evidence (``limit`` per list; 0 = all)."""
    width = max([len("practice"), *(len(s.practice) for s in ev.scores)])
    lines = [
        f"{ev.corpus}: {ev.documents} documents, rulesets {', '.join(ev.rulesets)}",
        f"{'practice':<{width}}  precision  recall     F1   TP  FP  FN  TN" + ("  evidence" if ev.segments else ""),
    ]
    for s in ev.scores:
        row = f"{s.practice:<{width}}  {s.precision:9.3f}  {s.recall:6.3f}  {s.f1:5.3f}  {s.tp:3d} {s.fp:3d} {s.fn:3d} {s.tn:3d}"
        if ev.segments:
            row += f"  {_pct(s.evidence_accuracy)} ({s.evidence_right}/{s.evidence_scored})" if s.evidence_scored else "       -"
        lines.append(row)
    m = ev.macro()
    row = f"{'macro':<{width}}  {m['precision']:9.3f}  {m['recall']:6.3f}  {m['f1']:5.3f}"
    if ev.segments:
        row += " " * 17 + f"  {_pct(ev.evidence_accuracy())}"
    lines.append(row)
    for miss in ev.missing:
        lines.append(f"skipped: {miss}")
    if show_errors:
        lines += _listing("False positives (rule passed, label says not stated)", [c for c in ev.cases if c.kind == "fp"], limit)
        lines += _listing("False negatives (label says stated, rule did not pass)", [c for c in ev.cases if c.kind == "fn"], limit)
        lines += _listing("Evidence outside the annotated segments", [c for c in ev.cases if c.evidence_ok is False], limit)
    return "\n".join(lines) + "\n"


def _listing(title: str, cases: list[Case], limit: int) -> list[str]:
    if not cases:
        return []
    out = ["", f"{title}: {len(cases)}"]
    shown = cases[:limit] if limit else cases
    for c in shown:
        if c.evidence is not None:
            out.append(f"  {c.practice} {c.document}:{c.evidence.location.line} [{c.rule} {c.status}] {_clip(c.evidence.text)}")
        else:
            out.append(f"  {c.practice} {c.document} [{c.rule} {c.status}{': ' + c.detail if c.detail else ''}]")
        if c.expected and c.kind in ("fn", "tp"):
            out.append(f"      annotated: {_clip(c.expected)}")
    if len(shown) < len(cases):
        out.append(f"  ... {len(cases) - len(shown)} more (use --limit 0 for all)")
    return out


def _clip(text: str, limit: int = 180) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_dict(ev: Evaluation) -> dict[str, Any]:
    """The JSON report: per-practice scores, macro averages and every non-TN case."""
    return {
        "corpus": ev.corpus,
        "rulesets": ev.rulesets,
        "documents": ev.documents,
        "practices": [
            {
                "practice": s.practice, "precision": s.precision, "recall": s.recall, "f1": s.f1,
                "tp": s.tp, "fp": s.fp, "fn": s.fn, "tn": s.tn,
                "evidence_accuracy": s.evidence_accuracy, "evidence_scored": s.evidence_scored,
            }
            for s in ev.scores
        ],
        "macro": ev.macro(),
        "evidence_accuracy": ev.evidence_accuracy(),
        "skipped": ev.missing,
        "cases": [case_dict(c) for c in ev.cases if c.kind != "tn"],
    }


def render_json(ev: Evaluation) -> str:
    return json.dumps(to_dict(ev), indent=2, ensure_ascii=False) + "\n"
