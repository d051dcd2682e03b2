"""Literal prefixes of a regular expression, and the case folding they are compared under.

For a pattern we derive a small set of lower-case strings such that *every* match of the pattern
starts with one of them (compared after :func:`fold_text`). Finding those strings in a document
is a plain multi-literal search; only at those positions does the exact regex need to run. The
analysis walks the parse tree of Python's own regex parser, so it sees exactly what ``re`` sees,
and it is conservative: whatever it does not understand (``\\w``, ``.``, back-references)
ends the prefix there, and a pattern without a usable prefix is simply scanned in full.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

try:  # Python 3.11+ moved the parser; 3.10 has the public (deprecated) module.
    from re import _casefix, _constants as C, _parser as sre_parse  # type: ignore[attr-defined]

    _EXTRA_CASES: dict[int, tuple[int, ...]] = _casefix._EXTRA_CASES
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]
    from sre_compile import _ignorecase_fixes as _EXTRA_CASES  # type: ignore[no-redef]

MAX_PREFIX = 10  # longer prefixes add little selectivity and cost trie size
MIN_PREFIX = 1  # one letter still beats running the whole regex at every position
MAX_SET = 256  # cap on alternatives per pattern (character classes multiply)
MAX_CLASS = 12  # a class with more members ends the prefix

# Case folding equal to what `re.IGNORECASE` treats as the same letter: the simple lower-case
# mapping, then each of re's extra equivalence classes (s/ſ, k/K, σ/ς, ...) to one member.
# The representative is a word character when the class has one, so folding keeps \w-ness
# (the one exception, U+0345 COMBINING YPOGEGRAMMENI, is handled by the locators).
_FOLD_EXTRA = {
    c: chr(rep)
    for c, others in _EXTRA_CASES.items()
    if (rep := min((c, *others), key=lambda o: (not (chr(o).isalnum() or chr(o) == "_"), o))) != c
}
NOT_WORD_FOLDS_TO_WORD = "\u0345"
WORD_START = "\x00"  # marks an anchor that only counts where no word character precedes it
_PRE_LOWER = {0x130: "i"}  # the one code point whose str.lower() is longer than one char
# str.translate is slow; most texts hold none of these letters, so look for one first.
_HAS_EXTRA = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_FOLD_EXTRA)) + "]")


def fold_text(text: str) -> str:
    """``text`` case-folded as ``re.IGNORECASE`` compares it, same length and offsets."""
    low = text.lower()
    if len(low) != len(text):
        low = text.translate(_PRE_LOWER).lower()
    if low.isascii() or _HAS_EXTRA.search(low) is None:
        return low
    return low.translate(_FOLD_EXTRA)


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    return fold_text(ch)


@lru_cache(maxsize=8192)  # pure; the same vocabulary recurs across rulesets and test runs
def literal_prefixes(source: str, flags: int = re.IGNORECASE) -> frozenset[str] | None:
    """Folded strings one of which starts every match of ``source``; None when there are none.

    A string beginning with :data:`WORD_START` begins with a word character and counts only
    where no word character precedes it (the pattern starts with ``(?<!\\w)`` or ``\\b``).
    """
    try:
        parsed = sre_parse.parse(source, flags)
    except (re.error, RecursionError, OverflowError):
        return None
    try:
        found = _seq(list(parsed), MAX_PREFIX, True)
    except RecursionError:
        return None
    found = _minimise(found)
    if not found or any(len(s.lstrip(WORD_START)) < MIN_PREFIX for s in found):
        return None
    return frozenset(found)


def _minimise(strings: set[str]) -> set[str]:
    """Drop strings that have a shorter member as prefix (the shorter one already covers them)."""
    out: set[str] = set()
    for s in sorted(strings, key=len):
        if not any(s[:k] in out for k in range(1, len(s))):
            out.add(s)
    return out


def _cap(strings: set[str]) -> set[str]:
    """Shorten strings until the set is small enough (a shorter prefix is still a prefix)."""
    length = MAX_PREFIX
    while len(strings) > MAX_SET and length > 0:
        length -= 1
        strings = {s[: length + s.startswith(WORD_START)] for s in strings}
    return strings


_LEADING_WORD = re.compile(r"\w")


def _word_start(strings: set[str]) -> set[str]:
    """Mark strings that begin with a word character as anchored at a word start. The rest of
    the string may hold any character ("s.a", "a/s"): only its first must follow a non-word one."""
    return {WORD_START + s if _LEADING_WORD.match(s) else s for s in strings}


def _is_word_lookbehind(av: tuple) -> bool:
    direction, body = av
    return direction == -1 and list(body) == [(C.IN, [(C.CATEGORY, C.CATEGORY_WORD)])]


def _seq(items: list, need: int, fresh: bool = False) -> set[str]:
    """Prefixes (up to ``need`` chars) that every match of the sequence ``items`` starts with.

    ``fresh``: nothing has been consumed yet, so a word-boundary assertion here marks a word start.
    """
    if need <= 0 or not items:
        return {""}
    op, av = items[0]
    rest = items[1:]
    if fresh and ((op is C.ASSERT_NOT and _is_word_lookbehind(av)) or (op is C.AT and av in (C.AT_BOUNDARY, C.AT_UNI_BOUNDARY))):
        return _word_start(_seq(rest, need))
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):  # zero width: consumes nothing
        return _seq(rest, need, fresh)
    if op is C.LITERAL:
        ch = fold_char(chr(av))
        return {ch + s for s in _seq(rest, need - 1)}
    if op is C.IN:
        chars = _class_chars(av)
        if chars is None:
            return {""}
        tails = _seq(rest, need - 1)
        return _cap({c + s for c, s in product(chars, tails)})
    if op is C.SUBPATTERN:
        return _seq(list(av[-1]) + rest, need, fresh)
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _seq(list(av) + rest, need, fresh)
    if op is C.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            out |= _seq(list(alt) + rest, need, fresh)
            if len(out) > MAX_SET * 4:
                out = _cap(out)
        return _cap(out)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)):
        lo, hi, body = av
        body = list(body)
        if lo == 0:
            # Either the repeat is empty (go on with the rest) or it starts with the body.
            skip = _seq(rest, need, fresh)
            if hi == 0:
                return skip
            return _cap(_seq(body, need, fresh) | skip)
        if lo == hi and lo <= 3:
            return _seq(body * lo + rest, need, fresh)
        return _seq(body, need, fresh)  # at least one iteration; where it ends is unknown
    return {""}  # ANY, CATEGORY, NOT_LITERAL, GROUPREF, ...: no literal known


def _class_chars(items: list) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            chars.add(fold_char(chr(av)))
        elif op is C.RANGE and av[1] - av[0] < MAX_CLASS:
            chars.update(fold_char(chr(c)) for c in range(av[0], av[1] + 1))
        elif op is getattr(C, "RANGE_UNI_IGNORE", None) and av[1] - av[0] < MAX_CLASS:
            chars.update(fold_char(chr(c)) for c in range(av[0], av[1] + 1))
        else:
            return None  # negated classes, categories (\w, \s), big ranges
        if len(chars) > MAX_CLASS:
            return None
    return chars or None


def split_alternatives(source: str, flags: int = re.IGNORECASE) -> list[str] | None:
    """The top-level alternatives of ``source`` as standalone patterns, or None when splitting
    could change a match (one alternative, back-references, verbose mode, global inline flags,
    or a shape the parser rewrote, e.g. a factored common prefix)."""
    if re.search(r"\\[1-9]|\(\?P=|\(\?[aiLmsux]+\)", source):
        return None
    pieces: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    n = len(source)
    while i < n:
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
            i += 1
            if i < n and source[i] == "^":
                i += 1
            if i < n and source[i] == "]":
                i += 1  # a ']' first in a class is a literal
            continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            pieces.append(source[start:i])
            start = i + 1
        i += 1
    pieces.append(source[start:])
    if len(pieces) < 2 or depth != 0 or in_class:
        return None
    try:
        parsed = sre_parse.parse(source, flags)
    except (re.error, RecursionError, OverflowError):
        return None
    items = list(parsed)
    if parsed.state.flags & re.VERBOSE or len(items) != 1 or items[0][0] is not C.BRANCH or len(items[0][1][1]) != len(pieces):
        return None
    return pieces
