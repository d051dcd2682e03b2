"""Recognise headings that real policies write without heading markup.

Seen in the wild: bold-only lines (``**Collection of Information**``), numbered clauses
("1. Information that is gathered", "3.2 Cookies", "IV. Your rights"), short title-case
lines in plain text ("How We Use Information collected"), and sentence-case titles that ask or
say how ("How we use cookies", "What data do we collect?").
"""

from __future__ import annotations

import re

_NUMBERED = re.compile(r"^\s*(?:(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?|(?P<roman>[IVXLC]{1,6})\.|(?P<letter>[A-Z])\.|(?:section|article|part)\s+\d+[.:]?)\s+(?=\S)", re.I)
_SMALL_WORDS = frozenset("a an and as at by for from in into of on or the to with our your we you is are how what who why when where do does this that its it".split())
_MAX_WORDS = 14
_LABEL = re.compile(r":\s+\S")
_WH = frozenset("how what why when where who which whom whose".split())
_WORDS = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def numbered_depth(line: str) -> int | None:
    """Depth of a numbered-clause prefix ("3.2 ..." is 2), or None when there is none."""
    m = _NUMBERED.match(line)
    if not m:
        return None
    if m.group("num"):
        return m.group("num").count(".") + 1
    return 1


def looks_like_heading(text: str, *, allow_numbered: bool = True, min_caps: float = 0.6) -> bool:
    """A short line, without sentence punctuation at its end, in title case or numbered."""
    t = text.strip()
    if not t or len(t) > 120 or t.endswith((".", ",", ";", "!")) and not t.endswith("..."):
        return False
    if t[0].islower() or t.startswith(("(", "-", "*", "•", "http")):
        return False
    if _LABEL.search(t):
        return False  # "Updated: 2017/01/24" is a statement, not a heading
    words = _WORDS.findall(t)
    if not words or len(words) > _MAX_WORDS:
        return False
    if t.endswith(":") and len(words) > 6:
        return False
    if words[0].lower() in _WH and words[0][0].isupper() and len(words) <= 12:
        # Sentence-case titles are mostly questions or "how we ..." phrases ("How we use
        # cookies", "What data do we collect?"); a body sentence would end with a full stop.
        return True
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not significant:
        return False
    ratio = sum(1 for w in significant if w[0].isupper()) / len(significant)
    if t.isupper():
        return True
    if allow_numbered and _NUMBERED.match(t):
        # "3.2 Cookies", "1. Information that is gathered and used by Clickoo"
        return not t.endswith(":") and (len(words) <= 5 or (len(words) <= 9 and ratio >= 0.5))
    return ratio >= min_caps and len(words) <= 10
