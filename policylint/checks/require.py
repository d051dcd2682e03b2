"""``require``: the document must state something (a negative statement also counts by default).

The value is a matcher, or a list of matchers of which any may match. Evidence is the best
matching sentences (``checks/ranking.py``: under a preferred heading, more of the vocabulary, a
full sentence, the practice in the main clause), then the earliest.
"""

from __future__ import annotations

from typing import Any

from policylint.checks.base import Compiler, Context, Outcome
from policylint.checks.matcher import Hit, best_hits, compile_matcher
from policylint.model import Status

MAX_EVIDENCE = 3


class Require:
    def __init__(
        self, spec: Any, compiler: Compiler, path: tuple[Any, ...], default_polarity: str = "any", default_overview: bool = False
    ) -> None:
        specs = spec if isinstance(spec, list) and spec and all(isinstance(s, dict) for s in spec) else [spec]
        self.matchers = [
            compile_matcher(s, compiler, path + ((i,) if len(specs) > 1 else ()), default_polarity, default_overview)
            for i, s in enumerate(specs)
        ]

    def hits(self, ctx: Context) -> list[Hit]:
        hits: list[Hit] = []
        for m in self.matchers:
            hits.extend(m.find(ctx))
        return hits

    def evaluate(self, ctx: Context) -> Outcome:
        # Each matcher's few best hits are enough to rank the best of all (see best_spans).
        hits = [h for m in self.matchers for h in m.best(ctx, MAX_EVIDENCE)]
        if not hits:
            return Outcome(Status.FAILED, detail="no statement found")
        return Outcome(Status.PASSED, spans=best_spans(hits))


def best_spans(hits: list[Hit], limit: int = MAX_EVIDENCE) -> list[tuple[int, int]]:
    """The strongest hits first (score, then document order), one per sentence.

    Only the ``limit`` best of each matcher can be among the ``limit`` best of all: each better
    hit of the same matcher is in a sentence of its own, which is taken before.
    """
    return [(h.start, h.end) for h in best_hits(hits, limit)]


def compile_require(spec: Any, compiler: Compiler, path: tuple[Any, ...]) -> Require:
    return Require(spec, compiler, path)
