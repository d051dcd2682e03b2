"""Second held-out reading of the GDPR rules: the thirteen GDPR rules of the GoPPC-150 table on
twelve unlabelled tosback policies that no earlier fix had seen (docs/accuracy.md).

Twelve policies that mention the GDPR were drawn at random (`later_draw(..., "gdpr-2")`, seed
20261124, disjoint from every earlier spot check) after the rules had been tuned on all the samples
before it, and read in full before the rules were run on them, with the practice definitions of the
GoPPC review, the first GDPR spot check and the second GDPR spot check (docs/accuracy.md). The
reading below is the frozen one, committed before the rules ran on the sample. The first run
agreed on 151 of 156 cells (precision 0.976, recall 0.984 with "stated" as the positive); on a
second look no cell was misread. Four errors were fixed by general changes, checked on the whole
corpus; the one left is listed apart.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.spot_checks import assert_only_known_errors, assert_table_well_formed, later_draw, sample_statuses

AS_OF = dt.date(2026, 11, 1)
RULES = (
    "gdpr-controller-contact", "gdpr-dpo-contact", "gdpr-right-access", "gdpr-right-rectification", "gdpr-right-erasure",
    "gdpr-right-portability", "gdpr-right-object", "gdpr-withdraw-consent", "gdpr-complaint-supervisory-authority",
    "gdpr-legal-basis", "gdpr-retention", "gdpr-international-transfer", "gdpr-children",
)
# file -> stated (1) or not (0) for each rule of RULES, in that order (contact, DPO, access,
# rectification, erasure, portability, objection, withdrawal of consent, complaint to an authority,
# legal basis, retention, transfer outside Europe, children), read by hand. A right told only to
# California (or another US state's) residents is not stated; a marketing opt-out counts as an
# objection and a withdrawal (the GoPPC labels' convention); retention counts any statement of how
# long data is kept, "as long as necessary for the purposes" included (the first GDPR spot check's
# convention; gdpr-retention-criteria is the strict rule).
HAND_READ = {
    # access only for "some California residents"; "if you ask for your personal information to be
    # deleted" stands on its own after that list (arguable); "your vital interests" is a listed
    # purpose and "without your permission, unless ... legal ... obligation" a condition: no basis
    "advair.md": "1001101100111",
    # portability only in the California notice; the only retention is "may be required to retain
    # ... medical record retention laws" (arguable); withdrawal only as the marketing unsubscribe
    "betterhelp.md": "1111101101111",
    "eff.md": "1011101111110",
    "faceapp.md": "1011111111111",  # EU representative only, no DPO
    "fitbit.md": "1111111111111",
    # no contact at all; access and portability: "request and download an archive of your content"
    # (access arguable); erasure: "irreversibly delete your account"; servers of other instances are
    # no transfer abroad
    "pixelfed.md": "0010110000101",
    # basis: "legally required to keep receipts ... for 10 years" for tax (the section "Legal basis"
    # names only laws); transfer: all data "exclusively stored on our servers in Germany" (a
    # negative statement, arguable)
    "posteo.md": "1111111111110",
    "private-internet-access.md": "1111111111111",
    "reddit.md": "1011111111111",  # an EU representative, no DPO
    "tv-tropes.md": "1000001100000",  # objection and withdrawal: opting out of further mailings
    "ziff-davis.md": "1111111111111",
    "zoom-video-communications.md": "1111111111111",
}
# Errors left (file, rule), each for a reason the rules should not be bent to:
KNOWN_ERRORS = {
    # "To protect GSK's or your vital interests, or those of another person" is an item of a list of
    # purposes, and sharing "when we have a legal obligation to do so" a condition of a disclosure:
    # read by hand as no legal basis stated (arguable). "Vital interests" is the GDPR's own name for
    # a basis and is stated the same way where it is one ("processing is necessary to protect the
    # vital interests of any individual"), and "where we have a legal obligation to do so" is how
    # many notices give that basis: telling them apart needs the reading of a purposes list
    ("advair.md", "gdpr-legal-basis"),
}
# The rule statuses that mean "stated" (benchmarks/maps/goppc150.yaml): a DPO whose contact is
# missing is still a stated DPO; for every other rule, a failure or not applicable is "not stated".
POSITIVE = {"gdpr-dpo-contact": {"passed", "failed"}}


def stated(rule: str, status: str) -> str:
    return "1" if status in POSITIVE.get(rule, {"passed"}) else "0"


def test_hand_reading_table_is_well_formed():
    assert_table_well_formed(HAND_READ, RULES, KNOWN_ERRORS)


@pytest.mark.corpus
def test_gdpr2_sample_is_reproducible(shared):
    assert later_draw(shared / "corpora" / "tosback", "gdpr-2") == sorted(HAND_READ)


@pytest.mark.corpus
def test_gdpr2_rules_match_hand_reading_but_known_errors(shared):
    status = sample_statuses(shared / "corpora" / "tosback", HAND_READ, ["gdpr"], AS_OF)
    disagree = {(name, rule) for name, row in HAND_READ.items() for rule, want in zip(RULES, row) if stated(rule, status[name, rule]) != want}
    assert_only_known_errors(disagree, KNOWN_ERRORS)
