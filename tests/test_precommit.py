"""The pre-commit hook, proven with the real `pre-commit try-repo` in a throw-away git repository:
a commit with a non-compliant policy is blocked, a compliant one passes.

pre-commit installs this repository into its own virtual environment (``language: python``), so
the first run takes a while and needs the package index; the environment is cached per session.
Also checks the init/example files stay valid.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import yaml

from tests.conftest import ROOT

GOOD = (ROOT / "examples" / "privacy-policy.md").read_text(encoding="utf-8")
BAD = (ROOT / "examples" / "incomplete-policy.md").read_text(encoding="utf-8")


def _pre_commit() -> list[str]:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed (pip install '.[test]' installs it)")
    return [sys.executable, "-m", "pre_commit"]


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


def _repo(path, env):
    def git(*args):
        return subprocess.run(["git", *args], cwd=path, env=env, check=True, capture_output=True, text=True)

    git("init", "-q")
    git("config", "user.email", "test@example.com")
    git("config", "user.name", "policylint test")
    git("config", "commit.gpgsign", "false")
    return git


def _snapshot(dest, env):
    """This source tree as it is now (tracked and untracked, not ignored files), committed in a
    fresh repository: what a user's clone holds, independent of uncommitted work here."""
    dest.mkdir()
    if (ROOT / ".git").exists():
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                                env=env, check=True, capture_output=True).stdout.decode().split("\0")
    else:  # an unpacked sdist: take the package's own files
        listed = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file() and not src.is_symlink():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    git = _repo(dest, env)
    git("add", "-A")
    git("commit", "-qm", "snapshot")
    return dest


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed and cannot be installed here")
def test_try_repo_blocks_a_non_compliant_policy_and_passes_a_compliant_one(tmp_path, pre_commit_home):
    cmd = _pre_commit()
    env = {**os.environ, "PRE_COMMIT_HOME": str(pre_commit_home), "GIT_TERMINAL_PROMPT": "0", "NO_COLOR": "1"}
    env.pop("GIT_DIR", None)
    env.pop("GIT_INDEX_FILE", None)
    hook_repo = _snapshot(tmp_path / "hook-repo", env)
    work = tmp_path / "work"
    work.mkdir()
    git = _repo(work, env)

    def try_repo():
        return subprocess.run([*cmd, "try-repo", str(hook_repo), "policylint", "--color", "never"], cwd=work, env=env,
                              capture_output=True, text=True, timeout=600)

    # A non-compliant policy staged for commit: the hook fails.
    (work / "privacy-policy.md").write_text(BAD, encoding="utf-8")
    (work / "README.md").write_text("# not a policy\n", encoding="utf-8")  # outside the hook's `files`
    git("add", "privacy-policy.md", "README.md")
    bad = try_repo()
    if bad.returncode != 0 and "policylint" not in bad.stdout + bad.stderr:
        pytest.fail(f"pre-commit could not run the hook:\n{bad.stdout}\n{bad.stderr}")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout and "core-contact-address" in bad.stdout, bad.stdout
    assert "README.md" not in bad.stdout

    # The fixed policy: the hook passes, and the commit goes through.
    (work / "privacy-policy.md").write_text(GOOD, encoding="utf-8")
    git("add", "privacy-policy.md")
    good = try_repo()
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
    git("commit", "-qm", "compliant policy")


def test_hook_manifest_has_what_pre_commit_requires():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "policylint")
    assert {"id", "name", "entry", "language"} <= set(hook)
    assert hook["language"] == "python" and hook["entry"].startswith("policylint check")
    import re

    files = re.compile(hook["files"])
    for name in ("privacy-policy.md", "docs/legal/privacy.html", "cookie-policy.txt", "docs/Privacy_Notice.MD"):
        assert files.search(name), name
    for name in ("README.md", "src/app.py", "docs/privacy/index.md"):
        assert not files.search(name), name


def test_init_writes_valid_files_that_match_the_examples(tmp_path):
    from click.testing import CliRunner

    from policylint.cli import main
    from policylint.config import load_config

    r = CliRunner().invoke(main, ["init", "-C", str(tmp_path)])
    assert r.exit_code == 0, r.output
    cfg = load_config(tmp_path / ".policylint.yaml")
    assert cfg.rulesets == ("core",) and cfg.fail_on == "error"
    pc = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    assert pc["repos"][0]["hooks"][0]["id"] == "policylint"
    wf = yaml.safe_load((tmp_path / ".github" / "workflows" / "policylint.yml").read_text())
    assert "policylint" in wf["jobs"]
    again = CliRunner().invoke(main, ["init", "-C", str(tmp_path)])
    assert "exists" in again.output and "id: policylint" in again.output  # never overwritten
    typo = CliRunner().invoke(main, ["init", "-C", str(tmp_path / "gl"), "--ci", "gitlab"])
    assert typo.exit_code == 2 and "no such folder" in typo.output and not (tmp_path / "gl").exists()  # a mistyped -C
    (tmp_path / "gl").mkdir()
    gl = CliRunner().invoke(main, ["init", "-C", str(tmp_path / "gl"), "--ci", "gitlab"])
    assert gl.exit_code == 0 and (tmp_path / "gl" / ".gitlab-ci.policylint.yml").exists()


