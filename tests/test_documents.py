"""Loaders: structure (sections, blocks, sentences) and exact source locations."""

from __future__ import annotations

import pytest

from policylint.documents import detect_format, load_text
from policylint.documents.entities import find_entities


def _locate(doc, needle: str):
    i = doc.text.index(needle)
    return doc.location(i, i + len(needle))


def test_markdown_headings_and_locations():
    src = "# Title\n\nIntro text here.\n\n## Cookies\n\nWe use **cookies** to [remember](https://x.example) you.\n"
    doc = load_text(src, "p.md")
    assert [s.title for s in doc.sections] == ["Title", "Cookies"]
    assert doc.sections[1].parent == 0
    loc = _locate(doc, "cookies")
    assert (loc.line, loc.column) == (7, 10)
    loc = _locate(doc, "remember")
    assert (loc.line, loc.column) == (7, 24)
    assert any(e.kind == "url" and e.value == "https://x.example" for e in doc.entities)


def test_bold_line_and_numbered_clause_headings():
    src = "**Collection of Information**\n\nWe collect data.\n\n3.2 Cookies\n\nWe use cookies.\n"
    doc = load_text(src, "p.txt", "markdown")
    assert [s.title for s in doc.sections] == ["Collection of Information", "3.2 Cookies"]


def test_a_sentence_set_in_bold_is_body_text_not_a_heading():
    src = ("**Use of Information.**\n\nWe use data to run the site.\n\n"
           "**We do not and will not sell your personal information.**\n\nMore text.\n")
    doc = load_text(src, "p.md")
    assert [s.title for s in doc.sections] == ["Use of Information."]  # a title with a period stays one
    statement = next(s for s in doc.sentences if doc.text[s.start:s.end].startswith("We do not"))
    assert doc.blocks[statement.block].kind == "paragraph"


def test_sentence_case_titles_that_ask_or_say_how_are_headings():
    src = ("What data do we collect?\n\nWe collect your email address.\n\n"
           "How we use cookies\n\nWe use cookies to keep you signed in.\n\n"
           "We never sell data\n\nThat is all.\n")
    doc = load_text(src, "p.md")
    assert [s.title for s in doc.sections] == ["What data do we collect?", "How we use cookies"]


def test_a_date_with_a_space_before_its_comma():
    # Text taken from PDFs and web pages often has "June 28 , 2019".
    doc = load_text("Last updated June 28 , 2019. Effective 3rd of March , 2020.\n", "p.txt")
    assert sorted(e.normalized for e in doc.entities if e.kind == "date") == ["2019-06-28", "2020-03-03"]


def test_an_update_label_dates_the_policy():
    body = "We run a small shop. " * 60
    doc = load_text(f"{body}\n\nUpdate: June 6th, 2019\n\n{body}\n", "p.md")
    assert [e.role for e in doc.entities if e.kind == "date"] == ["updated"]


def test_as_of_dates_the_policy_only_in_a_sentence_about_it():
    # "As of June 30, 2020, we have never received a National Security Letter" dates a fact, not
    # the policy; "effective as of" and "As of ..., this policy applies" date the policy.
    body = "We run a small shop. " * 60

    def roles(line: str) -> list[str | None]:
        doc = load_text(f"{body}\n\n{line}\n\n{body}\n", "p.md")
        return [e.role for e in doc.entities if e.kind == "date"]

    assert roles("As of June 30, 2020, we have never received a National Security Letter.") == [None]
    assert roles("This policy is effective as of June 30, 2020.") == ["effective"]
    assert roles("As of June 30, 2020, this policy applies to all users.") == ["effective"]


def test_page_scripts_styles_and_data_are_not_policy_text():
    src = (
        "# Privacy\n\nWe use cookies to keep you signed in.\n\n"
        'window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag("consent", "default", {});'
        " var cookieBanner = document.getElementById(\"cookie-consent\");\n\n"
        '{"props":{"pageProps":{"cookieConsent":true,"analytics":"on","locale":"en-GB"}}}\n\n'
        ".cookie-banner{display:none;position:fixed;bottom:0} .consent-button{color:#fff;}\n\n"
        "Contact us (see {the form}) at privacy@example.com if you have questions about this policy.\n"
    )
    doc = load_text(src, "p.md")
    assert "dataLayer" not in doc.text and "pageProps" not in doc.text and "cookie-banner" not in doc.text
    assert "We use cookies to keep you signed in." in doc.text
    assert "Contact us (see {the form}) at privacy@example.com" in doc.text  # prose with a stray brace stays
    assert [e.kind for e in doc.entities if e.kind == "email"] == ["email"]
    # The lines of the text that stays are those of the source.
    last = doc.sentences[-1]
    assert doc.source_map.position(last.start)[0] == 11


