"""Is a statement negated? ("we do not sell", "never shared", "will not be rented")

A match counts as negated when a negation cue stands before it in the same clause. Clauses end at
semicolons, colons, brackets, contrastive words ("but", "except", "unless") and at a comma that
starts a new clause (", you can ..."), but not at the commas of a list ("not sell, rent or
trade"), so the negation carries over the whole list.

A list whose lead-in is negated and ends with a colon ("We will never:" / "- sell your data")
negates the start of each item: the lead-in's clause goes on in the item.

Portuguese cues ("não", "nunca", "jamais", "nenhum", "nem") are recognised too. "no" is a
negation in English but "in the" in Portuguese, so it only counts when the clause does not read
as Portuguese.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from policylint.checks.lists import lead_in_block, opens_item

if TYPE_CHECKING:
    from policylint.model import Document, Sentence

_CUE = re.compile(
    r"\b(?:not|never|none|nor|neither|without|cannot|nothing|nobody|nowhere|refrain(?:s)?\s+from|prohibited\s+from"
    r"|não|nunca|jamais|nenhum|nenhuma|nem)\b"
    r"|n['’]t\b",
    re.I,
)
_NO = re.compile(r"\bno\b", re.I)
# Function words that only Portuguese clauses contain (none is an English word).
_PORTUGUESE = re.compile(r"\b(?:não|seu|sua|seus|suas|dos|das|pelo|pela|nos|nas|são|para|uma|ao)\b", re.I)
# Cues that do not negate what follows them.
_FALSE_CUE = re.compile(
    r"\b(?:not\s+only|no\s+(?:later|more|less|longer)\s+than|whether\s+or\s+not|if\s+not|no\s+matter|without\s+(?:undue\s+)?delay|"
    r"not\s+limited\s+to|not\s+be\s+able|cannot\s+be\s+(?:held|responsible))\b",
    re.I,
)
_BOUNDARY = re.compile(
    r"[;:()\[\]]|[.!?](?=\s)"
    r"|,\s+(?=(?:you|we|they|it|he|she|our|your|this|these|those|if|when|where|but|however|please|although|though|unless|except|which|who)\b)"
    r"|\b(?:but|however|although|though|except|unless|whereas|while|instead|rather|other\s+than|apart\s+from)\b",
    re.I,
)
_WINDOW = 90
# A lead-in whose negation governs the list after it: the cue, at most five words, the colon.
_LEAD_IN = re.compile(r"(?:\b(?:not|never|neither|nor|cannot)|n['’]t)(?:\s+[\w'’]+){0,5}\s*:$", re.I)


def is_negated(text: str, clause_floor: int, start: int) -> bool:
    """Whether the match starting at ``start`` is negated; ``clause_floor`` is its sentence start."""
    lo = max(clause_floor, start - _WINDOW)
    left = text[lo:start]
    cut = 0
    for m in _BOUNDARY.finditer(left):
        cut = m.end()
    left = left[cut:]
    if not left:
        return False
    left = _FALSE_CUE.sub(" ", left)
    if _CUE.search(left) is not None:
        return True
    return _NO.search(left) is not None and _PORTUGUESE.search(text, lo, start) is None


def negated_at(doc: Document, sent: Sentence, start: int) -> bool:
    """Whether the match at ``start`` in ``sent`` is negated: in its own clause, or as the first
    clause of a list item under a negated lead-in ending with a colon ("We will never:")."""
    text = doc.text
    if is_negated(text, sent.start, start):
        return True
    b = sent.block
    k = lead_in_block(doc, b)
    if k is None:
        return False
    blocks = doc.blocks
    if not opens_item(doc, sent) or _BOUNDARY.search(text, blocks[b].start, start):
        return False  # not the item's first clause: the lead-in does not reach it
    lead = text[blocks[k].start:blocks[k].end].rstrip()
    # The cue must govern the list ("we will never:", "we undertake not to:", "we do not share
    # your data with:"), not an aside earlier on ("if you don't want the detail, here is what to
    # know:"); "we do not share your data except:" lists exceptions (is_negated cuts at "except").
    return _LEAD_IN.search(lead) is not None and is_negated(text, blocks[k].start, blocks[k].start + len(lead) - 1)
