"""`policylint diff`: newly failing and newly passing rules between two versions of a policy."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from policylint.cli import main
from tests.conftest import ROOT

GOOD = ROOT / "examples" / "privacy-policy.md"


def without_children(text: str) -> str:
    return re.sub(r"## Children\n\n.*?\n\n", "", text, flags=re.S)


def run(*args):
    return CliRunner().invoke(main, ["diff", *args])


@pytest.fixture
def versions(tmp_path):
    old = tmp_path / "old.md"
    new = tmp_path / "new.md"
    old.write_text(GOOD.read_text())
    new.write_text(without_children(GOOD.read_text()))
    return old, new


def test_removed_clause_is_a_regression(versions):
    old, new = versions
    r = run(str(old), str(new), "--as-of", "2026-06-01")
    assert r.exit_code == 1, r.output
    assert "regressed core-children-under-13 (error): passed -> failed" in r.output
    assert "was line 40:" in r.output


def test_restored_clause_is_fixed_and_exits_0(versions):
    old, new = versions
    r = run(str(new), str(old), "--as-of", "2026-06-01")
    assert r.exit_code == 0 and "fixed core-children-under-13" in r.output


def test_json_and_markdown(versions):
    old, new = versions
    data = json.loads(run(str(old), str(new), "-f", "json", "--as-of", "2026-06-01").output)
    assert data["summary"]["regressed"] == 1
    entry = data["documents"][0]["regressed"][0]
    assert entry["rule"] == "core-children-under-13" and entry["old_evidence"]["line"] == 40
    md = run(str(old), str(new), "-f", "markdown", "--as-of", "2026-06-01").output
    assert "newly fails" in md and "What the change removed" in md


def test_fail_on_threshold(versions):
    old, new = versions
    assert run(str(old), str(new), "--fail-on", "never").exit_code == 0


def test_usage_errors_exit_2(tmp_path):
    assert run(str(GOOD)).exit_code == 2
    r = run(str(GOOD), str(tmp_path / "missing.md"))
    assert r.exit_code == 2 and "missing.md" in r.output


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_revision_against_working_tree(tmp_path, monkeypatch):
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    (tmp_path / "privacy.md").write_text(GOOD.read_text())
    git("add", "privacy.md")
    git("commit", "-qm", "policy")
    (tmp_path / "privacy.md").write_text(without_children(GOOD.read_text()))
    (tmp_path / "notes.py").write_text("x = 1\n")
    monkeypatch.chdir(tmp_path)
    r = run("--git", "HEAD")  # no files: every policy changed since HEAD
    assert r.exit_code == 1, r.output
    assert r.output.startswith("privacy.md (HEAD -> working tree)")
    assert "regressed core-children-under-13" in r.output
    assert run("--git", "HEAD", "privacy.md").exit_code == 1
    r = run("--git", "no-such-rev", "privacy.md")
    assert r.exit_code == 2 and "unknown revision" in r.output
