"""Property tests over the loaders and the engine: any input gives no exception (only the
documented LoadError / SourceError), every reported location lies inside the document, and the
same input gives byte-identical output."""

from __future__ import annotations

import datetime as dt
import os

from hypothesis import HealthCheck, given, settings, strategies as st

from policylint.documents import LoadError, load_bytes, load_text
from policylint.documents.decode import decode_bytes
from policylint.engine import check_document
from policylint.model import Status
from policylint.yamlsource import SourceError, load_yaml
from tests.robustness.conftest import core_rules

FORMATS = ("markdown", "html", "text")
AS_OF = dt.date(2026, 1, 1)
SETTINGS = settings(max_examples=int(os.environ.get("POLICYLINT_PROPERTY_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text biased towards markup and the vocabulary rules look for, plus any Unicode.
_MARKUP = st.sampled_from([
    "#", "## ", "*", "**", "_", "`", "[", "]", "(", ")", "<", ">", "</p>", "<p>", "<h2>", "<!--", "-->", "<![",
    "&amp;", "&#", "|", "---", "- ", "1. ", "> ", "\n", "\n\n", "\r\n", "\t", " ", "\\", "\u00a0", "\u2028",
    "cookies", "opt out", "browser settings", "privacy@example.com", "children under 13", "Last updated",
    "January 5, 2026", "we do not sell", "California", ". ", "\ufeff", "\x00", "\x1b",
])
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(_MARKUP, st.text(max_size=8)), max_size=60).map("".join),
)


def _inside(text: str, line: int, col: int) -> bool:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return 1 <= line <= len(lines) and 1 <= col <= len(lines[line - 1]) + 1


@SETTINGS
@given(text=TEXT, fmt=st.sampled_from(FORMATS))
def test_any_text_loads_and_checks_with_locations_inside(text: str, fmt: str) -> None:
    doc = load_text(text, f"p.{fmt}", fmt)
    report = check_document(doc, core_rules(), AS_OF)
    for result in report.results:
        assert result.status is not Status.ERROR, result.detail
        for ev in (*result.evidence, *result.trigger):
            loc = ev.location
            assert _inside(text, loc.line, loc.column), (loc, text)
            assert _inside(text, loc.end_line, loc.end_column), (loc, text)
            assert (loc.line, loc.column) <= (loc.end_line, loc.end_column)
    for sent in doc.sentences:
        assert 0 <= sent.start <= sent.end <= len(doc.text)


@SETTINGS
@given(data=st.binary(max_size=400), name=st.sampled_from(["p.md", "p.html", "p.txt", "p"]))
def test_any_bytes_load_or_raise_load_error(data: bytes, name: str) -> None:
    try:
        doc = load_bytes(data, name)
    except LoadError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    text, _ = decode_bytes(data)
    report = check_document(doc, core_rules(), AS_OF)
    for result in report.results:
        for ev in result.evidence:
            assert _inside(text, ev.location.line, ev.location.column)


@SETTINGS
@given(text=TEXT, fmt=st.sampled_from(FORMATS))
def test_same_input_gives_byte_identical_output(text: str, fmt: str) -> None:
    from policylint.reports import FORMATS as REPORTS, build_context, render

    rules = core_rules()
    outputs = []
    for _ in range(2):
        report = check_document(load_text(text, f"p.{fmt}", fmt), rules, AS_OF)
        context = build_context([report], rules.rulesets, as_of=AS_OF)
        outputs.append([render(f, context) for f in ("json", "text", "sarif") if f in REPORTS])
    assert outputs[0] == outputs[1]


# Heading lines that may hold a title with its body run in: title words, sentence openers,
# names, verbs and inline markup, 15 to 45 words.
_RUN_IN_WORD = st.sampled_from([
    "Cookies", "Data", "Retention", "Your", "Rights", "of", "and", "the", "to", "Example", "Corp", "EXCO",
    "Ex.co", "We", "This", "In", "Subject", "Using", "may", "uses", "is", "keep", "your", "data", "for",
    "years.", "days,", "3.", "4.2", "If", "What", "How", "do", "I", "Inc.", "Cookies:", "Data:", "(which",
    "we)", "“quoted”", "**Bold**", "**Bold:**", "_em_", "[link](https://x.example)", "`code`", "\\_", "<br>",
    "\u00a0", "Ensuring", "to", "collect", "?", "policy.", "We’ll",
])
_RUN_IN = st.tuples(
    st.integers(1, 6), st.lists(_RUN_IN_WORD, min_size=15, max_size=45), st.sampled_from(["", "\n\n### Sub\n\nText."])
).map(lambda t: "# Top\n\n" + "#" * t[0] + " " + " ".join(t[1]) + t[2] + "\n")


@SETTINGS
@given(text=_RUN_IN)
def test_run_in_heading_titles_and_sentences_map_to_their_source(text: str) -> None:
    doc = load_text(text, "p.md")
    lines = text.split("\n")
    starts = [s.start for s in doc.sections] + [s.start for s in doc.sentences]
    for start in starts:
        loc = doc.location(start)
        assert lines[loc.line - 1][loc.column - 1] == doc.text[start], (loc, text)


def test_fresh_compile_gives_byte_identical_output() -> None:
    from policylint.api import compile_builtin
    from policylint.reports import build_context, render

    text = "# Privacy\n\nWe use cookies; refuse them in your browser settings. Email privacy@example.com.\n"
    outs = []
    for rules in (core_rules(), compile_builtin()):
        report = check_document(load_text(text, "p.md"), rules, AS_OF)
        outs.append(render("json", build_context([report], rules.rulesets, as_of=AS_OF)))
    assert outs[0] == outs[1]


@SETTINGS
@given(text=st.one_of(st.text(max_size=300), st.lists(st.sampled_from(
    ["id: x\n", "rules:\n", "  - ", "id", ": ", "[", "]", "{", "}", "&a ", "*a", "!!python/object:os.system", "\t",
     "'", '"', "\n", "- ", "check:", "regex: '(a+)+'", "\x00", "%YAML 1.1\n", "---\n", "...\n", "? ", "|", ">"]),
    max_size=40).map("".join)))
def test_any_yaml_loads_or_raises_source_error(text: str) -> None:
    try:
        src = load_yaml(text, "r.yaml")
    except SourceError as exc:
        assert exc.line >= 1 and exc.column >= 1 and "\n" not in exc.message
        return
    for line, col in src.marks.values():
        assert line >= 1 and col >= 1
