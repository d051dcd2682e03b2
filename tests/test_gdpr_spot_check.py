"""GDPR spot check on unlabelled tosback policies against a hand reading (docs/accuracy.md).

Twenty policies that address the GDPR were drawn at random (the draw is below) and read by hand
for the six weakest GoPPC-150 rows; the table records whether each policy states the practice.
The rules were tuned on the errors this reading found, so the table now guards those fixes; the
one remaining miss (a cookie section whose heading has no markup) is an engine limit and is
listed apart.
"""

from __future__ import annotations

import random
import re

import pytest

from policylint.api import check_paths, compile_builtin

# practice -> rule, and the rule statuses that mean "the policy states it" (as in
# benchmarks/maps/goppc150.yaml: a DPO whose contact is missing is still a stated DPO).
RULES = {
    "dpo_contact": ("gdpr-dpo-contact", {"passed", "failed"}),
    "retention_period": ("gdpr-retention", {"passed"}),
    "right_erasure": ("gdpr-right-erasure", {"passed"}),
    "right_portability": ("gdpr-right-portability", {"passed"}),
    "right_object": ("gdpr-right-object", {"passed"}),
    "cookies": ("eprivacy-cookie-section", {"passed"}),
}
ORDER = tuple(RULES)

# file -> stated (dpo, retention, erasure, portability, object, cookie section), read by hand.
HAND_READ = {
    "academia.md": (0, 1, 1, 1, 1, 0),
    "algolia.md": (0, 1, 1, 1, 1, 0),
    "constantcontact.md": (0, 1, 1, 1, 1, 1),
    "dailymail.md": (1, 1, 1, 1, 1, 1),
    "damyanon-net.md": (0, 0, 0, 0, 0, 1),
    "deviantart-2.md": (1, 1, 1, 1, 1, 1),
    "disqus.md": (0, 1, 1, 1, 1, 0),
    "honey.md": (0, 0, 0, 0, 0, 1),
    "ifttt.md": (0, 1, 1, 1, 1, 1),
    "kev-quirk-s-blog.md": (0, 1, 0, 0, 1, 1),
    "mix.md": (0, 1, 1, 1, 1, 1),
    "newegg-com.md": (1, 1, 1, 1, 1, 1),
    "nikitin-photo.md": (0, 1, 0, 0, 0, 0),
    "sophos.md": (0, 1, 1, 1, 1, 0),
    "tagged.md": (1, 1, 1, 1, 1, 0),
    "thumbzilla.md": (1, 1, 1, 1, 1, 1),
    "truestamp.md": (0, 1, 1, 1, 1, 1),
    "wolfram-alpha.md": (0, 0, 0, 0, 1, 1),
    "xvideos.md": (1, 1, 1, 1, 1, 1),
    "zendesk.md": (0, 1, 1, 1, 1, 0),
}
# Known misses the rules cannot fix (none left: honey's sentence-case cookie heading is now a
# heading for the loader).
KNOWN_MISSES: set[tuple[str, str]] = set()

GDPR_WORDS = re.compile(r"GDPR|General Data Protection Regulation|data subject|European Economic Area", re.I)


def draw(tosback, n=20, seed=2026):
    """The sample: policies that mention the GDPR, drawn with random.Random(seed) from the sorted list."""
    files = sorted(p.name for p in tosback.iterdir() if p.is_file())
    eligible = [f for f in files if GDPR_WORDS.search((tosback / f).read_text(encoding="utf-8", errors="replace"))]
    return sorted(random.Random(seed).sample(eligible, n))


@pytest.mark.corpus
def test_spot_check_sample_is_reproducible(shared):
    assert draw(shared / "corpora" / "tosback") == sorted(HAND_READ)


@pytest.mark.corpus
def test_spot_check_matches_hand_reading(shared):
    tosback = shared / "corpora" / "tosback"
    compiled = compile_builtin(["gdpr", "eprivacy"])
    wrong = []
    for report in check_paths([str(tosback / f) for f in sorted(HAND_READ)], compiled):
        name = report.path.rsplit("/", 1)[-1]
        status = {r.rule.id: r.status.value for r in report.results}
        for practice, expected in zip(ORDER, HAND_READ[name]):
            rule, positive = RULES[practice]
            got = status[rule] in positive
            if (name, practice) in KNOWN_MISSES:
                assert not got, f"{name} {practice}: fixed? remove it from KNOWN_MISSES"
            elif got != bool(expected):
                wrong.append((name, practice, status[rule]))
    assert not wrong, wrong
