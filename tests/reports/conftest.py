"""Fixtures for report tests: a context built from the bundled fixture policies and ruleset."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from tests.conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"
AS_OF = dt.date(2026, 1, 1)


def fixture_context(paths: list[str] | None = None) -> dict:
    """The report context for the fixture policies, with paths relative to the repository root."""
    from policylint.api import check_paths
    from policylint.reports import build_context
    from policylint.rulesets import load_rulesets

    rulesets = load_rulesets([str(FIXTURES / "ruleset.yaml")])
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        rel = paths or ["tests/reports/fixtures/bad-policy.md", "tests/reports/fixtures/policy.md", "tests/reports/fixtures/tricky.txt",
               "tests/reports/fixtures/nosection.txt"]
        reports = check_paths(rel, [str(FIXTURES / "ruleset.yaml")], as_of=AS_OF)
    finally:
        os.chdir(cwd)
    context = build_context(reports, rulesets, fail_on="error", as_of=AS_OF)
    context["policylint"]["version"] = "0.0.0"  # goldens must not move with each release
    # Corpus per-rule counts have their own tests; goldens stay about the per-document report.
    context["summary"].pop("by_rule", None)
    return context


@pytest.fixture
def context() -> dict:
    return fixture_context()
