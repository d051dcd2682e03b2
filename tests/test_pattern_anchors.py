"""Every hand-written regex of the built-in rulesets has a literal to search for.

A regex without a literal prefix (one that may start with ``\\w``, ``\\S`` or a character class)
is run over the whole text of every document, which costs more than all the anchored ones
together. Start it from a literal instead: a lookbehind for what comes before (``(?<=\\w)\\.ico``
rather than ``\\w\\.ico``), or split the alternatives that lack one. The one exception is listed
with the reason.
"""

from __future__ import annotations

from policylint.api import compile_builtin
from policylint.rulesets import builtin_rulesets

# A company name in capitals before a legal form ("Example Holdings Ltd. ("we")"): it starts with
# any capital letter, and the legal form after it sits at a varying distance.
# (Sources are stored with their repetitions bounded: ``*`` reads ``{0,256}``.)
UNANCHORED_ON_PURPOSE = ("(?-i:\\b[A-Z][\\w&.'’-]{0,256}",)


def test_every_builtin_regex_has_a_literal_prefix():
    table = compile_builtin(sorted(builtin_rulesets())).table
    unanchored = [src for src in table.unanchored() if not src.startswith(UNANCHORED_ON_PURPOSE)]
    assert unanchored == [], "regexes scanned over the whole text of every document (see this module's docstring)"
