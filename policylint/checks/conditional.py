"""``when`` / ``then`` / ``else``: conditional obligations.

``when`` is a matcher (an affirmative statement by default, so "we do not sell" does not trigger
"sells") or any check. If it holds, ``then`` decides the result and the trigger sentence is kept
as context; otherwise ``else`` decides, or the rule is not applicable.
"""

from __future__ import annotations

from typing import Any

from policylint.checks.base import Check, CheckError, Compiler, Context, Outcome, is_check
from policylint.checks.require import Require
from policylint.model import Status


class When:
    def __init__(self, spec: dict[str, Any], compiler: Compiler, path: tuple[Any, ...]) -> None:
        extra = [k for k in spec if k not in ("when", "then", "else")]
        if extra:
            raise CheckError(path + (extra[0],), f"unexpected key {extra[0]!r} beside 'when'")
        if "then" not in spec:
            raise CheckError(path, "'when' needs a 'then' check")
        cond = spec["when"]
        # "This policy explains how we sell your data" says the practice happens, though it states
        # none of what the rule then requires: the trigger's matchers count it (Compiler.in_trigger).
        compiler.in_trigger += 1
        try:
            self.trigger: Check = (
                compiler.check(cond, path + ("when",))
                if is_check(cond, compiler.registry)
                else Require(cond, compiler, path + ("when",), default_polarity="affirmative")
            )
        finally:
            compiler.in_trigger -= 1
        self.then = compiler.check(spec["then"], path + ("then",))
        self.otherwise = compiler.check(spec["else"], path + ("else",)) if "else" in spec else None

    def evaluate(self, ctx: Context) -> Outcome:
        cond = self.trigger.evaluate(ctx)
        if cond.status is Status.PASSED:
            out = self.then.evaluate(ctx)
            return Outcome(out.status, out.spans, out.detail, trigger=cond.spans[:1] or out.trigger)
        if self.otherwise is not None:
            return self.otherwise.evaluate(ctx)
        return Outcome(Status.NOT_APPLICABLE, detail="condition not met")


def compile_when(spec: Any, compiler: Compiler, path: tuple[Any, ...]) -> When:
    return When(spec, compiler, path)
