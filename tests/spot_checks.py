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