def test_examples_and_action_are_valid_yaml():
    for f in ["action.yml", "examples/ci/github-workflow.yml", "examples/ci/gitlab-ci.yml", "examples/ci/pre-commit-config.yaml"]:
        assert yaml.safe_load((ROOT / f).read_text()), f
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = " ".join(str(s) for s in action["runs"]["steps"])
    assert "--report \"sarif=" in steps and "GITHUB_STEP_SUMMARY" in steps and "upload-sarif" in steps
    # the configuration's fail_on applies unless the workflow sets the input
    assert action["inputs"]["fail-on"]["default"] == "" and 'if [ -n "$INPUT_FAIL_ON" ]' in steps
    gl = yaml.safe_load((ROOT / "examples/ci/gitlab-ci.yml").read_text())
    assert gl["policylint"]["artifacts"]["reports"]["codequality"].endswith(".json")


def test_init_then_check_without_paths_uses_the_starter_files(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from policylint.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "legal").mkdir()
    (tmp_path / "legal" / "privacy-policy.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "README.md").write_text("# readme\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["init"]).exit_code == 0
    r = CliRunner().invoke(main, ["check"])
    assert r.exit_code == 1, r.output
    assert r.output.startswith("legal/privacy-policy.md:") and "README" not in r.output


def test_init_files_and_the_hook_select_the_same_policies(tmp_path, monkeypatch):
    """CI (`check` with no paths: the starter `files` globs) checks every file the hook checks,
    whatever the case of its name, and nothing else."""
    import re

    from click.testing import CliRunner

    from policylint.cli import main
    from policylint.commands.init import hook_pattern
    from policylint.config import load_config

    hook = next(h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text()) if h["id"] == "policylint")
    assert hook["files"] == hook_pattern()  # one source of truth: policylint/commands/init.py
    names = [
        "privacy.md", "PRIVACY.MD", "legal/Privacy-Policy.md", "legal/cookie-policy.md", "Cookie_Notice.HTML",
        "docs/Data-Protection.txt", "docs/data_protection.htm", "DataProtection.markdown", "gdpr.txt", "site/CCPA.html",
        "dpa-2024.md", "Legal.md", "terms/LEGAL-notice.Txt", "my-privacy-notes.md",
        # not policies by name or suffix
        "README.md", "docs/privacy/index.md", "privacy.py", "privacy.pdf", "cookies.json", "data-protect.md", "notes.txt",
    ]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init", "--ci", "none"]).exit_code == 0
    cfg = load_config(tmp_path / ".policylint.yaml")
    by_hook = {n for n in names if re.search(hook["files"], n)}
    assert by_hook == {n for n in names if cfg.lists(n)}
    assert by_hook == set(cfg.expand_files())
    assert "legal/cookie-policy.md" in by_hook and "README.md" not in by_hook


def _after_check(workflow: dict) -> list[dict]:
    steps = next(iter(workflow["jobs"].values()))["steps"]
    i = next(i for i, s in enumerate(steps) if str(s.get("uses", "")).startswith("policylint/policylint@"))
    return steps[i + 1:]


@pytest.mark.parametrize("source", ["example", "init"])
def test_pull_request_diff_runs_after_a_failing_check(tmp_path, source):
    """A step's bare `if:` implies success(): the review gate would be skipped on exactly the
    pull requests with findings. Every step after the check must run unless the run was cancelled."""
    if source == "example":
        text = (ROOT / "examples" / "ci" / "github-workflow.yml").read_text()
    else:
        from policylint.commands.init import starter

        text = starter("github-workflow.yml")
    wf = yaml.safe_load(text)
    after = _after_check(wf)
    assert after and any("policylint diff --git" in s.get("run", "") for s in after)  # the PR diff step exists
    for step in after:
        assert "!cancelled()" in step.get("if", "") or "always()" in step.get("if", ""), step
    checkout = next(iter(wf["jobs"].values()))["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0  # the merge base with the base branch is in the clone
