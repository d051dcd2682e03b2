"""CCPA and CalOPPA spot check on unlabelled tosback policies against a hand reading (docs/accuracy.md).

Fifteen policies that address California were drawn at random (the draw is below), run with the
ccpa and caloppa rulesets as of 2026-11-01, and read by hand rule by rule against the statute
and regulation summaries in ../shared/research/regulatory-requirements.md (§ 3 and § 4). The
table records the verdict each rule should give (P passed, F failed, - not applicable). The rules
were then tuned on the general errors this reading found, so the table now guards those fixes;
the errors left are listed apart with the reason they remain. `ccpa-form` (a readability metric)
was not judged by hand and is left out.
"""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from tests.spot_checks import assert_only_known_errors, assert_table_well_formed, sample_statuses
from tests.test_core_spot_check import draw as core_draw
from tests.test_gdpr_spot_check import draw as gdpr_draw

AS_OF = dt.date(2026, 11, 1)
RULES = (
    "ccpa-pi-categories-collected", "ccpa-sensitive-pi-categories", "ccpa-sources", "ccpa-business-purposes",
    "ccpa-third-party-categories", "ccpa-sold-shared-or-none", "ccpa-sold-shared-recipients",
    "ccpa-disclosed-business-purpose-or-none", "ccpa-under16-knowledge-statement", "ccpa-under16-optin-process",
    "ccpa-spi-limited-use-statement", "ccpa-retention-per-category",
    "ccpa-right-to-know", "ccpa-right-to-delete", "ccpa-right-to-correct", "ccpa-right-to-opt-out",
    "ccpa-dns-link-or-oops-statement", "ccpa-right-to-limit-spi", "ccpa-non-discrimination",
    "ccpa-request-methods-2plus", "ccpa-toll-free-number", "ccpa-website-request-method", "ccpa-verification-process",
    "ccpa-oops-processing", "ccpa-oops-frictionless", "ccpa-authorized-agent", "ccpa-contact",
    "ccpa-last-updated", "ccpa-annual-update", "ccpa-metrics-10m", "ccpa-financial-incentive", "ccpa-admt-rights",
    "caloppa-pii-categories", "caloppa-third-party-categories", "caloppa-review-change-process",
    "caloppa-change-notification", "caloppa-effective-date", "caloppa-dnt-response", "caloppa-third-party-tracking",
)
LETTER = {"passed": "P", "failed": "F", "not_applicable": "-"}

