"""Second GDPR spot check: the eight GDPR rules the first one did not read, on unlabelled tosback
policies against a hand reading (docs/accuracy.md).

Twelve policies that mention the GDPR were drawn at random (`later_draw(..., "gdpr-other")`, seed
2016679, disjoint from every earlier spot check) and read in full before the rules were run on
them, for the practices of the GoPPC-150 table that the first GDPR spot check left out:
controller contact, access, rectification, withdrawal of consent, complaint to a supervisory
authority, legal basis, international transfer and children (definitions in docs/accuracy.md). The
first run agreed on 92 of 96 cells (precision and recall 0.976 with "stated" as the positive). One
error was fixed by a general change ("to comply with changed legal requirements" is not a legal
basis); the three left are listed apart.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.spot_checks import assert_only_known_errors, assert_table_well_formed, later_draw, sample_statuses

AS_OF = dt.date(2026, 11, 1)
RULES = (
    "gdpr-controller-contact", "gdpr-right-access", "gdpr-right-rectification", "gdpr-withdraw-consent",
    "gdpr-complaint-supervisory-authority", "gdpr-legal-basis", "gdpr-international-transfer", "gdpr-children",
)
# file -> stated (1) or not (0) for each rule of RULES, in that order, read by hand; a rule that
# passed means "stated", failed or not applicable "not stated".
HAND_READ = {
    "chrysler.md": "11111011",
    "common-application.md": "11111111",
    "crowdin.md": "11111111",
    "custom-ink.md": "11111111",
    "drugs.md": "11111111",
    "mcdonald-s.md": "11111111",
    "musicbrainz.md": "10000100",  # a donor's data kept because the law requires it (IRS audits)
    "phone2action.md": "11111111",
    "taskade.md": "11110111",
    "threema-web.md": "11100000",
    "transifex.md": "11111111",
    "whatsapp.md": "11111110",
}
# Errors left (file, rule), each for a reason the rules should not be bent to:
KNOWN_ERRORS = {
    # unresolved complaints go to "the DPA": the abbreviation also means a data processing
    # agreement, so it is not an authority word for the complaint rule
    ("chrysler.md", "gdpr-complaint-supervisory-authority"),
    # "we obtain your consent" before collecting some data: consent as a condition, read by hand as
    # not presented as a legal basis (arguable)
    ("chrysler.md", "gdpr-legal-basis"),
    # "we are legally required to collect ... and keep it": "required by law" is far more often an
    # exception to a disclosure ("unless required by law"), which is no legal basis (25 tosback
    # verdicts, nearly all wrong, when it counted)
    ("musicbrainz.md", "gdpr-legal-basis"),
}
PASSED = {"passed": "1", "failed": "0", "not_applicable": "0"}


def test_hand_reading_table_is_well_formed():
    assert_table_well_formed(HAND_READ, RULES, KNOWN_ERRORS)


@pytest.mark.corpus
def test_gdpr_other_sample_is_reproducible(shared):
    assert later_draw(shared / "corpora" / "tosback", "gdpr-other") == sorted(HAND_READ)


@pytest.mark.corpus
def test_gdpr_other_rules_match_hand_reading_but_known_errors(shared):
    status = sample_statuses(shared / "corpora" / "tosback", HAND_READ, ["gdpr"], AS_OF)
    disagree = {(name, rule) for name, row in HAND_READ.items() for rule, want in zip(RULES, row) if PASSED[status[name, rule]] != want}
    assert_only_known_errors(disagree, KNOWN_ERRORS)
