"""Engine changes made while tuning on labelled corpora: evidence ranking, entity preference, datelines."""

from __future__ import annotations

from policylint.api import check_text
from policylint.documents import load_text
from policylint.engine import compile_rules
from policylint.model import Ruleset
from policylint.rulesets import RulesetLoader


def _rule(tmp_path, check: str):
    p = tmp_path / "r.yaml"
    p.write_text("id: r\ntitle: r\nversion: '1'\nrules:\n  - id: r1\n    title: t\n    severity: info\n    message: m\n"
                 f"    check: {check}\n", encoding="utf-8")
    rs: Ruleset = RulesetLoader().load(str(p))
    return compile_rules([rs])


def _evidence(text: str, rules) -> str:
    (result,) = check_text(text, rules, path="p.md").results
    return result.evidence[0].text


def test_full_sentence_beats_an_earlier_list_fragment(tmp_path) -> None:
    rules = _rule(tmp_path, "{require: {terms: [update], near: {terms: [your information], within: 4}}}")
    text = "Contents\n\n- How to update your information\n\nWe care.\n\nYou can update your information at any time in your account.\n"
    assert _evidence(text, rules) == "You can update your information at any time in your account."


def test_sentence_using_the_vocabulary_twice_ranks_first(tmp_path) -> None:
    rules = _rule(tmp_path, "{require: {terms: [access, correct, delete]}}")
    text = "Staff may access the office on weekdays.\n\nYou can access, correct or delete your data.\n"
    assert _evidence(text, rules) == "You can access, correct or delete your data."


def test_entity_evidence_prefers_the_contact_section_then_nearby_words(tmp_path) -> None:
    rules = _rule(tmp_path, "{entity: {kind: [email], prefer_section: [contact*], prefer_near: [questions]}}")
    text = ("# Example\n\nFor example, an address such as jane@example.net.\n\nTo opt out, write to optout@example.com.\n\n"
            "# Contact us\n\nWrite to privacy@example.com.\n")
    assert _evidence(text, rules) == "Write to privacy@example.com."
    rules = _rule(tmp_path, "{entity: {kind: [email], prefer_near: [questions]}}")
    filler = "We send a newsletter every month with news about our products and our events in your region. " * 2
    text = f"To opt out, write to optout@example.com.\n\n{filler}\n\nSend questions to privacy@example.com.\n"
    assert _evidence(text, rules) == "Send questions to privacy@example.com."


def test_entity_evidence_closest_to_its_near_terms_comes_first(tmp_path) -> None:
    # The same address twice within the window: once in a definitions paragraph, once in the
    # sentence that names the officer. The second is the evidence a reader wants.
    rules = _rule(tmp_path, "{entity: {kind: [postal_address], near: {terms: [data protection officer], within: 60}}}")
    text = ("# Definitions\n\n\"We\" means Example Ltd, with its address at 12 Harbour Street, Leeds LS1 4AB.\n\n"
            "# Contact\n\nWrite to us at 12 Harbour Street, Leeds LS1 4AB, where our data protection officer also works.\n")
    assert _evidence(text, rules).startswith("Write to us at 12 Harbour Street")


def test_a_bare_link_that_is_its_own_near_term_does_not_come_first(tmp_path) -> None:
    # "Contact us" is a contact form whose only `near` term is inside itself; the sentence that
    # says what the address is for is the evidence.
    rules = _rule(tmp_path, "{entity: {kind: [email, contact_form], near: {terms: [contact, questions], within: 30}}}")
    text = "[Contact us](https://example.com/contact)\n\nIf you have questions about this policy, write to privacy@example.com.\n"
    assert _evidence(text, rules) == "If you have questions about this policy, write to privacy@example.com."


