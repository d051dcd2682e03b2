"""``forbid``: the document must not state something (negated statements do not count).

Used for statements that are themselves violations, e.g. implied cookie consent ("by continuing
to browse you agree to cookies").
"""

from __future__ import annotations

from typing import Any

from policylint.checks.base import Compiler, Context, Outcome
from policylint.checks.require import Require
from policylint.model import Status


class Forbid:
    def __init__(self, spec: Any, compiler: Compiler, path: tuple[Any, ...]) -> None:
        self.inner = Require(spec, compiler, path, default_polarity="affirmative", default_overview=True)

    def evaluate(self, ctx: Context) -> Outcome:
        hits = self.inner.hits(ctx)
        if hits:
            spans = sorted((h.start, h.end) for h in hits)
            return Outcome(Status.FAILED, spans=spans, detail=f"{len(spans)} forbidden statement(s) found")
        return Outcome(Status.PASSED)


def compile_forbid(spec: Any, compiler: Compiler, path: tuple[Any, ...]) -> Forbid:
    return Forbid(spec, compiler, path)
