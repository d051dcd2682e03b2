"""Vocabulary: inflections, hyphen/space variants, wildcards, word boundaries."""

from __future__ import annotations

import re

import pytest

from policylint.matching import PatternError, PatternTable, term_regex


@pytest.mark.parametrize(
    "term,text",
    [
        ("opt-out", "you can opt out"), ("opt-out", "an optout link"), ("opt-out", "Opt-Out"),
        ("delete", "we deleted it"), ("delete", "deleting"), ("third party", "third-parties"),
        ("cookie*", "Cookies"), ("do not track", "Do-Not-Track"), ("don't", "we don’t"), ("use", "using"),
        ("share", "shared"), ("retain", "retaining"),
    ],
)
def test_term_matches_variants(term, text):
    assert re.search(term_regex(term), text, re.I)


@pytest.mark.parametrize("term,text", [("use", "us"), ("share", "shareholder"), ("sell", "counsel"), ("13", "2013")])
def test_term_respects_word_boundaries(term, text):
    assert not re.search(term_regex(term), text, re.I)


def test_table_dedupes_and_rejects_bad_patterns():
    t = PatternTable()
    assert t.add("abc") == t.add("abc")
    with pytest.raises(PatternError):
        t.add("(unclosed")
    with pytest.raises(PatternError):
        t.add("x*")
