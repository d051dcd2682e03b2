"""Check kinds, one module each, and the registry that maps a YAML key to its compiler."""

from __future__ import annotations

from typing import Any

from policylint.checks.base import Check, CheckError, Compiler, Context, Outcome
from policylint.checks.conditional import compile_when
from policylint.checks.date import compile_date
from policylint.checks.entity import compile_entity
from policylint.checks.forbid import compile_forbid
from policylint.checks.logic import compile_all, compile_any, compile_not
from policylint.checks.metric import compile_metric
from policylint.checks.require import compile_require
from policylint.checks.section import compile_section
from policylint.matching import PatternTable

REGISTRY: dict[str, Any] = {
    "require": compile_require,
    "forbid": compile_forbid,
    "when": compile_when,
    "all": compile_all,
    "any": compile_any,
    "not": compile_not,
    "section": compile_section,
    "entity": compile_entity,
    "date": compile_date,
    "metric": compile_metric,
}


def new_compiler(table: PatternTable | None = None) -> Compiler:
    """A compiler over a (shared) pattern table with every built-in check kind."""
    return Compiler(table or PatternTable(), REGISTRY)


__all__ = ["REGISTRY", "Check", "CheckError", "Compiler", "Context", "Outcome", "new_compiler"]