def test_gdpr_controller_contact_cites_the_contact_section_not_the_menu() -> None:
    text = ("[Home](/) | [Contact](https://example.com/contact) | [Blog](/blog)\n\n# Privacy notice\n\n"
            "We are Example Ltd.\n\n## Contact us\n\nIf you have questions about this notice, write to privacy@example.com.\n")
    report = check_text(text, ["gdpr"], path="p.md")
    (result,) = [r for r in report.results if r.rule.id == "gdpr-controller-contact"]
    assert result.evidence[0].text == "If you have questions about this notice, write to privacy@example.com."


def test_a_link_line_a_brand_domain_and_an_in_page_link_are_no_better_than_the_address(tmp_path) -> None:
    # A menu item that is only a link ("Help with all questions"), a brand whose domain ends in
    # "help", and a link to a section of the same page rank below the address itself.
    rules = _rule(tmp_path, "{entity: {kind: [email, contact_form], prefer_near: [questions]}}")
    text = ("- [Help with all questions](https://example.org/help)\n\n# Privacy\n\n"
            "Questions about this notice: privacy@example.org.\n")
    assert _evidence(text, rules) == "Questions about this notice: privacy@example.org."
    assert not [e for e in load_text("Visit [our site](https://www.betterhelp.example/) today.\n", "p.md").entities if e.kind == "contact_form"]
    doc = load_text("For our details, please see the [How to contact us](#contact-us) section.\n", "p.md")
    assert not [e for e in doc.entities if e.kind == "contact_form"]


def test_a_page_title_matching_the_topic_does_not_prefer_every_sentence(tmp_path) -> None:
    # "Last updated ..." read as a heading above the whole policy matches `update*`, as a site's
    # "Security Center" matches security: everything sits under it, so only the real section counts.
    rules = _rule(tmp_path, "{require: {terms: [access], prefer_section: [update*, your rights]}}")
    text = ("# Last updated 1 May 2024\n\n## Accounts\n\nOur staff may access your account to fix a problem.\n\n"
            "## Your rights\n\nYou can access the personal data we hold about you.\n")
    assert _evidence(text, rules) == "You can access the personal data we hold about you."


def _date_roles(text: str) -> list[tuple[str, str | None]]:
    return [(e.normalized, e.role) for e in load_text(text, "p.md").entities if e.kind == "date"]


def test_dateline_at_the_top_or_bottom_is_the_version_date() -> None:
    body = "We collect data. " * 60
    assert _date_roles(f"STATEMENT OF PRIVACY (12/23/2014, UNITED STATES ONLY)\n\n{body}\n") == [("2014-12-23", "updated")]
    assert _date_roles(f"{body}\n\nMay 12, 2014\n") == [("2014-05-12", "updated")]
    # Mid-document, in a sentence, or a copyright line: not a dateline.
    assert _date_roles(f"{body}\n\nMay 12, 2014\n\n{body}\n") == [("2014-05-12", None)]
    assert _date_roles("We founded the company on 4 May 2010.") == [("2010-05-04", None)]
    assert _date_roles(f"{body}\n\nCopyright May 2014 Example Inc.\n") == [("2014-05-01", None)]


def test_more_update_cues_and_month_year_dates() -> None:
    assert _date_roles("Revision Date: October 14, 2009") == [("2009-10-14", "updated")]
    assert _date_roles("Some text. Last Edited on 10/2014 by the team, see above for more.") == [("2014-10-01", "updated")]


def test_title_case_line_counts_as_a_heading_fragment(tmp_path) -> None:
    rules = _rule(tmp_path, "{require: {terms: [update, change], near: {terms: [your information], within: 6}}}")
    text = "Updates and Changes to Your Information.\n\nYou can update or change your information in your account.\n"
    assert _evidence(text, rules) == "You can update or change your information in your account."


