"""Combinators: ``all`` (every child passes), ``any`` (one passes), ``not`` (inverts).

Not-applicable children are ignored by ``all``/``any``; if every child is not applicable, so is
the combination.
"""

from __future__ import annotations

from typing import Any

from policylint.checks.base import Check, CheckError, Compiler, Context, Outcome
from policylint.model import Status


def _children(spec: Any, compiler: Compiler, path: tuple[Any, ...]) -> list[Check]:
    if not isinstance(spec, list) or not spec:
        raise CheckError(path, "expected a non-empty list of checks")
    return [compiler.check(s, path + (i,)) for i, s in enumerate(spec)]


class All:
    def __init__(self, spec: Any, compiler: Compiler, path: tuple[Any, ...]) -> None:
        self.children = _children(spec, compiler, path)

    def evaluate(self, ctx: Context) -> Outcome:
        spans: list[tuple[int, int]] = []
        trigger: list[tuple[int, int]] = []
        applicable = False
        for child in self.children:
            out = child.evaluate(ctx)
            if out.status is Status.NOT_APPLICABLE:
                continue
            applicable = True
            if out.status is not Status.PASSED:
                return out
            spans.extend(out.spans)
            trigger.extend(out.trigger)
        if not applicable:
            return Outcome(Status.NOT_APPLICABLE, detail="condition not met")
        return Outcome(Status.PASSED, spans=spans, trigger=trigger)


class Any_:
    def __init__(self, spec: Any, compiler: Compiler, path: tuple[Any, ...]) -> None:
        self.children = _children(spec, compiler, path)

    def evaluate(self, ctx: Context) -> Outcome:
        failures: list[Outcome] = []
        for child in self.children:
            out = child.evaluate(ctx)
            if out.status is Status.PASSED:
                return out
            if out.status is not Status.NOT_APPLICABLE:
                failures.append(out)
        if not failures:
            return Outcome(Status.NOT_APPLICABLE, detail="condition not met")
        details = [f.detail for f in failures if f.detail]
        return Outcome(Status.FAILED, detail="; ".join(dict.fromkeys(details)) or None)


class Not:
    def __init__(self, spec: Any, compiler: Compiler, path: tuple[Any, ...]) -> None:
        self.child = compiler.check(spec, path)

    def evaluate(self, ctx: Context) -> Outcome:
        out = self.child.evaluate(ctx)
        if out.status is Status.PASSED:
            return Outcome(Status.FAILED, spans=out.spans, detail="a statement that must be absent was found")
        if out.status is Status.FAILED:
            return Outcome(Status.PASSED)
        return out


def compile_all(spec: Any, compiler: Compiler, path: tuple[Any, ...]) -> All:
    return All(spec, compiler, path)


def compile_any(spec: Any, compiler: Compiler, path: tuple[Any, ...]) -> Any_:
    return Any_(spec, compiler, path)


def compile_not(spec: Any, compiler: Compiler, path: tuple[Any, ...]) -> Not:
    return Not(spec, compiler, path)
