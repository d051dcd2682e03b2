"""Searching a matcher's hits fast: candidate sentences, and the best first.

Both work on a document whose sentences are sorted and disjoint (``DocIndex.disjoint``): one
sentence's hits of a pattern are then a contiguous run of its sorted spans.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import NamedTuple

from policylint.checks.index import DocIndex, first
from policylint.model import Sentence

Span = tuple[int, int]
Group = tuple[int, int, int]  # (sentence index i, p, q): the sentence holds spans[p:q]
Sections = frozenset[int | None] | None  # section indices a condition holds in (None: no condition)
# Where evidence ranks first: sections under a matching heading, and blocks opened by a matching
# run-in heading (None: the matcher prefers nothing).
Preferred = tuple[frozenset[int | None], frozenset[int]] | None


class Hit(NamedTuple):
    """A sentence that states what the matcher looks for, and where (a tuple: cheap to make)."""

    start: int
    end: int
    sentence: Sentence
    score: int


def candidate_groups(idx: DocIndex, spans: list[Span], driver: list[Span], ranges: list[Span]) -> list[Group]:
    """Candidate sentences ``(i, p, q)`` in document order: sentence ``i`` holds a hit of
    ``driver`` inside ``ranges`` and the matcher's own hits ``spans[p:q]`` (never empty)."""
    sentences, starts, ends = idx.sentences, idx.sentence_starts, idx.sentence_ends
    groups: list[Group] = []
    last = -1  # the last sentence taken
    for lo, hi in ranges:
        j = bisect_left(driver, lo, key=first)
        stop = bisect_left(driver, hi, j, key=first)
        while j < stop:
            offset = driver[j][0]
            i = bisect_right(starts, offset) - 1  # idx.sentence_index, inlined
            if i <= last or offset >= ends[i]:  # in a sentence already taken, or between
                j += 1
                continue
            last, end, group_start = i, sentences[i].end, j
            j = bisect_left(driver, end, j + 1, key=first)
            if driver is spans:
                groups.append((i, group_start, j))
                continue
            p = bisect_left(spans, starts[i], key=first)
            q = bisect_left(spans, end, p, key=first)
            if p < q:
                groups.append((i, p, q))
    return groups


def best_first(
    idx: DocIndex, tiers: list[list[Group]], judge: Callable[[Group], Hit | None], limit: int,
) -> tuple[list[Hit], bool]:
    """Judge sentences by the score they could reach, best first, until ``limit`` hits are
    certain to rank above every hit left to find (see :func:`best_hits`).

    ``tiers[bound]`` holds, in document order, the sentences that can score at most ``bound``
    (0 to ``ranking.TOP``), which is known before judging; judging can only take points
    off (a fragment, a hit in a condition).
    """
    sentences = idx.sentences
    hits: list[Hit] = []
    complete = True
    for bound in range(len(tiers) - 1, -1, -1):
        tier = tiers[bound]
        if not tier:
            continue
        # A hit outranks every hit still to be found if it scores above this tier's bound,
        # or reaches it earlier in the document than the sentence being judged.
        above = sum(1 for h in hits if h.score > bound)
        level = sorted(h.start for h in hits if h.score == bound)  # from better tiers
        level_here = 0
        for group in tier:
            sure = above + level_here
            if sure + len(level) >= limit and sure + bisect_left(level, sentences[group[0]].start) >= limit:
                complete = False
                break
            hit = judge(group)
            if hit is not None:
                hits.append(hit)
                level_here += hit.score == bound
        if not complete:
            break
    hits.sort(key=first)  # document order, as find() gives
    return hits, complete



def best_hits(hits: list[Hit], limit: int) -> list[Hit]:
    """The strongest hits first (score, then document order), one per sentence."""
    ranked = sorted(hits, key=lambda h: (-h.score, h.start))
    out: list[Hit] = []
    seen: set[int] = set()
    for h in ranked:
        if h.sentence.start in seen:
            continue
        seen.add(h.sentence.start)
        out.append(h)
        if len(out) == limit:
            break
    return out
