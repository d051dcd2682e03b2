"""Inline suppressions in Markdown and HTML, front matter, and the notices for unused ones."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

RULESET = str(ROOT / "tests" / "reports" / "fixtures" / "ruleset.yaml")
SALE = "We sell your personal data to brokers."


def run(text: str, path: str = "p.md"):
    from policylint.api import check_text

    report = check_text(text, rulesets=[RULESET], path=path)
    return {r.rule.id: r for r in report.results}, report.notices


def test_disable_enable_range_covers_located_finding():
    results, notices = run(f"# P\n\n<!-- policylint-disable demo-no-sale -- legal approved -->\n\n{SALE}\n\n<!-- policylint-enable demo-no-sale -->\n")
    assert results["demo-no-sale"].suppressed == "legal approved"
    assert not [n for n in notices if "demo-no-sale" in n]


def test_finding_outside_the_range_is_not_suppressed():
    results, notices = run(f"# P\n\n<!-- policylint-disable demo-no-sale -->\nHello.\n<!-- policylint-enable demo-no-sale -->\n\n{SALE}\n")
    assert results["demo-no-sale"].suppressed is None
    assert any(n.startswith("line 3: unused suppression") for n in notices)


def test_disable_next_covers_only_the_next_paragraph():
    hit, _ = run(f"# P\n\n<!-- policylint-disable-next demo-no-sale -- ok -->\n\n{SALE}\n")
    assert hit["demo-no-sale"].suppressed == "ok"
    miss, notices = run(f"# P\n\n<!-- policylint-disable-next demo-no-sale -->\n\nHello there.\n\n{SALE}\n")
    assert miss["demo-no-sale"].suppressed is None and any("unused suppression" in n for n in notices)


def test_missing_disclosure_needs_a_rest_of_document_suppression():
    results, _ = run("# P\n\n<!-- policylint-disable demo-contact -- contact is on the imprint page -->\n\nHello.\n")
    assert results["demo-contact"].suppressed == "contact is on the imprint page"
    results, notices = run("# P\n\n<!-- policylint-disable demo-contact -->\nHello.\n<!-- policylint-enable demo-contact -->\n")
    assert results["demo-contact"].suppressed is None
    # The notice says why the suppression went unused, and what would work.
    assert any("demo-contact fails for a statement the policy does not make" in n and "policylint-disable-file demo-contact" in n
               for n in notices)


def test_unused_suppression_names_the_line_of_the_failure_it_missed():
    _, notices = run(f"# P\n\n<!-- policylint-disable-next demo-no-sale -->\n\nHello there.\n\n{SALE}\n")
    assert any("demo-no-sale fails on line 7, outside the lines this suppression covers" in n for n in notices)


def test_front_matter_disables_for_the_document():
    results, notices = run("---\ntitle: x\npolicylint: disable=demo-contact, demo-retention\n---\n# P\n\nHello.\n")
    assert results["demo-contact"].suppressed and results["demo-retention"].suppressed
    results, _ = run("---\npolicylint:\n  disable: [demo-*]\n  reason: drafts\n---\n# P\n\nHello.\n")
    assert results["demo-contact"].suppressed == "drafts"


def test_html_comments_work_too():
    html = f"<html><body><h1>P</h1><!-- policylint-disable-file demo-contact -- elsewhere --><p>{SALE}</p></body></html>"
    results, _ = run(html, path="p.html")
    assert results["demo-contact"].suppressed == "elsewhere"
    assert results["demo-no-sale"].suppressed is None


def test_unknown_rule_and_stray_enable_are_reported():
    _, notices = run("# P\n\n<!-- policylint-disable demo-nope -->\n\n<!-- policylint-enable demo-contact -->\n\nHello.\n")
    assert any(n.startswith("line 3: unknown rule demo-nope") for n in notices)
    assert any(n.startswith("line 5: ") and "no matching" in n for n in notices)


def test_suppression_never_touches_passes_and_counts_in_the_report():
    from click.testing import CliRunner

    from policylint.cli import main

    r = CliRunner().invoke(main, ["check", "-r", RULESET, str(ROOT / "tests" / "reports" / "fixtures" / "bad-policy.md")])
    assert "1 suppressed" in r.output and "demo-retention" not in r.output.split("document(s) checked")[0]


@pytest.mark.parametrize("comment", ["<!-- policylint-disable -->", "<!-- policylint-disable all -- everything -->"])
def test_disable_without_names_means_every_rule(comment):
    results, _ = run(f"# P\n\n{comment}\n\n{SALE}\n")
    assert all(r.suppressed for r in results.values() if r.status.value == "failed")


@pytest.mark.parametrize("front", ["policylint: disable=all", "policylint: disable", "policylint: disable=*",
                                   "policylint: {disable: all}", "policylint: {disable: '*'}", "policylint:\n  disable:",
                                   "policylint: disable all -- whole draft"])
def test_front_matter_without_names_or_all_means_every_rule(front):
    # The same reading as the comments: no name, `all` or `*` is every rule, with no notice.
    results, notices = run(f"---\n{front}\n---\n# P\n\n{SALE}\n")
    failed = [r for r in results.values() if r.status.value == "failed"]
    assert failed and all(r.suppressed for r in failed)
    assert notices == []


def test_front_matter_other_values_suppress_nothing():
    for front in ("policylint: enable", "policylint: disabled=demo-contact", "policylint: {reason: x}"):
        results, _ = run(f"---\n{front}\n---\n# P\n\nHello.\n")
        assert results["demo-contact"].suppressed is None, front


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=1, max_value=50),
                          st.text(max_size=60).map(lambda t: "policylint-" + t)), max_size=8))
def test_any_directive_text_is_parsed_without_crashing(directives):
    from policylint.model import Document
    from policylint.suppressions import parse

    doc = Document(path="p.md", text="", format="markdown", directives=directives)
    for sup in parse(doc):
        assert sup.start <= sup.end


def test_verbose_text_shows_a_suppressed_finding_at_its_line(tmp_path):
    from click.testing import CliRunner

    from policylint.cli import main

    p = tmp_path / "p.md"
    p.write_text(f"# P\n\n<!-- policylint-disable-next demo-no-sale -- approved -->\n\n{SALE}\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["check", str(p), "-r", RULESET, "--no-config", "-v"]).output
    assert f"{p}:5:4: suppressed demo-no-sale (approved)" in out


def test_disable_next_above_the_trigger_covers_a_conditional_failure():
    # The report points a conditional rule's failure at the sentence that made it apply; a
    # suppression placed there covers it.
    text = "# P\n\n<!-- policylint-disable-next demo-children -- legal approved -->\n\nOur app is popular with children.\n"
    results, notices = run(text)
    assert results["demo-children"].suppressed == "legal approved"
    assert not [n for n in notices if "demo-children" in n]
