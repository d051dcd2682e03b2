"""Check kinds and matcher semantics, through small rulesets written inline."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from policylint.api import check_text
from policylint.model import Status


@pytest.fixture
def run(tmp_path):
    def _run(check_yaml: str, text: str, **kw):
        body = textwrap.indent(textwrap.dedent(check_yaml).strip(), " " * 6)
        rs = tmp_path / "rs.yaml"
        rs.write_text(
            "id: t\ntitle: T\nversion: '1'\nrules:\n  - id: r\n    title: R\n    severity: error\n"
            f"    message: m\n    check:\n{body}\n"
        )
        report = check_text(text, [str(rs)], path="p.md", **kw)
        return report.results[0]

    return _run


def test_require_passes_with_evidence_location(run):
    r = run("require: {terms: [opt-out]}", "# T\n\nIntro.\n\nYou may opt out at any time.\n")
    assert r.status is Status.PASSED
    ev = r.evidence[0]
    assert (ev.location.line, ev.location.column) == (5, 9)
    assert ev.text == "You may opt out at any time."


def test_require_fails_without_match(run):
    assert run("require: {terms: [opt-out]}", "Nothing here.").status is Status.FAILED


def test_headings_alone_do_not_count(run):
    assert run("require: {terms: [cookies]}", "# Cookies\n\nWe care.\n").status is Status.FAILED


def test_near_within_words(run):
    check = "require: {terms: [cookie*], near: {terms: [disable], within: 3}}"
    assert run(check, "You can disable all of the cookies.").status is Status.PASSED
    assert run(check, "You can disable many things on this page, and we also use cookies.").status is Status.FAILED


def test_negation_switches_trigger_off(run):
    check = """
    when: {terms: [sell], near: {terms: [personal information], within: 4}}
    then: {require: {terms: [opt-out]}}
    """
    assert run(check, "We do not sell your personal information.").status is Status.NOT_APPLICABLE
    assert run(check, "We never sell, rent or trade personal information.").status is Status.NOT_APPLICABLE
    assert run(check, "We sell your personal information.").status is Status.FAILED
    passed = run(check, "We sell your personal information. You can opt out.")
    assert passed.status is Status.PASSED and passed.trigger


def test_lead_in_lets_near_reach_from_list_items_to_their_lead_in(run):
    check = "require: {terms: [call, visit], near: {terms: [request], within: 8}, lead_in: true}"
    listed = "To submit a request, you may either:\n\n- call us on 0800 000 0000\n- visit our privacy portal\n"
    assert run(check, listed).status is Status.PASSED
    assert run(check, listed).evidence[0].text == "call us on 0800 000 0000"
    # Off by default; and the lead-in must end with a colon, the item's first words count too.
    assert run(check.replace(", lead_in: true", ""), listed).status is Status.FAILED
    assert run(check, "To submit a request, read on.\n\n- call us on 0800 000 0000\n").status is Status.FAILED
    far = "To submit a request:\n\n- use any of the many ways listed on our site, or simply call us\n"
    assert run(check, far).status is Status.FAILED
    # Bullets written as "·" paragraphs of their own (Word exports) are list items too.
    assert run(check, "Please submit a request by:\n\n·  Calling us on 0800 000 0000\n\n·  Visiting example.com\n").status is Status.PASSED


def test_lead_in_carries_sentence_vetoes_and_the_nearest_colon_leads(run):
    check = "require: {terms: [categories], near: {terms: [collect*], within: 6}, exclude_sentence: [right], lead_in: true}"
    rights = "You have the right to obtain:\n\n- the categories of data we collected\n"
    assert run(check, rights).status is Status.FAILED
    assert run(check.replace(", lead_in: true", ""), rights).status is Status.PASSED
    # A flat list whose item ends with a colon: the items after it go on from that item.
    nested = (
        "Residents may ask for the following:\n\n- the right to obtain:\n- the categories of data we collected\n"
    )
    assert run(check, nested).status is Status.FAILED


def test_negated_statement_satisfies_require(run):
    assert run("require: {terms: [sell]}", "We do not sell data.").status is Status.PASSED
    assert run("require: {terms: [sell], polarity: affirmative}", "We do not sell data.").status is Status.FAILED
    assert run("require: {terms: [sell], polarity: negative}", "We do not sell data.").status is Status.PASSED


def test_a_negated_lead_in_negates_its_list(run):
    check = """
    when: {terms: [sell], near: {terms: [personal information], within: 4}}
    then: {require: {terms: [opt-out]}}
    """
    never = "We will never:\n\n- sell your personal information\n- read your messages\n"
    assert run(check, never).status is Status.NOT_APPLICABLE
    undertake = "We undertake not to:\n\n1. sell your personal information to anyone\n"
    assert run(check, undertake).status is Status.NOT_APPLICABLE
    # Exceptions, an aside far from the colon, a later clause of the item: not negated.
    assert run(check, "We do not pass on data except:\n\n- to sell personal information with your consent\n").status is Status.FAILED
    aside = "If you don't want the detail, here are the points we think matter:\n\n- We sell personal information.\n"
    assert run(check, aside).status is Status.FAILED
    later = "We will never:\n\n- read your messages, but we sell personal information to partners\n"
    assert run(check, later).status is Status.FAILED


def test_without_delay_is_a_time_limit_not_a_negation(run):
    check = "require: {terms: [notify], polarity: affirmative}"
    assert run(check, "We delete the data without undue delay and notify the parent.").status is Status.PASSED
    assert run(check, "We correct it without delay and we notify you.").status is Status.PASSED


def test_clause_boundary_ends_negation(run):
    check = "require: {terms: [disable], polarity: affirmative}"
    assert run(check, "If you do not want cookies, you can disable them.").status is Status.PASSED


def test_exclude_vetoes_homonyms(run):
    check = "require: {terms: [retention], exclude: [customer retention]}"
    assert run(check, "We improve customer retention.").status is Status.FAILED
    assert run(check, "Our retention period is one year.").status is Status.PASSED


def test_in_section_scope(run):
    check = "require: {terms: [email], in_section: [contact]}"
    assert run(check, "## Contact us\n\nSend an email.\n").status is Status.PASSED
    assert run(check, "## Marketing\n\nWe send email.\n").status is Status.FAILED


def test_also_cooccurrence_in_block(run):
    check = "require: {terms: [notify], also: {terms: [changes]}, scope: block}"
    assert run(check, "We may make changes. We will notify you.").status is Status.PASSED
    assert run(check, "We will notify you.\n\nWe may make changes.").status is Status.FAILED


def test_forbid_and_not(run):
    check = "forbid: {terms: [by continuing to browse]}"
    assert run(check, "By continuing to browse you agree to cookies.").status is Status.FAILED
    assert run(check, "We ask first.").status is Status.PASSED
    assert run("not: {require: {terms: [spam]}}", "No mention.").status is Status.PASSED


def test_all_any(run):
    both = "all: [{require: {terms: [alpha]}}, {require: {terms: [beta]}}]"
    either = "any: [{require: {terms: [alpha]}}, {require: {terms: [beta]}}]"
    assert run(both, "alpha only").status is Status.FAILED
    assert run(both, "alpha and beta").status is Status.PASSED
    assert run(either, "beta only").status is Status.PASSED


def test_section_check(run):
    assert run("section: {terms: [children]}", "## Children's privacy\n\nWords.\n").status is Status.PASSED
    assert run("section: {terms: [children], min_words: 5}", "## Children\n\nShort.\n").status is Status.FAILED


def test_entity_near_terms(run):
    check = "entity: {kind: email, near: {terms: [privacy], within: 5}}"
    assert run(check, "For privacy questions, email dpo@example.com.").status is Status.PASSED
    assert run(check, "For sales, email sales@example.com.").status is Status.FAILED


def test_date_age_against_as_of(run):
    check = "date: {role: [updated], max_age_days: 365}"
    text = "Last updated: 1 March 2025"
    assert run(check, text, as_of=dt.date(2025, 6, 1)).status is Status.PASSED
    old = run(check, text, as_of=dt.date(2027, 1, 1))
    assert old.status is Status.FAILED and "days" in old.detail


def test_metric(run):
    easy = "We collect your name. We use it to write to you. You can ask us to stop."
    assert run("metric: {measure: flesch_reading_ease, min: 50}", easy).status is Status.PASSED
    assert run("metric: {measure: avg_sentence_words, max: 3}", easy).status is Status.FAILED


def test_portuguese_negation(run):
    check = "require: {terms: [compartilhamos, consentimento], polarity: affirmative, inflect: false}"
    assert run(check, "Não compartilhamos seus dados.").status is Status.FAILED
    assert run(check, "Tratamos seus dados com base no seu consentimento.").status is Status.PASSED
    assert run("require: {terms: [personal data], polarity: affirmative}", "We share no personal data.").status is Status.FAILED
