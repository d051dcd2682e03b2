"""User regexes cannot hang a CI job: catastrophic constructs are rejected at load time with
file:line:col and exit 2, and accepted ones are bounded so that a scan is linear."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from policylint.matching.safety import MAX_REPEAT, bound_regex, check_regex, safe_regex
from policylint.matching.table import FLAGS, PatternError
from tests.robustness.conftest import cli, error_lines

REJECTED = [
    r"(a+)+$", r"(a*)*b", r"(a|aa)+$", r"(\w+\s*)+x", r"(\d+\.?)*$", r"(?:[a-z]+[.-]?)+@", r"(x+x+)+y",
    r"(?:a?)+b", r"(ab|a.)+c", r"(a)\1", r"(?P<x>a)(?P=x)", r"(a)?(?(1)b|c)", r"\w+\w*x", r"\s*.*x",
    r".*\d+", r"a+a++@", r"[ab]a+a+@", r"a{1,5000}", r"(?:(?:a+)b?)+c",
]
ACCEPTED = [
    r"[a-z]+@", r"(\w+\s+)+x", r"(?:cookie|cookies)+", r"(ab?)+", r"(?:https?://)+", r"opt.{0,50}out",
    r"\w+\s+\w+", r".*foo.*bar", r"a*?b", r"(?<!\w)x\w*(?!\w)", r"\d{2,}", r"(?i)do\s+not\s+track",
    r"\b(?:kept|stored)\s+(?:\w+\s+){0,4}?(?:for|within)\s+\d+\s+(?:days?|years?)", r"Ltd\s*\(?\s*we",
]


@pytest.mark.parametrize("pattern", REJECTED)
def test_catastrophic_patterns_are_rejected(pattern: str) -> None:
    with pytest.raises(PatternError):
        check_regex(pattern)


@pytest.mark.parametrize("pattern", ACCEPTED)
def test_ordinary_patterns_are_accepted_and_keep_their_meaning(pattern: str) -> None:
    bounded = safe_regex(pattern)
    assert re.compile(bounded, FLAGS).groups == re.compile(pattern, FLAGS).groups
    sample = "We do not track. It is kept for up to 30 days. Contact a@b.co https://x.org cookies Ltd (we)"
    assert [m.span() for m in re.finditer(bounded, sample, FLAGS)] == [m.span() for m in re.finditer(pattern, sample, FLAGS)]


def test_bounding_rewrites_only_quantifiers() -> None:
    assert bound_regex(r"a+b*c{2,}") == f"a{{1,{MAX_REPEAT}}}b{{0,{MAX_REPEAT}}}c{{2,{MAX_REPEAT}}}"
    assert bound_regex(r"[+*]\+\*(?#x+)") == r"[+*]\+\*(?#x+)"
    assert bound_regex(r"a+?b*+") == f"a{{1,{MAX_REPEAT}}}?b{{0,{MAX_REPEAT}}}+"
    assert bound_regex(r"(?:a|b)+(?P<n>c)?") == f"(?:a|b){{1,{MAX_REPEAT}}}(?P<n>c)?"


def _ruleset(tmp_path: Path, regex: str) -> Path:
    p = tmp_path / "redos.yaml"
    p.write_text(
        'id: redos\ntitle: ReDoS\nversion: "1"\nrules:\n  - id: redos-rule\n    title: R\n    severity: error\n'
        f"    message: M\n    check:\n      require:\n        regex: '{regex}'\n",
        encoding="utf-8",
    )
    return p


def test_nested_quantifier_on_a_long_run_finishes_under_a_second(tmp_path: Path) -> None:
    """The issue's case: `(a+)+$` against 'a' * n + '!'. It is rejected when the ruleset loads,
    before any document is read, with the position of the pattern and exit 2."""
    policy = tmp_path / "policy.txt"
    policy.write_text("a" * 50_000 + "!", encoding="utf-8")
    ruleset = _ruleset(tmp_path, "(a+)+$")
    start = time.perf_counter()
    r = cli("check", str(policy), "-r", str(ruleset))
    took = time.perf_counter() - start
    assert took < 1.0, f"{took:.2f} s"
    assert r.exit_code == 2
    (line,) = error_lines(r)
    assert re.search(r"redos\.yaml:11:\d+: .*catastrophic backtracking", line), line


def test_accepted_pattern_is_linear_on_hostile_text(tmp_path: Path) -> None:
    """`[a-z]+@` is quadratic in plain `re` on a long run of letters (each start scans to the
    end of the run: minutes for 200,000 letters); bounded, it is linear."""
    policy = tmp_path / "policy.txt"
    policy.write_text("Email us. " + "a" * 200_000 + "!\n", encoding="utf-8")
    ruleset = _ruleset(tmp_path, "[a-z]+@")
    start = time.perf_counter()
    r = cli("check", str(policy), "-r", str(ruleset))
    assert time.perf_counter() - start < 10
    assert r.exit_code == 1  # checked: the rule fails, nothing hangs


def test_rulesets_validate_reports_the_pattern_position(tmp_path: Path) -> None:
    r = cli("rulesets", "validate", str(_ruleset(tmp_path, r"(\w+\s*)+@")))
    assert r.exit_code == 2
    (line,) = error_lines(r)
    assert ":11:" in line and "nested repetition" in line


@pytest.mark.parametrize("term", ["a*b*c", "*tracking*", "cookie*"])
def test_term_wildcards_are_linear_on_a_long_word(term: str) -> None:
    from policylint.matching.terms import term_regex

    rx = re.compile(term_regex(term), FLAGS)
    text = "a" + "b" * 100_000 + " tracking"
    start = time.perf_counter()
    list(rx.finditer(text))
    assert time.perf_counter() - start < 2  # unbounded `\w*` took minutes here
