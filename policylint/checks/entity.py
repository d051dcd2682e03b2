"""``entity``: contact details must appear, optionally in a section or near given terms.

    entity:
      kind: [email, phone, postal_address, contact_form]   # url, date also exist
      in_section: [contact, questions]                      # optional
      near: {terms: [privacy, contact, questions], within: 40}  # optional
      min_count: 1
"""

from __future__ import annotations

import re
from typing import Any

from policylint.checks.base import CheckError, Compiler, Context, Outcome
from policylint.checks.matcher import pattern_ids, section_set
from policylint.model import Status

KINDS = ("email", "phone", "postal_address", "url", "contact_form", "date")
_WORD = re.compile(r"\w+")


class EntityCheck:
    def __init__(self, spec: Any, compiler: Compiler, path: tuple[Any, ...]) -> None:
        if not isinstance(spec, dict):
            raise CheckError(path, "entity needs a mapping with `kind`")
        unknown = [k for k in spec if k not in ("kind", "in_section", "near", "min_count")]
        if unknown:
            raise CheckError(path + (unknown[0],), f"unknown entity key {unknown[0]!r}")
        kinds = spec.get("kind")
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if not kinds or any(k not in KINDS for k in kinds):
            raise CheckError(path + ("kind",), "kind must be one or more of: " + ", ".join(KINDS))
        self.kinds = frozenset(kinds)
        table = compiler.table
        self.in_section = pattern_ids(spec["in_section"], table, path + ("in_section",)) if "in_section" in spec else None
        near = spec.get("near")
        self.near = pattern_ids(near, table, path + ("near",)) if near else None
        self.within = int(near.get("within", 30)) if isinstance(near, dict) else 30
        self.min_count = int(spec.get("min_count", 1))

    def evaluate(self, ctx: Context) -> Outcome:
        doc = ctx.doc
        allowed = section_set(ctx, self.in_section) if self.in_section else None
        found: list[tuple[int, int]] = []
        for ent in doc.entities:
            if ent.kind not in self.kinds:
                continue
            sent = doc.sentence_at(ent.start)
            if allowed is not None and (sent is None or sent.section not in allowed):
                continue
            if self.near is not None and not self._near(ctx, ent.start, ent.end):
                continue
            found.append((ent.start, ent.end))
        if len(found) < self.min_count:
            what = "/".join(sorted(self.kinds)).replace("_", " ")
            return Outcome(Status.FAILED, detail=f"no {what} found" + (" in the expected section" if allowed is not None else ""))
        return Outcome(Status.PASSED, spans=found[:3])

    def _near(self, ctx: Context, start: int, end: int) -> bool:
        text = ctx.doc.text
        # Look a generous character window either side, then count words exactly.
        lo, hi = max(0, start - self.within * 12), end + self.within * 12
        for pid in self.near or []:
            for s, e in ctx.scan.hits_in(pid, lo, hi):
                gap = text[e:start] if e <= start else text[end:s]
                if len(_WORD.findall(gap)) <= self.within:
                    return True
        return False


def compile_entity(spec: Any, compiler: Compiler, path: tuple[Any, ...]) -> EntityCheck:
    return EntityCheck(spec, compiler, path)