def test_a_hit_only_in_a_condition_ranks_after_a_statement(tmp_path) -> None:
    rules = _rule(tmp_path, "{require: {terms: [access], near: {terms: [your account], within: 4}}}")
    text = "If you lose access to your account, we can help.\n\nYou can access your account at any time.\n"
    assert _evidence(text, rules) == "You can access your account at any time."
    # A later hit of the same sentence in its main clause is not in the condition.
    text = "If you lose access to your account, you can access your account again by phone.\n\nWe can help with access to your account.\n"
    assert _evidence(text, rules).startswith("If you lose access")
    # A wish introduces how to do it: not a mere circumstance.
    text = "If you want to access your account, sign in at any time.\n\nYou can access your account at any time.\n"
    assert _evidence(text, rules).startswith("If you want to access")

    # A near term in the main clause states the practice there.
    rules = _rule(tmp_path, "{require: {terms: [change*], near: {terms: [notify], within: 10}}}")
    text = "If we make changes, we will notify you by email.\n\nWe notify you of a change to this page at once.\n"
    assert _evidence(text, rules) == "If we make changes, we will notify you by email."


def test_a_run_in_heading_counts_as_a_preferred_heading(tmp_path) -> None:
    rules = _rule(tmp_path, "{require: {terms: [keep], near: {terms: [as long as], within: 8}, prefer_section: [retention]}}")
    text = ("We keep your sample as long as the laboratory needs it.\n\n"
            "**Retention.** We keep your personal data as long as your account is open.\n")
    assert _evidence(text, rules) == "We keep your personal data as long as your account is open."


def test_different_near_terms_make_a_sentence_dense(tmp_path) -> None:
    rules = _rule(tmp_path, "{require: {terms: [cookie*], near: {terms: [disable, delete, block], within: 6}}}")
    text = "You can disable cookies in the settings of your browser.\n\nYou can block, disable or delete cookies in your browser.\n"
    assert _evidence(text, rules) == "You can block, disable or delete cookies in your browser."
    # The same term twice is not more of the vocabulary.
    text = "You can disable cookies in the settings of your browser.\n\nTo disable cookies, disable them in your browser.\n"
    assert _evidence(text, rules) == "You can disable cookies in the settings of your browser."


def test_in_condition() -> None:
    from policylint.checks.ranking import in_condition

    def cond(sentence: str, word: str) -> bool:
        return in_condition(sentence, 0, sentence.index(word))

    assert cond("If you lose access to your account, contact us.", "access")
    assert not cond("If you lose your phone, you can access your account online.", "access")
    assert cond("If you change browsers, or delete the cookies, you must opt out again.", "delete")
    assert cond("Data is deleted 30 days after your account is closed.", "closed")
    assert not cond("Data is deleted 30 days after your account is closed.", "deleted")
    assert cond("Should your data change, update it here.", "change")
    assert not cond("Should you wish to update your data, write to us.", "update")
    assert not cond("If you would like to access, correct or delete your data, write to us.", "access")
    assert not cond("You can update your data at any time.", "update")
    assert not cond("You can tell if this policy has changed by checking the effective date.", "effective")


def test_a_secondary_matcher_gives_evidence_only_where_no_other_does(tmp_path) -> None:
    # A marketing opt-out implies the right to object; the sentence that states the right is the
    # better evidence, even later in the document and with less of the vocabulary.
    check = ("{require: [{terms: [unsubscribe, opt out], near: {terms: [marketing, emails], within: 8}, secondary: true}, "
             "{terms: [right to object]}]}")
    rules = _rule(tmp_path, check)
    text = "You can opt out of marketing emails or unsubscribe at any time.\n\nYou also have the right to object to our processing.\n"
    assert _evidence(text, rules) == "You also have the right to object to our processing."
    assert _evidence("You can opt out of marketing emails at any time.\n", rules) == "You can opt out of marketing emails at any time."


def test_a_heading_that_only_names_the_topic_ranks_below_sentences(tmp_path) -> None:
    rules = _rule(tmp_path, "{require: {terms: [right to object, object to], headings: true}}")
    text = "# Your rights\n\n## Right to object\n\nYou may object to processing based on our legitimate interests.\n"
    assert _evidence(text, rules) == "You may object to processing based on our legitimate interests."
    text = "# Your rights\n\n## Right to object\n\n## Right to erasure\n\nYou may ask us to delete your data.\n"
    assert _evidence(text, rules) == "Right to object"  # the text under it was lost: the heading still counts


