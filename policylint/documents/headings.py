"""Recognise headings that real policies write without heading markup.

Seen in the wild: bold-only lines (``**Collection of Information**``), numbered clauses
("1. Information that is gathered", "3.2 Cookies", "IV. Your rights"), short title-case
lines in plain text ("How We Use Information collected"), and sentence-case titles that ask or
say how ("How we use cookies", "What data do we collect?").
"""

from __future__ import annotations

import re
from itertools import islice

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


# -- run-in titles -------------------------------------------------------------------------------
# Some converters put a section's title and its whole body on the heading line ("### Use of
# Cookies Acme sets cookies to ..."). The body starts where a sentence plainly starts.
_RUN_IN_MAX = 14  # words a run-in title may have, a clause number included
_TOKEN = re.compile(r"\S+")
# Words a title in title case leaves in lower case: articles, short prepositions, conjunctions.
_MINOR = frozenset("a an the and or nor but of to in on at by for from with into onto upon as via per vs than".split())
# A title does not end with one of these: the phrase would run on into the next word.
_DANGLING = _MINOR | frozenset(
    """our your their its my this that these those we they i any all each every some no such other
    about above across after against along among around before behind below between beyond during
    except including like near over since through throughout toward towards under until up within
    without regarding concerning if whether how what why who whom whose which when where
    do does did can could will would shall should may might must""".split()
)
# A title does not begin like a clause ("If you ...", "When you ...") or a question ("Can I ...").
_CLAUSE_OPENERS = frozenset(
    """if whenever unless although though because since whereas while once please
    am is are do does did can could will would shall should may might must""".split()
)
_CLAUSE_BEFORE_LOWER = frozenset("when where to by".split())  # "When you ...", not "When We Share Data"
# Capitalised, these open a sentence: pronouns, determiners, prepositions, conjunctions.
_SENTENCE_OPENERS = frozenset(
    """we you it they he she there here our your their its my this these that those the a an any all
    each every some certain many most no such both either neither several in to for by at on from with
    as if when where while during under upon after before since although because unless once however
    also additionally further furthermore""".split()
)
# A finite verb after a sentence's subject ("Acme may", "This Policy is").
_FINITE = frozenset("may might will would shall should can could must is are was were has have had does do did".split())
_NAME_SHAPED = re.compile(r"[A-Z]\S*[A-Z]|\w\.\w")  # "ACME", "A.CO", "EU-GDPR"
_QUESTION_END = re.compile(r"[.!?](?=[\"'’”)]*(?:\s|$))")
_INNER_STOP = re.compile(r"[a-z]{2}[.!?]\s")  # a sentence's end inside the would-be title


def _core(word: str) -> str:
    return word.strip("\"'“”‘’()[],.;:!?*")


def _base(word: str) -> str:
    """A word lower-cased, without surrounding punctuation or a contraction ("We’ll" -> "we")."""
    core = _core(word).lower()
    cut = min((i for i in (core.find("'"), core.find("’")) if i >= 0), default=len(core))
    return core[:cut]


def _capitalised(word: str) -> bool:
    w = word.lstrip("\"'“‘")
    return bool(w) and (w[0].isupper() or w[0].isdigit())


def _finite(base: str) -> bool:
    return base in _FINITE or (len(base) > 3 and base.endswith("s") and not base.endswith(("ss", "us", "is")))


