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
    secondary: true                            # evidence from here ranks below the other matchers'
    lead_in: true                              # a list item goes on from its "...:" lead-in
    prefer_section: [contact]                  # rank evidence under these headings (or run-in headings) first
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from policylint.checks.base import CheckError, Compiler, Context, Span
from policylint.checks.index import DocIndex, definition, fragment, overview
from policylint.checks.lists import colon_leads
from policylint.checks.negation import negated_at
from policylint.checks.ranking import DENSE, PREFERRED, TOP, count_apart, in_condition, run_in_headings, score
from policylint.checks.search import Group, Hit, Preferred, Sections, best_first, best_hits, candidate_groups
from policylint.matching import PatternError, PatternTable
from policylint.model import Document, Sentence

MATCHER_KEYS = frozenset(
    "terms regex inflect near also scope in_section not_in_section exclude exclude_sentence polarity headings prefer_section lead_in secondary overview".split()
)
_SCOPES = ("sentence", "block", "section", "document")
_WORD = re.compile(r"\w+")


def compile_matcher(
    spec: Any, compiler: Compiler, path: tuple[Any, ...], default_polarity: str = "any", default_overview: bool = False
) -> Matcher:
    """The matcher for ``spec``. Rules that state the same matcher (equal :attr:`Matcher.key`)
    get one shared object, so it is evaluated once per document for all of them."""
    matcher = Matcher(spec, compiler, path, default_polarity, default_overview or compiler.in_trigger > 0)
    return compiler.shared.setdefault(("matcher", matcher.key), matcher)


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
        if regexes:
            # Only compiling a ruleset vets regexes; a cached run never imports the vetting code.
            from policylint.matching.safety import safe_regex
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


@dataclass
class _Near:
    ids: list[int]
    within: int