# file -> the verdict each rule of RULES should give, in that order, read by hand.
HAND_READ = {
    "acdelco.md": "PFPPPFPPP-FFPPPPF-PPPPPF-PPPF---PPPPPPF",
    "badoo.md": "PFPPPP-PF-FFPPPP--PPFPF--FPPF---PPPFPFP",
    "barstool-sports.md": "F-FPPF-FF-FFPPPP--FPFFP--FPPF---PPPPPPF",
    "citysearch.md": "P-PPPPPPP-FFPPFPF-PPPPPF-PPPF---PPPPPPP",
    "countryliving.md": "F-PPPF-FF-FFFPFF--FFFFF--FPPF---PPPPPPP",
    "fidelity.md": "F-PPPF-FF-FFFFFF--FFPFF--FPPF---PPPPPFF",
    "kahoot.md": "PPPPPF-FF-FPPPPF--PPFPP--FPPF---PPPPPFF",
    "lastpass-2.md": "F-FFFF-FF-FFFFFF--FFFFF--FFFF---FFFFFFF",
    "nordpass-experts-group.md": "F-FPPF-FF-FFPPPP--FFFFF--FPFF---PPPFFFP",
    "picturethis.md": "F-FPPF-FF-FPPPPF--FPFPP--FPPF---PPPPPPP",
    "snapchat.md": "F-PPPF-FF-FPPPPF--FFFPP--FPPF---PPPPPFF",
    "stack-overflow.md": "FPPPPF-FF-FFPPPF--FFFFP--FPPF---PPPPPFP",
    "steam.md": "P-PPPF-PF-FFPPPP--PPFPP--PPPF---PPPFPFF",
    "whatismyip-com.md": "F-FPPF-FF-FFPPPP--PPFPF--FPPF---PPPPPPP",
    "wikimedia.md": "F-PPPF-FF-FFPPFF--FFFFF--FPPF---PPPPPPP",
}
# Errors left after the fixes (file, rule), each for a reason the rules should not be bent to
# (docs/accuracy.md, "Spot check of the CCPA and CalOPPA rules"):
KNOWN_ERRORS = {
    # the sensitive categories sit in table rows whose collection verb is in the header row
    ("acdelco.md", "ccpa-sensitive-pi-categories"),
    # the statement that personal information was disclosed or sold is vetoed as right-to-know
    # wording, so the sale trigger misses, and three rules with it
    ("acdelco.md", "ccpa-sold-shared-recipients"),
    ("acdelco.md", "ccpa-dns-link-or-oops-statement"),
    ("acdelco.md", "ccpa-oops-processing"),
    # a typo of one policy in the Do Not Track statement
    ("acdelco.md", "caloppa-dnt-response"),
    # a recipients table with CCPA category letters and no "business purpose" wording
    ("badoo.md", "ccpa-disclosed-business-purpose-or-none"),
    # automated moderation is not a "significant decision"; the text does not say which decisions are
    ("badoo.md", "ccpa-admt-rights"),
    # channels in a contact block reached only by a pointer to it
    ("barstool-sports.md", "ccpa-request-methods-2plus"),
    ("whatismyip-com.md", "ccpa-request-methods-2plus"),
    # third-party ad companies using information about visits here and elsewhere; a DoubleClick
    # paragraph whose tracking sentence names the vendor only by a pronoun
    ("countryliving.md", "caloppa-third-party-tracking"),
    ("nordpass-experts-group.md", "caloppa-third-party-tracking"),
    # purposes given only in a GDPR table of purposes and legal bases
    ("picturethis.md", "ccpa-business-purposes"),
    # rights named as GDPR "data control options": data access, data correction, data deletion
    ("stack-overflow.md", "ccpa-right-to-know"),
    ("stack-overflow.md", "ccpa-right-to-delete"),
    ("stack-overflow.md", "ccpa-right-to-correct"),
    # a blog sidebar's post date, alone on a line near the end once the page's scripts are left
    # out of the text, reads as the policy's dateline
    ("nordpass-experts-group.md", "ccpa-last-updated"),
    ("nordpass-experts-group.md", "caloppa-effective-date"),
    # the "sources" item of a right-to-know list
    ("whatismyip-com.md", "ccpa-sources"),
}

CALIFORNIA_WORDS = re.compile(r"California|CCPA|CPRA", re.I)


def draw(tosback, n=15, seed=1798):
    """The sample: policies that mention California, the CCPA or the CPRA, less the 40 files of the
    GDPR and core spot checks, drawn with random.Random(seed) from the sorted list."""
    files = sorted(p.name for p in tosback.iterdir() if p.is_file())
    taken = set(gdpr_draw(tosback)) | set(core_draw(tosback))
    eligible = [
        f for f in files
        if f not in taken and CALIFORNIA_WORDS.search((tosback / f).read_text(encoding="utf-8", errors="replace"))
    ]
    return sorted(random.Random(seed).sample(eligible, n))


def verdicts(tosback):
    """(file, rule) -> the verdict letter, for the sample."""
    status = sample_statuses(tosback, HAND_READ, ["ccpa", "caloppa"], AS_OF)
    return {(name, rule): LETTER[status[name, rule]] for name in HAND_READ for rule in RULES}


def test_hand_reading_table_is_well_formed():
    assert_table_well_formed(HAND_READ, RULES, KNOWN_ERRORS, "PF-")


@pytest.mark.corpus
def test_ccpa_sample_is_reproducible(shared):
    assert draw(shared / "corpora" / "tosback") == sorted(HAND_READ)


@pytest.mark.corpus
def test_ccpa_caloppa_rules_match_hand_reading_but_known_errors(shared):
    got = verdicts(shared / "corpora" / "tosback")
    disagree = {key for key, letter in got.items() if letter != HAND_READ[key[0]][RULES.index(key[1])]}
    assert_only_known_errors(disagree, KNOWN_ERRORS)
