"""Shared fixtures: the repository root and the team's ../shared data (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "corpora").is_dir():
        pytest.skip("../shared is not present (a user's clone has no team data)")
    return SHARED


@pytest.fixture
def check_text():
    """Check a text with built-in or given rulesets and return {rule_id: Result}."""
    from policylint.api import check_text as _check

    def run(text: str, rulesets=("core",), path: str = "policy.md", **kw):
        report = _check(text, rulesets=list(rulesets), path=path, **kw)
        return {r.rule.id: r for r in report.results}

    return run