def test_plain_text_title_case_heading_and_body():
    src = "Privacy Policy\n\nHow We Use Information collected\n\nWe use it to run the site. We never sell it.\n"
    doc = load_text(src, "p.txt")
    assert doc.format == "text"
    assert [s.title for s in doc.sections] == ["Privacy Policy", "How We Use Information collected"]
    sents = [doc.text[s.start:s.end] for s in doc.sentences if doc.blocks[s.block].kind != "heading"]
    assert sents == ["We use it to run the site.", "We never sell it."]
    loc = _locate(doc, "We never")
    assert (loc.line, loc.column) == (5, 28)


def test_plain_bullet_items_are_not_headings():
    src = "We collect:\n\n- Name\n- Email Address\n- Phone Number\n"
    doc = load_text(src, "p.md")
    assert doc.sections == []
    assert [b.kind for b in doc.blocks] == ["paragraph", "list_item", "list_item", "list_item"]


def test_html_drops_scripts_and_navigation_and_maps_lines():
    src = (
        "<html><head><title>t</title><script>var x = 'cookies';</script></head>\n"
        "<body><nav>Home | Contact</nav>\n<h1>Privacy</h1>\n<p>We use\ncookies.</p>\n"
        "<footer>copyright</footer></body></html>\n"
    )
    doc = load_text(src, "p.html")
    assert "var x" not in doc.text and "Home" not in doc.text and "copyright" not in doc.text
    assert [s.title for s in doc.sections] == ["Privacy"]
    loc = _locate(doc, "cookies")
    assert (loc.line, loc.column) == (5, 1)


def test_sentence_splitter_keeps_abbreviations():
    doc = load_text("Acme Inc. and Example Ltd. share data, e.g. with partners in the U.S. today. Next one.", "p.txt")
    sents = [doc.text[s.start:s.end] for s in doc.sentences]
    assert sents[-1] == "Next one."
    assert len(sents) == 2


def test_entities_emails_phones_addresses_dates():
    src = (
        "Write to info (at) example.com or privacy@example.org. Call +44 20 7946 0958 or (555) 123-4567.\n\n"
        "Acme Ltd, 10 Harbour Street, Springfield. PO Box 1234.\n\n"
        "Last updated and effective as of April 28, 2014. Updated: 2017/01/24. Effective 15 July 2012.\n"
    )
    doc = load_text(src, "p.txt")
    kinds = {}
    for e in doc.entities:
        kinds.setdefault(e.kind, []).append(e)
    emails = {e.normalized for e in kinds["email"]}
    assert emails == {"info@example.com", "privacy@example.org"}
    assert len(kinds["phone"]) == 2
    assert any("Harbour Street" in e.value for e in kinds["postal_address"])
    assert any("PO Box" in e.value for e in kinds["postal_address"])
    dates = {(e.normalized, e.role) for e in kinds["date"]}
    assert ("2014-04-28", "updated") in dates
    assert ("2017-01-24", "updated") in dates
    assert ("2012-07-15", "effective") in dates


@pytest.mark.parametrize(
    "text, found",
    [
        ("Email privacy-team @ example.com (remove the spaces) with questions.", ["privacy-team@example.com"]),
        ("Write to dpo @ example.co.uk.", ["dpo@example.co.uk"]),
        ("Follow us @ Example on social media.", []),  # no domain: a handle, not an address
        ("Buy 3 @ 4.99 each.", []),
    ],
)
def test_email_with_the_sign_set_apart(text: str, found: list[str]) -> None:
    assert [e.normalized for e in find_entities(text) if e.kind == "email"] == found


def _addresses(text: str) -> list[str]:
    return [e.value for e in find_entities(text) if e.kind == "postal_address"]