class _Words:
    """The first words of a heading line, with what the run-in search asks of each."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = list(islice(_TOKEN.finditer(text), _RUN_IN_MAX + 4))
        self.words = [m.group() for m in self.tokens]
        self.bases = [_base(w) for w in self.words]
        self.caps = [_capitalised(w) for w in self.words]
        # Lower-case words that a title in title case would have capitalised.
        self.content = [w[0].islower() and b not in _MINOR for w, b in zip(self.words, self.bases)]

    def body_signal(self, k: int) -> int:
        """How surely word ``k`` opens a sentence: 2 (a capitalised pronoun, determiner or
        preposition before lower-case words; a name written like one before a verb), 1 (a name
        or the title's first word again before a verb or lower-case word), 0 (not at all)."""
        words, bases, caps = self.words, self.bases, self.caps
        w, base = words[k], bases[k]
        if w.endswith((".", ",", ";", ":")):
            return 0  # "Inc." or "Data," does not open a sentence
        # The first lower-case word that a title would have capitalised, within three words.
        j = next((i for i in range(k + 1, min(len(words), k + 4)) if self.content[i]), None)
        if j is None:
            return 0
        caps_between = any(caps[k + 1 : j])
        if base in _SENTENCE_OPENERS:
            # "This policy ...", "In most cases ..."; with capitalised words between, a verb must
            # follow ("This Notice is ...", not "You Give when ...").
            return 2 if not caps_between or _finite(bases[j]) else 0
        if not w[0].isalpha():
            return 0
        if all(caps[k:j]) and _finite(bases[j]):
            # "ACME may ...", "Acme Inc. provides ...". A name in plain letters could end a name
            # that a title in sentence case began ("List of things that Example | Acme does"):
            # there the line must name it again on its own ("Acme", not "Example Acme", again).
            if _NAME_SHAPED.search(w):
                return 2
            title = " ".join(words[:k])
            title_words = _WORDS.findall(title)
            if title_words and (title_words[-1][0].islower() or looks_like_heading(title)):
                return 1
            again = re.compile(r"(?<!" + re.escape(words[k - 1]) + r" )\b" + re.escape(_core(w)) + r"\b")
            if again.search(self.text, self.tokens[k].end()):
                return 1
        if j == k + 1 and (base == bases[0] or base.endswith("ing")):
            return 1  # the title's first word again ("Cookies Cookies keep ..."), a gerund ("Keeping your ...")
        if j == k + 2 and bases[k + 1] == "to" and not _NAME_SHAPED.search(w):
            return 1  # "Subject to local law, ..."
        return 0


def _title_ok(title: str) -> bool:
    t = title.strip()
    words = t.split()
    if not words or not _WORDS.search(t) or _INNER_STOP.search(t + " "):
        return False
    if t.count("(") != t.count(")") or t.count("“") != t.count("”") or t.count('"') % 2:
        return False
    if t.endswith(("-", "–", "—", "/", "&", ",")) or _WORDS.findall(t)[-1].lower() in _DANGLING:
        return False
    m = _NUMBERED.match(t)
    rest = t[m.end():].split() if m else words
    if not rest or _base(rest[0]) in _CLAUSE_OPENERS:
        return False
    if len(rest) > 1 and _base(rest[0]) in _CLAUSE_BEFORE_LOWER and rest[1][0].islower():
        return False
    if _base(rest[0]) in _WH and (len(rest) < 3 or _base(rest[1]) in _CLAUSE_OPENERS and not t.endswith("?")):
        return False  # "What data" is not yet a title; a question ("How does Acme ...") runs to its "?"
    # A colon before a lower-case word is a subtitle ("Your data: why we keep it"), not a label.
    return looks_like_heading(re.sub(r":\s+(?=[a-z])", " ", t), min_caps=0.0)


def repeated_name_pairs(text: str) -> frozenset[tuple[str, str]]:
    """Pairs of capitalised words that stand together more than once in ``text`` ("Example
    Corp"): a document's own multi-word names, which a run-in title never ends inside."""
    seen: set[tuple[str, str]] = set()
    twice: set[tuple[str, str]] = set()
    tokens = text.split()
    for a, b in zip(tokens, tokens[1:]):
        if a[:1].isupper() and b[:1].isupper() and a[-1].isalnum():
            key = (_core(a), _core(b))
            (twice if key in seen else seen).add(key)
    return frozenset(twice)


def run_in_title(text: str, names: frozenset[tuple[str, str]] = frozenset()) -> tuple[int, int] | None:
    """Where a heading line that runs on into its body splits: (end of the title, start of the
    body) as offsets in ``text``, a colon after the title left out; None when no title is sure.

    A colon after a title in title case ends it ("Analytics: Acme counts visits ..."). Else the
    body starts in the first stretch of capitalised words that a sentence plainly opens: at a
    capitalised pronoun, determiner or preposition ("... This policy ...", "... We use ..."),
    else at a name before a verb ("... Acme may ..."). Two capitalised words that stand together
    again later in the line, or in ``names`` (see :func:`repeated_name_pairs`), are one name
    ("Example Corp"), never split.
    """
    line = _Words(text)
    tokens, words = line.tokens, line.words
    limit = min(len(words) - 1, _RUN_IN_MAX)
    cut: int | None = None
    for k in range(1, limit + 1):
        if words[k - 1].endswith(":"):
            title = text[: tokens[k - 1].end() - 1]
            if line.caps[k] and line.body_signal(k) and looks_like_heading(title) and _title_ok(title):
                cut = k
            break  # one colon only: past it the line is a sentence
    best: tuple[int, int] | None = None  # (signal, k) in the current stretch
    for k in range(1, limit + 1 if cut is None else 0):
        if best is not None and line.content[k]:
            break  # the stretch of capitalised words ends here: take its best place
        if not line.caps[k]:
            continue
        signal = line.body_signal(k)
        if not signal or (best is not None and signal < best[0]):
            continue
        if line.caps[k - 1] and (
            text.find(f"{words[k - 1]} {words[k]}", tokens[k].end()) >= 0
            or signal == 1 and (_core(words[k - 1]), _core(words[k])) in names
        ):
            continue  # a name of two words
        if _title_ok(text[: tokens[k - 1].end()].rstrip(":")):
            best = (signal, k)
    if best is not None:
        cut = best[1]
    if cut is None:
        return None
    end, start = tokens[cut - 1].end(), tokens[cut].start()
    question = _QUESTION_END.search(text, start)
    first = (_NUMBERED.sub("", text[:end], count=1).split() or [""])[0]
    if question and question.group() == "?" and _base(first) in _WH:
        return None  # "How does Example | Cloud store data?" is one question
    return (end - 1 if text[end - 1] == ":" else end), start
