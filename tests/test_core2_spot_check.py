"""Second held-out reading of the core rules: the ten OPP-115 practices on fifteen unlabelled
tosback policies that no earlier fix had seen (docs/accuracy.md).

Fifteen policies that use the word "privacy" were drawn at random (`later_draw(..., "core-2")`,
seed 20261123, disjoint from every earlier spot check) after the rules had been tuned on all the
samples before it, and read in full before the rules were run on them, with the OPP-115
definitions in ../shared/corpora/README.md and the judgement calls of the first core reading. The
first run agreed on 141 of 150 cells (precision 1.00, recall 0.914 with "stated" as the positive).
Eight errors were fixed by general changes, checked on the whole corpus; the one left is listed
apart.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.spot_checks import assert_only_known_errors, assert_table_well_formed, later_draw, sample_statuses

AS_OF = dt.date(2026, 11, 1)
RULES = (
    "core-contact-address", "core-children-under-13", "core-cookie-opt-out", "core-data-retention",
    "core-policy-change-notification", "core-user-rights", "core-third-party-sharing", "core-do-not-track",
    "core-security", "core-dated",
)
# file -> stated (1) or not (0) for each rule of RULES, in that order (contact, children, cookie
# opt-out, retention, change notification, access/edit/delete, sharing, DNT stance, security,
# dated), read by hand; a rule that passed means "stated", failed or not applicable "not stated".
HAND_READ = {
    "ankiweb.md": "0011111011",  # contact only through a link to the support site
    "bittorrent.md": "1011111001",  # "securely store" only for backups awaiting deletion: no security measure
    "byte.md": "1111111111",
    "cbs-interactive.md": "1111111011",  # cookie pages named for "your options for managing" them
    "designcrowd.md": "1011111011",  # retention only as "data retention obligations" that limit requests
    "dnd5e-info.md": "1011011000",  # address hidden by Cloudflare ("[email protected]"); "we do not share"
    "economist.md": "1111111011",  # children: "individuals under the age of 16"
    "livepeer.md": "1011111111",
    "mailgun.md": "1001111011",  # only "read our cookies notice": no cookie control
    "neocities.md": "0010101001",  # "we retain the right to collect" is no retention; "contact us" without an address
    "playlectric.md": "1000011001",  # obfuscated "info [at] ... [dot] com"
    "remove-bg.md": "1011011011",  # "Version: <date>" is the policy's date
    "ruqqus.md": "0001001010",  # encrypted session cookies; data used "and then promptly forget"
    "sketch-com.md": "1011111011",
    "wanikani.md": "1110101111",  # "contact us" linked to a mailto: address
}
# Errors left (file, rule), each for a reason the rules should not be bent to:
KNOWN_ERRORS = {
    # data from verification services is used "and then promptly forget": an idiom for deletion;
    # "promptly" or "immediately" as a retention period would also take every children's clause
    # ("we will promptly delete such information") for a retention statement
    ("ruqqus.md", "core-data-retention"),
}
PASSED = {"passed": "1", "failed": "0", "not_applicable": "0"}


def test_hand_reading_table_is_well_formed():
    assert_table_well_formed(HAND_READ, RULES, KNOWN_ERRORS)


@pytest.mark.corpus
def test_core2_sample_is_reproducible(shared):
    assert later_draw(shared / "corpora" / "tosback", "core-2") == sorted(HAND_READ)


@pytest.mark.corpus
def test_core2_rules_match_hand_reading_but_known_errors(shared):
    status = sample_statuses(shared / "corpora" / "tosback", HAND_READ, ["core"], AS_OF)
    disagree = {(name, rule) for name, row in HAND_READ.items() for rule, want in zip(RULES, row) if PASSED[status[name, rule]] != want}
    assert_only_known_errors(disagree, KNOWN_ERRORS)
