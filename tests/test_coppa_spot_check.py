"""COPPA spot check on unlabelled tosback policies against a hand reading (docs/accuracy.md).

Fifteen policies that address children were drawn at random (the draw is below); none of them
is directed to children, so three more were drawn from the policies that say a service of theirs
is directed to children or collects from them with parental consent. Each was run with the coppa
ruleset and read by hand for all ten rules; the table records the verdict the policy deserves.
The rules were then tuned on the general errors this reading found, so the table now guards those
fixes; the errors left are listed apart with the reason they remain.
"""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from tests.spot_checks import assert_only_known_errors, sample_statuses
from tests.test_core_spot_check import draw as core_draw
from tests.test_gdpr_spot_check import draw as gdpr_draw

RULES = (
    "coppa-info-collected",
    "coppa-info-use",
    "coppa-disclosure-practices",
    "coppa-parental-rights",
    "coppa-retention-policy",
    "coppa-persistent-identifier-ops",
    "coppa-audio-files",
    "coppa-operator-contact",
    "coppa-notice-link-and-language",
    "coppa-material-change",
)
P, F, N = "passed", "failed", "not_applicable"
GENERAL = (P,) + (N,) * 9  # a general-audience statement: info-collected passes, the rest do not apply

# file -> the verdict each rule should give (order of RULES), read by hand.
HAND_READ = {
    "abine-blur.md": GENERAL,
    "allstate.md": GENERAL,
    "boston.md": GENERAL,
    "bygabyardigo.md": GENERAL,
    # a K-12 single sign-on service that holds students' data and says it complies with COPPA
    "classlink.md": (F, P, P, F, P, N, N, F, P, P),
    "dribbble.md": GENERAL,
    "fosstodon.md": GENERAL,
    "homeplete.md": GENERAL,
    "linux-user.md": GENERAL,  # in Greek
    "osu.md": GENERAL,
    "patook.md": GENERAL,
    "steam.md": GENERAL,
    "the-omni-group.md": GENERAL,
    "wechat.md": GENERAL,
    "zoosk.md": GENERAL,
    # the supplementary draw: services directed to children (through schools) or open to them with consent
    "flipgrid.md": (P, P, P, P, F, N, N, F, P, F),
    "myanimelist.md": (F, P, P, P, P, N, N, F, P, F),
    "pear-deck.md": (F, F, P, P, F, N, N, P, P, F),
}
# Errors left after the fixes, each for a reason the rules should not be bent to (docs/accuracy.md):
KNOWN_ERRORS = {
    # the general-audience statement is in Greek
    ("linux-user.md", "coppa-info-collected"),
    # a K-12 service whose policy is the Student Privacy Pledge: collection from students in a K-12
    # setting now switches the rules on, but the pledge never says what is collected ("provides
    # contact information" on its site reads as collection), names only review and correction
    # by parents, and its material-change pledge speaks of "school service provider" policies
    ("classlink.md", "coppa-info-collected"),
    ("classlink.md", "coppa-parental-rights"),
    ("classlink.md", "coppa-material-change"),
}

CHILD_WORDS = re.compile(r"COPPA|children|under 13|under the age of 13|parental consent", re.I)
# The policies of the first eligible list that say a service of theirs is directed to children or
# collects from them with verifiable parental consent (found with a search for "directed to
# children", "child-directed", "verifiable parental consent" ... outside negated sentences, then read).
CHILD_DIRECTED = (
    "apple.md",
    "ebsco.md",
    "epic-games.md",
    "flipgrid.md",
    "khan-academy.md",
    "myanimelist.md",
    "pear-deck.md",
    "wizards-of-the-coast.md",
    "youtube-kids.md",
)


def eligible(tosback):
    """Tosback files that mention children, less the 40 of the GDPR and core spot checks."""
    files = sorted(p.name for p in tosback.iterdir() if p.is_file())
    taken = set(gdpr_draw(tosback)) | set(core_draw(tosback))
    return [f for f in files if f not in taken and CHILD_WORDS.search((tosback / f).read_text(encoding="utf-8", errors="replace"))]


def draw(tosback, n=15, seed=1312):
    """The sample: random.Random(1312) over the sorted eligible list."""
    return sorted(random.Random(seed).sample(eligible(tosback), n))


def draw_child_directed(tosback, n=3, seed=1313):
    """The supplement: random.Random(1313) over the child-directed eligible files not drawn already."""
    pool = sorted(set(CHILD_DIRECTED) & set(eligible(tosback)) - set(draw(tosback)))
    return sorted(random.Random(seed).sample(pool, n))


def verdicts(tosback):
    """(file, rule) -> status, for the sample (as of 2026-11-01, after the compliance date)."""
    return sample_statuses(tosback, HAND_READ, ["coppa"], dt.date(2026, 11, 1))


@pytest.mark.corpus
def test_coppa_sample_is_reproducible(shared):
    tosback = shared / "corpora" / "tosback"
    assert sorted(draw(tosback) + draw_child_directed(tosback)) == sorted(HAND_READ)


@pytest.mark.corpus
def test_coppa_rules_match_hand_reading_but_known_errors(shared):
    got = verdicts(shared / "corpora" / "tosback")
    disagree = {key for key, status in got.items() if status != HAND_READ[key[0]][RULES.index(key[1])]}
    assert_only_known_errors(disagree, KNOWN_ERRORS)
