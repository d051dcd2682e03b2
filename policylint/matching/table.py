"""All patterns of all active rules, compiled once, and scanned once per document.

Rules never call the regex engine themselves: they register pattern sources here at compile
time (identical sources are shared between rules) and ask a per-document :class:`Scan` for the
hits of a pattern id.

Patterns made of vocabulary terms are matched a word at a time, all of them in one pass over
the document's words (:mod:`policylint.matching.tokens`); their regexes are not even compiled.

Hand-written regexes are scanned in two stages so that adding rules costs far less than proportionally. Each pattern's
literal prefixes (see :mod:`policylint.matching.prefix`) go into one multi-literal search per
document (:mod:`policylint.matching.backends`: pure Python or Hyperscan); the exact regex then
runs only at the positions where one of its prefixes starts. Because every match of a pattern
starts with one of its prefixes, and the regex is run with ``match`` on the whole text at those
positions, the hits are exactly those of ``finditer`` over the whole text, whichever backend
located the candidates. Patterns without a usable prefix are scanned in full.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from time import perf_counter
from typing import Any, NamedTuple

from policylint.matching.backends import HyperscanLocator, PythonLocator, make_locator
from policylint.matching.prefix import NOT_WORD_FOLDS_TO_WORD, WORD_START, fold_text, literal_prefixes, split_alternatives
from policylint.matching.terms import term_literal, term_regex, term_words, terms_regex
from policylint.matching.tokens import TermTrie

FLAGS = re.IGNORECASE | re.UNICODE
#: Texts shorter than this are scanned in full: the prefilter cannot pay for itself there.
SMALL_TEXT = 2048
SPLIT_MAX_CANDIDATES = 64
Span = tuple[int, int]


class PatternError(ValueError):
    """A pattern is not a valid regular expression."""


@dataclass
class ScanPlan:
    """What the prefilter needs: per pattern id, the anchor keys whose positions are candidates
    (``None``: scan that pattern in full), and the locator that finds anchors in a text."""

    keys: list[tuple[str, ...] | None]
    locator: PythonLocator | HyperscanLocator


class RestGroup(NamedTuple):
    """Alternatives of one pattern run by regex where the same literals start them: ``members``
    (alternative index, regex) in pattern order, and ``any`` matching wherever one of them does."""

    members: list[tuple[int, re.Pattern[str]]]
    lits: tuple[str, ...] | None
    any: re.Pattern[str]


@dataclass
class Split:
    """A pattern ``A1|A2|...`` kept as its alternatives, each compiled only when first needed.

    At a position, ``re`` returns the first alternative that matches there; an alternative can
    only match where one of its own prefixes starts, so trying just those, in order, gives the
    very same match while compiling and running far smaller regexes.
    """

    sources: list[str]
    dispatch: dict[str, list[tuple[int, str, bool]]]  # first folded char -> (alt, prefix, word start)
    _rx: list[re.Pattern[str] | None] = field(default_factory=list)

    @classmethod
    def build(cls, source: str) -> tuple[Split | None, frozenset[str] | None]:
        """The split form of ``source`` (None when not worth it) and the pattern's prefixes."""
        whole = literal_prefixes(source, FLAGS)
        alts = split_alternatives(source, FLAGS) if whole else None
        if not alts:
            return None, whole
        dispatch: dict[str, list[tuple[int, str, bool]]] = {}
        union: set[str] = set()
        for i, alt in enumerate(alts):
            pre = literal_prefixes(alt, FLAGS)
            if pre is None:
                return None, whole
            union |= pre
            for p in sorted(pre):
                lit = p[1:] if p.startswith(WORD_START) else p
                dispatch.setdefault(lit[0], []).append((i, lit, p.startswith(WORD_START)))
        return cls(alts, dispatch, [None] * len(alts)), frozenset(union)

    def regex(self, i: int) -> re.Pattern[str]:
        rx = self._rx[i]
        if rx is None:
            rx = self._rx[i] = re.compile(self.sources[i], FLAGS)
        return rx

    def __getstate__(self) -> dict[str, Any]:
        return {"sources": self.sources, "dispatch": self.dispatch, "_rx": [None] * len(self.sources)}


