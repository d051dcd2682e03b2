"""``section``: a section about X must exist (its heading matches), optionally with a body.

    section: {terms: [children, minors], min_words: 10}
"""

from __future__ import annotations

import re
from typing import Any

from policylint.checks.base import CheckError, Compiler, Context, Outcome
from policylint.checks.matcher import pattern_ids
from policylint.model import Status

_WORD = re.compile(r"\w+")


class SectionCheck:
    def __init__(self, spec: Any, compiler: Compiler, path: tuple[Any, ...]) -> None:
        if isinstance(spec, dict):
            unknown = [k for k in spec if k not in ("terms", "regex", "inflect", "min_words")]
            if unknown:
                raise CheckError(path + (unknown[0],), f"unknown section key {unknown[0]!r}")
        self.ids = pattern_ids(spec, compiler.table, path)
        self.min_words = int(spec.get("min_words", 0)) if isinstance(spec, dict) else 0

    def evaluate(self, ctx: Context) -> Outcome:
        doc = ctx.doc
        for sec in doc.sections:
            hit = next((h for pid in self.ids for h in ctx.scan.hits_in(pid, sec.start, sec.heading_end)), None)
            if hit is None:
                continue
            if self.min_words and len(_WORD.findall(doc.text, sec.heading_end, sec.end)) < self.min_words:
                continue
            return Outcome(Status.PASSED, spans=[(sec.start, sec.heading_end)])
        return Outcome(Status.FAILED, detail="no section heading found")


def compile_section(spec: Any, compiler: Compiler, path: tuple[Any, ...]) -> SectionCheck:
    return SectionCheck(spec, compiler, path)
