"""The five seed policies against the hand-read table in ../shared/corpora/README.md."""

from __future__ import annotations

import pytest

from policylint.api import check_paths, compile_builtin

# seed file prefix -> (cookie opt-out, contact address, children under 13, dated)
HAND_READ = {
    "000": (True, True, False, True),
    "001": (False, True, False, True),
    "002": (True, False, False, False),
    "003": (True, False, True, False),
    "004": (True, True, True, True),
}
RULES = ("core-cookie-opt-out", "core-contact-address", "core-children-under-13", "core-dated")


@pytest.mark.corpus
def test_seeds_match_hand_read_table(shared):
    compiled = compile_builtin(["core"])
    seeds = sorted((shared / "seeds").glob("*.txt"))
    assert len(seeds) == 5
    for report in check_paths([str(p) for p in seeds], compiled):
        prefix = report.path.rsplit("/", 1)[-1][:3]
        status = {r.rule.id: r.status.value for r in report.results}
        got = tuple(status[rid] == "passed" for rid in RULES)
        assert got == HAND_READ[prefix], (report.path, dict(zip(RULES, got)))