class Matcher:
    """A compiled matcher; :meth:`find` returns the hits that satisfy every condition."""

    def __init__(
        self, spec: Any, compiler: Compiler, path: tuple[Any, ...], default_polarity: str = "any", default_overview: bool = False
    ) -> None:
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
        self.ids_key = tuple(self.ids)
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
        self.prefer_key = tuple(self.prefer or ())
        self.exclude = pattern_ids(spec["exclude"], table, path + ("exclude",)) if "exclude" in spec else []
        self.exclude_sentence = (
            pattern_ids(spec["exclude_sentence"], table, path + ("exclude_sentence",)) if "exclude_sentence" in spec else []
        )
        self.polarity = spec.get("polarity", default_polarity)
        if self.polarity not in ("any", "affirmative", "negative"):
            raise CheckError(path + ("polarity",), "polarity must be affirmative, negative or any")
        self.headings = bool(spec.get("headings", False))
        # Hits that imply rather than state the practice: evidence only where no other matcher's is.
        self.secondary = bool(spec.get("secondary", False))
        # A sentence about the policy itself ("This policy explains how we ...") states no practice,
        # unless the matcher looks for what such a sentence does state (the controller's name). It
        # does say that the practice happens: a trigger (`when`) or a `forbid` counts it.
        self.overview = bool(spec.get("overview", default_overview))
        # Off by default: most vocabularies were written for whole sentences, and a lead-in's
        # last words ("... personal information, to:") stand beside every item of its list.
        self.lead_in = bool(spec.get("lead_in", False))
        # Vocabulary a passing sentence must contain besides the matcher's own.
        self.near_ids = [tuple(n.ids) for n in self.near]
        self.required = list(self.near_ids) + ([tuple(a) for a in self.also] if self.scope == "sentence" else [])
        self.key = self._key()

    # -- evaluation ---------------------------------------------------------------------------
    def find(self, ctx: Context) -> list[Hit]:
        """Every hit, in document order: the first passing hit of each sentence."""
        idx = ctx.index
        if not idx.spans(self.ids_key):  # most matchers on most documents: nothing to look at
            return []
        hits = idx.found.get(self)
        if hits is None:
            hits = idx.found[self] = self._find(ctx, idx)[0] if idx.disjoint else self._find_simple(ctx)
        return hits

    def best(self, ctx: Context, limit: int) -> list[Hit]:
        """``best_hits(self.find(ctx), limit)``, but the search stops as soon as ``limit`` hits
        with the highest score possible are found: no later hit can outrank them."""
        idx = ctx.index
        if not idx.spans(self.ids_key):
            return []
        ranked = idx.ranked.get((self, limit))
        if ranked is None:
            hits = idx.found.get(self)
            if hits is None and idx.disjoint:
                hits, complete = self._find(ctx, idx, limit)
                if complete:
                    idx.found[self] = hits
            elif hits is None:
                hits = self.find(ctx)
            ranked = idx.ranked[self, limit] = best_hits(hits, limit)
        return ranked

    def _key(self) -> tuple[Any, ...]:
        """Everything that decides :meth:`find`'s answer: equal keys, equal hits."""
        return (
            self.ids_key, tuple((tuple(n.ids), n.within) for n in self.near), tuple(tuple(a) for a in self.also),
            self.scope, _opt(self.in_section), _opt(self.not_in_section), _opt(self.prefer),
            tuple(self.exclude), tuple(self.exclude_sentence), self.polarity, self.headings, self.lead_in, self.secondary,
            self.overview,
        )

    def _find(self, ctx: Context, idx: DocIndex, limit: int = 0) -> tuple[list[Hit], bool]:
        """Hits and whether the search was complete (it stops early only with ``limit``).

        Same hits as :meth:`_find_simple`, given ``idx.disjoint``: then one sentence's hits are a
        contiguous run of the sorted spans, so each sentence is judged once, and its spans only
        until one passes. Candidate sentences come from the rarest vocabulary a passing sentence
        must contain (the matcher's own, or a ``near``/sentence ``also`` one), only inside the
        sections the matcher is restricted to.
        """
        spans = idx.spans(self.ids_key)
        driver = spans
        near_driver = False
        for k, ids in enumerate(self.required):
            other = idx.spans(ids)
            if len(other) < len(driver):
                driver, near_driver = other, k < len(self.near_ids)
        if near_driver and self.lead_in and idx.leads:
            # A near term in a list's lead-in also stands beside the first words of its items.
            driver = _with_led_items(idx, driver)
        if not driver:
            return [], True
        allowed = section_set(ctx, self.in_section) if self.in_section else None
        if allowed is not None and not allowed:
            return [], True
        ranges = idx.section_ranges(allowed) if allowed is not None and idx.nested else [(0, len(idx.text))]
        groups = candidate_groups(idx, spans, driver, ranges)
        if not groups:
            return [], True
        preferred = (section_set(ctx, self.prefer, page_titles=False), idx.led_blocks(self.prefer_key)) if self.prefer else None
        judge = self._judge(ctx, idx, spans, allowed, preferred)
        if not limit or len(groups) <= limit:  # every sentence is judged anyway
            return [h for h in map(judge, groups) if h is not None], True
        return best_first(idx, self._tiers(idx, groups, preferred), judge, limit)

    def _tiers(self, idx: DocIndex, groups: list[Group], preferred: Preferred) -> list[list[Group]]:
        """The candidate sentences by the most each can score (:func:`score` before judging,
        ``tiers[bound]``, in document order): under a preferred heading, and dense counting
        every ``near`` hit (overlapping ones too, so the bound is never below the score)."""
        tiers: list[list[Group]] = [[] for _ in range(TOP + 1)]
        sentences, starts, ends = idx.sentences, idx.sentence_starts, idx.sentence_ends
        near = [idx.spans(ids) for ids in self.near_ids]
        sections, blocks = preferred if preferred is not None else (frozenset(), frozenset())
        for group in groups:
            i, p, q = group
            crowded = False
            for found in near:
                # Two hits start in the sentence? ((offset,) sorts before every span starting at
                # offset: bisecting on it finds what key=first finds, comparing tuples in C.)
                k = bisect_left(found, (starts[i],)) + 1
                if k < len(found) and found[k][0] < ends[i]:
                    crowded = True
                    break
            dense = DENSE * ((q - p >= 2) + crowded)
            if preferred is None:
                tiers[dense].append(group)
            else:
                sent = sentences[i]
                tiers[(PREFERRED if sent.section in sections or sent.block in blocks else 0) + dense].append(group)
        return tiers

    def _judge(
        self, ctx: Context, idx: DocIndex, spans: list[Span], allowed: Sections, preferred: Preferred
    ) -> Callable[[Group], Hit | None]:
        """The judge of one candidate sentence ``(i, p, q)``: sentence ``i`` holds ``spans[p:q]``."""
        scan, sentences, text = ctx.scan, idx.sentences, idx.text
        banned = section_set(ctx, self.not_in_section) if self.not_in_section else None
        exclude = [pid for pid in self.exclude if scan.hits(pid)]  # only a present phrase can veto
        polarity = None if self.polarity == "any" else self.polarity == "negative"
        sections, blocks = preferred if preferred is not None else (frozenset(), frozenset())

        def judge(group: Group) -> Hit | None:
            i, p, q = group
            sent = sentences[i]
            if not self._sentence_ok(idx, i, allowed, banned):
                return None
            near = self._sentence_near(idx, i, sent)
            if near is None:
                return None
            may_condition: bool | None = None  # asked once a hit passes: most sentences fail before
            chosen: Span | None = None
            conditional: Span | None = None  # the first passing hit, when it lies in a condition
            for start, end in spans[p:q]:
                if exclude and any(scan.any_overlap(pid, start, end) for pid in exclude):
                    continue
                if polarity is not None and idx.negated(sent, start) != polarity:
                    continue
                if near and not all(
                    _near_span(idx, i, start, end, within, found) or (led and _near_lead(idx, i, start, within, led))
                    for within, found, led in near
                ):
                    continue
                if may_condition is None:
                    may_condition = idx.may_condition(i)
                # In a condition, unless a near term is outside it ("If we make changes, we will
                # notify you"): then the main clause states the practice.
                if may_condition and idx.conditional(sent, start) and all(idx.conditional(sent, h) for _, found, _ in near for h, _ in found):
                    conditional = conditional or (start, end)
                    continue  # a later hit in the main clause states it better
                chosen = (start, end)
                break
            if chosen is None and conditional is None:
                return None
            # More of the vocabulary than a passing sentence must hold (one own term and one of
            # each near list): two own terms, or two different terms of one near list ("block,
            # disable or delete cookies" rather than "disable cookies").
            dense = (q - p >= 2) + any(len(found) >= 2 and count_apart(text, sorted(found)) >= 2 for _, found, _ in near)
            pref = sent.section in sections or sent.block in blocks
            frag = idx.fragment(i)
            # A heading that only names the topic ("Right to object") is evidence where no
            # sentence is; a sentence set in bold (read as a heading) is not a fragment.
            demoted = self.secondary + bool(frag and idx.heading[i])
            return Hit(*(chosen or conditional), sent, score(pref, dense, idx.weak(i), chosen is None, demoted))

        return judge

    def _sentence_ok(
        self, idx: DocIndex, i: int, allowed: frozenset[int | None] | None, banned: frozenset[int | None] | None
    ) -> bool:
        """The conditions that depend on the sentence only, not on where in it the hit is."""
        sent = idx.sentences[i]
        if not self.headings and idx.heading[i]:
            return False
        if not self.overview and idx.overview(i):
            return False
        if allowed is not None and sent.section not in allowed:
            return False
        if banned is not None and sent.section in banned:
            return False
        if self.exclude_sentence:
            if any(idx.has_hit(pid, sent.start, sent.end) for pid in self.exclude_sentence):
                return False
            lead = idx.leads.get(i) if self.lead_in else None  # an item goes on from its lead-in
            if lead is not None:
                ls = idx.sentences[lead]
                if any(idx.has_hit(pid, ls.start, ls.end) for pid in self.exclude_sentence):
                    return False
        if self.also:
            lo, hi = scope_range_of(idx.doc, sent, self.scope)
            return all(any(idx.has_hit(pid, lo, hi) for pid in ids) for ids in self.also)
        return True

    def _sentence_near(self, idx: DocIndex, i: int, sent: Sentence) -> list[tuple[int, list[Span], list[Span]]] | None:
        """For each ``near`` condition, its hits in sentence ``i`` and in the list lead-in that
        the sentence continues (:func:`colon_leads`); None when one has none (then no hit of
        the sentence can pass)."""
        out: list[tuple[int, list[Span], list[Span]]] = []
        lead = idx.leads.get(i) if self.lead_in and self.near else None
        for nr in self.near:
            found = [h for pid in nr.ids for h in idx.hits_in(pid, sent.start, sent.end)]
            led: list[Span] = []
            if lead is not None:
                ls = idx.sentences[lead]
                led = [h for pid in nr.ids for h in idx.hits_in(pid, ls.start, ls.end)]
            if not found and not led:
                return None
            out.append((nr.within, found, led))
        return out

    def _find_simple(self, ctx: Context) -> list[Hit]:
        """The reference algorithm, hit by hit; used for documents whose sentences overlap or are
        out of order (no loader makes such, but a Document can be built by hand)."""
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
        preferred: Preferred = None
        if self.prefer:
            led = frozenset(s.block for s in run_in_headings(doc, lambda i: fragment(doc.text, doc.sentences[i]))
                            if any(scan.hits_in(pid, s.start, s.end) for pid in self.prefer))
            preferred = (section_set(ctx, self.prefer, page_titles=False), led)
        leads = {doc.sentences[i].start: doc.sentences[j] for i, j in colon_leads(doc).items()} if self.lead_in else {}
        # Per sentence, its first passing hit in a main clause, else its first passing hit.
        picked: dict[int, Hit] = {}
        final: set[int] = set()
        for start, end in spans:
            sent = doc.sentence_at(start)
            if sent is None or sent.start in final:
                continue
            if not self.headings and doc.blocks[sent.block].kind == "heading":
                continue
            if not self.overview and overview(doc.text, sent):
                continue
            if allowed is not None and sent.section not in allowed:
                continue
            if banned is not None and sent.section in banned:
                continue
            if any(scan.any_overlap(pid, start, end) for pid in self.exclude):
                continue
            lead = leads.get(sent.start)
            if any(scan.hits_in(pid, sent.start, sent.end) or lead is not None and scan.hits_in(pid, lead.start, lead.end)
                   for pid in self.exclude_sentence):
                continue
            if self.polarity != "any":
                negated = negated_at(doc, sent, start)
                if negated != (self.polarity == "negative"):
                    continue
            if not all(self._near_ok(ctx, n, sent, start, end, lead) for n in self.near):
                continue
            if not all(self._also_ok(ctx, ids, sent) for ids in self.also):
                continue
            conditional = in_condition(doc.text, sent.start, start) and all(
                in_condition(doc.text, sent.start, h) for n in self.near for pid in n.ids for h, _ in scan.hits_in(pid, sent.start, sent.end)
            )
            if conditional and sent.start in picked:
                continue
            pref = preferred is not None and (sent.section in preferred[0] or sent.block in preferred[1])
            frag = fragment(doc.text, sent)
            demoted = self.secondary + bool(frag and doc.blocks[sent.block].kind == "heading")
            weak = frag + definition(doc.text, sent)
            picked[sent.start] = Hit(start, end, sent, score(pref, self._dense(ctx, sent), weak, conditional, demoted))
            if not conditional:
                final.add(sent.start)
        return list(picked.values())

    def _dense(self, ctx: Context, sent: Sentence) -> int:
        # A sentence that uses the rule's vocabulary more than a hit needs ("access, correct or
        # delete") is usually the one that states the practice, rather than a passing mention.
        own = sum(len(ctx.scan.hits_in(pid, sent.start, sent.end)) for pid in self.ids)
        return (own >= 2) + any(
            count_apart(ctx.doc.text, sorted(h for pid in n.ids for h in ctx.scan.hits_in(pid, sent.start, sent.end))) >= 2
            for n in self.near
        )

    def _near_ok(self, ctx: Context, near: _Near, sent: Sentence, start: int, end: int, lead: Sentence | None) -> bool:
        text = ctx.doc.text
        for pid in near.ids:
            for s, e in ctx.scan.hits_in(pid, sent.start, sent.end):
                if s < end and start < e:
                    return True
                gap = text[end:s] if s >= end else text[e:start]
                if len(_WORD.findall(gap)) <= near.within:
                    return True
            if lead is not None:
                for _, e in ctx.scan.hits_in(pid, lead.start, lead.end):
                    if len(_WORD.findall(text, e, lead.end)) + len(_WORD.findall(text, sent.start, start)) <= near.within:
                        return True
        return False

    def _also_ok(self, ctx: Context, ids: list[int], sent: Sentence) -> bool:
        lo, hi = scope_range(ctx, sent, self.scope)
        return any(ctx.scan.hits_in(pid, lo, hi) for pid in ids)


