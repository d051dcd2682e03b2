"""All patterns of all active rules, compiled once, and scanned once per document.

Rules never call the regex engine themselves: they register pattern sources here at compile
time (identical sources are shared between rules) and ask a per-document :class:`Scan` for the
hits of a pattern id.

Scanning is two-stage so that adding rules costs far less than proportionally. Each pattern's
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
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from policylint.matching.backends import HyperscanLocator, PythonLocator, make_locator
from policylint.matching.prefix import NOT_WORD_FOLDS_TO_WORD, fold_text, literal_prefixes

FLAGS = re.IGNORECASE | re.UNICODE
#: Texts shorter than this are scanned in full: the prefilter cannot pay for itself there.
SMALL_TEXT = 2048
Span = tuple[int, int]


class PatternError(ValueError):
    """A pattern is not a valid regular expression."""


@dataclass
class ScanPlan:
    """What the prefilter needs: per pattern id, the anchor keys whose positions are candidates
    (``None``: scan that pattern in full), and the locator that finds anchors in a text."""

    keys: list[tuple[str, ...] | None]
    locator: PythonLocator | HyperscanLocator


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
    _plan: ScanPlan | None = None

    def add(self, source: str) -> int:
        pid = self._ids.get(source)
        if pid is not None:
            return pid
        try:
            compiled = re.compile(source, FLAGS)
        except re.error as exc:
            raise PatternError(f"invalid regular expression: {exc}") from None
        except (RecursionError, OverflowError):
            raise PatternError("regular expression is too complex") from None
        if compiled.match(""):
            raise PatternError("pattern matches the empty string; it would match everywhere")
        pid = len(self.sources)
        self._ids[source] = pid
        self.sources.append(source)
        self._compiled.append(compiled)
        self._prefixes = self._plan = None
        return pid

    def regex(self, pid: int) -> re.Pattern[str]:
        compiled = self._compiled[pid]
        if compiled is None:
            compiled = self._compiled[pid] = re.compile(self.sources[pid], FLAGS)
        return compiled

    def use_backend(self, backend: str) -> None:
        """Switch the anchor search backend (raises BackendError when it is unavailable)."""
        if backend != self.backend or self._plan is None:
            self.backend = backend
            self._plan = None
            self.plan()

    def prefixes(self) -> list[frozenset[str] | None]:
        """Literal prefixes of every pattern (computed once, kept in the compiled-rules cache)."""
        if self._prefixes is None or len(self._prefixes) != len(self.sources):
            self._prefixes = [literal_prefixes(src, FLAGS) for src in self.sources]
        return self._prefixes

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

    def hits(self, pid: int) -> list[Span]:
        found = self._hits.get(pid)
        if found is None:
            found = self._hits[pid] = self._find(pid)
        return found

    def candidates(self, pid: int) -> list[int] | None:
        """Positions where a match of ``pid`` may start, ascending (None: anywhere)."""
        if len(self.text) < SMALL_TEXT:
            return None
        plan = self.table.plan()
        keys = plan.keys[pid]
        if keys is None:
            return None
        if self._anchors is None:
            # U+0345 is the one non-word character that folds to a word character.
            exact = NOT_WORD_FOLDS_TO_WORD not in self.text
            self._anchors = plan.locator.find(fold_text(self.text), exact)
        lists = [self._anchors[k] for k in keys if k in self._anchors]
        if len(lists) == 1:
            return lists[0]
        return sorted(chain.from_iterable(lists))

    def _find(self, pid: int) -> list[Span]:
        cands = self.candidates(pid)
        if cands is None:
            return self.full(pid)
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
