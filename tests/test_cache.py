"""The compiled-ruleset cache: reused when fresh, ignored when stale or corrupt, never required."""

from __future__ import annotations

import pytest

from policylint import cache
from policylint.rulesets import RulesetError

RULESET = """id: mine
title: Mine
version: '1'
imports: [vocab.yaml]
rules:
  - id: mine-sell
    title: Says whether data is sold
    severity: error
    message: m
    check: {require: {terms: ['@selling']}}
"""
VOCAB = "id: vocab\ntitle: V\nversion: '1'\nvocabulary:\n  selling: [{word}]\n"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("POLICYLINT_CACHE_DIR", str(d))
    monkeypatch.delenv("POLICYLINT_NO_CACHE", raising=False)
    return d


@pytest.fixture
def ruleset(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "vocab.yaml").write_text(VOCAB.format(word="sell"), encoding="utf-8")
    (tmp_path / "mine.yaml").write_text(RULESET, encoding="utf-8")
    return tmp_path


def _no_compile(monkeypatch):
    def fail(*a, **k):
        raise AssertionError("compiled again instead of using the cache")

    monkeypatch.setattr(cache, "_compile", fail)


def test_second_load_comes_from_the_cache(cache_dir, ruleset, monkeypatch):
    first = cache.load_compiled(["mine.yaml", "core"])
    assert len(list(cache_dir.glob("rules-*.pickle"))) == 1
    _no_compile(monkeypatch)
    second = cache.load_compiled(["mine.yaml", "core"])
    assert [c.rule.id for c in second.rules] == [c.rule.id for c in first.rules]
    assert second.table.sources == first.table.sources


def test_an_edited_import_invalidates_the_entry(cache_dir, ruleset):
    cache.load_compiled(["mine.yaml"])
    (ruleset / "vocab.yaml").write_text(VOCAB.format(word="trade"), encoding="utf-8")
    rules = cache.load_compiled(["mine.yaml"])
    assert any("trad" in s for s in rules.table.sources) and not any("sell" in s for s in rules.table.sources)


def test_corrupt_entry_is_ignored_and_rewritten(cache_dir, ruleset):
    cache.load_compiled(["mine.yaml"])
    [entry] = cache_dir.glob("rules-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert cache.load_compiled(["mine.yaml"]).rules
    assert entry.read_bytes() != b"not a pickle"


def test_unwritable_cache_and_disabled_cache_still_work(tmp_path, ruleset, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("POLICYLINT_CACHE_DIR", str(blocker / "sub"))
    assert cache.load_compiled(["mine.yaml"]).rules
    monkeypatch.setenv("POLICYLINT_NO_CACHE", "1")
    assert cache.load_compiled(["mine.yaml"]).rules


def test_ruleset_errors_are_not_cached(cache_dir, ruleset):
    (ruleset / "bad.yaml").write_text("id: x\n", encoding="utf-8")
    with pytest.raises(RulesetError):
        cache.load_compiled(["bad.yaml"])
    assert not list(cache_dir.glob("rules-*.pickle"))