def _near_span(idx: DocIndex, i: int, start: int, end: int, within: int, found: list[Span]) -> bool:
    """Whether one of ``found`` (near-term hits in sentence ``i``) overlaps the hit ``[start,
    end)`` or is at most ``within`` words away from it."""
    for s, e in found:
        if s < end and start < e:
            return True
        if idx.words_at_most(i, end, s, within) if s >= end else idx.words_at_most(i, e, start, within):
            return True
    return False


def _near_lead(idx: DocIndex, i: int, start: int, within: int, led: list[Span]) -> bool:
    """Whether one of ``led`` (near-term hits in the lead-in that sentence ``i`` continues) is at
    most ``within`` words from the hit at ``start``: the words after it to the lead-in's end,
    plus the words of the item before the hit."""
    lead = idx.sentences[idx.leads[i]]
    text = idx.text
    for _, e in led:
        after = len(_WORD.findall(text, e, lead.end))
        if after <= within and idx.words_at_most(i, idx.sentences[i].start, start, within - after):
            return True
    return False


def _with_led_items(idx: DocIndex, driver: list[Span]) -> list[Span]:
    """``driver`` plus an empty span at the start of every item sentence whose lead-in holds a
    hit of it, so that those sentences become candidates too."""
    starts = idx.sentence_starts
    extra: list[Span] = []
    for i, j in idx.leads.items():
        lead = idx.sentences[j]
        k = bisect_left(driver, (lead.start,))
        if k < len(driver) and driver[k][0] < lead.end:
            extra.append((starts[i], starts[i]))
    return sorted(driver + extra) if extra else driver


