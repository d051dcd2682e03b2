"""``date``: an effective or last-updated date must appear, optionally no older than N days.

    date: {role: [updated, effective], max_age_days: 365}

Age is measured against ``--as-of`` (default: today), from the most recent such date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from policylint.checks.base import CheckError, Compiler, Context, Outcome
from policylint.model import Status

ROLES = ("updated", "effective", "any")


class DateCheck:
    def __init__(self, spec: Any, compiler: Compiler, path: tuple[Any, ...]) -> None:
        spec = spec if isinstance(spec, dict) else {}
        unknown = [k for k in spec if k not in ("role", "max_age_days")]
        if unknown:
            raise CheckError(path + (unknown[0],), f"unknown date key {unknown[0]!r}")
        roles = spec.get("role", ["updated", "effective"])
        roles = [roles] if isinstance(roles, str) else roles
        if any(r not in ROLES for r in roles):
            raise CheckError(path + ("role",), "role must be updated, effective or any")
        self.roles = frozenset(roles)
        self.max_age = spec.get("max_age_days")

    def evaluate(self, ctx: Context) -> Outcome:
        dates = [
            e for e in ctx.doc.entities
            if e.kind == "date" and e.normalized and ("any" in self.roles or e.role in self.roles)
        ]
        if not dates:
            return Outcome(Status.FAILED, detail="no effective or last-updated date found")
        latest = max(dates, key=lambda e: e.normalized or "")
        span = [(latest.start, latest.end)]
        if self.max_age is not None:
            age = (ctx.as_of - dt.date.fromisoformat(latest.normalized or "")).days
            if age > int(self.max_age):
                return Outcome(
                    Status.FAILED, spans=span,
                    detail=f"dated {latest.normalized}, {age} days before {ctx.as_of.isoformat()} (limit {self.max_age})",
                )
        return Outcome(Status.PASSED, spans=span)


def compile_date(spec: Any, compiler: Compiler, path: tuple[Any, ...]) -> DateCheck:
    return DateCheck(spec, compiler, path)
