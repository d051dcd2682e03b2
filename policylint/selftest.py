"""Rules prove themselves: run every rule's ``examples`` and compare with what each expects.

Each example text is loaded as its own small Markdown document and checked against its rule
alone, so an example can only pass or fail because of that rule. ``expect`` is ``pass``, ``fail``
or ``not_applicable`` (a conditional rule whose trigger is absent or negated).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from policylint.model import Example, Result, Rule, Ruleset, Status

EXPECTED_STATUS = {"pass": Status.PASSED, "fail": Status.FAILED, "not_applicable": Status.NOT_APPLICABLE}
# Fixed default date so that date-age examples give the same verdict in every year they are run.
DEFAULT_AS_OF = dt.date(2026, 1, 1)
MIN_PASS = MIN_FAIL = 2


@dataclass(frozen=True)
class ExampleOutcome:
    """One example of one rule, checked: what was expected, what came out, and why."""

    ruleset: str
    rule: str
    index: int  # 1-based position in the rule's ``examples``
    example: Example
    got: Status
    where: str | None  # file:line of the example (or of the rule when unknown)
    detail: str | None = None
    evidence: str | None = None  # the sentence that made the rule pass (or fail a forbid)
    matched: str | None = None
    trigger: str | None = None

    @property
    def ok(self) -> bool:
        return EXPECTED_STATUS.get(self.example.expect) is self.got

    def why(self) -> str:
        """A one-line reason for a mismatch, for the rule author."""
        parts = [f"expected {self.example.expect}, got {_label(self.got)}"]
        if self.detail:
            parts.append(self.detail)
        if self.matched:
            parts.append(f"matched {self.matched!r}")
        if self.trigger:
            parts.append(f"trigger: {self.trigger!r}")
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ruleset": self.ruleset,
            "rule": self.rule,
            "example": self.index,
            "where": self.where,
            "text": self.example.text,
            "expect": self.example.expect,
            "got": _label(self.got),
            "ok": self.ok,
            "detail": self.detail,
            "evidence": self.evidence,
            "matched": self.matched,
            "trigger": self.trigger,
            "note": self.example.note,
        }


@dataclass
class RulesetOutcome:
    """All examples of one ruleset's rules, plus rules whose example set is too thin."""

    ruleset: Ruleset
    examples: list[ExampleOutcome] = field(default_factory=list)
    thin: list[tuple[Rule, str]] = field(default_factory=list)  # (rule, what is missing)
    errors: list[str] = field(default_factory=list)  # rules that do not compile
    # (rule, regex) for regexes with no literal to start from: they are run over the whole text
    # of every document (docs/rulesets.md, "Vocabulary"); a warning, not a failure
    unanchored: list[tuple[Rule, str]] = field(default_factory=list)

    @property
    def failures(self) -> list[ExampleOutcome]:
        return [e for e in self.examples if not e.ok]


def _label(status: Status) -> str:
    return {Status.PASSED: "pass", Status.FAILED: "fail", Status.NOT_APPLICABLE: "not_applicable"}.get(status, status.value)


def example_counts(rule: Rule) -> tuple[int, int]:
    """(pass examples, fail-side examples); ``not_applicable`` counts on the fail side."""
    passing = sum(1 for e in rule.examples if e.expect == "pass")
    return passing, len(rule.examples) - passing


def thin_examples(rule: Rule, min_pass: int = MIN_PASS, min_fail: int = MIN_FAIL) -> str | None:
    """Why the rule has too few examples, or None when it has enough."""
    passing, failing = example_counts(rule)
    missing = []
    if passing < min_pass:
        missing.append(f"{passing} pass example(s), needs {min_pass}")
    if failing < min_fail:
        missing.append(f"{failing} fail/not_applicable example(s), needs {min_fail}")
    return "; ".join(missing) or None


def own_rules(ruleset: Ruleset, inherited: bool = False) -> list[Rule]:
    """The rules a ruleset defines itself (or all its active rules with ``inherited``)."""
    return [r for r in ruleset.rules if inherited or r.ruleset == ruleset.id]


