"""What makes one matching sentence better evidence than another.

A matcher's hit gets a score (see :func:`score`): the sentence sits under a heading on the rule's
topic (a heading block, or a run-in heading such as a bold lead-in), holds more of the rule's
vocabulary than a hit needs, is a complete sentence, and states the practice in its main clause
rather than in a condition ("If you lose access to your account, ..."). The first two are known
before a sentence is judged and the last two only take points off, so the search for the best few
(``search.best_first``) can rely on :func:`score` never exceeding ``TOP``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from policylint.model import Document, Sentence

PREFERRED = 2  # under a heading (or a run-in heading) that matches the rule's topic
DENSE = 1  # each: two of the matcher's own terms; two different terms of one of its `near` lists
FRAGMENT = 1  # each: a list fragment or heading-like line, not a full sentence; a definition of a term
CONDITION = 1  # the hit sits only in a subordinate condition
TOP = PREFERRED + 2 * DENSE  # the highest score
# Below every other hit: a heading-like line that only names the topic, or a hit of a matcher
# marked `secondary` (the practice implied, as a marketing opt-out implies the right to object).
DEMOTED = TOP + 1

# Words that open a subordinate clause of time or condition; "should" only opens a sentence.
# (The lookahead on first letters lets the scan skip most positions at once.)
_SUBORDINATE = re.compile(
    r"(?=[iuwoab])\b(?:i(?:f|n\s+(?:the\s+event|case))|un(?:less|til)|upon|when(?:ever)?|once|after|before)\b", re.I
)
_SHOULD = re.compile(r"\W*should\b", re.I)
# "If you would like to access your data, ..." introduces the how-to: not a mere circumstance.
_WISH = re.compile(
    r"\s+(?:you|users?|a\s+user|the\s+user|they)\s+(?:\w+\s+){0,2}?"
    r"(?:wish|wishes|want|wants|would\s+like|like|prefer|prefers|choose|chooses|decide|decides|desire|desires|intend|intends)\b",
    re.I,
)
# "You can tell if the policy has changed by ...": after such verbs "if" means "whether".
_WHETHER = re.compile(
    r"\b(?:tell|know|see|check|determine|ask|find\s+out|learn|verify|confirm|sure|wonder|decide|show|shows|indicate|indicates)\s+$", re.I
)
_BREAKS = ",;:("
# ", or delete the cookies": a break followed by a coordinator goes on with the same clause.
_COORDINATED = re.compile(r"\s*(?:or|and|nor)\b", re.I)
Span = tuple[int, int]


def score(preferred: bool, dense: int, fragment: int, conditional: bool, demoted: int = 0) -> int:
    """The rank of a hit: higher is better evidence; at most ``TOP``. ``dense`` counts the ways
    (0 to 2) the sentence holds more of the vocabulary than a hit needs; each ``demoted`` reason
    ranks the hit below every hit without it."""
    return (PREFERRED if preferred else 0) + DENSE * dense - FRAGMENT * fragment - (CONDITION if conditional else 0) - DEMOTED * demoted


def run_in_headings(doc: Document, fragment: Callable[[int], int]) -> list[Sentence]:
    """The sentences that head the rest of their paragraph or list item, as a bold or numbered
    lead-in does ("9. Retention of your information. We keep ..."): a fragment (``fragment(i)``
    of sentence ``i``) that opens a block another sentence goes on. The text after it is under
    that heading although the loader saw no heading block."""
    sentences, blocks = doc.sentences, doc.blocks
    found: list[Sentence] = []
    previous = -1  # the block of the sentence before
    for i, sent in enumerate(sentences[:-1]):
        block, opens = sent.block, sent.block != previous
        previous = block
        if opens and sentences[i + 1].block == block and 0 <= block < len(blocks) and blocks[block].kind != "heading" and fragment(i):
            found.append(sent)
    return found


def may_condition(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` (from a sentence's start) holds a word that opens a condition;
    without one, no hit in it is in a condition."""
    return _SUBORDINATE.search(text, start, end) is not None or _SHOULD.match(text, start, end) is not None


def in_condition(text: str, sentence_start: int, hit_start: int) -> bool:
    """Whether the hit at ``hit_start`` lies in a subordinate clause of condition or time ("if you
    lose access ...", "after your account is closed"), other than one stating the reader's wish
    ("if you would like to access ...", which introduces how to)."""
    if not may_condition(text, sentence_start, hit_start):
        return False  # most hits: nothing before them opens a condition
    # The clause holding the hit starts after the last break before it that does not go on
    # with a coordinator.
    clause_start, end = sentence_start, hit_start
    while end > sentence_start:
        k = max(text.rfind(ch, sentence_start, end) for ch in _BREAKS)
        if k < 0:
            break
        if not _COORDINATED.match(text, k + 1, hit_start):
            clause_start = k + 1
            break
        end = k
    found = None
    for found in _SUBORDINATE.finditer(text, clause_start, hit_start):
        pass
    if found is None:
        if clause_start != sentence_start:
            return False
        should = _SHOULD.match(text, sentence_start, hit_start)
        return should is not None and not _WISH.match(text, should.end(), hit_start)
    if found.group().lower() == "if" and _WHETHER.search(text, max(clause_start, found.start() - 20), found.start()):
        return False
    return not _WISH.match(text, found.end(), hit_start)


def count_apart(text: str, spans: list[Span]) -> int:
    """How many different words or phrases ``spans`` (sorted) find in ``text``, counting a span
    that overlaps an earlier counted one not at all: "their contact information" and "contact
    information" found at the same place count once, and so does "your email address" used twice."""
    seen: set[str] = set()
    last = -1
    for start, end in spans:
        if start >= last:
            seen.add(text[start:end].lower())
            last = end
    return len(seen)
