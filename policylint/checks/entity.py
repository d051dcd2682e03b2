"""``entity``: contact details must appear, optionally in a section or near given terms.

    entity:
      kind: [email, phone, postal_address, contact_form]   # url, date also exist
      in_section: [contact, questions]                      # optional
      near: {terms: [privacy, contact, questions], within: 40}  # optional
      min_count: 1
      prefer_section: [contact*, question*]                 # optional: rank evidence found here first
      prefer_near: {terms: [questions, privacy], within: 12}  # optional: then evidence near these terms
"""

from __future__ import annotations

import re
from typing import Any

from policylint.checks.base import CheckError, Compiler, Context, Outcome
from policylint.checks.matcher import pattern_ids, section_set
from policylint.model import Status

KINDS = ("email", "phone", "postal_address", "url", "contact_form", "date")
_WORD = re.compile(r"\w+")
# Entities that only point to a page, ranked below the contact details themselves.
_LINK_KINDS = frozenset({"contact_form", "url"})


class EntityCheck:
    def __init__(self, spec: Any, compiler: Compiler, path: tuple[Any, ...]) -> None:
        if not isinstance(spec, dict):
            raise CheckError(path, "entity needs a mapping with `kind`")
        unknown = [k for k in spec if k not in ("kind", "in_section", "near", "min_count", "prefer_section", "prefer_near")]
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
        self.prefer = pattern_ids(spec["prefer_section"], table, path + ("prefer_section",)) if "prefer_section" in spec else None
        prefer_near = spec.get("prefer_near")
        self.prefer_near = pattern_ids(prefer_near, table, path + ("prefer_near",)) if prefer_near else None
        self.prefer_within = int(prefer_near.get("within", 12)) if isinstance(prefer_near, dict) else 12

    def evaluate(self, ctx: Context) -> Outcome:
        doc = ctx.doc
        allowed = section_set(ctx, self.in_section) if self.in_section else None
        preferred = section_set(ctx, self.prefer) if self.prefer else None
        found: list[tuple[int, int, int, int, int]] = []  # (-score, 0 if `near` is in its sentence else 1, 1 if a link, start, end)
        for ent in doc.entities:
            if ent.kind not in self.kinds:
                continue
            sent = doc.sentence_at(ent.start)
            if allowed is not None and (sent is None or sent.section not in allowed):
                continue
            if self.near is not None and not self._near(ctx, self.near, self.within, ent.start, ent.end):
                continue
            # Rank: under a preferred heading, then near preferred words, then document order.
            score = 2 if preferred is not None and sent is not None and sent.section in preferred else 0
            score += 1 if self.prefer_near is not None and self._near(ctx, self.prefer_near, self.prefer_within, ent.start, ent.end) else 0
            # A page menu ("Home | Contact | Blog") is often read as a heading: its "Contact" link
            # heads its own "Contact" section and must not win on that. (An address line read as
            # a heading in a contact block is still good evidence: only links are ranked down.)
            # So is a link that makes up its whole line (a menu item, "Help with all questions").
            if ent.kind in _LINK_KINDS and sent is not None and (
                doc.blocks[sent.block].kind == "heading" or (ent.end - ent.start) * 5 >= (sent.end - sent.start) * 4
            ):
                score -= 2
            # Within a rank, an entity whose own sentence says what it is for comes first: the
            # address in "our data protection officer is at ...", not the same address in a
            # definitions paragraph above it, nor a bare "Contact us" link.
            told = self.near is not None and sent is not None and self._in_sentence(ctx, self.near, sent.start, sent.end, ent.start, ent.end)
            # Then the details themselves (an address, email or phone) before a link to a page.
            found.append((-score, 0 if told else 1, 1 if ent.kind in _LINK_KINDS else 0, ent.start, ent.end))
        if len(found) < self.min_count:
            what = "/".join(sorted(self.kinds)).replace("_", " ")
            return Outcome(Status.FAILED, detail=f"no {what} found" + (" in the expected section" if allowed is not None else ""))
        return Outcome(Status.PASSED, spans=[(s, e) for _, _, _, s, e in sorted(found)[:3]])

    @staticmethod
    def _in_sentence(ctx: Context, ids: list[int], lo: int, hi: int, start: int, end: int) -> bool:
        """Whether a hit of ``ids`` lies in ``[lo, hi)`` outside the entity's own ``[start, end)``."""
        return any(e <= start or s >= end for pid in ids for s, e in ctx.scan.hits_in(pid, lo, hi))

    def _near(self, ctx: Context, ids: list[int], within: int, start: int, end: int) -> bool:
        text = ctx.doc.text
        # Look a generous character window either side, then count words exactly.
        lo, hi = max(0, start - within * 12), end + within * 12
        for pid in ids:
            for s, e in ctx.scan.hits_in(pid, lo, hi):
                a, b = (e, start) if e <= start else (end, s)
                # k words need 2k - 1 characters: a short gap needs no counting.
                if b - a <= 2 * within or len(_WORD.findall(text, a, b)) <= within:
                    return True
        return False


def compile_entity(spec: Any, compiler: Compiler, path: tuple[Any, ...]) -> EntityCheck:
    return EntityCheck(spec, compiler, path)
