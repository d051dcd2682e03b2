"""The word matcher answers term lists exactly as ``finditer`` of their regex would.

``PatternTable.add_terms`` routes simple terms to the word trie (policylint/matching/tokens.py)
and the rest of a list ("U.S.", "dpo@") to per-alternative regexes; every test here compares a
scan's hits with ``Scan.full``, the plain ``finditer`` over the whole text.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policylint.matching.tokens as tokens
from policylint.matching import PatternTable
from policylint.matching.terms import term_words

TERMS = [
    "share", "data", "opt-out", "e-mail", "sell", "we", "cookie*", "third party", "don't", "personal data",
    "and/or", "ship", "opt-out-of", "third-party cookie*", "Não", "U.S.", "dpo@", "*track*", "kids'", "data sharing",
]
PIECES = TERMS + [
    " ", "  ", "-", " - ", "—", "–", "/", " / ", "'", "’", "\u00a0", "_", ",", "--", "\n", ".", "x", "s", "ing", "es",
    "ed", "d", "OUT", "Opt", "shipped", "COOKIES", "cookieeeeee", "E", "mail", "optout", "İ", "ſ", "\u0345",
]


def _scan_all(terms_lists: list[list[str]], text: str) -> None:
    table = PatternTable(backend="python")
    pids = [table.add_terms(terms) for terms in terms_lists]
    scan = table.scan(text)
    for pid in pids:
        assert scan.hits(pid) == scan.full(pid), (table.sources[pid][:120], text[:200])


def test_simple_terms_go_to_the_word_trie():
    table = PatternTable(backend="python")
    simple = table.add_terms(["opt-out", "cookie*", "don't"])
    mixed = table.add_terms(["privacy", "U.S."])
    odd = table.add_terms(["*track*"])
    by_words = table.trie().by_pid
    assert simple in by_words and mixed in by_words and odd not in by_words
    assert [alt for alt, _, _ in table.rest(mixed)] == [1]  # "privacy" sorts first: the longer term


def test_term_words_mirror_the_regex_builder():
    assert term_words("kids'") is None and term_words("U.S.") is None and term_words("*x") is None
    words = term_words("opt-out")
    assert words is not None and words[1] == "join"
    assert "sharing" in term_words("share")[0].forms  # type: ignore[index, union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "We opt-out, opt out, optout, OPT–OUT, opt—out, opt/out, opting-out and opted out of e-mails.",
        "Cookies, cookie-based, COOKIEs, third-party cookies, third party cookie, third—party cookiejar.",
        "We don't sell; we don’t sell; we don''t sell; we don 't sell; we donut sell and/or share.",
        "Shipped, shipping, shiped, ships; personal  data, personal\u00a0data, personal-data, personal\ndata.",
        "In the U.S. and the u.s., write to dpo@example.org or DPO@EXAMPLE.ORG; ſhare İnformation.",
        "opt-out-of opt out of optoutof opt-outof data-sharing data sharing datasharing",
        "\u0345share and opt\u0345out: a text with U+0345 takes the regex path.",
    ],
)
def test_hand_made_texts(text):
    _scan_all([TERMS, TERMS[:5], ["third party", "third-party cookie*", "party"], ["opt-out", "opt out"]], text * 40)


@settings(max_examples=80, deadline=None)
@given(
    lists=st.lists(st.lists(st.sampled_from(TERMS), min_size=1, max_size=5), min_size=1, max_size=3),
    pieces=st.lists(st.sampled_from(PIECES), max_size=80),
)
def test_random_texts_match_finditer(lists, pieces):
    _scan_all(lists, "".join(pieces))


@settings(max_examples=30, deadline=None)
@given(pieces=st.lists(st.sampled_from(PIECES), min_size=1, max_size=200))
def test_chunked_walk_matches_finditer(pieces):
    # Small chunks: terms that cross a chunk boundary must still be found, and only once.
    old = tokens.CHUNK
    tokens.CHUNK = 17
    try:
        _scan_all([TERMS, ["personal data", "data sharing", "opt-out-of"]], "".join(pieces))
    finally:
        tokens.CHUNK = old


def test_memo_is_not_pickled_and_results_survive_a_round_trip():
    import pickle

    table = PatternTable(backend="python")
    pid = table.add_terms(["personal data", "cookie*"])
    text = "We keep personal data and cookies. " * 100
    before = table.scan(text).hits(pid)
    clone = pickle.loads(pickle.dumps(table))
    assert clone.trie()._memo == {}
    assert clone.scan(text).hits(pid) == before == table.scan(text).full(pid)


def test_memo_overflow_keeps_results(monkeypatch):
    monkeypatch.setattr(tokens, "_MEMO_MAX", 12)
    table = PatternTable(backend="python")
    pid = table.add_terms(["personal data", "share", "cookie*", "opt-out"])
    first = "We share personal data with third-party cookie vendors; you can opt-out of sharing. " * 30
    second = "Other words: cookies, shared, personal data, opt out, and many more words besides these. " * 30
    for text in (first, second, first):  # the second overflows the memo; the third finds it cleared
        scan = table.scan(text)
        assert scan.hits(pid) == scan.full(pid)
