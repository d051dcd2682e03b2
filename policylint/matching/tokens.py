"""Term lists matched a word at a time, all patterns in one pass over a document's words.

Most patterns are lists of vocabulary terms (``opt-out``, ``personal data``, ``cookie*``). Their
regexes only ever match whole runs of word characters joined by a few kinds of separators, so
they can be matched on the document's words instead: every term becomes a path of words in one
trie shared by all patterns, each document word is looked up once (with a per-process memo, so
"information" is resolved once, not once per pattern and document), and the trie is walked
from each word that starts some term. The cost grows with the words of the document, not with
the number of patterns, and no regex is compiled for these patterns at all.

The result is exactly ``finditer`` of the pattern's regex (:mod:`policylint.matching.terms`
builds both from one description of a term; ``tests/test_tokens.py`` compares them on random
texts, ``tests/test_backends.py`` and ``benchmarks/verify_backends.py`` on the corpora): the leftmost match wins, among matches at one start the first
alternative, and a match overlapping the previous one is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate, chain, compress, product
from operator import le
from typing import Any

from policylint.matching.terms import (
    _HYPHEN_OR_SPACE,
    _HYPHEN_SPACE_OR_NONE,
    SEP_APOS,
    SEP_JOIN,
    SEP_SLASH,
    SEP_SPACE,
    STAR_MAX,
    Word,
    ordered_terms,
    term_words,
)

Span = tuple[int, int]
_SPLIT = re.compile(r"(\w+)")
#: A term with more hyphens than this is not expanded into its joined spellings (2**n of them).
MAX_JOINS = 4
MAX_JOINED_FORMS = 512
#: Texts longer than this are matched a chunk at a time, so memory follows the chunk, not the text.
CHUNK = 1 << 20
_LOOKAHEAD_WORDS = 64

# Which separators accept a gap between two document words: a gap's class is the set of
# separator kinds it satisfies.
_SEP_SOURCES = {
    SEP_SPACE: _HYPHEN_OR_SPACE,
    SEP_JOIN: _HYPHEN_SPACE_OR_NONE,
    SEP_SLASH: r"[\s\u00a0]*/[\s\u00a0]*",
    SEP_APOS: r"['’]",
}
_KIND_BIT = {SEP_SPACE: 1, SEP_JOIN: 2, SEP_SLASH: 4, SEP_APOS: 8}


def gap_class(gap: str) -> int:
    """Bit set of the separator kinds that match all of ``gap``."""
    # re caches the compiled separators; compiling at first use keeps them off the start-up path.
    return sum(bit for kind, bit in _KIND_BIT.items() if re.fullmatch(_SEP_SOURCES[kind], gap))


@dataclass
class TermTrie:
    """The words of every simple term of every registered pattern, as one trie.

    Node numbers start at 1. ``kids`` maps (node, separator kind, word id) to the next node; a
    document word may satisfy several word ids ("cookies" is a form of ``cookie`` and starts
    ``cookie*``), and a gap several separator kinds (a space separates both ``opt out`` and
    ``opt-out``), so each step is resolved once per (node, gap, word) and memoised.
    """

    kids: dict[tuple[int, int, int], int] = field(default_factory=dict)
    roots: dict[int, int] = field(default_factory=dict)  # word id -> node after a first word
    ends: set[int] = field(default_factory=set)  # nodes where a term ends
    by_pid: dict[int, dict[int, int]] = field(default_factory=dict)  # pid -> {end node: first alt}
    nodes: int = 0
    _word_ids: dict[Word, int] = field(default_factory=dict)
    _forms: dict[str, list[int]] = field(default_factory=dict)
    _stems: dict[str, list[int]] = field(default_factory=dict)
    _branching: set[int] = field(default_factory=set)
    # Per-process memos (not pickled): document word -> word ids; document word -> (root nodes
    # that end a term, root nodes that go on) or None; one step of the walk; the first step
    # from all the root nodes a word starts (see :meth:`_fan_out`).
    _memo: dict[str, tuple[int, ...]] = field(default_factory=dict)
    _starters: dict[str, tuple[tuple[int, ...], tuple[int, ...]] | None] = field(default_factory=dict)
    _steps: dict[tuple[int, str, str], tuple[int, ...]] = field(default_factory=dict)
    _fanout: dict[tuple[tuple[int, ...], str, str], tuple[int, ...]] = field(default_factory=dict)
    # Patterns whose terms' occurrences overlapped in a document of this process. They tend to
    # again (a vocabulary of "data" and "personal data"), so :meth:`hits` sorts their candidates
    # for select() at once rather than first merging the occurrences to test them for overlaps.
    # Either way gives finditer's answer; this only decides which is tried first.
    _overlapping: set[int] = field(default_factory=set)
    _gaps: dict[str, int] = field(default_factory=dict)

    def add_pattern(self, pid: int, terms: list[str], inflected: bool, fold: Any) -> list[tuple[int, str]]:
        """Register the alternatives of ``terms_regex(terms)`` that are simple terms under
        ``pid``; returns the others as (alternative index, term) for the caller to match."""
        variants: list[tuple[int, list[list[Word | str]]]] = []
        rest: list[tuple[int, str]] = []
        for alt, term in enumerate(ordered_terms(terms)):
            words = term_words(term, inflected)
            expanded = _spellings(words, fold) if words is not None else None
            if expanded is None:
                rest.append((alt, term))
            else:
                variants.append((alt, expanded))
        if not variants:
            return rest
        ends: dict[int, int] = {}
        for alt, spellings in variants:
            for spelling in spellings:
                node = self._insert(spelling)
                self.ends.add(node)
                ends.setdefault(node, alt)  # an earlier alternative ending here wins
        self.by_pid[pid] = ends
        self._clear_memos()
        return rest

    def _clear_memos(self) -> None:
        self._memo.clear()
        self._starters.clear()
        self._steps.clear()
        self._fanout.clear()
        self._overlapping.clear()

    def _word_id(self, word: Word) -> int:
        wid = self._word_ids.get(word)
        if wid is None:
            wid = self._word_ids[word] = len(self._word_ids)
            for form in word.forms:
                (self._stems if word.star else self._forms).setdefault(form, []).append(wid)
        return wid

    def _insert(self, spelling: list[Word | str]) -> int:
        node = 0
        kind = 0
        for item in spelling:
            if isinstance(item, str):
                kind = _KIND_BIT[item]
                continue
            wid = self._word_id(item)
            if node == 0:
                nxt = self.roots.get(wid)
                if nxt is None:
                    nxt = self.roots[wid] = self._new_node()
            else:
                nxt = self.kids.get((node, kind, wid))
                if nxt is None:
                    nxt = self.kids[(node, kind, wid)] = self._new_node()
                self._branching.add(node)
            node = nxt
        return node

    def _new_node(self) -> int:
        self.nodes += 1
        return self.nodes

    # -- matching ---------------------------------------------------------------------------
    def _resolve(self, token: str) -> tuple[int, ...]:
        """The word ids ``token`` satisfies; also records the term starts it begins."""
        wids = list(self._forms.get(token, ()))
        if self._stems:
            for k in range(max(1, len(token) - STAR_MAX), len(token) + 1):
                wids.extend(self._stems.get(token[:k], ()))
        roots = [self.roots[w] for w in wids if w in self.roots]
        terminal = tuple(r for r in roots if r in self.ends)
        branch = tuple(r for r in roots if r in self._branching)
        found = tuple(wids)
        self._memo[token] = found
        self._starters[token] = (terminal, branch) if terminal or branch else None
        return found

    def _step(self, node: int, gap: str, token: str) -> tuple[int, ...]:
        cls = self._gaps.get(gap)
        if cls is None:
            cls = gap_class(gap)
            if len(self._gaps) < _MEMO_MAX:
                self._gaps[gap] = cls
        wids = self._memo.get(token)
        if wids is None:
            wids = self._resolve(token)
        kids = self.kids
        out = tuple(
            kids[key] for bit in _BITS if cls & bit for wid in wids if (key := (node, bit, wid)) in kids
        )
        if len(self._steps) < _MEMO_MAX:
            self._steps[(node, gap, token)] = out
        return out

    def _fan_out(self, branch: tuple[int, ...], gap: str, token: str) -> tuple[int, ...]:
        """The nodes one step from any of ``branch`` (the root nodes a word starts that go on)
        over ``gap`` and ``token``: the walk's first step from a word, memoised as one lookup.
        Most words that start a term are not followed by a word that continues one ("the" of
        "the company" before "data"), and this answers them without a step per root node."""
        steps = self._steps
        out: list[int] = []
        for node in branch:
            nxt = steps.get((node, gap, token))
            out.extend(self._step(node, gap, token) if nxt is None else nxt)
        found = tuple(out)
        if len(self._fanout) < _MEMO_MAX:
            self._fanout[(branch, gap, token)] = found
        return found

    def occurrences(self, folded: str) -> dict[int, list[Span]]:
        """End node -> (start, end) of every term occurrence in ``folded`` (the document
        case-folded, same offsets, without U+0345), ascending by start."""
        out: dict[int, list[Span]] = {}
        if len(folded) <= CHUNK:
            self._walk(folded, len(folded), 0, out)
            return out
        lo = 0
        n = len(folded)
        while lo < n:
            hi = _chunk_end(folded, lo + CHUNK)
            # Read on past the chunk so that a term starting inside it can finish.
            m = _AHEAD.match(folded, hi)
            self._walk(folded[lo:m.end() if m else n], hi - lo, lo, out)
            lo = hi
        return out

    def _walk(self, text: str, limit: int, base: int, out: dict[int, list[Span]]) -> None:
        parts = _SPLIT.split(text)  # gap, word, gap, word, ..., gap
        tokens = parts[1::2]
        if not tokens:
            return
        bounds = list(accumulate(map(len, parts), initial=base))  # word k: bounds[2k+1] .. bounds[2k+2]
        limit += base
        starters = self._starters
        new = set(tokens).difference(starters)
        if len(starters) + len(new) > _MEMO_MAX:  # bounded: random strings must not grow it forever
            self._clear_memos()
            new = set(tokens)
        for t in new:
            self._resolve(t)
        # (terminal roots, branching roots) per word; None for the many words that start no term.
        roots = list(map(starters.get, tokens))
        ends, branching, steps, step = self.ends, self._branching, self._steps, self._step
        fanout, fan_out = self._fanout, self._fan_out
        last = len(tokens) - 1
        for k in compress(range(len(tokens)), roots):
            start = bounds[2 * k + 1]
            if start >= limit:
                break
            terminal, branch = roots[k]  # type: ignore[misc]
            if terminal:  # one-word terms: most occurrences; one span object for all their lists
                span = (start, bounds[2 * k + 2])
                for node in terminal:
                    found = out.get(node)
                    if found is None:
                        out[node] = [span]
                    else:
                        found.append(span)
            if not branch or k == last:
                continue
            first_key = (branch, parts[2 * k + 2], tokens[k + 1])
            nxt = fanout.get(first_key)
            if nxt is None:
                nxt = fan_out(*first_key)
            if not nxt:
                continue  # three words in four: no term goes on with the next word
            # Nodes reached at word j: record the occurrences that end there, step on from the
            # others (each node is reached at most once per start, so each list stays ascending).
            stack = [(child, k + 1) for child in nxt]
            while stack:
                node, j = stack.pop()
                if node in ends:
                    span = (start, bounds[2 * j + 2])
                    found = out.get(node)
                    if found is None:
                        out[node] = [span]
                    else:
                        found.append(span)
                if node in branching and j < last:
                    key = (node, parts[2 * j + 2], tokens[j + 1])
                    nxt = steps.get(key)
                    if nxt is None:
                        nxt = step(*key)
                    stack.extend([(child, j + 1) for child in nxt])

    def hits(self, pid: int, occ: dict[int, list[Span]], more: list[tuple[int, int, int]] | None = None) -> list[Span]:
        """``finditer``'s answer for ``pid`` from the occurrences of its terms, plus ``more``
        matches (start, alternative, end) of its other alternatives found by the caller."""
        alts = self.by_pid[pid]
        present = occ.keys() & alts.keys()
        if not more:
            if not present:
                return []
            if len(present) == 1:
                spans = occ[next(iter(present))]
            elif pid in self._overlapping:
                spans = None  # overlapped before: skip the merge that would only find it again
            else:
                spans = sorted(chain.from_iterable(map(occ.__getitem__, present)))
            if spans is not None and (len(spans) <= 1 or _disjoint(spans)):
                return spans  # no two matches compete: nothing for the alternatives' order to decide
            if len(present) > 1:
                self._overlapping.add(pid)
        cands = [(start, alt, end, (start, end)) for start, alt, end in more or ()]
        for node in present:
            alt = alts[node]
            cands.extend((span[0], alt, span[1], span) for span in occ[node])
        return select(cands)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_memo"] = {}
        state["_starters"] = {}
        state["_steps"] = {}
        state["_fanout"] = {}
        state["_overlapping"] = set()
        state["_gaps"] = {}
        return state


def select(cands: list[tuple[int, int, int, Span]]) -> list[Span]:
    """What ``finditer`` of an alternation reports, given every (start, alternative, end, span)
    at which each alternative matches: the leftmost start, there the first alternative, and
    nothing that overlaps the match before. The spans themselves are returned, not copies."""
    cands.sort()
    out: list[Span] = []
    last = 0
    for start, _alt, end, span in cands:
        if start >= last:  # at one start the first alternative sorted first and won
            out.append(span)
            last = end
    return out


def _disjoint(spans: list[Span]) -> bool:
    """Whether each span starts at or after the end of the one before (spans sorted by start)."""
    flat = list(chain.from_iterable(spans))
    return all(map(le, flat[1:-1:2], flat[2::2]))


_BITS = tuple(_KIND_BIT.values())
_MEMO_MAX = 500_000
_AHEAD = re.compile(r"(?:\W*\w+){1,%d}" % _LOOKAHEAD_WORDS)
_NON_WORD = re.compile(r"\W")


def _chunk_end(text: str, pos: int) -> int:
    """A position at or after ``pos`` that is not inside a word (a chunk must hold whole words)."""
    if pos >= len(text):
        return len(text)
    m = _NON_WORD.search(text, pos)
    return m.start() if m else len(text)


def _spellings(words: list[Word | str], fold: Any) -> list[list[Word | str]] | None:
    """The term's word sequences once each hyphen (``join``) is taken either as a separator or
    as nothing ("opt-out" -> opt|out and optout), with every form case-folded."""
    joins = [i for i, w in enumerate(words) if w == SEP_JOIN]
    if len(joins) > MAX_JOINS:
        return None
    out: list[list[Word | str]] = []
    for choice in product((False, True), repeat=len(joins)):
        glue = {i for i, g in zip(joins, choice) if g}
        seq: list[Word | str] = []
        pending: Word | None = None
        for i, item in enumerate(words):
            if isinstance(item, str):
                if i in glue:
                    continue
                seq.append(pending)  # type: ignore[arg-type]
                seq.append(item)
                pending = None
                continue
            if pending is None:
                pending = item
                continue
            if pending.star:
                return None  # "track*-id": where the wildcard ends is not a word boundary
            forms = {a + b for a, b in product(pending.forms, item.forms)}
            if len(forms) > MAX_JOINED_FORMS:
                return None
            pending = Word(frozenset(forms), item.star)
        seq.append(pending)  # type: ignore[arg-type]
        out.append([Word(frozenset(fold(f) for f in w.forms), w.star) if isinstance(w, Word) else w for w in seq])
    return out
