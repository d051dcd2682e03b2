"""The entity finders look for matches only near anchors (digit runs, "@", "http", years, "form");
these properties check that each returns exactly what its pattern's ``finditer`` over the whole
text returns, on text made of the pieces entities are built from."""

from __future__ import annotations

import os
import re
import sys

from hypothesis import HealthCheck, given, settings, strategies as st

from policylint.documents import entities as E
from policylint.documents.scanning import find_all, finditer_windows, match_at, reach_back, windows_before

SETTINGS = settings(
    max_examples=int(os.environ.get("POLICYLINT_PROPERTY_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

_PIECES = st.sampled_from([
    "0", "1", "2", "3", "5", "8", "12", "13", "19", "20", "2014", "1999", "2020", "31", "555", "123", "4567",
    "94043", "1600", "800", "+", "(", ")", "-", "–", ".", "/", ",", ":", ";", "'", "@", "_", " ", "  ", "\n",
    "\n\n", "\t", "\u00a0", "\u2009", "ſ", "K", "İ", "ı", "ä", "ß",
    "January", "jan", "May", "Sept", "sept.", "December", "of", "st", "nd", "th", "Effective", "updated",
    "Street", "St", "Suite", "Ave", "iela", "Main", "Amphitheatre", "Parkway", "Hauptstraße", "Bahnhofstr.",
    "Lindenweg", "Rue", "P.O.", "PO", "Box", "Mountain View", "Mountain", "View", "CA", "NY", "SW1A", "1AA",
    "LV", "D", "A", "B",
    "One", "Two", "Microsoft", "Way", "Place", "Redmond", "Washington", "West Virginia", "New York", "Virginia",
    "98052", "Dublin", "18", "6W", "D02", "X285", "K1A", "0B1", "Postfach", "Postbus", "rue", "Rue", "avenue",
    "bis", "de la", "d'", "Exemple", "75008", "10115", "1012", "AB", "Paris", "France", "the Netherlands",
    "Redmond, Washington 98052", "Palo Alto, West Virginia 25301", "One Microsoft Way, Redmond", "Dublin 18",
    "12 rue Exemple", "8 avenue de la Paix", "75008 Paris, France", "1012 AB Amsterdam, Netherlands", "D02 X285",
    "info", "example", "com", "org", "at", "dot", "(at)", "[at]", "{dot}", " @ ", "\t@ ", "<", ">", "[", "]",
    "http://", "https://", "HTTP://", "www.", "WWW.", "x.com/a",
    "contact", "Contact", "us", "form", "Form", "information", "feedback", "web",
    "tel", "Tel.", "phone", "Phone", "call", "call us at", "fax", "toll-free", "toll free number", "mobile",
    "hotline", "number", "is", "on",
])
TEXT = st.one_of(
    st.lists(_PIECES, max_size=80).map("".join),
    st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=40).map("".join),
)


def _spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


@SETTINGS
@given(TEXT)
def test_every_finder_matches_finditer_over_the_whole_text(text: str) -> None:
    at = E._Anchors(text)
    assert _spans(at.emails()) == _spans(E._EMAIL.finditer(text))
    assert _spans(at.obfuscated_emails()) == _spans(E._OBFUSCATED_EMAIL.finditer(text))
    assert _spans(at.urls()) == _spans(E._URL.finditer(text))
    assert _spans(at.contact_forms()) == _spans(E._CONTACT_FORM_TEXT.finditer(text))
    for i, pat in enumerate(E._DATE_PATTERNS):
        assert _spans(at.dates(i)) == _spans(pat.finditer(text)), pat.pattern
    assert _spans(at.phones()) == _spans(E._PHONE.finditer(text))
    assert _spans(at.addresses()) == _spans(E._ADDRESS.finditer(text))


@SETTINGS
@given(TEXT)
def test_loose_phones_and_cues_match_the_whole_text_scan(text: str) -> None:
    at = E._Anchors(text)
    # Wherever a cue can end: never right after a digit (no cue holds one).
    every = {
        q: m.span()
        for q in range(len(text) + 1)
        if not text[q - 1: q].isdecimal() and (m := E._LOOSE_PHONE.match(text, q))
    }
    assert {m.start(): m.span() for m in at.loose_phones() if m.start() in every or not text[m.start() - 1: m.start()].isdecimal()} == every
    cue_ends = {m.end() for m in E._PHONE_CUE.finditer(text)}
    for q in every:
        assert at.cue_ends_at(q) == (q in cue_ends)


@SETTINGS
@given(TEXT)
def test_keyword_phones_equal_the_cue_scan(text: str) -> None:
    at = E._Anchors(text)
    dates = list(E._find_dates(text, at))
    spans = [(d.start, d.end) for d in dates]
    seen = {m.start() for m in at.phones()}
    want = []
    for cue in E._PHONE_CUE.finditer(text):  # the original definition
        m = E._LOOSE_PHONE.match(text, cue.end())
        if not m or m.start() in seen or E._overlaps(m.span(), spans):
            continue
        if sum(c.isdigit() for c in m.group(0)) >= 7:
            want.append((m.group(0).strip(), m.start(), m.end()))
    assert [(e.value, e.start, e.end) for e in E._keyword_phones(text, seen, spans, at)] == want


_EVERY_CHAR = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_regex_classes_are_the_str_methods_the_finders_use() -> None:
    # The finders test characters with str methods where the patterns use \s, \w and \d.
    assert re.findall(r"\s", _EVERY_CHAR) == [c for c in _EVERY_CHAR if c.isspace()]
    assert re.findall(r"\w", _EVERY_CHAR) == [c for c in _EVERY_CHAR if c.isalnum() or c == "_"]
    assert re.findall(r"\d", _EVERY_CHAR) == [c for c in _EVERY_CHAR if c.isdecimal()]


def test_lowercase_anchors_find_every_case_insensitive_spelling() -> None:
    # Anchors ("http", "www.", "form", "at", "dot") are searched in text.lower(): that finds every
    # spelling re.IGNORECASE matches only if no other character folds to their letters (true for
    # these letters, not for i, k and s), and whitespace must stay whitespace.
    for letter in "httpwwwformatdot":
        assert set(re.findall(letter, _EVERY_CHAR, re.I)) == {letter, letter.upper()}
    assert all(c.lower().isspace() == c.isspace() for c in _EVERY_CHAR if len(c.lower()) == 1)


def test_helpers() -> None:
    assert find_all("aaa", "aa") == [0, 1]
    pat = re.compile(r"\bab")
    assert _spans(match_at(pat, "ab xab ab", [0, 4, 7, 7])) == [(0, 2), (7, 9)]
    assert reach_back("one two  three", 14, 1, 100) == 4  # back to "two"
    assert reach_back("x" * 1000, 1000, 5, 5000) == 0  # gives up on long scans: the whole prefix
    assert windows_before("a 2020 b 2021", [2, 9], 1, 1, 5) == [(0, 7), (7, 13)]
    assert _spans(finditer_windows(re.compile(r"\d+"), "12 34 56", [(0, 2), (6, 8)])) == [(0, 2), (6, 8)]
