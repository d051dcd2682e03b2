"""Baselines: accept today's failures, fail only on new ones, survive unrelated edits."""

from __future__ import annotations

import json

from click.testing import CliRunner

from policylint.cli import main
from tests.conftest import ROOT

RULESET = str(ROOT / "tests" / "reports" / "fixtures" / "ruleset.yaml")


def run(*args):
    return CliRunner().invoke(main, ["check", "-r", RULESET, *args])


def test_write_then_only_new_failures_count(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.md").write_text("# P\n\nWe collect your name.\n")
    r = run("p.md", "--write-baseline", "base.json")
    assert r.exit_code == 0, r.output
    entries = json.loads((tmp_path / "base.json").read_text())["entries"]
    assert {e["rule"] for e in entries} == {"demo-contact", "demo-retention"}
    assert all(e["path"] == "p.md" for e in entries)

    # An unrelated edit moves every line: still accepted.
    (tmp_path / "p.md").write_text("# P\n\nIntro.\n\nMore intro.\n\nWe collect your name.\n")
    assert run("p.md", "--baseline", "base.json").exit_code == 0

    # A new failure (a forbidden statement) is not in the baseline: exit 1.
    (tmp_path / "p.md").write_text("# P\n\nWe collect your name. We sell your personal data to brokers.\n")
    r = run("p.md", "--baseline", "base.json")
    assert r.exit_code == 1 and "demo-no-sale" in r.output and "demo-contact" not in r.output.split("document(s)")[0]


def test_fixed_entries_are_noted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.md").write_text("# P\n\nWe collect your name.\n")
    run("p.md", "--write-baseline", "base.json")
    (tmp_path / "p.md").write_text("# P\n\nWe collect your name. Email privacy@x.example.\n")
    r = run("p.md", "--baseline", "base.json")
    assert r.exit_code == 0 and "demo-contact no longer fails" in r.output


def test_sarif_marks_baselined_results_external(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.md").write_text("# P\n\nWe collect your name.\n")
    run("p.md", "--write-baseline", "base.json")
    sarif = json.loads(run("p.md", "--baseline", "base.json", "-f", "sarif").output)
    assert all(res["suppressions"][0]["kind"] == "external" for res in sarif["runs"][0]["results"])


def test_bad_baseline_exits_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.md").write_text("# P\n")
    assert run("p.md", "--baseline", "missing.json").exit_code == 2
    (tmp_path / "b.json").write_text("{not json")
    r = run("p.md", "--baseline", "b.json")
    assert r.exit_code == 2 and "not a policylint baseline" in r.output


def test_entries_match_from_any_working_directory(tmp_path, monkeypatch):
    # Paths are stored relative to the baseline file: a run from a subfolder, or from the folder
    # above, still matches them.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "legal").mkdir()
    (tmp_path / "legal" / "p.md").write_text("# P\n\nWe collect your name.\n")
    (tmp_path / "ci").mkdir()
    assert run("legal/p.md", "--write-baseline", "ci/base.json").exit_code == 0
    data = json.loads((tmp_path / "ci" / "base.json").read_text())
    assert data["paths"] == "relative to this file" and {e["path"] for e in data["entries"]} == {"../legal/p.md"}
    monkeypatch.chdir(tmp_path / "legal")
    assert run("p.md", "--baseline", "../ci/base.json").exit_code == 0
    monkeypatch.chdir(tmp_path.parent)
    assert run(f"{tmp_path.name}/legal/p.md", "--baseline", f"{tmp_path.name}/ci/base.json").exit_code == 0


def test_a_baseline_written_before_paths_were_relative_to_it_still_matches(tmp_path, monkeypatch):
    # Older files (no "paths" marker) name documents relative to the working directory.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.md").write_text("# P\n\nWe collect your name.\n")
    (tmp_path / "ci").mkdir()
    old = {"policylint_baseline": 1, "entries": [{"path": "p.md", "rule": "demo-contact", "message": "m"},
                                                 {"path": "p.md", "rule": "demo-retention", "message": "m"}]}
    (tmp_path / "ci" / "old.json").write_text(json.dumps(old))
    assert run("p.md", "--baseline", "ci/old.json").exit_code == 0
