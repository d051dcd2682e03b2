"""Turn rule vocabulary into regular expressions.

A term such as ``opt-out`` or ``delete your data`` matches case-insensitively on word boundaries,
with hyphen/space variants ("opt-out", "opt out", "optout"), curly or straight apostrophes, and
light English inflections of each content word ("delete" also finds "deleted", "deleting";
"party" finds "parties"). A ``*`` inside a word is a wildcard for word characters ("cookie*").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def _inflection(word: str) -> tuple[str, tuple[str, ...], bool]:
    """``word`` (lower-case) as stem, suffixes and whether no suffix is also allowed."""
    if len(word) < 3 or word in _STOP or not word.isalpha():
        return word, (), True
    last = word[-1]
    if last == "e":
        return word[:-1], ("e", "es", "ed", "ing"), False
    if last == "y" and word[-2] not in _VOWELS:
        return word[:-1], ("y", "ies", "ied", "ying"), False
    if word.endswith(("s", "sh", "ch", "x", "z")):
        return word, ("es", "ed", "ing"), True
    if len(word) <= 5 and word[-2] in _VOWELS and word[-3] not in _VOWELS and last not in "wxy":
        # short consonant-vowel-consonant: "ship" -> "shipped", "opt" has no doubling.
        return word, ("s", "ed", "ing", last + "ed", last + "ing"), True
    return word, ("s", "es", "ed", "ing"), True


def inflect(word: str) -> str:
    """Regex for ``word`` and its regular inflections (word must be lower-case letters)."""
    stem, suffixes, bare = _inflection(word)
    if not suffixes:
        return re.escape(word)
    alts = "|".join(re.escape(s) for s in suffixes)
    return re.escape(stem) + (f"(?:{alts})?" if bare else f"(?:{alts})")


def inflections(word: str) -> list[str]:
    """Every string :func:`inflect` matches (lower-case), e.g. ``share`` -> share, shares, shared, sharing."""
    stem, suffixes, bare = _inflection(word)
    return ([stem] if bare else []) + [stem + s for s in suffixes]


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


def ordered_terms(terms: list[str]) -> list[str]:
    """The alternatives of :func:`terms_regex`, in its order: longest first, so the longest phrase wins."""
    return sorted(set(terms), key=lambda t: (-len(t), t))


def terms_regex(terms: list[str], inflected: bool = True) -> str:
    """One alternation for a list of terms, longest first so the longest phrase wins."""
    return "|".join(f"(?:{term_regex(t, inflected)})" for t in ordered_terms(terms))


# -- the same terms, word by word (see policylint.matching.tokens) --------------------------------

#: Separators between two words of a term, as :func:`term_regex` writes them.
SEP_SPACE = "space"  # a space in the term: spaces, or one hyphen/dash/slash between optional spaces
SEP_JOIN = "join"  # a hyphen in the term: that, or spaces, or nothing ("opt-out", "opt out", "optout")
SEP_SLASH = "slash"  # a slash in the term
SEP_APOS = "apos"  # an apostrophe inside a word ("don't"): exactly one straight or curly apostrophe
STAR_MAX = 64  # a trailing `*` is _WILDCARD: at most this many further word characters

_PURE_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Word:
    """One word of a term: the lower-case strings a whole document word must equal (``star``:
    must start with, then at most :data:`STAR_MAX` more word characters)."""

    forms: frozenset[str]
    star: bool = False


def term_words(term: str, inflected: bool = True) -> list[Word | str] | None:
    """``term`` as alternating words and separators, matching exactly what :func:`term_regex`
    matches at a word start (not yet folded), or None when the term is not that simple: a
    leading or inner ``*``, punctuation inside a word, or a term that starts or ends with a
    separator.
    """
    term = term.strip()
    if not term or _PURE_WORD.match(term) is None or not re.search(r"\w\*?$", term):
        return None  # no (?<!\w) / (?!\w) around the term: it may match inside a word
    out: list[Word | str] = []
    for tok in re.split(r"([\s\u00a0]+|[-\u2010\u2011\u2013/])", term):
        if not tok:
            continue
        if tok.isspace() or tok == "\u00a0" or tok in "-\u2010\u2011\u2013/":
            if not out or isinstance(out[-1], str):
                return None  # two separators in a row
            out.append(SEP_SPACE if tok.strip() == "" else SEP_SLASH if tok == "/" else SEP_JOIN)
            continue
        if isinstance(out and out[-1], Word):
            return None
        words = _word_parts(tok, inflected)
        if words is None:
            return None
        for i, w in enumerate(words):
            if i:
                out.append(SEP_APOS)
            out.append(w)
    return out if out and isinstance(out[-1], Word) else None


def term_literal(term: str, inflected: bool = True) -> str | None:
    """A string (not yet folded) that every match of ``term_regex(term)`` starts with, or None:
    the first word up to a wildcard or apostrophe, or its inflection stem ("delet" for delete)."""
    pieces = [p for p in re.split(r"([\s\u00a0]+|[-\u2010\u2011\u2013/])", term.strip()) if p]
    if not pieces or pieces[0].isspace() or pieces[0] in "-\u2010\u2011\u2013/":
        return None
    word = re.split(r"[*'’]", pieces[0])[0]
    if not word:
        return None
    if "*" not in pieces[0] and "'" not in pieces[0].replace("’", "'") and inflected:
        word = _inflection(word.lower())[0]  # every inflection starts with the stem
    return word


def _word_parts(word: str, inflected: bool) -> list[Word] | None:
    # Mirrors _word(): a wildcard word, an apostrophe word (parts not inflected), or a plain one.
    if "*" in word:
        stem = word[:-1]
        if word.count("*") != 1 or not word.endswith("*") or not _PURE_WORD.fullmatch(stem):
            return None
        return [Word(frozenset([stem.lower()]), star=True)]
    word = word.replace("’", "'")
    if "'" in word:
        parts = word.split("'")
        if not all(_PURE_WORD.fullmatch(p) for p in parts):
            return None
        return [Word(frozenset([p.lower()])) for p in parts]
    if not _PURE_WORD.fullmatch(word):
        return None
    return [Word(frozenset(inflections(word.lower()) if inflected else [word.lower()]))]