@pytest.mark.parametrize(
    "text, found",
    [
        # a house number written as a word, then a place after a comma
        ("Attn: Privacy Officer, One Example Place, Sample Business Park, Dublin 18, Ireland.", ["One Example Place", "Dublin 18"]),
        ("Example Corp., Two Sample Way, Springfield, Oregon 97401, USA.", ["Two Sample Way", "Springfield, Oregon 97401"]),
        # a US state spelled out between a city and a ZIP code, cities of several words
        ("Example Inc., 100 Sample Road, Palo Verde, New Mexico 87001-1234.", ["100 Sample Road", "Palo Verde, New Mexico 87001-1234"]),
        ("Write to Example LLC, Suite 5, Lake Town, West Virginia 25301.", ["Suite 5", "Lake Town, West Virginia 25301"]),
        # street and number, then postcode, city and country
        ("Example GmbH, Musterstraße 12, 10115 Berlin, Germany", ["Musterstraße 12", "10115 Berlin, Germany"]),
        ("Example SAS, 12 rue Exemple, 75008 Paris, France", ["12 rue Exemple", "75008 Paris, France"]),
        ("Example SA, 8 bis, avenue de la Paix, Geneva", ["8 bis, avenue de la Paix"]),
        ("Example BV, Samplegracht 1, 1012 AB Amsterdam, the Netherlands", ["1012 AB Amsterdam, the Netherlands"]),
        ("Example Ltd, PO Box 123, Springfield", ["PO Box 123"]),
        ("Example GmbH, Postfach 12 34, Vienna", ["Postfach 12"]),
        # Irish Eircodes and Canadian postal codes
        ("Example Ltd, 1 Sample Street, Dublin 2, D02 X285, Ireland", ["1 Sample Street", "Dublin 2", "D02 X285"]),
        ("Example Inc., Ottawa, ON K1A 0B1, Canada", ["K1A 0B1"]),
        # Hong Kong: floor, number and road
        ("The Data Protection Officer, Example Limited, 12/F, 1 Example Road, Central, Hong Kong.", ["1 Example Road"]),
    ],
)
def test_postal_address_forms(text, found):
    assert _addresses(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "Call 1-800-555-1234 or +353 1 555 0100 on weekdays.",  # phone numbers
        "Effective 12 May 2020; updated 2019-05-01 and 10/2014.",  # dates
        "Version 2.10115 of the app, build 10115.2, release 3.2.1.",  # version numbers
        "It costs $1,000 or EUR 10000; 10000 Users joined.",  # prices and counts
        "See Section 12, Article 13 and clause 4.2 of the Terms.",  # section numbers
        "We have offices in Dublin, Berlin, Germany and Paris, France.",  # street-less city mentions
        "Redmond, Washington is where we are based.",  # a city and state without a ZIP code
        "One Simple Way To Opt Out",  # a title-case heading that reads like a street
        "In 2019 Example GmbH, Germany joined us.",  # a year before a company and country
        "Dublin 2.0 is the name of our release; we have 2 places Where you can opt out.",
        "In the 1990s, California 12345 residents ...",  # no comma between city and state
    ],
)
def test_postal_address_negatives(text):
    assert _addresses(text) == []


def test_detect_format_sniffs_markdown_in_txt_and_html():
    assert detect_format("a.txt", "# Title\n\n**Bold**\n") == "markdown"
    assert detect_format("a.txt", "<!DOCTYPE html><html></html>") == "html"
    assert detect_format("a.txt", "Just words.\nMore words.") == "text"


def test_overlong_markdown_heading_is_body_text():
    long = " ".join(["You have the right to access and erase your personal data at any time"] * 4)
    doc = load_text(f"# Privacy\n\n## {long}\n\nMore.\n", "p.md")
    assert [s.title for s in doc.sections] == ["Privacy"]
    assert any(b.kind == "paragraph" and doc.text[b.start:b.end].startswith("You have the right") for b in doc.blocks)


def test_heading_with_its_body_run_in_opens_a_section_with_the_title():
    # Some converters put a section's title and its body on the heading line.
    src = ("# Privacy Notice\n\n"
           "## Storage of Records Examplo keeps order records for two years. After that we delete "
           "them from our systems and backups, unless the law requires us to keep them longer.\n\n"
           "## Next\n\nMore.\n")
    doc = load_text(src, "p.md")
    assert [s.title for s in doc.sections] == ["Privacy Notice", "Storage of Records", "Next"]
    assert doc.sections[1].parent == 0
    sents = [doc.text[s.start:s.end] for s in doc.sentences if s.section == 1 and doc.blocks[s.block].kind != "heading"]
    assert sents[0] == "Examplo keeps order records for two years."
    assert sents[1].startswith("After that we delete") and len(sents) == 2
    loc = _locate(doc, "Examplo keeps")
    assert (loc.line, loc.column) == (3, 23)
    loc = _locate(doc, "After that")
    assert (loc.line, loc.column) == (3, 66)
    assert src.split("\n")[2][loc.column - 1:].startswith("After that")


def test_run_in_title_ends_at_a_colon_and_keeps_columns_through_inline_markup():
    src = ("### **Payment Partners:** We pass card details only to the processor that charges "
           "your card, and it may not use them for anything else at all.\n")
    doc = load_text(src, "p.md")
    assert [s.title for s in doc.sections] == ["Payment Partners"]
    loc = _locate(doc, "We pass")
    assert (loc.line, loc.column) == (1, 27)
    assert doc.blocks[1].kind == "paragraph" and doc.blocks[1].section == 0


def test_sentence_case_run_in_title_before_a_capitalised_opener():
    src = ("## How long we keep your data We keep account data while your account is open and for "
           "one year after you close it, so that we can answer questions about past orders.\n")
    doc = load_text(src, "p.md")
    assert [s.title for s in doc.sections] == ["How long we keep your data"]
    assert doc.text[doc.blocks[1].start:].startswith("We keep account data")


