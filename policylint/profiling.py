"""Where the time of a check goes, rule by rule (``policylint rules profile``).

A rule costs its own evaluation plus the patterns it asks for. Patterns are shared: identical
vocabularies of several rules are one pattern, and every term list comes out of one walk over the
document's words. So the profile does the shared work first (folding the text, the word walk, the
anchor search for hand-written regexes) and reports it apart, then times each pattern's own hits
and charges that time to the rules that use the pattern, split evenly, and finally times each
rule's evaluation with every hit already found. The sum over the rules plus the shared work is
the matching and evaluation time of a check; loading the documents is reported apart too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from time import perf_counter
from typing import Any

from policylint.engine import CompiledRules, compile_rules
from policylint.matching.table import SMALL_TEXT


@dataclass
class RuleCost:
    """Seconds spent on one rule over the whole profile."""

    rule: str
    ruleset: str
    evaluate: float = 0.0
    patterns: float = 0.0  # its share of the hits of the patterns it uses
    n_patterns: int = 0
    n_regexes: int = 0  # hand-written regexes (the rest are term lists the word walk answers)
    unanchored: int = 0  # regexes with no literal prefix: matched over the whole text
    errors: int = 0  # documents where the rule raised

    @property
    def total(self) -> float:
        return self.evaluate + self.patterns


@dataclass
class Profile:
    """A profile of one set of rules over some documents."""

    documents: int = 0
    bytes: int = 0
    load: float = 0.0
    shared: dict[str, float] = field(default_factory=lambda: {"fold": 0.0, "walk": 0.0, "anchors": 0.0})
    rules: list[RuleCost] = field(default_factory=list)
    patterns: int = 0
    regexes: int = 0
    skipped: list[str] = field(default_factory=list)  # documents that could not be loaded

    def per_document(self, seconds: float) -> float:
        """Milliseconds per document."""
        return 1000 * seconds / self.documents if self.documents else 0.0


def pattern_users(compiled: CompiledRules) -> list[list[int]]:
    """For each pattern of the shared table, the indexes of the rules that use it (each rule is
    compiled alone, as ``rules test`` does, and its patterns found in the shared table)."""
    table = compiled.table
    pid_of = {src: pid for pid, src in enumerate(table.sources)}
    users: list[list[int]] = [[] for _ in table.sources]
    by_id = {rs.id: rs for rs in compiled.rulesets}
    for i, cr in enumerate(compiled.rules):
        ruleset = by_id.get(cr.rule.ruleset) or compiled.rulesets[0]
        alone = compile_rules([replace(ruleset, rules=(cr.rule,))])
        for src in alone.table.sources:
            pid = pid_of.get(src)
            if pid is not None:
                users[pid].append(i)
    return users


def profile(paths: Iterable[str], compiled: CompiledRules, as_of: dt.date | None = None) -> Profile:
    """Check every file in ``paths`` with ``compiled`` and measure where the time goes."""
    from policylint.checks.base import Context
    from policylint.documents import LoadError, load_bytes

    table = compiled.table
    users = pattern_users(compiled)
    words = table.trie().by_pid
    unanchored = set(table.unanchored())
    out = Profile(patterns=len(table.sources), regexes=sum(pid not in words for pid in range(len(table.sources))))
    out.rules = [RuleCost(cr.rule.id, cr.rule.ruleset) for cr in compiled.rules]
    for pid, who in enumerate(users):
        for i in who:
            cost = out.rules[i]
            cost.n_patterns += 1
            if pid not in words:
                cost.n_regexes += 1
                cost.unanchored += table.sources[pid] in unanchored
    # Once per process, outside the timing: compiling the anchor search (Hyperscan's database).
    table.scan(" " * SMALL_TEXT).warm()
    pattern_time = [0.0] * len(table.sources)
    date = as_of or dt.date.today()
    clock = perf_counter
    for path in paths:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
            t0 = clock()
            doc = load_bytes(data, path)
            out.load += clock() - t0
        except (OSError, LoadError) as exc:
            out.skipped.append(f"{path}: {exc}")
            continue
        out.documents += 1
        out.bytes += len(data)
        scan = table.scan(doc.text)
        for part, seconds in scan.warm().items():
            out.shared[part] += seconds
        for pid in range(len(table.sources)):
            t0 = clock()
            scan.hits(pid)
            pattern_time[pid] += clock() - t0
        ctx = Context(doc=doc, scan=scan, as_of=date)
        for cost, cr in zip(out.rules, compiled.rules):
            t0 = clock()
            try:
                cr.check.evaluate(ctx)
            except Exception:  # noqa: BLE001 - a broken rule is counted, not fatal
                cost.errors += 1
            cost.evaluate += clock() - t0
    for pid, who in enumerate(users):
        for i in who:
            out.rules[i].patterns += pattern_time[pid] / len(who)
    return out


def profile_dict(p: Profile) -> dict[str, Any]:
    """JSON form: per-document milliseconds, rules costliest first."""
    ms = p.per_document
    return {
        "documents": p.documents,
        "bytes": p.bytes,
        "patterns": p.patterns,
        "regexes": p.regexes,
        "ms_per_document": {
            "load": ms(p.load),
            **{f"shared_{k}": ms(v) for k, v in p.shared.items()},
            "patterns": ms(sum(r.patterns for r in p.rules)),
            "evaluate": ms(sum(r.evaluate for r in p.rules)),
        },
        "rules": [
            {
                "rule": r.rule, "ruleset": r.ruleset, "ms_per_document": ms(r.total), "evaluate_ms": ms(r.evaluate),
                "patterns_ms": ms(r.patterns), "patterns": r.n_patterns, "regexes": r.n_regexes,
                "unanchored_regexes": r.unanchored, "errors": r.errors,
            }
            for r in sorted(p.rules, key=lambda r: -r.total)
        ],
        "skipped": p.skipped,
    }


def render_profile(p: Profile, top: int = 20) -> str:
    """The text report: the shared costs, then the ``top`` costliest rules (0 = all)."""
    ms = p.per_document
    shared = sum(p.shared.values())
    patterns = sum(r.patterns for r in p.rules)
    evaluate = sum(r.evaluate for r in p.rules)
    lines = [
        f"{p.documents} documents, {p.bytes / 1e6:.1f} MB, {len(p.rules)} rules, {p.patterns} patterns "
        f"({p.patterns - p.regexes} term lists, {p.regexes} regexes)",
        f"per document: load {ms(p.load):.2f} ms, shared matching {ms(shared):.2f} ms (fold {ms(p.shared['fold']):.2f}, "
        f"word walk {ms(p.shared['walk']):.2f}, anchor search {ms(p.shared['anchors']):.2f}), "
        f"patterns {ms(patterns):.2f} ms, evaluation {ms(evaluate):.2f} ms",
    ]
    ranked = sorted(p.rules, key=lambda r: -r.total)
    shown = ranked[:top] if top else ranked
    width = max([len("rule"), *(len(r.rule) for r in shown)])
    lines.append(f"{'rule':<{width}}  {'ms/doc':>7}  {'evaluate':>8}  {'patterns':>8}  {'regexes':>7}  note")
    for r in shown:
        notes = []
        if r.unanchored:
            notes.append(f"{r.unanchored} regex{'es' if r.unanchored > 1 else ''} with no literal prefix")
        if r.errors:
            notes.append(f"raised on {r.errors} document(s)")
        lines.append(f"{r.rule:<{width}}  {ms(r.total):7.3f}  {ms(r.evaluate):8.3f}  {ms(r.patterns):8.3f}  {r.n_regexes:7d}  {'; '.join(notes)}")
    if len(shown) < len(ranked):
        rest = ranked[len(shown):]
        lines.append(f"... {len(rest)} more rules, {ms(sum(r.total for r in rest)):.2f} ms/doc together (--top 0 for all)")
    for s in p.skipped[:3]:
        lines.append(f"skipped: {s}")
    if len(p.skipped) > 3:
        lines.append(f"skipped: {len(p.skipped) - 3} more files that could not be loaded")
    return "\n".join(lines) + "\n"
