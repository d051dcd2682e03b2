"""Property tests: whatever text a policy holds, each format's escaping keeps it inert."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from policylint.reports.escapes import github_data, github_property, markdown_inline, safe_url, xml_text

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_github_values_are_one_line_and_reversible(s):
    data = github_data(s)
    assert "\n" not in data and "\r" not in data
    assert data.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%") == s
    prop = github_property(s)
    assert "," not in prop and ":" not in prop and "\n" not in prop


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_markdown_inline_has_no_live_markup(s):
    out = markdown_inline(s)
    assert "\n" not in out
    for ch in "<>[]`*_|":
        assert out.count(ch) == out.count("\\" + ch), (s, out)


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=200))
def test_xml_text_always_parses(s):
    from markupsafe import escape

    ET.fromstring(f"<a b=\"{escape(xml_text(s))}\">{escape(xml_text(s))}</a>")


@given(st.text(max_size=60))
def test_safe_url_only_web_and_mail(s):
    out = safe_url(s)
    assert out == "" or out.lower().startswith(("http://", "https://", "mailto:"))
