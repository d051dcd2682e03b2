"""Configuration files: discovery, keys, flags winning, per-path overrides, errors with positions."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from policylint.cli import main
from policylint.config import ConfigError, find_config, load_config
from tests.conftest import ROOT

RULESET = str(ROOT / "tests" / "reports" / "fixtures" / "ruleset.yaml")
BAD = "# P\n\nWe sell your personal data to brokers.\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "privacy.md").write_text(BAD)
    (tmp_path / "docs" / "draft.md").write_text(BAD)
    (tmp_path / "rules.yaml").write_text(open(RULESET).read())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_found_by_walking_up(project, monkeypatch):
    (project / ".policylint.yaml").write_text("rulesets: [rules.yaml]\n")
    sub = project / "docs"
    monkeypatch.chdir(sub)
    assert find_config() == project / ".policylint.yaml"
    r = run("check", "privacy.md", "-f", "json")
    assert {x["rule"] for x in json.loads(r.output)["documents"][0]["results"]} == {"demo-contact", "demo-retention", "demo-no-sale", "demo-children"}


def test_pyproject_table(project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.policylint]\nrulesets = ["rules.yaml"]\ndisable = ["demo-contact"]\nfail_on = "never"\n')
    r = run("check", "docs/privacy.md")
    assert r.exit_code == 0, r.output
    assert "demo-contact" not in r.output and "demo-no-sale" in r.output


def test_files_exclude_and_flags_win(project):
    (project / ".policylint.yaml").write_text(
        "rulesets: [rules.yaml]\nfiles: ['docs/**/*.md']\nexclude: ['draft.md']\nformat: json\nfail_on: never\nas_of: 2026-01-01\n"
    )
    r = run("check")
    data = json.loads(r.output)
    assert [d["path"] for d in data["documents"]] == ["docs/privacy.md"]
    assert r.exit_code == 0 and data["as_of"] == "2026-01-01"
    r = run("check", "--format", "text", "--fail-on", "error")
    assert r.exit_code == 1 and r.output.startswith("docs/privacy.md:1:1: error demo-contact")


def test_severity_and_per_path_overrides(project):
    (project / ".policylint.yaml").write_text(
        "rulesets: [rules.yaml]\n"
        "severity:\n  demo-no-sale: warning\n"
        "overrides:\n  - files: ['docs/draft.md']\n    disable: ['demo-*']\n"
    )
    r = run("check", "docs/privacy.md", "docs/draft.md", "-f", "json")
    docs = {d["path"]: d for d in json.loads(r.output)["documents"]}
    sale = next(x for x in docs["docs/privacy.md"]["results"] if x["rule"] == "demo-no-sale")
    assert sale["severity"] == "warning"
    assert docs["docs/draft.md"]["results"] == []


def test_explicit_config_and_no_config(project):
    (project / "ci.yaml").write_text("fail_on: never\nrulesets: [rules.yaml]\n")
    assert run("check", "docs/privacy.md", "--config", "ci.yaml").exit_code == 0
    (project / ".policylint.yaml").write_text("fail_on: never\n")
    assert run("check", "docs/privacy.md", "-r", "rules.yaml", "--no-config").exit_code == 1


@pytest.mark.parametrize("body, where, says", [
    ("rulesets: [rules.yaml]\nfail_on: sometimes\n", ":2:1:", "fail_on"),
    ("rulesets: [rules.yaml]\nseverity:\n  demo-x: fatal\n", ":3:3:", "severity"),
    ("rulset: [core]\n", ":1:1:", "unknown key 'rulset'"),
    ("overrides:\n  - disable: [x]\n", ":2:5:", "overrides"),
    ("as_of: yesterday\n", ":1:1:", "as_of"),
    ("format: pdf\n", ":1:1:", "format"),
    ("files: [a\n", ":", "invalid YAML"),
    ("fail_on: never\nfail_on: error\n", ":2:1:", "duplicate key"),
    # A date-like value that is no real date fails in PyYAML's constructor (was a traceback).
    ("fail_on: never\nas_of: 2026-02-30\n", ":2:8:", "invalid value '2026-02-30': not a real date"),
    ("as_of: 2026-13-01\n", ":1:8:", "month must be in 1..12"),
    # A missing ruleset is located at its entry in this file, not at the ruleset's name.
    ("rulesets: [rules.yaml, nonexist]\n", ":1:24:", "key 'rulesets': ruleset 'nonexist' not found"),
    ("rulesets:\n  - core\n  - sub/none.yaml\n", ":3:5:", "ruleset 'sub/none.yaml' not found"),
])
def test_errors_name_file_line_and_key(project, body, where, says):
    (project / ".policylint.yaml").write_text(body)
    r = run("check", "docs/privacy.md")
    assert r.exit_code == 2, r.output
    line = r.output.strip().splitlines()[-1]
    assert ".policylint.yaml" + where in line and says in line, line


def test_pyproject_errors_name_the_line(project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.policylint]\nrulesets = ["rules.yaml"]\nfail_on = 3\n')
    with pytest.raises(ConfigError) as exc:
        load_config(project / "pyproject.toml")
    assert str(exc.value).startswith(f"{project / 'pyproject.toml'}:5:1:") and "fail_on" in str(exc.value)


def test_missing_config_file_exits_2(project):
    r = run("check", "docs/privacy.md", "--config", "nope.yaml")
    assert r.exit_code == 2 and "cannot read configuration" in r.output


def test_no_paths_and_no_files_key(project):
    r = run("check")
    assert r.exit_code == 2 and "no files to check" in r.output


@pytest.mark.parametrize("pattern", [
    "docs/*.md", "docs/**/*.md", "**/*.md", "**", "*.md", "docs/privacy.md", "docs/p*.m?", "docs/[pd]*.md",
    "docs/**", "legal/**/*.md", ".hidden/*.md", "*/*.md", "docs/legal/../*.md",
])
def test_lists_agrees_with_expand_files(project, pattern):
    # `diff --git` asks Config.lists of files that may be gone; it must take what `check` expands.
    for rel in ("privacy.md", "docs/legal/old/terms.md", "docs/.drafts/x.md", ".hidden/y.md", "legal/a.md", "docs/.dot.md"):
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(BAD)
    (project / ".policylint.yaml").write_text(f"files: [{json.dumps(pattern)}]\n")
    cfg = load_config(project / ".policylint.yaml")
    candidates = [str(p.relative_to(project)) for p in project.rglob("*") if p.is_file()]
    assert sorted(c for c in candidates if cfg.lists(c)) == sorted(cfg.expand_files())
