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


def test_an_unchanged_old_file_is_not_read_again(cache_dir, ruleset, monkeypatch):
    monkeypatch.setattr(cache, "RACY_NS", 0)  # as if the files were written long before the entry
    cache.load_compiled(["mine.yaml"])
    _no_compile(monkeypatch)
    monkeypatch.setattr(cache, "_digest", lambda path: pytest.fail(f"hashed {path} although its stat is unchanged"))
    assert cache.load_compiled(["mine.yaml"]).rules


def test_a_same_size_edit_with_the_old_mtime_is_still_seen(cache_dir, ruleset, monkeypatch):
    import os

    monkeypatch.setattr(cache, "RACY_NS", 0)
    cache.load_compiled(["mine.yaml"])
    vocab = ruleset / "vocab.yaml"
    st = vocab.stat()
    vocab.write_text(VOCAB.format(word="lend"), encoding="utf-8")  # "sell" -> "lend": same size
    os.utime(vocab, ns=(st.st_atime_ns, st.st_mtime_ns))  # as cp -p or tar would leave it
    rules = cache.load_compiled(["mine.yaml"])
    assert any("lend" in s for s in rules.table.sources) and not any("sell" in s for s in rules.table.sources)


def test_a_file_changed_just_before_it_was_hashed_is_always_hashed(cache_dir, ruleset, monkeypatch):
    cache.load_compiled(["mine.yaml"])  # the files were written a moment ago: within RACY_NS
    hashed: list[str] = []
    digest = cache._digest
    monkeypatch.setattr(cache, "_digest", lambda path: hashed.append(str(path)) or digest(path))
    cache.load_compiled(["mine.yaml"])
    assert any(h.endswith("vocab.yaml") for h in hashed)
