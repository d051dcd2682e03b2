"""Rule-based sentence splitting that keeps offsets.

Policies are full of abbreviations ("Inc.", "e.g.", "U.S.") and numbered clauses ("3.2"), so a
boundary needs terminal punctuation, whitespace, and an upper-case letter, digit, quote or bullet
after it, and the word before the period must not be a known abbreviation or a single initial.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    """
    e.g i.e etc inc ltd llc co corp mr mrs ms dr no nos vs st jr sr u.s u.k e.u
    art arts sec secs para approx dept fig cf al op ca est tel ph min max www
    jan feb mar apr jun jul aug sep sept oct nov dec p.o a.m p.m a.k.a fig viz
    """.split()
)

# A boundary: end punctuation (plus closing quotes/brackets), whitespace, then a likely start.
# It starts only at the first mark of a run: otherwise a line of 100,000 dots is quadratic.
# Written mark-first ("[.!?](?<![.!?]{2})" is "(?<![.!?])[.!?]") so that the regex engine skips
# straight to the next mark instead of trying every position.
_BOUNDARY = re.compile(r"""[.!?](?<![.!?][.!?])[.!?]*["'’”)\]]*(?=\s+["'‘“(\[]?[A-Z0-9•\-–*])""")
_NEWLINE_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:[-•*–]|\(?[0-9a-z]{1,3}[.)])\s)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_MAX_SENTENCE = 2000


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentence spans (absolute offsets), whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    pos = start
    for chunk_start, chunk_end in _chunks(text, start, end):
        pos = chunk_start
        for m in _BOUNDARY.finditer(text, chunk_start, chunk_end):
            cut = m.end()
            if _is_abbreviation(text, pos, m.start()):
                continue
            _push(text, pos, cut, spans)
            pos = cut
        _push(text, pos, chunk_end, spans)
    return spans


def _chunks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if text.find("\n", start, end) < 0:
        return [(start, end)]
    out = []
    pos = start
    for m in _NEWLINE_BREAK.finditer(text, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return out


def _is_abbreviation(text: str, seg_start: int, period_at: int) -> bool:
    if text[period_at] != ".":
        return False
    m = _WORD_BEFORE.search(text, max(seg_start, period_at - 12), period_at)
    if not m:
        # A number before the period: "Section 3. Data" is a boundary, "3.2" never gets here.
        return False
    word = m.group(1).lower().rstrip(".")
    if len(word) == 1:
        return True  # an initial: "J. Smith"
    return word in _ABBREVIATIONS


def _push(text: str, s: int, e: int, spans: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if s >= e:
        return
    # Very long unpunctuated runs (tables flattened to text, minified pages) are cut so that
    # "same sentence" never spans a whole document.
    while e - s > _MAX_SENTENCE:
        cut = text.rfind(" ", s, s + _MAX_SENTENCE)
        if cut <= s:
            cut = s + _MAX_SENTENCE
        spans.append((s, cut))
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if s < e:
        spans.append((s, e))