def test_a_definition_ranks_below_a_statement(tmp_path) -> None:
    # A quoted term's definition names the topic; the sentence that states the practice is the evidence.
    rules = _rule(tmp_path, "{require: {terms: [use, used], near: {terms: [personal information], within: 8}}}")
    text = ('"Personal information" is any information that can be used to identify you.\n\n'
            "We use personal information to send you the newsletters you ask for.\n")
    assert _evidence(text, rules) == "We use personal information to send you the newsletters you ask for."


def test_definition_recognises_quoted_terms_and_defining_verbs() -> None:
    from policylint.checks.index import _DEFINITION

    assert _DEFINITION.match('"Personal Data" (or "data") means any information relating to you.')
    assert _DEFINITION.match("Processing shall mean any operation performed on personal data.")
    assert not _DEFINITION.match("This means that we collect less data.")
    assert not _DEFINITION.match("The service gives you a reasonable means to change your profile.")


def test_a_sentence_about_the_policy_states_no_practice(tmp_path) -> None:
    # "This policy explains ... how you can access your data" promises the topic; only the
    # sentence that gives the right counts, and without one the rule fails.
    rules = _rule(tmp_path, "{require: {terms: [access], near: {terms: [your data, your information], within: 6}}}")
    overview = "This Privacy Policy explains what we collect and how you can access your data.\n\n"
    (result,) = check_text(overview + "We keep your data safe.\n", rules, path="p.md").results
    assert result.status.value == "failed"
    assert _evidence(overview + "You can access your data in your account settings.\n", rules) == (
        "You can access your data in your account settings."
    )
    (result,) = check_text("Nothing in this policy is intended to limit your access to your information.\n", rules, path="p.md").results
    assert result.status.value == "failed"


def test_overview_true_and_triggers_count_a_sentence_about_the_policy(tmp_path) -> None:
    text = "This Privacy Policy explains how Example Ltd sells your data to advertisers.\n"
    named = _rule(tmp_path, "{require: {terms: [sell], near: {terms: [your data], within: 4}, overview: true}}")
    assert check_text(text, named, path="p.md").results[0].status.value == "passed"
    # the trigger counts it (the business sells), the requirement does not (no opt-out is given)
    cond = _rule(tmp_path, "{when: {terms: [sell], near: {terms: [your data], within: 4}}, then: {require: {terms: [opt out]}}}")
    assert check_text(text, cond, path="p.md").results[0].status.value == "failed"
    nested = _rule(tmp_path, "{when: {any: [{require: {terms: [sell]}}]}, then: {require: {terms: [opt out]}}}")
    assert check_text(text, nested, path="p.md").results[0].status.value == "failed"


def test_overview_recognises_sentences_about_the_policy() -> None:
    from policylint.checks.index import _OVERVIEW

    for about in (
        "This Privacy Policy explains how we collect, use and share your information.",
        'Our Privacy Notice ("Notice") describes how Acme processes personal data.',
        "2.1 This Privacy Policy describes the way the Company collects information.",
        "This policy (together with our Terms of Use) sets out the basis on which we process data.",
        "It also describes your choices regarding access and correction.",
        'We have adopted this privacy policy ("Policy") to explain what information we collect.',
        "The purpose of this notice is to describe how we use your data.",
        "However, nothing in this Privacy Policy is intended to limit any legal objections you may have.",
    ):
        assert _OVERVIEW.match(about), about
    for practice in (
        "You can access your data at any time.",
        "As this policy explains, you can delete your account.",
        "We may update this policy from time to time.",
        "This information is used to improve the service.",
        "Policy changes will be posted on this page.",
    ):
        assert not _OVERVIEW.match(practice), practice