def test_long_heading_that_is_one_sentence_stays_body_text():
    src = ("# Privacy\n\n"
           "#### 4.2 If you want a copy of the data Examplo holds about you, write to our support desk and we "
           "will answer within thirty days of receiving your request by post or email.\n")
    doc = load_text(src, "p.md")
    assert [s.title for s in doc.sections] == ["Privacy"]
    assert doc.blocks[-1].kind == "paragraph"
    assert doc.text[doc.blocks[-1].start:].startswith("4.2 If you want a copy")


def test_subsection_after_a_run_in_title_nests_under_it():
    src = ("## Collection of Data\n\nWe collect your name.\n\n"
           "## Cookies Examplo uses cookies to keep you signed in and to remember the items in your basket "
           "between visits. You can clear them in your browser settings at any time.\n\n"
           "### Analytics Cookies\n\nWe count visits with a first-party cookie.\n")
    doc = load_text(src, "p.md")
    assert [(s.title, s.level) for s in doc.sections] == [
        ("Collection of Data", 2), ("Cookies", 2), ("Analytics Cookies", 3)]
    assert doc.sections[2].parent == 1 and doc.sections[1].parent is None
    uses = next(s for s in doc.sentences if doc.text[s.start:s.end].startswith("Examplo uses cookies"))
    assert uses.section == 1  # not inside "Collection of Data"


def test_run_in_cookie_section_satisfies_the_cookie_section_rule(check_text):
    src = ("# Privacy Policy\n\n## Information We Collect\n\nWe collect your name and email address.\n\n"
           "## Cookies Examplo uses cookies to keep you signed in. Cookies are small files that a website stores "
           "on your device; you can block or delete them in your browser settings.\n")
    results = check_text(src, rulesets=("eprivacy",))
    assert results["eprivacy-cookie-section"].status.value == "passed"


def test_unclosed_script_in_markdown_does_not_hide_the_rest():
    src = "# Policy\n\n <script> jQuery(init);\n\n## Contact\n\nEmail privacy@example.com.\n"
    doc = load_text(src, "p.md")
    assert "privacy@example.com" in doc.text and "jQuery" not in doc.text
    i = doc.text.index("Email")
    assert doc.location(i).line == 7
    closed = load_text("<script>\nvar x = 1;\n</script>\n\nText after.\n", "p.md")
    assert "var x" not in closed.text and "Text after." in closed.text


def test_markdown_paragraph_after_a_lone_nbsp_line_keeps_its_lines():
    # markdown-it strips a paragraph with str.strip(), dropping a leading line holding only a
    # no-break space; the text after it must still map to its own source line (fuzz finding).
    src = "# Contact\n\u00a0\nWrite to privacy@example.com or call us.\n"
    doc = load_text(src, "p.md")
    email = next(e for e in doc.entities if e.kind == "email")
    loc = doc.location(email.start, email.end)
    assert (loc.line, loc.column) == (3, 10)
    assert src.split("\n")[loc.line - 1][loc.column - 1:].startswith("privacy@example.com")


def test_a_tab_indented_continuation_line_keeps_its_columns():
    # markdown-it gives a tab of the indentation as spaces; the text after them must keep its
    # own columns, emphasis marks and all (fuzz finding).
    src = "- Contact\n\tour *privacy* team at privacy@example.com\n"
    doc = load_text(src, "p.md")
    email = next(e for e in doc.entities if e.kind == "email")
    loc = doc.location(email.start, email.end)
    line = src.split("\n")[loc.line - 1]
    assert line[loc.column - 1:loc.end_column - 1] == "privacy@example.com"


def test_a_quote_line_holding_only_a_form_feed_is_skipped_like_a_blank_one():
    # markdown-it drops the quote's first line ("> " and a form feed) from the paragraph's text;
    # the text after it must map to its own line (fuzz finding).
    src = "> \x0c\nWrite to privacy@example.com today.\n"
    doc = load_text(src, "p.md")
    email = next(e for e in doc.entities if e.kind == "email")
    loc = doc.location(email.start, email.end)
    assert (loc.line, src.split("\n")[loc.line - 1][loc.column - 1:loc.end_column - 1]) == (2, "privacy@example.com")


def test_markdown_paragraph_with_nul_after_a_nbsp_line_keeps_its_lines():
    # markdown-it also turns NUL into U+FFFD; the line must still be found in its source.
    src = "Intro.\n\n\u00a0\nCall us \x00 or write to privacy@example.com today.\n"
    doc = load_text(src, "p.md")
    email = next(e for e in doc.entities if e.kind == "email")
    loc = doc.location(email.start, email.end)
    assert loc.line == 4
    assert src.split("\n")[3][loc.column - 1:].startswith("privacy@example.com")
