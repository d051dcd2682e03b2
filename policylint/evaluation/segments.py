"""Annotated segments: which source lines an expert labelled with which practice.

The file is JSON Lines, one segment a line: ``{"policy": ..., "segment_id": N, "categories":
{name: annotators}, "attribute_values": {"Category|Attribute|Value": annotators}}`` (the OPP-115
layout). Segment N of a document stands alone on source line ``N + line_offset``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from fnmatch import fnmatchcase


class SegmentsError(ValueError):
    """The segments file is unusable (message: file, line, what to do)."""


@dataclass
class Segments:
    """Annotation keys and text of every segment, by document id and segment number."""

    keys: dict[str, dict[int, frozenset[str]]] = field(default_factory=dict)
    texts: dict[str, dict[int, str]] = field(default_factory=dict)

    def annotated(self, doc_id: str, segment: int, patterns: tuple[tuple[str, ...], ...]) -> bool:
        """True when the segment carries any alternative of ``patterns`` (each: globs all matching)."""
        keys = self.keys.get(doc_id, {}).get(segment, frozenset())
        return any(all(any(fnmatchcase(k, g) for k in keys) for g in alt) for alt in patterns)

    def matching(self, doc_id: str, patterns: tuple[tuple[str, ...], ...]) -> list[int]:
        """Segment numbers of ``doc_id`` that carry the practice, in order."""
        return [n for n in sorted(self.keys.get(doc_id, {})) if self.annotated(doc_id, n, patterns)]


def load_segments(path: str, min_annotators: int = 1) -> Segments:
    """Read a segments file; keys given by fewer than ``min_annotators`` annotators are dropped."""
    out = Segments()
    try:
        fh = open(path, encoding="utf-8")
    except OSError as exc:
        raise SegmentsError(f"{path}: cannot read segments file: {exc.strerror or exc}") from None
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                doc, seg = str(row["policy"]), int(row["segment_id"])
            except (ValueError, KeyError, TypeError):
                raise SegmentsError(f"{path}:{lineno}: expected a JSON object with policy and segment_id") from None
            keys = {k for part in ("categories", "attribute_values") for k, n in (row.get(part) or {}).items() if _count(n) >= min_annotators}
            out.keys.setdefault(doc, {})[seg] = frozenset(keys)
            out.texts.setdefault(doc, {})[seg] = str(row.get("text", ""))
    return out


def _count(n: object) -> int:
    return n if isinstance(n, int) else 1
