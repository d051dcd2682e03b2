"""Core-rules spot check on unlabelled tosback policies against a hand reading (docs/accuracy.md).

Twenty policies were drawn at random (the draw is below) and read by hand for the ten OPP-115
practices that the core ruleset reports; the table records whether each policy states the
practice, judged with the OPP-115 definitions in ../shared/corpora/README.md. The rules were
then tuned on the general errors this reading found, so the table now guards those fixes; the
errors left are listed apart with the reason they remain.
"""

from __future__ import annotations

import random

import pytest

from tests.spot_checks import assert_only_known_errors, sample_statuses
from tests.test_gdpr_spot_check import draw as gdpr_draw

# practice -> rule (as in benchmarks/maps/opp115.yaml); "passed" means the policy states it.
RULES = {
    "contact_info": "core-contact-address",
    "children": "core-children-under-13",
    "cookie_optout": "core-cookie-opt-out",
    "retention_any": "core-data-retention",
    "policy_change_notification": "core-policy-change-notification",
    "access_edit_delete_any": "core-user-rights",
    "third_party_sharing": "core-third-party-sharing",
    "dnt_stance": "core-do-not-track",
    "security": "core-security",
    "dated": "core-dated",
}
ORDER = tuple(RULES)

# file -> stated (contact, children, cookie opt-out, retention, change notification,
# access/edit/delete, third-party sharing, DNT stance, security, dated), read by hand.
HAND_READ = {
    "bankofamerica.md": (1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
    "boost-note.md": (1, 0, 1, 0, 0, 1, 1, 0, 1, 1),
    "cvs.md": (1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
    "dailymotion.md": (1, 1, 1, 1, 1, 1, 1, 0, 1, 1),
    "elledecor.md": (1, 1, 1, 0, 1, 1, 1, 0, 1, 1),
    "em-client.md": (1, 1, 1, 1, 1, 1, 1, 0, 1, 1),
    "evernote.md": (1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
    "fedex.md": (0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    "fisher-price.md": (1, 1, 1, 0, 1, 1, 1, 1, 1, 1),
    "foursquare.md": (1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
    "gab.md": (0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    "hautelook.md": (1, 1, 1, 0, 1, 1, 1, 1, 1, 1),
    "instagram.md": (1, 0, 0, 1, 1, 1, 1, 0, 0, 1),
    "mapbox.md": (1, 0, 1, 1, 0, 1, 1, 0, 1, 1),
    "marco-polo.md": (1, 1, 1, 1, 1, 1, 1, 0, 1, 1),
    "miicharacters.md": (0, 0, 1, 0, 1, 0, 1, 0, 1, 0),
    "openbadgespassport.md": (1, 0, 0, 1, 1, 1, 1, 0, 1, 1),
    "packagetrackr.md": (1, 0, 1, 0, 0, 0, 1, 0, 0, 1),
    "wemod.md": (1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
    "whereby.md": (1, 0, 1, 1, 1, 1, 1, 0, 1, 1),
}
# Errors left after the fixes, each for a reason the rules should not be bent to (docs/accuracy.md):
KNOWN_ERRORS = {
    # a purpose list item "notifications of amendment to the Terms" reads as a change notice
    ("boost-note.md", "policy_change_notification"),
    # rights stated as the company's duty on request by "the Principal" (Japanese APPI style)
    ("boost-note.md", "access_edit_delete_any"),
    # "retain certain information for recordkeeping purposes" after a deletion request: a purpose, no period
    ("em-client.md", "retention_any"),
}


def draw(tosback, n=20, seed=115):
    """The sample: non-empty tosback files, minus the GDPR spot check's 20, drawn with random.Random(115)."""
    files = sorted(p.name for p in tosback.iterdir() if p.is_file())
    taken = set(gdpr_draw(tosback))
    pool = [f for f in files if f not in taken and (tosback / f).read_text(encoding="utf-8", errors="replace").strip()]
    return sorted(random.Random(seed).sample(pool, n))


def verdicts(tosback):
    """(file, practice) -> whether the core rule passed, for the sample."""
    status = sample_statuses(tosback, HAND_READ, ["core"])
    return {(name, p): status[name, rule] == "passed" for name in HAND_READ for p, rule in RULES.items()}


@pytest.mark.corpus
def test_core_sample_is_reproducible(shared):
    assert draw(shared / "corpora" / "tosback") == sorted(HAND_READ)


@pytest.mark.corpus
def test_core_rules_match_hand_reading_but_known_errors(shared):
    got = verdicts(shared / "corpora" / "tosback")
    disagree = {key for key, passed in got.items() if passed != bool(HAND_READ[key[0]][ORDER.index(key[1])])}
    assert_only_known_errors(disagree, KNOWN_ERRORS)
