"""What the hand-read spot checks (tests/test_*_spot_check.py) share: running rulesets over the
sample, and comparing the verdicts with the reading while naming the known errors exactly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from policylint.api import check_paths, compile_builtin


def sample_statuses(tosback: Path, files: Iterable[str], rulesets: list[str], as_of: dt.date | None = None) -> dict[tuple[str, str], str]:
    """(file name, rule id) -> status value, for every rule of ``rulesets`` on the sample."""
    compiled = compile_builtin(rulesets)
    out: dict[tuple[str, str], str] = {}
    for report in check_paths([str(tosback / f) for f in sorted(files)], compiled, as_of=as_of):
        name = report.path.rsplit("/", 1)[-1]
        out.update({(name, r.rule.id): r.status.value for r in report.results})
    return out


def assert_only_known_errors(disagree: set, known: set) -> None:
    """Every disagreement with the hand reading is a known error, and every known error remains."""
    assert disagree - known == set(), "new disagreements with the hand reading"
    assert known - disagree == set(), "fixed: remove these from the known errors"


def assert_table_well_formed(hand_read: dict[str, str], rules: tuple[str, ...], known: set, letters: str = "01") -> None:
    """Every row of a hand reading has one letter of ``letters`` per rule, and every known error
    names a file and a rule of the reading."""
    assert all(len(row) == len(rules) and set(row) <= set(letters) for row in hand_read.values())
    assert {f for f, _ in known} <= set(hand_read) and {r for _, r in known} <= set(rules)


# The later spot checks, drawn in this order, each from the tosback files that mention its
# regime, less every file an earlier spot check drew (none is read twice): ruleset ->
# (pattern a file must match, sample size, seed).
LATER_DRAWS: dict[str, tuple[str, int, int]] = {
    "eprivacy": (r"\bcookies?\b", 20, 5032002),
    "uk-gdpr": (r"UK GDPR|United Kingdom|Information Commissioner", 15, 2018),
    "pipeda": (r"PIPEDA|Canada|Canadian", 15, 2000),
    "lgpd": (r"LGPD|Lei Geral|Brazil", 12, 13709),
    "hk-pdpo": (r"Hong Kong|PDPO|Personal Data \(Privacy\) Ordinance", 6, 486),  # 7 eligible are left
    # not a ruleset: the rule gdpr-retention-criteria, on policies that speak of retention
    "gdpr-retention-criteria": (r"\b(?:[Rr]etain|[Rr]etention|how long we keep)", 15, 1322),
    # not a ruleset: the GDPR rules that the first GDPR spot check did not read, on policies that
    # address the GDPR
    "gdpr-other": (r"GDPR|General Data Protection Regulation", 12, 2016679),
    # second held-out readings, after the rules had been tuned on every sample above: the core
    # rules (OPP-115 practices) and the GDPR rules of the GoPPC-150 table on policies none of
    # those fixes had seen
    "core-2": (r"[Pp]rivacy", 15, 20261123),
    "gdpr-2": (r"GDPR|General Data Protection Regulation", 12, 20261124),
}


def earlier_samples(tosback: Path) -> set[str]:
    """Every file drawn by the first four spot checks (GDPR, core, CCPA, COPPA)."""
    from tests import test_ccpa_spot_check, test_coppa_spot_check, test_core_spot_check, test_gdpr_spot_check

    return (
        set(test_gdpr_spot_check.draw(tosback)) | set(test_core_spot_check.draw(tosback))
        | set(test_ccpa_spot_check.draw(tosback)) | set(test_coppa_spot_check.draw(tosback))
        | set(test_coppa_spot_check.draw_child_directed(tosback))
    )


def later_draw(tosback: Path, ruleset: str) -> list[str]:
    """The sample of a later spot check (``LATER_DRAWS``): random.Random(seed) over the sorted
    eligible files, less the first four spot checks' files and those of the later ones before it."""
    import random
    import re

    taken = earlier_samples(tosback)
    files = sorted(p.name for p in tosback.iterdir() if p.is_file())
    for name, (pattern, n, seed) in LATER_DRAWS.items():
        rx = re.compile(pattern, re.I if name == "eprivacy" else 0)
        eligible = [f for f in files if f not in taken and rx.search((tosback / f).read_text(encoding="utf-8", errors="replace"))]
        sample = sorted(random.Random(seed).sample(eligible, n))
        if name == ruleset:
            return sample
        taken |= set(sample)
    raise KeyError(ruleset)
