"""Document text is escaped in every report format: hostile policy text and file names give
valid JSON/SARIF/XML/CSV, inert HTML, GitHub workflow commands that cannot be forged, and a
terminal-safe text report. Formats that do not exist yet are skipped."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from policylint.reports import FORMATS
from tests.robustness.conftest import cli

HOSTILE = (
    "Privacy policy.\n\n"
    "Email privacy@example.com <script>alert(1)</script> <img src=x onerror=alert(2)> ]]> "
    "\x01\x1b[31m\x07 \u202eevil\u202c %0A ::error::pwned.\r\n::warning file=x::forged\n"
    "We use cookies. You can set your browser to refuse cookies \"quoted\" & more, :: ok.\n"
    "Last updated January 5, 2026.\n"
)
NAME = "we,use:cook%ies<b>&.txt"


def _need(fmt: str) -> None:
    if fmt not in FORMATS:
        pytest.skip(f"--format {fmt} is not available yet")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("esc") / NAME
    p.write_text(HOSTILE, encoding="utf-8", newline="")
    return p


def _render(path: Path, fmt: str) -> str:
    r = cli("check", str(path), "-f", fmt)
    assert r.exit_code == 1, r.output  # findings, not a crash or an input error
    assert r.stdout
    return r.stdout


def test_json_is_valid_and_keeps_text(hostile: Path) -> None:
    _need("json")
    data = json.loads(_render(hostile, "json"))
    texts = [e["text"] for d in data["documents"] for r in d["results"] for e in r["evidence"]]
    assert any("<script>alert(1)</script>" in t for t in texts)
    assert not any("\x1b" in t or "\u202e" in t for t in texts)


@pytest.mark.parametrize("fmt", ["sarif", "gitlab"])
def test_json_based_formats_are_valid(hostile: Path, fmt: str) -> None:
    _need(fmt)
    json.loads(_render(hostile, fmt))


def test_junit_is_well_formed_xml_with_control_characters(hostile: Path) -> None:
    _need("junit")
    out = _render(hostile, "junit")
    root = ET.fromstring(out.encode("utf-8"))
    assert root.iter("testcase")
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", out)


def test_html_runs_no_markup_from_the_policy(hostile: Path, tmp_path: Path) -> None:
    _need("html")
    out = _render(hostile, "html")
    assert "<script>alert(1)" not in out and "<img src=x onerror" not in out
    assert "&lt;script&gt;alert(1)" in out or "&#60;script&#62;alert(1)" in out
    benign = tmp_path / "benign.txt"
    benign.write_text(HOSTILE.replace("<", "(").replace(">", ")"), encoding="utf-8")
    assert out.count("<script") == _render(benign, "html").count("<script"), "a script element came from the policy"


def test_github_commands_cannot_be_forged(hostile: Path) -> None:
    _need("github")
    out = _render(hostile, "github")
    lines = out.splitlines()
    assert not any(line.startswith(("::error::pwned", "::warning file=x::forged")) for line in lines)
    commands = [line for line in lines if line.startswith("::")]
    assert commands
    for line in commands:
        m = re.match(r"^::(error|warning|notice|debug|group|endgroup)(?: ([^:]*))?::(.*)$", line)
        assert m, line
        props = m.group(2) or ""
        for prop in filter(None, props.split(",")):
            key, _, value = prop.partition("=")
            assert key.isidentifier() and ":" not in value and "," not in value, prop
        assert "\r" not in m.group(3)
    assert "we%2Cuse%3Acook%25ies" in out


def test_text_report_carries_no_terminal_escapes(hostile: Path) -> None:
    _need("text")
    r = cli("check", str(hostile), "-v")
    assert r.exit_code == 1
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout and "\u202e" not in r.stdout


def test_csv_parses_with_a_fixed_column_count(hostile: Path) -> None:
    _need("csv")
    rows = list(csv.reader(io.StringIO(_render(hostile, "csv"))))
    assert len(rows) > 1 and len({len(r) for r in rows}) == 1


def test_markdown_escapes_html(hostile: Path) -> None:
    _need("markdown")
    out = _render(hostile, "markdown")
    assert not re.search(r"(?<!\\)<(?:script|img)", out), "raw HTML from the policy in Markdown"


# Any text at all: the machine formats stay parseable.
_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(noise=_TEXT)
def test_any_text_gives_valid_json_sarif_and_junit(noise: str) -> None:
    from policylint.api import check_text
    from policylint.reports import build_context, render
    from tests.robustness.conftest import core_rules

    rules = core_rules()
    text = f"Email privacy@example.com {noise}. We use cookies {noise}; you can refuse cookies in your browser."
    report = check_text(text, rules, path=f"p{noise[:20]}.txt")
    context = build_context([report], rules.rulesets)
    for fmt in ("json", "sarif", "gitlab"):
        if fmt in FORMATS:
            json.loads(render(fmt, context))
    if "junit" in FORMATS:
        ET.fromstring(render("junit", context).encode("utf-8"))
