"""Spot check of gdpr-retention-criteria ("as long as necessary" alone is not a storage period) on
unlabelled tosback policies against a hand reading (docs/accuracy.md).

Fifteen policies that speak of retention were drawn at random (`later_draw`, seed 1322, disjoint
from every earlier spot check) and read by hand before the rule was run on them: does the policy
give a storage period or a criterion that fixes one (a span of time, the life of the account or
contract, an end event, a legal retention period), only general wording ("as long as necessary",
"for a limited period"), or nothing about retention? The first run agreed on 13 of 15; one of the
two errors (an age, "under 16 years old", read as a period) was fixed for both retention rules,
and the other is listed apart.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.spot_checks import assert_only_known_errors, later_draw, sample_statuses

AS_OF = dt.date(2026, 11, 1)
RULE = "gdpr-retention-criteria"
# P: a period or criteria are given (passed); F: only general wording (failed); -: nothing about
# retention (gdpr-retention fails instead, this rule is not applicable).
HAND_READ = {
    "booking-com.md": "F",  # "as long as we think it's necessary"; call recordings "for a limited amount of time"
    "community-data-solutions.md": "F",  # destroyed when no longer required for any purpose
    "eero.md": "F",
    "finance.md": "-",  # a retention heading over security text and a link
    "genius.md": "P",  # while the account is open
    "github-2.md": "P",  # profile deleted within 90 days
    "humble-bundle.md": "P",  # advertising data at most 180 days
    "isodme.md": "P",  # applicants' data up to one year after a removal request
    "mysudo.md": "F",  # "for a limited period", with a link
    "reputation-com.md": "P",  # while the account is active; until the user opts out
    "the-movie-database-tmdb.md": "F",
    "the-verge.md": "P",  # numbers and addresses not kept after the message is sent
    "upwork.md": "-",  # terms of use: "retain" only of rights and ownership
    "viber.md": "P",  # contact information while the app is used
    "webmd.md": "P",  # while the account is active
}
LETTER = {"passed": "P", "failed": "F", "not_applicable": "-"}
# The only retention sentence is conditional and negated throughout ("if we no longer require
# ... and we are not required to retain ..., we will destroy"): no affirmative statement switches
# the rule on, so it is not applicable where the reading says "general wording only".
KNOWN_ERRORS = {("community-data-solutions.md", RULE)}


def test_hand_reading_table_is_well_formed():
    assert len(HAND_READ) == 15 and set(HAND_READ.values()) <= set("PF-")


@pytest.mark.corpus
def test_retention_criteria_sample_is_reproducible(shared):
    assert later_draw(shared / "corpora" / "tosback", RULE) == sorted(HAND_READ)


@pytest.mark.corpus
def test_retention_criteria_matches_hand_reading_but_known_errors(shared):
    status = sample_statuses(shared / "corpora" / "tosback", HAND_READ, ["gdpr"], AS_OF)
    disagree = {(name, RULE) for name, want in HAND_READ.items() if LETTER[status[name, RULE]] != want}
    assert_only_known_errors(disagree, KNOWN_ERRORS)
