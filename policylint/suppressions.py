"""Inline suppressions: a filter stage between checking a document and reporting it.

In Markdown and HTML (the loaders record every comment that mentions policylint)::

    <!-- policylint-disable core-dated, core-do-not-track -- reason -->   ... until enabled again
    <!-- policylint-enable core-dated -->
    <!-- policylint-disable-next core-sale-opt-out -- reason -->          the next paragraph only
    <!-- policylint-disable-file core-dated -- reason -->                 the whole document

and in Markdown front matter ``policylint: disable=core-dated,core-security`` (or a mapping
``policylint: {disable: [core-dated]}``). Rule names may be globs (``core-*``); no name, ``all`` or
``*`` means every rule, in comments and front matter alike (``policylint: disable``,
``disable=all``, ``{disable: all}``).

A finding with a location (a forbidden sentence) is suppressed when its lines are inside a
disabled range. A finding about something *missing* has no line, so only a suppression that
covers the whole rest of the document does it: front matter, ``disable-file``, or a ``disable``
that is never re-enabled. Suppressions that match no active rule, or suppress nothing, become
notices on the document report ("line N: ...").
"""

from __future__ import annotations

import dataclasses
import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from policylint.model import Document, DocumentReport, Result, Status

END = 1 << 30
_DIRECTIVE = re.compile(r"policylint-(disable-next|disable-file|disable|enable)(?![\w-])(.*)", re.S)


@dataclass
class Suppression:
    """One directive: which rules, over which source lines, and why."""

    kind: str  # disable | disable-next | disable-file | front-matter | enable
    line: int
    patterns: tuple[str, ...]  # empty: every rule
    reason: str
    start: int = 1
    end: int = END
    used: bool = False
    text: str = ""
    closes: list[Suppression] = field(default_factory=list)
    # Failing results of a rule it names that it did not cover: (rule id, their lines), to say why
    # it went unused.
    missed: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)

    def matches(self, rule_id: str) -> bool:
        return not self.patterns or any(fnmatch.fnmatchcase(rule_id, p) for p in self.patterns)

    def covers(self, lines: tuple[int, ...]) -> bool:
        if not lines:
            return self.end == END  # a missing disclosure: only a rest-of-document suppression
        return all(self.start <= ln <= self.end for ln in lines)

    def describe(self) -> str:
        names = ", ".join(self.patterns) or "all rules"
        return f"policylint-{self.kind} {names}" if self.kind != "front-matter" else f"front-matter disable {names}"


def _split(body: str) -> tuple[tuple[str, ...], str]:
    body = body.strip().removesuffix("-->").strip()
    names, _, reason = body.partition("--")
    pats = tuple(p for p in re.split(r"[\s,]+", names.strip()) if p)
    if any(p.lower() in ("all", "*") for p in pats):
        pats = ()
    return pats, reason.strip()


def parse(doc: Document) -> list[Suppression]:
    """Every suppression in ``doc``, with its line range resolved."""
    out: list[Suppression] = []
    fm = doc.metadata.get("front_matter")
    if isinstance(fm, dict) and "policylint" in fm:
        out.extend(_front_matter(fm["policylint"]))
    open_ranges: list[Suppression] = []
    block_lines = None
    for line, comment in sorted(doc.directives):
        m = _DIRECTIVE.search(comment)
        if not m:
            continue
        kind = m.group(1)
        pats, reason = _split(m.group(2))
        sup = Suppression(kind, line, pats, reason, start=line, text=comment)
        if kind == "enable":
            for other in open_ranges:
                if other.end == END and (not pats or set(pats) & set(other.patterns) or not other.patterns):
                    other.end = line
                    sup.closes.append(other)
            out.append(sup)
            continue
        if kind == "disable-next":
            if block_lines is None:
                block_lines = _block_lines(doc)
            sup.start, sup.end = next(((a, b) for a, b in block_lines if a > line), (line + 1, line + 1))
        elif kind == "disable-file":
            sup.start = 1
        else:
            open_ranges.append(sup)
        out.append(sup)
    return out


def _front_matter(value: object) -> list[Suppression]:
    # The same reading as the comments: `disable`, `disable=all`, `disable=*`, `{disable: all}` and
    # `{disable: }` (no name) mean every rule; a name list may carry globs.
    if isinstance(value, str):
        m = _FRONT_MATTER.fullmatch(value)
        if not m:
            return []
        pats, reason = _split(m.group(1))
    elif isinstance(value, dict):
        if "disable" not in value:
            return []
        raw = value["disable"]
        names = [str(n) for n in raw] if isinstance(raw, list) else re.split(r"[\s,]+", "" if raw is None else str(raw))
        pats = tuple(n.strip() for n in names if n.strip())
        if any(p.lower() in ("all", "*") for p in pats):
            pats = ()
        reason = str(value.get("reason") or "")
    else:
        return []
    return [Suppression("front-matter", 1, pats, reason, start=1, end=END)]


_FRONT_MATTER = re.compile(r"\s*disable(?:\s*=|\s|$)(.*)", re.S)


def _block_lines(doc: Document) -> list[tuple[int, int]]:
    spans = []
    for b in doc.blocks:
        loc = doc.location(b.start, b.end)
        spans.append((loc.line, loc.end_line))
    return sorted(spans)


def apply_suppressions(doc: Document, report: DocumentReport, known_rules: Iterable[str]) -> None:
    """Mark suppressed failures in ``report`` (``Result.suppressed`` = reason) and add notices."""
    sups = parse(doc)
    if not sups:
        return
    known = list(known_rules)
    for i, r in enumerate(report.results):
        if r.status is not Status.FAILED or r.suppressed:
            continue
        # A conditional rule's failure with no evidence of its own sits at the sentence that made
        # it apply (where every report points), so a suppression there covers it.
        lines = tuple(sorted({e.location.line for e in (r.evidence or r.trigger)}))
        for sup in sups:
            if sup.kind != "enable" and sup.matches(r.rule.id) and sup.covers(lines):
                sup.used = True
                where = "front matter" if sup.kind == "front-matter" else f"line {sup.line}"
                report.results[i] = dataclasses.replace(r, suppressed=sup.reason or f"suppressed by {sup.describe()} ({where})")
                break
            if sup.kind != "enable" and sup.patterns and sup.matches(r.rule.id):
                sup.missed.append((r.rule.id, lines))
    report.notices.extend(_notices(sups, known))


def _notices(sups: list[Suppression], known: list[str]) -> list[str]:
    notes = []
    for sup in sups:
        unknown = [p for p in sup.patterns if not any(fnmatch.fnmatchcase(k, p) for k in known)]
        if unknown:
            notes.append(f"line {sup.line}: unknown rule {', '.join(unknown)} in {sup.describe()} (not an active rule; see `policylint rules list`)")
        elif sup.kind == "enable":
            if not sup.closes:
                notes.append(f"line {sup.line}: {sup.describe()} has no matching policylint-disable")
        elif not sup.used:
            notes.append(f"line {sup.line}: unused suppression: {sup.describe()} ({_why_unused(sup)})")
    return notes


def _why_unused(sup: Suppression) -> str:
    """Why a suppression suppressed nothing, and what would."""
    if not sup.missed:
        return "no failing result to suppress"
    rule, lines = sup.missed[0]
    if not lines:
        # A statement the policy lacks has no line: only a suppression to the end of the document covers it.
        return (f"{rule} fails for a statement the policy does not make, which has no line; "
                f"suppress it for the whole document with policylint-disable-file {rule}")
    return f"{rule} fails on line {', '.join(map(str, lines))}, outside the lines this suppression covers"
