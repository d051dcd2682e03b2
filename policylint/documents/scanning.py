"""Exactly the matches of ``pattern.finditer(text)``, without running the pattern over all of ``text``.

Most entity patterns start with ``\\b`` or a character class, so the regex engine attempts a match at
every position of a policy: that was most of the time spent loading one. The finders in
:mod:`policylint.documents.entities` first locate cheap *anchors* (a literal found at C speed, or a
run of digits) that every match must contain, then use one of two helpers here:

* :func:`match_at`: the pattern is tried only at positions where a match can start. Exact when the
  positions include every start of a match in the whole text (``pattern.match(text, p)`` sees the
  whole text, so look-behinds and ``\\b`` behave as in ``finditer``).
* :func:`finditer_windows`: the pattern runs over small windows that no match can cross. Exact when
  every match lies in a window, no match spans a window's start, and whatever the pattern inspects
  at a window's end (one character of look-ahead) lies inside it; :func:`windows_before` builds
  such windows for patterns that end at an anchor and reach back a bounded number of words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A backward scan that walks further than this (long whitespace runs) gives up and merges its
# window with everything before it: still exact, only slower, and only on odd input.
_MAX_BACK = 512


def find_all(haystack: str, needle: str) -> list[int]:
    """Start of every occurrence of ``needle``, overlapping ones included."""
    out: list[int] = []
    i = haystack.find(needle)
    while i >= 0:
        out.append(i)
        i = haystack.find(needle, i + 1)
    return out


def match_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> list[re.Match[str]]:
    """What ``pattern.finditer(text)`` yields, given a superset of the positions where a match can
    start. The pattern must never match the empty string."""
    out: list[re.Match[str]] = []
    end = 0
    for p in sorted(set(starts)):
        if p < end:
            continue  # inside the previous match: finditer resumes after it
        m = pattern.match(text, p)
        if m is not None:
            out.append(m)
            end = m.end()
    return out


def reach_back(text: str, pos: int, runs: int, chars: int) -> int:
    """The smallest ``i`` such that ``text[i:pos]`` holds at most ``runs`` runs of whitespace and
    ``chars`` other characters: a lower bound for the start of a match that ends at an anchor at
    ``pos`` and has at most that much before it. 0 when the scan gives up."""
    i = pos
    in_space = False
    stop = max(0, pos - _MAX_BACK)
    while i > 0:
        if i <= stop:
            return 0
        if text[i - 1].isspace():  # str.isspace is exactly the regex \s
            if not in_space:
                if runs == 0:
                    return i
                runs -= 1
                in_space = True
        else:
            if chars == 0:
                return i
            chars -= 1
            in_space = False
        i -= 1
    return 0


def windows_before(text: str, anchors: Iterable[int], runs: int, chars: int, tail: int) -> list[tuple[int, int]]:
    """Merged windows ``[reach_back(a), a + tail)`` for a pattern whose matches end at an anchor
    ``a`` (``tail``: the anchor's length plus one character the pattern may look at after it)."""
    merged: list[tuple[int, int]] = []
    for a in sorted(anchors):
        lo, hi = reach_back(text, a, runs, chars), min(len(text), a + tail)
        while merged and lo < merged[-1][1]:
            lo = min(lo, merged.pop()[0])
        merged.append((lo, hi))
    return merged


def finditer_windows(pattern: re.Pattern[str], text: str, windows: Iterable[tuple[int, int]]) -> list[re.Match[str]]:
    """The matches of ``pattern`` inside each window, in order (see the module docstring)."""
    out: list[re.Match[str]] = []
    for lo, hi in windows:
        out.extend(pattern.finditer(text, lo, hi))
    return out
