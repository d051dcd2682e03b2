"""The fast evaluation paths give exactly the answers of the plain reference algorithms.

Rule evaluation takes shortcuts (per-document memos, judging a sentence once, candidate
sentences from the rarest vocabulary, stopping once the best evidence is certain, counting on
bytes). Each shortcut is checked here against the plain algorithm it replaces, on generated
documents that use the built-in rulesets' own vocabulary.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policylint.api import compile_builtin
from policylint.checks import Context
from policylint.checks.index import DocIndex
from policylint.checks.matcher import Matcher, best_hits
from policylint.checks.metric import _SILENT_E, _VOWEL_GROUP, _WORD, vowel_groups, word_counts
from policylint.documents import load_text
from policylint.model import Block, Document, Sentence
from policylint.rulesets import builtin_rulesets

# Filler, negation cues and clause breaks; the rules' own terms are added (see ``_terms``) so
# that generated documents meet near/also/section/polarity conditions often.
FILLER = "we you our the a and or of to in not never no don't without unless however except".split()
PUNCT = (" ", " ", " ", ", ", "; ", ". ", ": ")


def _terms() -> list[str]:
    """Every plain term of the built-in rulesets (wildcards and regex-looking ones left out)."""
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "terms":
                    found.update(t for t in ([value] if isinstance(value, str) else value) if isinstance(t, str))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in builtin_rulesets().values():
        walk(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
    return sorted(t.replace("*", "") for t in found if re.fullmatch(r"[\w' *-]+", t))


TERMS = _terms()


@st.composite
def document(draw) -> str:
    """A Markdown policy over a few of the rules' terms, so the same vocabulary recurs (in
    headings too) as in a real policy, and matchers find several hits, often enough for the
    early stop of ``best``. Sizes come from a seeded generator: long documents cost no shrinking."""
    rnd = draw(st.randoms(use_true_random=False))
    vocab = rnd.sample(TERMS, rnd.randint(3, 12)) + FILLER

    def sentence() -> str:
        return " ".join(rnd.choice(vocab) for _ in range(rnd.randint(1, 16)))

    blocks = []
    for _ in range(rnd.randint(1, 40)):
        kind = rnd.random()
        if kind < 0.15:
            blocks.append("## " + sentence())
        elif kind < 0.3:
            blocks.append("\n".join("- " + sentence() for _ in range(rnd.randint(1, 3))))
        else:
            # Some paragraphs end with a colon: the lead-in of the list after them (``lead_in``).
            blocks.append("".join(sentence() + rnd.choice(PUNCT) for _ in range(rnd.randint(1, 5))).strip() + rnd.choice("..:"))
    return "# Privacy\n\n" + "\n\n".join(blocks) + "\n"


@pytest.fixture(scope="module")
def rules():
    return compile_builtin(sorted(builtin_rulesets()))


@pytest.fixture(scope="module")
def matchers(rules):
    """Every distinct matcher of the built-in rulesets."""
    found: dict[tuple, Matcher] = {}

    def walk(obj, seen):
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if isinstance(obj, Matcher):
            found.setdefault(obj.key, obj)
            return
        for value in vars(obj).values() if hasattr(obj, "__dict__") else ():
            for item in value if isinstance(value, list) else [value]:
                if hasattr(item, "__dict__"):
                    walk(item, seen)

    for cr in rules.rules:
        walk(cr.check, set())
    assert len(found) > 100
    return list(found.values())


def _ctx(rules, text: str) -> Context:
    doc = load_text(text, "gen.md")
    return Context(doc=doc, scan=rules.table.scan(doc.text), as_of=dt.date(2026, 1, 1))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=document())
def test_fast_matcher_equals_reference(rules, matchers, text):
    ctx = _ctx(rules, text)
    assert ctx.index.disjoint  # loaders make sorted, disjoint sentences: the fast path is taken
    for m in matchers:
        reference = m._find_simple(ctx)
        fast, complete = m._find(ctx, ctx.index)
        assert complete and fast == reference, m.key
        for limit in (1, 3):
            early = Context(doc=ctx.doc, scan=ctx.scan, as_of=ctx.as_of)  # nothing memoised yet
            assert m.best(early, limit) == best_hits(reference, limit), (m.key, limit)


@pytest.mark.corpus
def test_fast_matcher_equals_reference_on_real_policies(rules, matchers, shared):
    """Real policies: long sections, lists, headings and negations as written by people."""
    from policylint.documents import LoadError, load_path

    for path in sorted((shared / "corpora" / "tosback").glob("*.md"))[:40:5]:
        try:
            doc = load_path(str(path))
        except LoadError:  # an empty file
            continue
        scan = rules.table.scan(doc.text)
        ctx = Context(doc=doc, scan=scan, as_of=dt.date(2026, 1, 1))
        for m in matchers:
            reference = m._find_simple(ctx)
            assert m._find(ctx, ctx.index) == (reference, True), (path.name, m.key)
            assert m.best(Context(doc=doc, scan=scan, as_of=ctx.as_of), 3) == best_hits(reference, 3), (path.name, m.key)


def test_overlapping_sentences_take_the_reference_path(rules, matchers):
    """A hand-built document whose sentences overlap is still evaluated (plainly)."""
    text = "We do not sell personal information. We share data with partners."
    doc = Document(
        path="x.txt", text=text, format="text",
        blocks=[Block("paragraph", 0, len(text), None)],
        sentences=[Sentence(0, len(text), 0, None), Sentence(3, 36, 0, None)],
    )
    ctx = Context(doc=doc, scan=rules.table.scan(text), as_of=dt.date(2026, 1, 1))
    assert not ctx.index.disjoint
    for m in matchers:
        assert m.find(ctx) == m._find_simple(ctx)


def test_evaluation_on_generated_documents_does_not_depend_on_rule_order(rules):
    """Memos shared between rules must not leak one rule's shortcut into another's answer."""
    text = "# Privacy\n\n## Cookies\n\nWe use cookies. You can opt out in your browser settings.\n\n## Children\n\nWe do not knowingly collect data from children under 13.\n"
    doc = load_text(text, "p.md")
    forward = [cr.check.evaluate(Context(doc=doc, scan=rules.table.scan(text), as_of=dt.date(2026, 1, 1))) for cr in rules.rules]
    ctx = Context(doc=doc, scan=rules.table.scan(text), as_of=dt.date(2026, 1, 1))
    backward = [cr.check.evaluate(ctx) for cr in reversed(rules.rules)][::-1]
    assert forward == backward


texts = st.text(alphabet="ab Z'’ .\u0130\u0131é€_-eyEI\ud800", max_size=40)


@given(text=texts, cuts=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=6))
def test_word_counts_equal_findall(text, cuts):
    ranges = [(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in cuts] + [(0, len(text))]
    assert word_counts(text, ranges) == [len(_WORD.findall(text, s, e)) for s, e in ranges]


@given(text=texts)
def test_vowel_groups_equal_findall(text):
    assert vowel_groups(text) == len(_VOWEL_GROUP.findall(text))


@given(text=texts)
def test_silent_e_counts_like_the_plain_pattern(text):
    assert len(_SILENT_E.findall(text)) == len(re.findall(r"[^aeiouy\W]e\b", text, re.I))


def test_words_at_most_counts_like_findall():
    text = "alpha beta, gamma-delta epsilon zeta eta theta"
    doc = Document(path="x", text=text, format="text", blocks=[Block("paragraph", 0, len(text), None)],
                   sentences=[Sentence(0, len(text), 0, None)])
    idx = DocIndex(doc, scan=None)  # type: ignore[arg-type]  # words_at_most needs no scan
    for start in range(len(text)):
        for end in range(start, len(text) + 1):
            n = len(re.findall(r"\w+", text[start:end]))
            for limit in (0, 1, 2, 4):
                assert idx.words_at_most(0, start, end, limit) == (n <= limit), (start, end, limit)
