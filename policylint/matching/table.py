"""All patterns of all active rules, compiled once, and scanned once per document.

Rules never call the regex engine themselves: they register pattern sources here at compile
time (identical sources are shared between rules) and ask a per-document :class:`Scan` for the
hits of a pattern id. The scan runs each pattern at most once per document, on first use.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

FLAGS = re.IGNORECASE | re.UNICODE


class PatternError(ValueError):
    """A pattern is not a valid regular expression."""


@dataclass
class PatternTable:
    """Deduplicated pattern sources; ids are indices into :attr:`sources`."""

    sources: list[str] = field(default_factory=list)
    _ids: dict[str, int] = field(default_factory=dict)
    _compiled: list[re.Pattern[str] | None] = field(default_factory=list)

    def add(self, source: str) -> int:
        pid = self._ids.get(source)
        if pid is not None:
            return pid
        try:
            compiled = re.compile(source, FLAGS)
        except re.error as exc:
            raise PatternError(f"invalid regular expression: {exc}") from None
        if compiled.match(""):
            raise PatternError("pattern matches the empty string; it would match everywhere")
        pid = len(self.sources)
        self._ids[source] = pid
        self.sources.append(source)
        self._compiled.append(compiled)
        return pid

    def regex(self, pid: int) -> re.Pattern[str]:
        compiled = self._compiled[pid]
        if compiled is None:
            compiled = self._compiled[pid] = re.compile(self.sources[pid], FLAGS)
        return compiled

    def scan(self, text: str) -> Scan:
        return Scan(self, text)

    def __getstate__(self) -> dict:
        # Compiled patterns are rebuilt on the other side (Dask/multiprocessing workers).
        return {"sources": self.sources, "_ids": self._ids, "_compiled": [None] * len(self.sources)}


class Scan:
    """Lazily computed hits of each pattern in one text, as sorted (start, end) spans."""

    def __init__(self, table: PatternTable, text: str) -> None:
        self.table = table
        self.text = text
        self._hits: dict[int, list[tuple[int, int]]] = {}
        self._starts: dict[int, list[int]] = {}

    def hits(self, pid: int) -> list[tuple[int, int]]:
        found = self._hits.get(pid)
        if found is None:
            found = [m.span() for m in self.table.regex(pid).finditer(self.text) if m.end() > m.start()]
            self._hits[pid] = found
        return found

    def hits_in(self, pid: int, start: int, end: int) -> list[tuple[int, int]]:
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
