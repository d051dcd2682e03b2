"""Score rules against labelled policies: per-practice precision, recall, F1 and evidence accuracy."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from policylint.evaluation.mapfile import EvalMap, MapError, PracticeMap
from policylint.evaluation.review import Verdict
from policylint.evaluation.segments import Segments
from policylint.model import DocumentReport, Evidence, Result


@dataclass(frozen=True)
class Case:
    """One practice on one document: the label, the verdict, and what the rule cited."""

    practice: str
    document: str
    label: bool
    predicted: bool
    rule: str | None  # the rule that decided (the first positive one, else the first mapped)
    status: str
    evidence: Evidence | None = None
    detail: str | None = None
    evidence_ok: bool | None = None  # None: not scored (no segments, or not a true positive)
    expected: str | None = None  # text of an annotated segment, to show what was missed
    review: Verdict | None = None  # a second reading of the label (``eval --review``)

    @property
    def kind(self) -> str:
        """tp, fp, fn or tn against the corpus's label."""
        return _KINDS[self.label, self.predicted]

    @property
    def reviewed_kind(self) -> str:
        """tp, fp, fn or tn against the reviewed label where there is one."""
        return _KINDS[self.review.label if self.review else self.label, self.predicted]


_KINDS = {(True, True): "tp", (False, True): "fp", (True, False): "fn", (False, False): "tn"}


