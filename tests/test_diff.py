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


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def new_repo(path):
    """An empty git repository at ``path`` with a committer; returns a function running git there."""
    def git(*args):
        subprocess.run(["git", *args], cwd=path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    return git


@needs_git
def test_git_revision_against_working_tree(tmp_path, monkeypatch):
    git = new_repo(tmp_path)
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


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repository with privacy.md (the example policy), README.md and site/index.html committed."""
    git = new_repo(tmp_path)
    (tmp_path / "privacy.md").write_text(GOOD.read_text())
    (tmp_path / "README.md").write_text("# Project\n")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<html><body><p>Welcome.</p></body></html>\n")
    git("add", ".")
    git("commit", "-qm", "policy")
    monkeypatch.chdir(tmp_path)
    return git


@needs_git
@pytest.mark.parametrize("how", ["committed", "staged", "worktree"])
def test_deleted_policy_is_every_passing_rule_regressed(repo, tmp_path, how):
    rev = "HEAD"
    if how == "worktree":
        (tmp_path / "privacy.md").unlink()
    else:
        repo("rm", "-q", "privacy.md")
    if how == "committed":
        repo("commit", "-qm", "remove the policy")
        rev = "HEAD~1"
    r = run("--git", rev, "--as-of", "2026-06-01")
    assert r.exit_code == 1, r.output
    assert r.output.startswith(f"privacy.md ({rev} -> deleted)\n  policy deleted")
    assert "regressed core-children-under-13 (error): passed -> absent" in r.output
    assert "fixed" not in r.output.replace("0 fixed", "")
    assert r.output.rstrip().endswith("11 regressed, 0 fixed, 1 changed, 1 deleted")


@needs_git
def test_deleted_policy_named_and_in_every_format(repo):
    repo("rm", "-q", "privacy.md")
    rev = "HEAD"
    assert run("--git", rev, "privacy.md", "--as-of", "2026-06-01").exit_code == 1  # named, it is reported too
    assert run("--git", rev, "--fail-on", "never").exit_code == 0
    data = json.loads(run("--git", rev, "-f", "json", "--as-of", "2026-06-01").output)
    doc = data["documents"][0]
    assert doc["deleted"] and doc["old_path"] == "privacy.md" and data["summary"]["deleted"] == 1
    assert {e["new_status"] for e in doc["regressed"]} == {"absent"}
    md = run("--git", rev, "-f", "markdown", "--as-of", "2026-06-01").output
    assert "policy was deleted" in md and "1 deleted" in md


def _drop_children(tmp_path):
    (tmp_path / "privacy.md").write_text(without_children(GOOD.read_text()))


@needs_git
def test_git_selects_files_as_check_does(repo, tmp_path):
    (tmp_path / "site" / "new.html").write_text("<html><body><p>Our new page.</p></body></html>\n")
    (tmp_path / "README.md").write_text("# Project\n\nMore.\n")
    repo("add", ".")
    (tmp_path / ".policylint.yaml").write_text("exclude: ['site/**']\n")
    r = run("--git", "HEAD")
    assert "site/" not in r.output and r.exit_code == 0, r.output  # as `check site/new.html` skips it
    (tmp_path / ".policylint.yaml").write_text("files: ['privacy*.md']\n")
    r = run("--git", "HEAD")
    assert re.fullmatch(r"0 document\(s\) compared with HEAD \([0-9a-f]{10}\): 0 regressed, 0 fixed, 0 changed\n",
                        r.output), r.output  # README.md is no policy
    _drop_children(tmp_path)
    assert run("--git", "HEAD").output.startswith("privacy.md (HEAD -> working tree)")
    assert run("--git", "HEAD", "--exclude", "privacy.md").output.startswith("0 document(s)")


@needs_git
@pytest.mark.parametrize("config, fail_on, code", [
    ("disable: [core-children-under-13]\n", "info", 0),
    ("severity: {core-children-under-13: info}\n", "warning", 0),
    ("overrides:\n  - files: ['privacy.md']\n    disable: ['core-children-*']\n", "info", 0),
    ("overrides:\n  - files: ['other.md']\n    disable: ['core-children-*']\n", "info", 1),
])
def test_git_applies_disable_severity_and_overrides(repo, tmp_path, config, fail_on, code):
    (tmp_path / ".policylint.yaml").write_text(config)
    _drop_children(tmp_path)
    r = run("--git", "HEAD", "privacy.md", "--fail-on", fail_on, "--as-of", "2026-06-01")
    assert r.exit_code == code, r.output
    assert ("core-children-under-13 (info)" in r.output) == ("severity" in config)


def test_two_files_apply_the_configuration(versions, tmp_path, monkeypatch):
    old, new = versions
    (tmp_path / ".policylint.yaml").write_text("overrides:\n  - files: ['new.md']\n    disable: ['core-children-*']\n")
    monkeypatch.chdir(tmp_path)
    r = run(str(old), str(new), "--as-of", "2026-06-01")  # OLD is judged as a version of NEW
    assert r.exit_code == 0 and "no rule changed" in r.output, r.output


@needs_git
def test_git_follows_renames(repo, tmp_path):
    _drop_children(tmp_path)
    repo("commit", "-qam", "children clause already gone")
    repo("mv", "privacy.md", "legal-privacy.md")
    for args in ((), ("legal-privacy.md",), ("privacy.md",)):  # found, named new, named old
        r = run("--git", "HEAD", *args, "--as-of", "2026-06-01")
        assert r.exit_code == 0, r.output
        assert r.output.startswith("legal-privacy.md (HEAD:privacy.md -> working tree)\n  no rule changed\n"
                                   "1 document(s) compared with HEAD ("), r.output
    # Moved where `check` no longer looks: the policy is gone from the checked set.
    repo("mv", "legal-privacy.md", "site/privacy.md")
    (tmp_path / ".policylint.yaml").write_text("exclude: ['site/**']\n")
    r = run("--git", "HEAD", "--as-of", "2026-06-01")
    assert r.exit_code == 1 and r.output.startswith("privacy.md (HEAD -> deleted (moved to site/privacy.md")


@needs_git
def test_git_named_folder_is_walked_even_when_deleted(repo, tmp_path):
    (tmp_path / "legal").mkdir()
    (tmp_path / "legal" / "p.md").write_text(GOOD.read_text())
    repo("add", ".")
    repo("commit", "-qm", "legal")
    repo("rm", "-rq", "legal")
    r = run("--git", "HEAD", "legal", "--as-of", "2026-06-01")
    assert r.exit_code == 1 and r.output.startswith("legal/p.md (HEAD -> deleted)"), r.output


@needs_git
def test_git_compares_with_the_merge_base_not_the_target_tip(repo, tmp_path):
    """The audit's scenario: `feature` drops the children's clause; `main` then gains a controller
    sentence that `feature` never had. Only the branch's own change may be reported."""
    repo("branch", "-M", "main")
    repo("checkout", "-qb", "feature")
    _drop_children(tmp_path)
    repo("commit", "-qam", "feature: no children's section")
    repo("checkout", "-q", "main")
    added = "Acme Notes Ltd, 1 Example Street, Dublin, is the controller of the personal data described in this notice."
    (tmp_path / "privacy.md").write_text(GOOD.read_text() + "\n" + added + "\n")
    repo("commit", "-qam", "main: controller")
    base = subprocess.run(["git", "merge-base", "main", "feature"], cwd=tmp_path, capture_output=True, text=True).stdout.strip()
    repo("checkout", "-q", "feature")
    args = ("-r", "core", "-r", "gdpr", "--as-of", "2026-06-01")
    r = run("--git", "main", *args)
    assert r.exit_code == 1, r.output
    assert r.output.startswith(f"privacy.md ({base[:10]} (merge base of main and HEAD) -> working tree)"), r.output
    assert "core-children-under-13" in r.output and "gdpr-controller-identity" not in r.output
    assert "compared with " + base[:10] + " (merge base of main and HEAD): 2 regressed" in r.output
    for spec in ("main...", "main...HEAD", "main...feature"):  # git's own spelling, same base
        assert "gdpr-controller-identity" not in run("--git", spec, *args).output
    data = json.loads(run("--git", "main", "-f", "json", *args).output)
    assert data["base"]["commit"] == base and data["base"]["merge_base_of"] == ["main", "HEAD"]
    assert data["documents"][0]["base_commit"] == base
    md = run("--git", "main", "-f", "markdown", *args).output
    assert base[:10] in md and "merge base of main and HEAD" in md
    assert "controller" not in md.split("What the change removed")[1]
    # A..B: the tip of A itself, as `git diff A..B` (the target's new sentence is then "removed").
    r = run("--git", "main..", *args)
    assert r.output.startswith("privacy.md (main -> working tree)") and "gdpr-controller-identity" in r.output
    # The new side is the working tree: B must be what is checked out.
    r = run("--git", "feature...main", *args)
    assert r.exit_code == 2 and "'main' is not the checked-out commit" in r.output, r.output


@needs_git
def test_git_without_a_common_ancestor_says_what_to_do(repo, tmp_path):
    tree = subprocess.run(["git", "rev-parse", "HEAD^{tree}"], cwd=tmp_path, capture_output=True, text=True).stdout.strip()
    root = subprocess.run(["git", "commit-tree", tree, "-m", "unrelated history"], cwd=tmp_path, capture_output=True,
                          text=True).stdout.strip()  # a commit with no parent: no merge base with HEAD
    repo("branch", "other", root)
    r = run("--git", "other")
    assert r.exit_code == 2 and "no common ancestor" in r.output and "git fetch --unshallow" in r.output, r.output
    assert "Traceback" not in r.output
