"""The prefilter never changes a result: python and hyperscan candidates, confirmed by the exact
regex, give exactly ``finditer``'s hits, on hand-made edge cases and on the team corpora.

The corpus test checks a sample with the core ruleset by default; ``POLICYLINT_FULL_CORPUS=1``
checks every file with every built-in ruleset (or run ``python benchmarks/verify_backends.py``).
"""

from __future__ import annotations

import os
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policylint.matching import PatternTable, term_regex, terms_regex
from policylint.matching.backends import BackendError, _consuming_lookahead, hyperscan_available, trie_regex
from policylint.matching.prefix import NOT_WORD_FOLDS_TO_WORD, WORD_START, fold_text, literal_prefixes
from policylint.matching.table import SMALL_TEXT

BACKENDS = ["python"] + (["hyperscan"] if hyperscan_available() else [])


def _table(sources: list[str], backend: str) -> PatternTable:
    table = PatternTable()
    for src in sources:
        table.add(src)
    table.use_backend(backend)
    return table


def assert_same_as_finditer(table: PatternTable, text: str) -> None:
    scan = table.scan(text)
    for pid, src in enumerate(table.sources):
        assert scan.hits(pid) == scan.full(pid), f"pattern {pid} {src[:80]!r} differs"


def _long(text: str) -> str:
    return (text + "\n") * (SMALL_TEXT // max(1, len(text)) + 2)


def test_prefixes_of_terms_and_regexes():
    assert literal_prefixes(term_regex("opt-out")) == {WORD_START + "opt"}
    assert literal_prefixes(r"(?:the\s+)?data") == {"the", "data"}
    assert literal_prefixes(r"[a-c]x") == {"ax", "bx", "cx"}
    assert literal_prefixes(r"\w+ing") is None  # no literal: scanned in full
    assert literal_prefixes("(?:a|)b") is None or "" not in literal_prefixes("(?:a|)b")
    # The whole literal, not just its first word: "s" alone would stand at every word with an s.
    assert literal_prefixes(r"\b(?:S\.A|(?-i:AG))\b") == {WORD_START + "s.a", WORD_START + "ag"}


def test_fold_keeps_length_and_word_characters():
    sample = "".join(chr(c) for c in range(0x20, 0x3000) if not 0xD800 <= c <= 0xDFFF)
    folded = fold_text(sample)
    assert len(folded) == len(sample)
    word = re.compile(r"\w")
    changed = {c for c, f in zip(sample, folded) if bool(word.match(c)) != bool(word.match(f))}
    assert changed <= {NOT_WORD_FOLDS_TO_WORD}  # the locators special-case this one


def test_trie_regex_finds_longest_anchor():
    rx = re.compile("(?=(" + trie_regex(["da", "data", "dated", "x"]) + "))")
    assert [m.group(1) for m in rx.finditer("data dated dax")] == ["data", "dated", "da", "x"]


OTHER_ANCHORS = ["(8", "(800)", "'s", "’", "’s", "]x", "\\", "^a", "-", "--x", ".ico", "1", "a"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(OTHER_ANCHORS + [" ", "x", "(", "s", "8", "0", ")", "\n"]), max_size=40))
def test_consuming_lookahead_finds_what_the_plain_lookahead_finds(pieces):
    text = "".join(pieces)
    plain = re.compile("(?=(" + trie_regex(OTHER_ANCHORS) + "))", re.DOTALL)
    consuming = re.compile(_consuming_lookahead(OTHER_ANCHORS), re.DOTALL)
    found = [(m.start(1), m.group(1)) for m in consuming.finditer(text)]
    assert found == [(m.start(1), m.group(1)) for m in plain.finditer(text)]


TRICKY = [
    "We collect your E-MAIL and e mail and email addresses; opt-out or OPT OUT or optout.",
    "Strasse STRAſSE ſhare Share İnformation ınformation KELVIN Kelvin ΣΊΣ σις ͅι children’s children's",
    "xshare share_ shared sharing shares, data-sharing (share) «share» 13 2013 thirteen",
    "\u0345share \u0345email \u00a0opt\u00a0out retention period of 30 days",
    # A word-start anchor holding a non-word character ("s.a") must not hide one that begins
    # inside it ("a" after the dot).
    "Acme S.A. and S.A.S a/s as AS ApS; S.a a.s",
]
PATTERNS = [
    terms_regex(["e-mail", "opt-out", "share", "information", "children's", "retention period"]),
    terms_regex(["strasse", "kelvin", "σις", "13", "thirteen"]),
    r"\b(?:13|thirteen)\s+years?",
    r"(?:the\s+)?data\s*-?\s*sharing",
    r"[a-c]x|sh(?:a|o)re",
    r"(?<=\s)period",
    r"(?i:Information)",
    r"\w+ing",
    r"\b(?:S\.A|SAS|(?-i:AS|ApS))\b",
    r"\ba\b",
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("text", TRICKY)
def test_edge_cases_match_finditer(backend, text):
    assert_same_as_finditer(_table(PATTERNS, backend), _long(text))


WORDS = ["share", "data", "opt-out", "e-mail", "sell", "we", "cookie*", "third party", "don't", "ΣΊΣ", "İd"]


@settings(max_examples=40, deadline=None)
@given(
    terms=st.lists(st.sampled_from(WORDS), min_size=1, max_size=4),
    pieces=st.lists(st.sampled_from(WORDS + [" ", "-", "_", "x", "ing", "\u0345", ".", "S", "\n"]), max_size=60),
)
def test_random_texts_match_finditer(terms, pieces):
    text = _long("".join(pieces))
    for backend in BACKENDS:
        assert_same_as_finditer(_table([terms_regex(terms), r"\b(?:we|our)\s+sh", "(?:a|b)*share"], backend), text)


def test_unknown_or_missing_backend_is_a_clear_error(monkeypatch):
    with pytest.raises(BackendError, match="unknown matching backend"):
        _table(["x"], "fastest")
    import policylint.matching.backends as backends

    def missing():
        raise BackendError("the hyperscan backend needs the optional extra: pip install 'policylint[fast]'")

    monkeypatch.setattr(backends, "import_hyperscan", missing)
    with pytest.raises(BackendError, match=r"policylint\[fast\]"):
        _table(["x"], "hyperscan")
    assert _table(["x"], "auto").plan().locator.name == "python"


def corpus_files(shared) -> list:
    files = sorted(p for p in (shared / "corpora").rglob("*") if p.suffix in (".md", ".txt", ".html") and p.is_file())
    if os.environ.get("POLICYLINT_FULL_CORPUS"):
        return files
    return random.Random(5).sample(files, min(3, len(files)))


@pytest.mark.corpus
def test_backends_identical_on_corpus(shared):
    from policylint.api import compile_builtin
    from policylint.documents import LoadError, load_path
    from policylint.resources import builtin_rulesets

    full = bool(os.environ.get("POLICYLINT_FULL_CORPUS"))
    table = compile_builtin(sorted(builtin_rulesets()) if full else ["core"]).table
    for path in corpus_files(shared):
        try:
            text = load_path(str(path)).text
        except LoadError:
            continue
        hits = {}
        for backend in BACKENDS:
            table.use_backend(backend)
            scan = table.scan(text)
            hits[backend] = [scan.hits(pid) for pid in range(len(table.sources))]
        reference = [scan.full(pid) for pid in range(len(table.sources))]
        for backend, found in hits.items():
            bad = [table.sources[i][:60] for i, (a, b) in enumerate(zip(found, reference)) if a != b]
            assert not bad, f"{path.name}: {backend} differs from finditer for {bad[:3]}"