@dataclass
class PatternTable:
    """Deduplicated pattern sources; ids are indices into :attr:`sources`.

    ``backend`` picks the anchor search: ``auto`` (Hyperscan when installed), ``python`` or
    ``hyperscan``. Results are identical for all three.
    """

    sources: list[str] = field(default_factory=list)
    backend: str = "auto"
    _ids: dict[str, int] = field(default_factory=dict)
    _compiled: list[re.Pattern[str] | None] = field(default_factory=list)
    _prefixes: list[frozenset[str] | None] | None = None
    _splits: list[Split | None] | None = None
    _plan: ScanPlan | None = None
    _terms: dict[int, tuple[tuple[str, ...], bool]] = field(default_factory=dict)
    _trie: TermTrie | None = None
    # Alternatives the word matcher cannot take ("U.S.", "1798.83"), per pattern it answers.
    _rest: dict[int, list[tuple[int, str, str | None]]] = field(default_factory=dict)
    _rest_rx: dict[int, list[tuple[int, re.Pattern[str], tuple[str, ...] | None]]] = field(default_factory=dict)
    _rest_groups: dict[int, list[RestGroup]] = field(default_factory=dict)

    def add_terms(self, terms: list[str], inflected: bool = True) -> int:
        """Register a vocabulary list (see :func:`terms_regex`); its id answers like any pattern."""
        source = terms_regex(terms, inflected)
        pid = self._ids.get(source)
        if pid is not None:
            return pid
        complex_terms = [t for t in terms if term_words(t, inflected) is None]
        if len(complex_terms) < len(terms):
            # The word matcher answers (the rest of the alternatives are run one by one), so
            # the whole alternation is compiled only where a full scan is needed. A simple
            # term's regex is valid and non-empty by construction; the others are checked alone.
            for t in complex_terms:
                _compile_checked(term_regex(t, inflected))
            pid = self._register(source, None)
        else:
            pid = self.add(source)
        self._terms[pid] = (tuple(terms), inflected)
        return pid

    def _register(self, source: str, compiled: re.Pattern[str] | None) -> int:
        pid = len(self.sources)
        self._ids[source] = pid
        self.sources.append(source)
        self._compiled.append(compiled)
        self._prefixes = self._splits = self._plan = self._trie = None
        return pid

    def add(self, source: str) -> int:
        pid = self._ids.get(source)
        if pid is not None:
            return pid
        return self._register(source, _compile_checked(source))

    def trie(self) -> TermTrie:
        """The word matcher for every pattern registered with :meth:`add_terms` that it can take."""
        if self._trie is None:
            trie = TermTrie()
            self._rest = {}
            for pid, (terms, inflected) in sorted(self._terms.items()):
                rest = trie.add_pattern(pid, list(terms), inflected, fold_text)
                if rest and pid in trie.by_pid:
                    self._rest[pid] = [(alt, term_regex(term, inflected), term_literal(term, inflected)) for alt, term in rest]
            self._trie = trie
        return self._trie

    def rest(self, pid: int) -> list[tuple[int, re.Pattern[str], tuple[str, ...] | None]]:
        """The alternatives of ``pid`` that the word matcher does not take: compiled, with the
        literal prefixes one of which starts each of their matches (None: unknown)."""
        found = self._rest_rx.get(pid)
        if found is None:
            found = self._rest_rx[pid] = []
            for alt, src, literal in self._rest.get(pid, ()):
                pre = literal_prefixes(src, FLAGS)
                lits = tuple(sorted({p.lstrip(WORD_START) for p in pre})) if pre else None
                if literal and (lits is None or len(fold_text(literal)) > max(map(len, lits))):
                    lits = (fold_text(literal),)  # "u.s." rather than the parser's "u"
                found.append((alt, re.compile(src, FLAGS), lits))
        return found

    def rest_groups(self, pid: int) -> list[RestGroup]:
        """:meth:`rest`, with the alternatives that share their literal prefixes grouped under
        one regex of them all. Several alternatives anchored on a short literal ("in" of "in this
        policy, we explain" and "in this notice, we explain") then cost one ``match`` per position
        instead of one each."""
        found = self._rest_groups.get(pid)
        if found is None:
            by_lits: dict[tuple[str, ...] | None, list[tuple[int, re.Pattern[str]]]] = {}
            for alt, rx, lits in self.rest(pid):
                by_lits.setdefault(lits, []).append((alt, rx))
            found = self._rest_groups[pid] = [
                RestGroup(members, lits, members[0][1] if len(members) == 1 else
                          re.compile("|".join(f"(?:{rx.pattern})" for _, rx in members), FLAGS))
                for lits, members in by_lits.items()
            ]
        return found

    def unanchored(self) -> list[str]:
        """Sources of the hand-written regexes with no literal prefix for the prefilter: each is
        matched over the whole text of every document."""
        words = self.trie().by_pid
        prefixes = self.prefixes()
        return [src for pid, src in enumerate(self.sources) if pid not in words and prefixes[pid] is None]

    def regex(self, pid: int) -> re.Pattern[str]:
        compiled = self._compiled[pid]
        if compiled is None:
            compiled = self._compiled[pid] = re.compile(self.sources[pid], FLAGS)
        return compiled

    def compiled(self, pid: int) -> bool:
        """Whether the whole regex of ``pid`` is compiled in this process."""
        return self._compiled[pid] is not None

    def use_backend(self, backend: str) -> None:
        """Switch the anchor search backend (raises BackendError when it is unavailable)."""
        if backend != self.backend or self._plan is None:
            self.backend = backend
            self._plan = None
            self.plan()

    def prefixes(self) -> list[frozenset[str] | None]:
        """Literal prefixes of every pattern (computed once, kept in the compiled-rules cache)."""
        if self._prefixes is None or len(self._prefixes) != len(self.sources):
            by_words = self.trie().by_pid
            # Patterns the word matcher answers need no anchors (they fall back to a full scan).
            built = [(None, None) if pid in by_words else Split.build(src) for pid, src in enumerate(self.sources)]
            self._splits = [b[0] for b in built]
            self._prefixes = [b[1] for b in built]
        return self._prefixes

    def split(self, pid: int) -> Split | None:
        """The pattern as separately compiled alternatives, when that is exact (see :class:`Split`)."""
        if self._splits is None or len(self._splits) != len(self.sources):
            self._prefixes = None
            self.prefixes()
        return self._splits[pid]  # type: ignore[index]

    def plan(self) -> ScanPlan:
        if self._plan is None:
            prefixes = self.prefixes()
            anchors = sorted(set().union(*[p for p in prefixes if p]))
            locator = make_locator(self.backend, anchors)
            if isinstance(locator, HyperscanLocator):
                keys: list[tuple[str, ...] | None] = [tuple(sorted(p)) if p else None for p in prefixes]
            else:
                keys = _longest_anchor_keys(prefixes, anchors)
            self._plan = ScanPlan(keys, locator)
        return self._plan

    def scan(self, text: str) -> Scan:
        return Scan(self, text)

    def __getstate__(self) -> dict[str, Any]:
        # Compiled patterns are rebuilt on the other side (cache, worker processes, Dask).
        state = dict(self.__dict__)
        state["_compiled"] = [None] * len(self.sources)
        state["_rest_rx"] = {}
        state["_rest_groups"] = {}
        return state


