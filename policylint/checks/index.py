"""Per-document lookups that every check shares, each computed once per document.

Rules are evaluated one after the other on the same document and ask the same questions again and
again (which sentence is this hit in, is it negated, is this sentence a fragment). A
:class:`DocIndex` answers them from memos kept for the document's lifetime (``Context.index``),
so evaluation costs grow with the distinct questions asked, not with the number of rules.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import chain
from operator import itemgetter
from typing import Any

from policylint.checks.lists import colon_leads
from policylint.checks.negation import negated_at
from policylint.checks.ranking import in_condition, may_condition, run_in_headings
from policylint.matching import Scan
from policylint.model import Document, Sentence

Span = tuple[int, int]
_WORD = re.compile(r"\w+")
_FULL_STOP = (".", "!", "?", ".)", '."', ".”")
first = itemgetter(0)  # a span's start: the key to bisect sorted spans with


class DocIndex:
    """Memoised per-document answers over one document and its pattern scan."""

    def __init__(self, doc: Document, scan: Scan) -> None:
        self.doc = doc
        self.scan = scan
        self.text = doc.text
        self.sentences = doc.sentences
        self.sentence_starts = [s.start for s in doc.sentences]
        self.sentence_ends = [s.end for s in doc.sentences]
        self.heading = [doc.blocks[s.block].kind == "heading" for s in doc.sentences]
        # Sorted, non-empty, non-overlapping sentences (what the loaders produce) make "the hit
        # starts inside sentence i" the same as "sentence_at(hit) is sentence i", so the hits of
        # one sentence are a contiguous run of a pattern's sorted hits. The fast paths rely on it;
        # a document without it is evaluated by the plain reference algorithms instead.
        starts, ends = self.sentence_starts, self.sentence_ends
        self.disjoint = all(s < e for s, e in zip(starts, ends)) and all(e <= s for e, s in zip(ends, starts[1:]))
        # Every sentence inside its section's range: then only the text of the sections a rule
        # is restricted to needs looking at.
        sections = doc.sections
        self.nested = all(
            s.section is None or (0 <= s.section < len(sections) and sections[s.section].start <= s.start and s.end <= sections[s.section].end)
            for s in doc.sentences
        )
        # Each section's index is its position and its parent comes before it: the sections under
        # a heading are then found in one pass.
        self.parents_first = all(
            sec.index == k and (sec.parent is None or 0 <= sec.parent < k) for k, sec in enumerate(sections)
        )
        # Heading ranges in order and apart: a hit's heading is then found by one bisect.
        self.heading_starts = [s.start for s in sections]
        self.heading_ends = [s.heading_end for s in sections]
        self.headings_apart = all(
            e <= s2 and s1 < s2 for s1, e, s2 in zip(self.heading_starts, self.heading_ends, self.heading_starts[1:])
        )
        # Matcher answers, keyed by the (shared) matcher object: all hits, and the best few.
        self.found: dict[Any, Any] = {}
        self.ranked: dict[tuple[Any, int], Any] = {}
        self._spans: dict[tuple[int, ...], list[Span]] = {}
        self._headings: dict[int, frozenset[int]] = {}
        self._ranges: dict[frozenset[int | None], list[Span]] = {}
        self._fragment: dict[int, int] = {}
        self._weak: dict[int, int] = {}
        self._overview: dict[int, bool] = {}
        self._negated: dict[int, bool] = {}
        self._words: dict[int, tuple[list[int], list[int]]] = {}
        self._run_in: list[Sentence] | None = None
        self._led: dict[tuple[int, ...], frozenset[int]] = {}
        self._may_condition: dict[int, bool] = {}  # by sentence index
        self._conditional: dict[int, bool] = {}  # by hit start
        self._leads: dict[int, int] | None = None

    def spans(self, ids: tuple[int, ...]) -> list[Span]:
        """The hits of every pattern in ``ids`` merged in document order."""
        found = self._spans.get(ids)
        if found is None:
            if len(ids) == 1:
                found = self.scan.hits(ids[0])
            else:
                found = sorted(chain.from_iterable(self.scan.hits(pid) for pid in ids))
            self._spans[ids] = found
        return found

    def has_hit(self, pid: int, start: int, end: int) -> bool:
        """Whether a hit of ``pid`` starts inside ``[start, end)`` (``bool(scan.hits_in(...))``)."""
        spans = self.scan.hits(pid)
        i = bisect_left(spans, start, key=first)
        return i < len(spans) and spans[i][0] < end

    def hits_in(self, pid: int, start: int, end: int) -> list[Span]:
        """The hits of ``pid`` that start inside ``[start, end)``, as ``Scan.hits_in``."""
        spans = self.scan.hits(pid)
        i = bisect_left(spans, start, key=first)
        return spans[i:bisect_left(spans, end, i, key=first)]

    def heading_sections(self, pid: int) -> frozenset[int]:
        """``Section.index`` of every section whose heading holds the start of a hit of ``pid``."""
        found = self._headings.get(pid)
        if found is None:
            spans, sections = self.scan.hits(pid), self.doc.sections
            if self.headings_apart and len(spans) < len(sections):
                # Few hits: look each one's heading up rather than each heading's hits.
                starts, ends = self.heading_starts, self.heading_ends
                hit: set[int] = set()
                for h, _ in spans:
                    k = bisect_right(starts, h) - 1
                    if k >= 0 and h < ends[k]:
                        hit.add(sections[k].index)
                found = frozenset(hit)
            else:
                hit = set()
                for sec in sections:  # has_hit(pid, sec.start, sec.heading_end), inlined
                    k = bisect_left(spans, sec.start, key=first)
                    if k < len(spans) and spans[k][0] < sec.heading_end:
                        hit.add(sec.index)
                found = frozenset(hit)
            self._headings[pid] = found
        return found

    def section_ranges(self, sections: frozenset[int | None]) -> list[Span]:
        """The text ranges of ``sections`` (with ``nested``: where their sentences lie), merged."""
        found = self._ranges.get(sections)
        if found is None:
            found = []
            secs = self.doc.sections
            for lo, hi in sorted((secs[i].start, secs[i].end) for i in sections if i is not None and 0 <= i < len(secs)):
                if found and lo <= found[-1][1]:
                    found[-1] = (found[-1][0], max(hi, found[-1][1]))
                else:
                    found.append((lo, hi))
            self._ranges[sections] = found
        return found

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence containing ``offset`` (as :meth:`Document.sentence_at`), or -1."""
        i = bisect_right(self.sentence_starts, offset) - 1
        if i >= 0 and offset < max(self.sentence_ends[i], self.sentence_starts[i] + 1):
            return i
        return -1

    @property
    def leads(self) -> dict[int, int]:
        """:func:`colon_leads`: sentence index of an item's first sentence -> its lead-in's."""
        if self._leads is None:
            self._leads = colon_leads(self.doc)
        return self._leads

    def negated(self, sentence: Sentence, start: int) -> bool:
        """:func:`negated_at` for a hit starting at ``start`` in ``sentence``, memoised."""
        # The sentence is a function of ``start``, so ``start`` alone is the key.
        found = self._negated.get(start)
        if found is None:
            found = self._negated[start] = negated_at(self.doc, sentence, start)
        return found

    def fragment(self, i: int) -> int:
        """:func:`fragment` of sentence ``i``, memoised."""
        found = self._fragment.get(i)
        if found is None:
            found = self._fragment[i] = fragment(self.text, self.sentences[i])
        return found

    def overview(self, i: int) -> bool:
        """Whether sentence ``i`` is about the policy itself (:func:`overview`)."""
        found = self._overview.get(i)
        if found is None:
            found = self._overview[i] = overview(self.text, self.sentences[i])
        return found

    def weak(self, i: int) -> int:
        """Points sentence ``i`` loses as evidence for its form: :func:`fragment` plus
        :func:`definition`, memoised."""
        found = self._weak.get(i)
        if found is None:
            found = self._weak[i] = self.fragment(i) + definition(self.text, self.sentences[i])
        return found

    def led_blocks(self, ids: tuple[int, ...]) -> frozenset[int]:
        """Blocks headed by a run-in heading (:func:`run_in_headings`) holding a hit of ``ids``."""
        found = self._led.get(ids)
        if found is None:
            if self._run_in is None:
                self._run_in = run_in_headings(self.doc, self.fragment)
            run_in = self._run_in
            led: set[int] = set()
            if run_in:
                starts = [s.start for s in run_in]
                for pid in ids:
                    spans = self.scan.hits(pid)
                    if len(spans) < len(run_in):  # few hits: look each one's sentence up
                        for h, _ in spans:
                            k = bisect_right(starts, h) - 1
                            if k >= 0 and h < run_in[k].end:
                                led.add(run_in[k].block)
                    else:
                        led.update(s.block for s in run_in if self.has_hit(pid, s.start, s.end))
            found = self._led[ids] = frozenset(led)
        return found

    def may_condition(self, i: int) -> bool:
        """Whether sentence ``i`` holds a word that opens a condition (:func:`may_condition`):
        most do not, and then no hit in them is in one. Memoised."""
        found = self._may_condition.get(i)
        if found is None:
            sent = self.sentences[i]
            found = self._may_condition[i] = may_condition(self.text, sent.start, sent.end)
        return found

    def conditional(self, sentence: Sentence, start: int) -> bool:
        """:func:`in_condition` for a hit starting at ``start`` in ``sentence``, memoised (ask
        :meth:`may_condition` of the sentence first)."""
        found = self._conditional.get(start)
        if found is None:
            found = self._conditional[start] = in_condition(self.text, sentence.start, start)
        return found

    def words_at_most(self, i: int, start: int, end: int, limit: int) -> bool:
        """Whether ``text[start:end]``, inside sentence ``i``, holds at most ``limit`` words
        (``\\w+`` runs, a word cut by ``start`` counting as one)."""
        # k words need at least 2k - 1 characters, so a gap of 2 * limit characters or fewer
        # cannot hold limit + 1 words and needs no counting.
        if end - start <= 2 * limit:
            return True
        words = self._words.get(i)
        if words is None:
            sent = self.sentences[i]
            runs = [m.span() for m in _WORD.finditer(self.text, sent.start, sent.end)]
            words = self._words[i] = ([s for s, _ in runs], [e for _, e in runs])
        # Words of the gap: the sentence's word runs that start before ``end`` and end after
        # ``start`` (runs are sorted and disjoint, so both lists are sorted).
        return bisect_left(words[0], end) - bisect_right(words[1], start) <= limit


