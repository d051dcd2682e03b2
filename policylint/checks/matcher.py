"""The statement matcher behind ``require``, ``forbid`` and ``when``.

A matcher finds sentences that state something::

    terms: [opt-out, disable, reject]          # any of these (inflections, hyphen variants)
    regex: 'browser\\s+settings?'               # and/or full regular expressions
    near: {terms: [cookie*], within: 12}       # another term within N words, same sentence
    also: [{terms: [browser]}]                 # co-occurs in the same `scope`
    scope: sentence | block | section | document
    in_section: [cookies, tracking]            # under a heading that matches
    not_in_section: [california]
    exclude: [customer retention]              # homonyms: a longer phrase that vetoes the hit
    exclude_sentence: [complaint department]   # vetoes the whole sentence
    polarity: affirmative | negative | any     # negation handling
    headings: false                            # a heading alone is not a statement
    prefer_section: [contact]                  # rank evidence found under these headings first
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from policylint.checks.base import CheckError, Compiler, Context, Span
from policylint.checks.negation import is_negated
from policylint.matching import PatternError, PatternTable
from policylint.matching.safety import safe_regex
from policylint.model import Sentence

MATCHER_KEYS = frozenset(
    "terms regex inflect near also scope in_section not_in_section exclude exclude_sentence polarity headings prefer_section".split()
)
_SCOPES = ("sentence", "block", "section", "document")
_WORD = re.compile(r"\w+")


def pattern_ids(spec: Any, table: PatternTable, path: tuple[Any, ...], inflect: bool = True) -> list[int]:
    """Register a vocabulary spec (a term, a list of terms, or {terms, regex}) and return ids."""
    if isinstance(spec, str):
        spec = [spec]
    if isinstance(spec, list):
        spec = {"terms": spec}
    if not isinstance(spec, dict):
        raise CheckError(path, "expected a term, a list of terms, or a mapping with terms/regex")
    ids: list[int] = []
    inflect = spec.get("inflect", inflect)
    terms = spec.get("terms")
    if isinstance(terms, str):
        terms = [terms]
    try:
        if terms:
            ids.append(table.add_terms([str(t) for t in terms], inflected=inflect))
        regexes = spec.get("regex")
        if isinstance(regexes, str):
            regexes = [regexes]
        for i, rx in enumerate(regexes or []):
            try:
                ids.append(table.add(safe_regex(str(rx))))  # hand-written: vetted and bounded
            except PatternError as exc:
                raise CheckError(path + ("regex", i) if len(regexes) > 1 else path + ("regex",), str(exc)) from None
    except ValueError as exc:
        if isinstance(exc, CheckError):
            raise
        raise CheckError(path + ("terms",), str(exc)) from None
    if not ids:
        raise CheckError(path, "needs `terms` or `regex`")
    return ids


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    sentence: Sentence
    score: int


@dataclass
class _Near:
    ids: list[int]
    within: int


class Matcher:
    """A compiled matcher; :meth:`find` returns the hits that satisfy every condition."""

    def __init__(self, spec: Any, compiler: Compiler, path: tuple[Any, ...], default_polarity: str = "any") -> None:
        table = compiler.table
        if isinstance(spec, (str, list)):
            spec = {"terms": spec}
        if not isinstance(spec, dict):
            raise CheckError(path, "a matcher must be a mapping (terms, regex, near, ...) or a list of terms")
        unknown = [k for k in spec if k not in MATCHER_KEYS]
        if unknown:
            raise CheckError(path + (unknown[0],), f"unknown matcher key {unknown[0]!r}")
        inflect = bool(spec.get("inflect", True))
        self.ids = pattern_ids({k: spec[k] for k in ("terms", "regex") if k in spec}, table, path, inflect)
        self.near = [
            _Near(pattern_ids(n, table, path + ("near", i)), int(n.get("within", 8)) if isinstance(n, dict) else 8)
            for i, n in enumerate(_as_list(spec.get("near")))
        ]
        self.also = [pattern_ids(a, table, path + ("also", i)) for i, a in enumerate(_as_list(spec.get("also")))]
        self.scope = spec.get("scope", "sentence")
        if self.scope not in _SCOPES:
            raise CheckError(path + ("scope",), f"scope must be one of {', '.join(_SCOPES)}")
        self.in_section = pattern_ids(spec["in_section"], table, path + ("in_section",)) if "in_section" in spec else None
        self.not_in_section = (
            pattern_ids(spec["not_in_section"], table, path + ("not_in_section",)) if "not_in_section" in spec else None
        )
        self.prefer = pattern_ids(spec["prefer_section"], table, path + ("prefer_section",)) if "prefer_section" in spec else self.in_section
        self.exclude = pattern_ids(spec["exclude"], table, path + ("exclude",)) if "exclude" in spec else []
        self.exclude_sentence = (
            pattern_ids(spec["exclude_sentence"], table, path + ("exclude_sentence",)) if "exclude_sentence" in spec else []
        )
        self.polarity = spec.get("polarity", default_polarity)
        if self.polarity not in ("any", "affirmative", "negative"):
            raise CheckError(path + ("polarity",), "polarity must be affirmative, negative or any")
        self.headings = bool(spec.get("headings", False))

    # -- evaluation ---------------------------------------------------------------------------
    def find(self, ctx: Context) -> list[Hit]:
        key = ("matcher", id(self))
        cached = ctx.memo.get(key)
        if cached is not None:
            return cached
        hits = self._find(ctx)
        ctx.memo[key] = hits
        return hits

    def _find(self, ctx: Context) -> list[Hit]:
        doc, scan = ctx.doc, ctx.scan
        spans: list[Span] = []
        for pid in self.ids:
            spans.extend(scan.hits(pid))
        if len(self.ids) > 1:
            spans.sort()
        if not spans:
            return []
        allowed = section_set(ctx, self.in_section) if self.in_section else None
        banned = section_set(ctx, self.not_in_section) if self.not_in_section else None
        preferred = section_set(ctx, self.prefer) if self.prefer else None
        hits: list[Hit] = []
        seen_sentences: set[int] = set()
        for start, end in spans:
            sent = doc.sentence_at(start)
            if sent is None or sent.start in seen_sentences:
                continue
            if not self.headings and doc.blocks[sent.block].kind == "heading":
                continue
            if allowed is not None and sent.section not in allowed:
                continue
            if banned is not None and sent.section in banned:
                continue
            if any(scan.any_overlap(pid, start, end) for pid in self.exclude):
                continue
            if any(scan.hits_in(pid, sent.start, sent.end) for pid in self.exclude_sentence):
                continue
            if self.polarity != "any":
                negated = is_negated(doc.text, sent.start, start)
                if negated != (self.polarity == "negative"):
                    continue
            if not all(self._near_ok(ctx, n, sent, start, end) for n in self.near):
                continue
            if not all(self._also_ok(ctx, ids, sent) for ids in self.also):
                continue
            score = (2 if preferred is not None and sent.section in preferred else 0) - _fragment(doc.text, sent) + self._dense(ctx, sent)
            hits.append(Hit(start, end, sent, score))
            seen_sentences.add(sent.start)
        return hits

    def _dense(self, ctx: Context, sent: Sentence) -> int:
        # A sentence that uses the rule's vocabulary twice ("access, correct or delete") is
        # usually the one that states the practice, rather than a passing mention.
        return 1 if sum(len(ctx.scan.hits_in(pid, sent.start, sent.end)) for pid in self.ids) >= 2 else 0

    def _near_ok(self, ctx: Context, near: _Near, sent: Sentence, start: int, end: int) -> bool:
        text = ctx.doc.text
        for pid in near.ids:
            for s, e in ctx.scan.hits_in(pid, sent.start, sent.end):
                if s < end and start < e:
                    return True
                gap = text[end:s] if s >= end else text[e:start]
                if len(_WORD.findall(gap)) <= near.within:
                    return True
        return False

    def _also_ok(self, ctx: Context, ids: list[int], sent: Sentence) -> bool:
        lo, hi = scope_range(ctx, sent, self.scope)
        return any(ctx.scan.hits_in(pid, lo, hi) for pid in ids)


def _fragment(text: str, sent: Sentence) -> int:
    """1 for a heading-like or list fragment (few words, or no closing full stop), which makes
    weaker evidence than a complete sentence saying the same thing; else 0."""
    body = text[sent.start:sent.end].rstrip()
    words = _WORD.findall(body)
    if len(words) < 6 or not body.endswith((".", "!", "?", ".)", '."', ".”")):
        return 1
    long_words = [w for w in words if len(w) > 3]
    # A short Title Case line ("Updates and Changes to Your Information.") is a heading.
    return 1 if len(words) <= 12 and long_words and all(w[0].isupper() for w in long_words) else 0


def scope_range(ctx: Context, sent: Sentence, scope: str) -> Span:
    doc = ctx.doc
    if scope == "sentence":
        return sent.start, sent.end
    if scope == "block":
        b = doc.blocks[sent.block]
        return b.start, b.end
    if scope == "section" and sent.section is not None:
        s = doc.sections[sent.section]
        return s.start, s.end
    return 0, len(doc.text)


def section_set(ctx: Context, ids: list[int]) -> frozenset[int | None]:
    """Indices of sections whose heading (or an ancestor's heading) matches ``ids``."""
    key = ("sections", tuple(ids))
    cached = ctx.memo.get(key)
    if cached is not None:
        return cached
    doc = ctx.doc
    direct: set[int] = set()
    for sec in doc.sections:
        if any(ctx.scan.hits_in(pid, sec.start, sec.heading_end) for pid in ids):
            direct.add(sec.index)
    result: set[int | None] = set()
    for sec in doc.sections:
        i: int | None = sec.index
        while i is not None:
            if i in direct:
                result.add(sec.index)
                break
            i = doc.sections[i].parent
    frozen = frozenset(result)
    ctx.memo[key] = frozen
    return frozen


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return [value]  # a plain list of terms is one clause
    return value if isinstance(value, list) else [value]