def _opt(ids: list[int] | None) -> tuple[int, ...] | None:
    return None if ids is None else tuple(ids)


def scope_range(ctx: Context, sent: Sentence, scope: str) -> Span:
    return scope_range_of(ctx.doc, sent, scope)


def scope_range_of(doc: Document, sent: Sentence, scope: str) -> Span:
    """The text range of ``scope`` (sentence, block, section, document) around ``sent``."""
    if scope == "sentence":
        return sent.start, sent.end
    if scope == "block":
        b = doc.blocks[sent.block]
        return b.start, b.end
    if scope == "section" and sent.section is not None:
        s = doc.sections[sent.section]
        return s.start, s.end
    return 0, len(doc.text)


def section_set(ctx: Context, ids: list[int], page_titles: bool = True) -> frozenset[int | None]:
    """Indices of sections whose heading (or an ancestor's heading) matches ``ids``.

    ``page_titles=False`` leaves out a matching page title: a heading whose section holds most of
    the document and has sections of its own ("Acme Security Center", a "Last updated ..." line
    read as a heading above the whole policy). Everything sits under it, so for ranking evidence
    (``prefer_section``) it says nothing about any one sentence's topic.
    """
    key = ("sections", tuple(ids), page_titles)
    cached = ctx.memo.get(key)
    if cached is not None:
        return cached
    doc = ctx.doc
    heading_sections = ctx.index.heading_sections
    direct: set[int] = set()
    for pid in ids:
        direct |= heading_sections(pid)
    if not page_titles and direct:
        direct = {k for k in direct if not _page_title(doc, k)}
    if not direct:
        ctx.memo[key] = frozenset()
        return ctx.memo[key]
    result: set[int | None] = set()
    if ctx.index.parents_first:
        # One pass: a section is in when it is matched itself or its parent (seen before) is.
        inside = [False] * len(doc.sections)
        for k, sec in enumerate(doc.sections):
            if k in direct or (sec.parent is not None and inside[sec.parent]):
                inside[k] = True
                result.add(k)
    else:
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


#: Share of the document a section must hold for its heading to count as a page title.
PAGE_TITLE_SHARE = 0.8


def _page_title(doc: Document, k: int) -> bool:
    sec = doc.sections[k]
    if (sec.end - sec.start) < PAGE_TITLE_SHARE * len(doc.text):
        return False
    return any(other.parent == k for other in doc.sections[k + 1:])


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return [value]  # a plain list of terms is one clause
    return value if isinstance(value, list) else [value]
