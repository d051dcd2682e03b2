"""What every check kind shares: the evaluation context, the outcome, and the compiler."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from policylint.checks.index import DocIndex
from policylint.matching import PatternTable, Scan
from policylint.model import Document, Status

Span = tuple[int, int]


class CheckError(ValueError):
    """A check definition is invalid; ``path`` is the key path inside the rule's ``check``."""

    def __init__(self, path: tuple[Any, ...], message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


@dataclass
class Context:
    """One document being checked, with its pattern scan and per-document memo."""

    doc: Document
    scan: Scan
    as_of: dt.date
    memo: dict[Any, Any] = field(default_factory=dict)
    _index: DocIndex | None = field(default=None, repr=False, compare=False)

    @property
    def index(self) -> DocIndex:
        """Memoised per-document lookups (built on first use)."""
        if self._index is None:
            self._index = DocIndex(self.doc, self.scan)
        return self._index


@dataclass
class Outcome:
    """A check's verdict: evidence spans for passes (or offending spans for failures)."""

    status: Status
    spans: list[Span] = field(default_factory=list)
    detail: str | None = None
    trigger: list[Span] = field(default_factory=list)  # why a conditional rule applied


class Check(Protocol):
    def evaluate(self, ctx: Context) -> Outcome: ...


@dataclass
class Compiler:
    """Compiles a rule's check tree; check kinds call back into it for their children."""

    table: PatternTable
    registry: dict[str, Callable[[Any, Compiler, tuple[Any, ...]], Check]]
    # Compiled parts that mean the same in several rules, shared by key (see compile_matcher).
    shared: dict[Any, Any] = field(default_factory=dict)
    # Above zero while a trigger (`when`) is compiled: its matchers count sentences about the
    # policy itself ("This policy explains how we sell your data" says that it sells).
    in_trigger: int = 0

    def check(self, spec: Any, path: tuple[Any, ...] = ()) -> Check:
        if not isinstance(spec, dict) or len(spec) == 0:
            raise CheckError(path, "a check must be a mapping with one check kind: " + ", ".join(sorted(self.registry)))
        kinds = [k for k in spec if k in self.registry]
        if not kinds:
            raise CheckError(path, f"unknown check kind {sorted(spec)[0]!r}; use one of: " + ", ".join(sorted(self.registry)))
        kind = kinds[0]
        if kind == "when":
            return self.registry["when"](spec, self, path)
        extra = [k for k in spec if k != kind]
        if extra:
            raise CheckError(path + (extra[0],), f"unexpected key {extra[0]!r} beside {kind!r}")
        return self.registry[kind](spec[kind], self, path + (kind,))


def is_check(spec: Any, registry: dict[str, Any]) -> bool:
    """True when ``spec`` is a check (has a check-kind key) rather than a matcher."""
    return isinstance(spec, dict) and any(k in registry for k in spec)
