"""Turn rule vocabulary into regular expressions.

A term such as ``opt-out`` or ``delete your data`` matches case-insensitively on word boundaries,
with hyphen/space variants ("opt-out", "opt out", "optout"), curly or straight apostrophes, and
light English inflections of each content word ("delete" also finds "deleted", "deleting";
"party" finds "parties"). A ``*`` inside a word is a wildcard for word characters ("cookie*").
"""

from __future__ import annotations

import re

_STOP = frozenset(
    "a an and any are as at be by can de for from has have if in into is it its may might must no "
    "nor not of on or our such than that the their them then there these they this those to us "
    "was we were when where which while who will with would you your yours about".split()
)
_VOWELS = set("aeiou")
# A `*` in a term: bounded, so that `*tracking*` or `a*b*c` stays linear on a 5 MB "word" (an
# unbounded `\w*` rescans the rest of the word from every start position); no real word is longer.
_WILDCARD = r"\w{0,64}"
_SPACE = r"[\s\u00a0]+"
_HYPHEN_OR_SPACE = r"(?:[\s\u00a0]*[-\u2010\u2011\u2012\u2013\u2014/][\s\u00a0]*|[\s\u00a0]+)"
_HYPHEN_SPACE_OR_NONE = r"(?:[\s\u00a0]*[-\u2010\u2011\u2012\u2013][\s\u00a0]*|[\s\u00a0]*)"


def inflect(word: str) -> str:
    """Regex for ``word`` and its regular inflections (word must be lower-case letters)."""
    w = re.escape(word)
    if len(word) < 3 or word in _STOP or not word.isalpha():
        return w
    last = word[-1]
    if last == "e":
        return re.escape(word[:-1]) + "(?:e|es|ed|ing)"
    if last == "y" and word[-2] not in _VOWELS:
        return re.escape(word[:-1]) + "(?:y|ies|ied|ying)"
    if word.endswith(("s", "sh", "ch", "x", "z")):
        return w + "(?:es|ed|ing)?"
    if len(word) <= 5 and word[-2] in _VOWELS and word[-3] not in _VOWELS and last not in "wxy":
        # short consonant-vowel-consonant: "ship" -> "shipped", "opt" has no doubling.
        return w + f"(?:s|ed|ing|{re.escape(last)}ed|{re.escape(last)}ing)?"
    return w + "(?:s|es|ed|ing)?"


def _word(word: str, inflected: bool) -> str:
    if "*" in word:
        return "".join(_WILDCARD if part == "" else re.escape(part) for part in _split_star(word))
    word = word.replace("’", "'")
    if "'" in word:
        return "['’]".join(re.escape(p) for p in word.split("'"))
    return inflect(word.lower()) if inflected else re.escape(word)


def _split_star(word: str) -> list[str]:
    out: list[str] = []
    for i, part in enumerate(word.split("*")):
        if i:
            out.append("")
        if part:
            out.append(part)
    return out


def term_regex(term: str, inflected: bool = True) -> str:
    """Regex source (no flags) for one vocabulary term."""
    term = term.strip()
    if not term:
        raise ValueError("empty term")
    tokens = re.split(r"([\s\u00a0]+|[-\u2010\u2011\u2013/])", term)
    parts: list[str] = []
    for tok in tokens:
        if not tok:
            continue
        if tok.isspace() or tok == "\u00a0":
            parts.append(_HYPHEN_OR_SPACE)
        elif tok in "-\u2010\u2011\u2013":
            parts.append(_HYPHEN_SPACE_OR_NONE)
        elif tok == "/":
            parts.append(r"[\s\u00a0]*/[\s\u00a0]*")
        else:
            parts.append(_word(tok, inflected))
    body = "".join(parts)
    lead = r"(?<!\w)" if re.match(r"\w", term) else ""
    tail = r"(?!\w)" if re.search(r"[\w*]$", term) else ""
    return f"{lead}{body}{tail}"


def terms_regex(terms: list[str], inflected: bool = True) -> str:
    """One alternation for a list of terms, longest first so the longest phrase wins."""
    uniq = sorted(set(terms), key=lambda t: (-len(t), t))
    return "|".join(f"(?:{term_regex(t, inflected)})" for t in uniq)