# A sentence that defines a term ("\"Personal information\" is any information that can be used
# to identify you", "Processing means ..."): it names what the practice is about without stating
# the practice, so it is weaker evidence than a sentence that states it.
_DEFINITION = re.compile(
    # a quoted term: "Personal Information" means / is any / refers to ...
    r"\W{0,3}(?:the\s+terms?\s+)?[\"“‘][^\"“”‘’\n]{1,60}[\"”’]\s*(?:\([^)\n]{0,40}\)\s*)?,?\s*"
    r"(?:means|mean|shall\s+mean|refers?\s+to|is\s+defined\s+as|are\s+defined\s+as|is\s+any|are\s+any|has\s+the\s+meaning|includes)\b"
    # or an unquoted term with a defining verb that is never an ordinary statement's
    r"|\W{0,3}\w[\w ,/&()-]{0,60}?\s+(?:shall\s+mean|is\s+defined\s+as|are\s+defined\s+as|means\s+any|is\s+any\s+information|are\s+any\s+information)\b",
    re.I,
)


# A sentence about the policy itself rather than a practice: an overview of what the notice
# covers ("This Privacy Policy explains how we collect, use and share your information and your
# choices to access or delete it", "We have adopted this policy to explain ..."), or a disclaimer
# of its reach ("Nothing in this Privacy Policy is intended to limit any legal objections you may
# have"). It names the topics without stating any of them, so it satisfies no requirement unless
# a matcher says so (`overview: true`: an overview names the controller, for instance).
_OVERVIEW = re.compile(
    r"\W{0,3}(?:\d+(?:\.\d+)*\.?\s+)?(?:"
    # "This (Privacy) Policy / Our Privacy Notice ("Notice") (, together with X,) (also) explains / describes ..."
    r"(?:this|our|the)\s+(?:[\w-]+\s+){0,3}?(?:policy|notice|statement|document)(?:\s*\([^)\n]{0,60}\))?"
    r"(?:,?\s+(?:together|along)\s+with\s+[^,.\n]{0,80},)?\s+(?:also\s+|further\s+|below\s+)?"
    r"(?:explains?|describes?|sets?\s+(?:out|forth)|outlines?|tells?\s+you|informs?\s+you|details|summari[sz]es|covers"
    r"|(?:is\s+)?(?:designed|intended|meant)\s+to\s+(?:explain|describe|inform|help\s+you\s+understand))"
    r"|it\s+also\s+(?:explains|describes|sets\s+out|outlines|tells\s+you)"
    # "We have adopted this privacy policy (...) to explain ..."
    r"|we\s+(?:have\s+)?(?:adopted|created|written|wrote|prepared|developed|established)\s+this\s+(?:[\w-]+\s+){0,2}?(?:policy|notice|statement)"
    r"[^.\n]{0,80}?\s+to\s+(?:explain|describe|inform|tell|disclose|let\s+you\s+know)"
    r"|the\s+purpose\s+of\s+this\s+(?:[\w-]+\s+){0,2}?(?:policy|notice|statement)\s+is\s+to"
    # "Nothing in this Privacy Policy is intended to / shall limit ..."
    r"|(?:however,?\s+)?nothing\s+in\s+this\s+(?:[\w-]+\s+){0,2}?(?:policy|notice|statement)\s+(?:is\s+intended\s+to|shall|will|should|is\s+meant\s+to|restricts|limits)"
    r")\b",
    re.I,
)


def overview(text: str, sent: Sentence) -> bool:
    """Whether the sentence is about the policy itself (see ``_OVERVIEW``)."""
    return _OVERVIEW.match(text, sent.start, sent.end) is not None


def definition(text: str, sent: Sentence) -> int:
    """1 for a sentence that defines a term (see ``_DEFINITION``), else 0."""
    return 1 if _DEFINITION.match(text, sent.start, sent.end) else 0


def fragment(text: str, sent: Sentence) -> int:
    """1 for a heading-like or list fragment (few words, or no closing full stop), which makes
    weaker evidence than a complete sentence saying the same thing; else 0."""
    body = text[sent.start:sent.end].rstrip()
    if not body.endswith(_FULL_STOP):  # the cheap test first
        return 1
    words = _WORD.findall(body)
    if len(words) < 6:
        return 1
    if len(words) > 12:
        return 0
    long_words = [w for w in words if len(w) > 3]
    # A short Title Case line ("Updates and Changes to Your Information.") is a heading.
    return 1 if long_words and all(w[0].isupper() for w in long_words) else 0
