"""Every format renders real policies (the team's seed policies) against several built-in rulesets
without an error, and the machine formats parse. Skips without ../shared."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

import pytest

from policylint.reports import FORMATS, build_context, render

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def seed_context():
    from tests.conftest import SHARED

    seeds = sorted((SHARED / "seeds").glob("*.txt"))[:3]
    if not seeds:
        pytest.skip("../shared/seeds is not present (a user's clone has no team data)")
    from policylint.api import check_paths, compile_builtin
    from policylint.rulesets import load_rulesets

    names = ["core", "gdpr", "ccpa"]  # several regimes, kept small: the suite must stay fast
    reports = check_paths([str(p) for p in seeds], compile_builtin(names), as_of=dt.date(2026, 11, 22))
    return build_context(reports, load_rulesets(names), as_of=dt.date(2026, 11, 22))


@pytest.mark.parametrize("fmt", sorted(set(FORMATS) - {"jsonl"}))
def test_renders_seed_policies(fmt, seed_context):
    out = render(fmt, seed_context, verbose=True)
    assert out.strip()
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(out)
    elif fmt == "junit":
        ET.fromstring(out.encode("utf-8"))
    elif fmt == "csv":
        assert len(list(csv.reader(io.StringIO(out)))) > 1
    elif fmt == "html":
        assert out.count("<script") == 1