def _longest_anchor_keys(prefixes: list[frozenset[str] | None], anchors: list[str]) -> list[tuple[str, ...] | None]:
    # The python locator reports only the longest anchor at each position; the pattern's own
    # prefixes there are prefixes of that anchor, so a pattern listens to every anchor that
    # extends one of its prefixes.
    owners: dict[str, list[int]] = {}
    for pid, pre in enumerate(prefixes):
        for p in pre or ():
            owners.setdefault(p, []).append(pid)
    keys: list[list[str]] = [[] for _ in prefixes]
    for a in anchors:
        for k in range(1, len(a) + 1):
            for pid in owners.get(a[:k], ()):
                keys[pid].append(a)
    return [tuple(dict.fromkeys(k)) if pre else None for k, pre in zip(keys, prefixes)]


class Scan:
    """Lazily computed hits of each pattern in one text, as sorted (start, end) spans."""

    def __init__(self, table: PatternTable, text: str) -> None:
        self.table = table
        self.text = text
        self._hits: dict[int, list[Span]] = {}
        self._starts: dict[int, list[int]] = {}
        self._anchors: dict[str, list[int]] | None = None
        self._folded: str | None = None
        # U+0345 is the one non-word character that folds to a word character.
        self._exact = NOT_WORD_FOLDS_TO_WORD not in text
        self._words: dict[int, list[Span]] | None = None
        self._lit_starts: dict[tuple[str, ...], list[int]] = {}

    def folded(self) -> str:
        if self._folded is None:
            self._folded = fold_text(self.text)
        return self._folded

    def warm(self) -> dict[str, float]:
        """Do now the work that every pattern shares, and return the seconds each part took:
        ``fold`` (the case-folded text), ``walk`` (the word trie's occurrences) and ``anchors``
        (the literal search for hand-written regexes). ``hits`` does the same lazily; this is for
        profiles that charge each pattern only its own work."""
        clock = perf_counter
        t0 = clock()
        self.folded()
        t1 = clock()
        if self._exact and self.table.trie().by_pid:
            self.word_occurrences()
        t2 = clock()
        if len(self.text) >= SMALL_TEXT:
            self.anchor_positions()
        t3 = clock()
        return {"fold": t1 - t0, "walk": t2 - t1, "anchors": t3 - t2}

    def word_occurrences(self) -> dict[int, list[Span]]:
        """The word trie's occurrences in this text (one walk, on first use)."""
        if self._words is None:
            self._words = self.table.trie().occurrences(self.folded())
        return self._words

    def anchor_positions(self) -> dict[str, list[int]]:
        """Anchor -> its positions in the folded text (one literal search, on first use)."""
        if self._anchors is None:
            self._anchors = self.table.plan().locator.find(self.folded(), self._exact)
        return self._anchors

    def hits(self, pid: int) -> list[Span]:
        found = self._hits.get(pid)
        if found is None:
            found = self._hits[pid] = self._find(pid)
        return found

    def _starts_of(self, literals: tuple[str, ...]) -> list[int]:
        """Ascending positions where one of the folded ``literals`` starts in the text (memoised:
        patterns that share a vocabulary ask for the same literals)."""
        found = self._lit_starts.get(literals)
        if found is None:
            found = self._lit_starts[literals] = self._find_starts(literals)
        return found

    def _find_starts(self, literals: tuple[str, ...]) -> list[int]:
        folded = self.folded()
        out: set[int] = set()
        for lit in literals:
            i = folded.find(lit)
            while i >= 0:
                out.add(i)
                i = folded.find(lit, i + 1)
        return sorted(out)

    def candidates(self, pid: int) -> list[int] | None:
        """Positions where a match of ``pid`` may start, ascending (None: anywhere)."""
        if len(self.text) < SMALL_TEXT:
            return None
        plan = self.table.plan()
        keys = plan.keys[pid]
        if keys is None:
            return None
        anchors = self.anchor_positions()
        lists = [anchors[k] for k in keys if k in anchors]
        if len(lists) == 1:
            return lists[0]
        return sorted(chain.from_iterable(lists))

    def _find(self, pid: int) -> list[Span]:
        trie = self.table.trie()
        if pid in trie.by_pid and self._exact:
            words = self.word_occurrences()
            more: list[tuple[int, int, int]] = []
            text = self.text
            for members, lits, any_of in self.table.rest_groups(pid):
                # Every start where an alternative matches, not finditer's: an earlier
                # alternative may win at one of them. At one start only the group's first
                # matching alternative can win (finditer takes the first alternative there).
                for pos in self._starts_of(lits) if lits else range(len(text) + 1):
                    m = any_of.match(text, pos)
                    if m is None:
                        continue
                    if m.end() == m.start():
                        return self.full(pid)
                    # The alternation ends where its first matching member does; which member
                    # that is only needs asking when there are several.
                    alt = members[0][0] if len(members) == 1 else next(a for a, rx in members if rx.match(text, pos))
                    more.append((pos, alt, m.end()))
            return trie.hits(pid, words, more)
        cands = self.candidates(pid)
        if cands is None:
            return self.full(pid)
        split = self.table.split(pid)
        if split is not None and len(cands) <= SPLIT_MAX_CANDIDATES and not self.table.compiled(pid):
            # Few candidates and the whole alternation not compiled yet (a one-file run): small
            # per-alternative regexes avoid compiling the big one. With many candidates the
            # whole regex is faster per position, and once compiled it is reused.
            return self._find_split(pid, cands, split)
        match = self.table.regex(pid).match
        text = self.text
        out: list[Span] = []
        last = 0
        for pos in cands:
            if pos < last:
                continue  # finditer never reports a match overlapping the previous one
            m = match(text, pos)
            if m is None:
                continue
            start, end = m.span()
            if end == start:
                return self.full(pid)  # empty matches step differently; keep finditer's answer
            out.append((start, end))
            last = end
        return out

    def _find_split(self, pid: int, cands: list[int], split: Split) -> list[Span]:
        text, folded, dispatch = self.text, self.folded(), split.dispatch
        out: list[Span] = []
        last = 0
        for pos in cands:
            if pos < last:
                continue
            entries = dispatch.get(folded[pos])
            if not entries:
                continue
            # Word starts judged on the folded text; a text with U+0345 skips the shortcut.
            at_word_start = pos == 0 or not self._exact or not _is_word(folded[pos - 1])
            tried = -1
            for alt, lit, word in entries:
                if alt == tried or (word and not at_word_start) or not folded.startswith(lit, pos):
                    continue
                tried = alt
                m = split.regex(alt).match(text, pos)
                if m is not None:
                    start, end = m.span()
                    if end == start:
                        return self.full(pid)
                    out.append((start, end))
                    last = end
                    break
        return out

    def full(self, pid: int) -> list[Span]:
        """Hits by running the regex over the whole text (the reference the prefilter must equal)."""
        return [m.span() for m in self.table.regex(pid).finditer(self.text) if m.end() > m.start()]

    def hits_in(self, pid: int, start: int, end: int) -> list[Span]:
        """Hits of ``pid`` that start inside ``[start, end)``."""
        hits = self.hits(pid)
        starts = self._starts.get(pid)
        if starts is None:
            starts = self._starts[pid] = [h[0] for h in hits]
        i = bisect_left(starts, start)
        j = bisect_left(starts, end, lo=i)
        return hits[i:j]

    def any_overlap(self, pid: int, start: int, end: int, reach: int = 200) -> bool:
        """Whether a hit of ``pid`` overlaps ``[start, end)``."""
        return any(s < end and start < e for s, e in self.hits_in(pid, max(0, start - reach), end))


@contextmanager
def regex_errors() -> Iterator[None]:
    """Turn what ``re`` raises on a bad or overgrown pattern into :class:`PatternError`."""
    try:
        yield
    except re.error as exc:
        raise PatternError(f"invalid regular expression: {exc}") from None
    except (RecursionError, OverflowError):
        raise PatternError("regular expression is too complex") from None


def _compile_checked(source: str) -> re.Pattern[str]:
    """``source`` compiled, or :class:`PatternError` when it is invalid or matches nothing."""
    with regex_errors():
        compiled = re.compile(source, FLAGS)
    if compiled.match(""):
        raise PatternError("pattern matches the empty string; it would match everywhere")
    return compiled


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # re's \w for str patterns