def run_ruleset(
    ruleset: Ruleset,
    *,
    inherited: bool = False,
    strict: bool = False,
    as_of: dt.date = DEFAULT_AS_OF,
    source_text: str | None = None,
) -> RulesetOutcome:
    """Run every example of the ruleset's rules; ``strict`` also flags rules with too few examples."""
    from policylint.engine import compile_rules

    out = RulesetOutcome(ruleset)
    positions = _example_lines(source_text, ruleset.source) if source_text else {}
    for rule in own_rules(ruleset, inherited):
        if strict and (why := thin_examples(rule)):
            out.thin.append((rule, why))
        if not rule.examples:
            continue
        try:
            # One rule alone, with its own pattern table: nothing else can decide its examples.
            compiled = compile_rules([replace(ruleset, rules=(rule,))])
        except ValueError as exc:
            out.errors.append(str(exc))
            continue
        out.unanchored.extend((rule, src) for src in compiled.table.unanchored())
        for i, ex in enumerate(rule.examples, 1):
            where = positions.get((rule.id, i)) or rule.source
            out.examples.append(_run_example(ruleset.id, rule, i, ex, compiled, as_of, where))
    return out


def _run_example(rs_id: str, rule: Rule, index: int, ex: Example, compiled: Any, as_of: dt.date, where: str | None) -> ExampleOutcome:
    from policylint.documents import LoadError, load_text
    from policylint.engine import check_document

    try:
        doc = load_text(ex.text, f"{rule.id}-example-{index}.md", "markdown")
    except LoadError as exc:  # pragma: no cover - in-memory text always loads
        return ExampleOutcome(rs_id, rule.id, index, ex, Status.ERROR, where, detail=str(exc))
    result: Result = check_document(doc, compiled, as_of).results[0]
    ev = result.evidence[0] if result.evidence else None
    trig = result.trigger[0].text if result.trigger else None
    return ExampleOutcome(
        rs_id, rule.id, index, ex, result.status, where,
        detail=result.detail, evidence=ev.text if ev else None, matched=ev.matched if ev else None, trigger=trig,
    )


def _example_lines(text: str, file: str | None) -> dict[tuple[str, int], str]:
    """Map (rule id, example number) to ``file:line`` by re-reading the ruleset's YAML positions."""
    from policylint.yamlsource import SourceError, load_yaml

    try:
        src = load_yaml(text, file or "<ruleset>")
    except SourceError:
        return {}
    rules = src.data.get("rules") if isinstance(src.data, dict) else None
    out: dict[tuple[str, int], str] = {}
    for i, raw in enumerate(rules if isinstance(rules, list) else []):
        if not isinstance(raw, dict) or not isinstance(raw.get("examples"), list):
            continue
        for j in range(len(raw["examples"])):
            line, _ = src.position(("rules", i, "examples", j))
            out[(str(raw.get("id")), j + 1)] = f"{src.file}:{line}"
    return out


def run_refs(
    refs: Sequence[str], *, inherited: bool = False, strict: bool = False, as_of: dt.date = DEFAULT_AS_OF
) -> tuple[list[RulesetOutcome], list[str]]:
    """Load each ruleset name or file on its own and test it; returns (outcomes, load errors)."""
    from policylint.rulesets import RulesetError, RulesetLoader

    outcomes: list[RulesetOutcome] = []
    errors: list[str] = []
    for ref in refs:
        loader = RulesetLoader()
        try:
            rs = loader.load(ref)
        except RulesetError as exc:
            errors.append(str(exc))
            continue
        outcomes.append(run_ruleset(rs, inherited=inherited, strict=strict, as_of=as_of, source_text=loader.sources.get(rs.id)))
    return outcomes, errors


def summary_dict(outcomes: Iterable[RulesetOutcome], errors: Sequence[str]) -> dict[str, Any]:
    """The JSON form of a self-test run."""
    outcomes = list(outcomes)
    return {
        "rulesets": [
            {
                "id": o.ruleset.id,
                "source": o.ruleset.source,
                "rules": len({e.rule for e in o.examples}),
                "examples": len(o.examples),
                "failed": len(o.failures),
                "results": [e.to_dict() for e in o.examples],
                "thin": [{"rule": r.id, "where": r.source, "missing": why} for r, why in o.thin],
                "unanchored": [{"rule": r.id, "where": r.source, "regex": src} for r, src in o.unanchored],
                "errors": o.errors,
            }
            for o in outcomes
        ],
        "load_errors": list(errors),
        "ok": not errors and all(not o.failures and not o.thin and not o.errors for o in outcomes),
    }