@dataclass
class PracticeScore:
    practice: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    evidence_right: int = 0
    evidence_scored: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if self.fn == 0 else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else (1.0 if self.fp == 0 else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def evidence_accuracy(self) -> float | None:
        return self.evidence_right / self.evidence_scored if self.evidence_scored else None


@dataclass
class Evaluation:
    """Everything ``policylint eval`` reports."""

    corpus: str
    rulesets: list[str]
    documents: int
    cases: list[Case] = field(default_factory=list)
    scores: list[PracticeScore] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # labelled documents not found / not loadable
    segments: bool = False
    review: str | None = None  # the review file, when one was applied
    reviewed_scores: list[PracticeScore] = field(default_factory=list)

    def reviewed_macro(self) -> dict[str, float]:
        """Macro averages after the review."""
        return _macro(self.reviewed_scores)

    def macro(self) -> dict[str, float]:
        """Macro averages of precision, recall and F1 over the practices."""
        return _macro(self.scores)

    def evidence_accuracy(self) -> float | None:
        right = sum(s.evidence_right for s in self.scores)
        scored = sum(s.evidence_scored for s in self.scores)
        return right / scored if scored else None


def _macro(scores: list[PracticeScore]) -> dict[str, float]:
    n = len(scores) or 1
    return {
        "precision": sum(s.precision for s in scores) / n,
        "recall": sum(s.recall for s in scores) / n,
        "f1": sum(s.f1 for s in scores) / n,
    }


def apply_review(ev: Evaluation, verdicts: dict[tuple[str, str], Verdict], path: str) -> None:
    """Attach each verdict to its case and score every practice again with the reviewed labels.

    A verdict for a document or practice that was not scored is reported in ``ev.missing``."""
    seen: set[tuple[str, str]] = set()
    for i, case in enumerate(ev.cases):
        verdict = verdicts.get((case.document, case.practice))
        if verdict is not None:
            ev.cases[i] = replace(case, review=verdict)
            seen.add((case.document, case.practice))
    for (doc, practice), verdict in sorted(verdicts.items(), key=lambda kv: kv[1].line):
        if (doc, practice) not in seen:
            ev.missing.append(f"{path}:{verdict.line}: review of {doc} / {practice} not used: no such document was scored")
    scores = {s.practice: PracticeScore(s.practice) for s in ev.scores}
    for case in ev.cases:
        s = scores[case.practice]
        kind = case.reviewed_kind
        setattr(s, kind, getattr(s, kind) + 1)
        if kind == "tp" and case.evidence_ok is not None:
            s.evidence_scored += 1
            s.evidence_right += case.evidence_ok
    ev.review = path
    ev.reviewed_scores = list(scores.values())


def read_labels(path: str, emap: EvalMap) -> list[dict[str, str]]:
    """Rows of the labels CSV; checks the id column and every mapped label column exist."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
            header = reader.fieldnames or []
    except OSError as exc:
        raise MapError(f"{path}: cannot read labels: {exc.strerror or exc}") from None
    needed = [emap.id_column] + [c for p in emap.practices for c in p.columns]
    absent = [c for c in needed if c not in header]
    if absent:
        raise MapError(f"{path}: no column {absent[0]!r} (the map {emap.path} asks for it); columns are: {', '.join(header[:12])}...")
    return rows


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "y", "x")


def evaluate(
    corpus_dir: str,
    rows: list[dict[str, str]],
    emap: EvalMap,
    check: Callable[[str], DocumentReport],
    segments: Segments | None = None,
) -> Evaluation:
    """Check every labelled document with ``check`` and score each mapped practice."""
    ev = Evaluation(emap.corpus, list(emap.rulesets), 0, segments=segments is not None)
    scores = {p.name: PracticeScore(p.name) for p in emap.practices}
    for row in rows:
        doc_id = row[emap.id_column]
        path = os.path.join(corpus_dir, emap.documents.format_map(_Row(row)))
        if not os.path.isfile(path):
            ev.missing.append(f"{path}: no such file (labels row {doc_id!r})")
            continue
        report = check(path)
        if report.error:
            ev.missing.append(f"{path}: {report.error}")
            continue
        ev.documents += 1
        for pm in emap.practices:
            case = _case(pm, doc_id, row, report, segments, emap.line_offset)
            ev.cases.append(case)
            s = scores[pm.name]
            setattr(s, case.kind, getattr(s, case.kind) + 1)
            if case.evidence_ok is not None:
                s.evidence_scored += 1
                s.evidence_right += case.evidence_ok
    ev.scores = list(scores.values())
    return ev


class _Row(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        raise MapError(f"`documents` names column {key!r}, which the labels file does not have")


def _case(pm: PracticeMap, doc_id: str, row: dict[str, str], report: DocumentReport, segments: Segments | None, offset: int) -> Case:
    label = any(_truthy(row.get(c)) for c in pm.columns)
    results = _results_for(pm, report)
    if not results:
        raise MapError(f"practice {pm.name!r}: no rule in the loaded rulesets " + (f"has id {', '.join(pm.rules)}" if pm.rules else "is tagged with it"))
    chosen: Result = next((r for r in results if r.status.value in pm.positive), results[0])
    predicted = chosen.status.value in pm.positive
    evidence = chosen.evidence[0] if chosen.evidence else None
    evidence_ok: bool | None = None
    expected = None
    if segments is not None and pm.segments:
        want = segments.matching(doc_id, pm.segments)
        if want:
            expected = segments.texts[doc_id][want[0]]
        if label and predicted and evidence is not None:
            evidence_ok = segments.annotated(doc_id, evidence.location.line - offset, pm.segments)
    return Case(pm.name, doc_id, label, predicted, chosen.rule.id, chosen.status.value, evidence, chosen.detail, evidence_ok, expected)


def _results_for(pm: PracticeMap, report: DocumentReport) -> list[Result]:
    if pm.rules:
        by_id = {r.rule.id: r for r in report.results}
        return [by_id[r] for r in pm.rules if r in by_id]
    return [r for r in report.results if pm.name in r.rule.practices]


def case_dict(case: Case) -> dict[str, Any]:
    """JSON form of a case."""
    d: dict[str, Any] = {
        "practice": case.practice,
        "document": case.document,
        "label": case.label,
        "predicted": case.predicted,
        "kind": case.kind,
        "rule": case.rule,
        "status": case.status,
        "detail": case.detail,
        "evidence": case.evidence.to_dict() if case.evidence else None,
        "evidence_ok": case.evidence_ok,
    }
    if case.review is not None:
        d["review"] = {"label": case.review.label, "reason": case.review.reason, "kind": case.reviewed_kind}
    if case.expected is not None:
        d["expected_segment"] = case.expected
    return d
