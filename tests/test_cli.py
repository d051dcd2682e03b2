"""The command line through click's runner: exit codes, formats, errors."""

from __future__ import annotations

import json

from click.testing import CliRunner

from policylint.cli import main
from tests.conftest import ROOT

GOOD = str(ROOT / "examples" / "privacy-policy.md")
BAD = str(ROOT / "examples" / "incomplete-policy.md")


def invoke(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def test_version():
    r = invoke("--version")
    assert r.exit_code == 0 and r.output.startswith("policylint ")


def test_check_compliant_example_exits_0():
    r = invoke("check", GOOD)
    assert r.exit_code == 0, r.output
    assert "0 failed" in r.output


def test_check_findings_exit_1_with_located_lines():
    r = invoke("check", BAD)
    assert r.exit_code == 1
    first = r.output.splitlines()[0]
    assert first.startswith(f"{BAD}:1:1: error core-")


def test_fail_on_threshold():
    assert invoke("check", BAD, "--fail-on", "never").exit_code == 0
    # Only warnings fail on the good example? It has none, so any threshold passes.
    assert invoke("check", GOOD, "--fail-on", "info").exit_code == 0


def test_json_output_is_documented_shape(tmp_path):
    out = tmp_path / "r.json"
    r = invoke("check", GOOD, "--format", "json", "--output", str(out), "--as-of", "2026-11-22")
    assert r.exit_code == 0
    data = json.loads(out.read_text())
    assert data["policylint"]["schema_version"] == 1
    assert data["as_of"] == "2026-11-22"
    doc = data["documents"][0]
    by_id = {x["rule"]: x for x in doc["results"]}
    cookie = by_id["core-cookie-opt-out"]
    assert cookie["status"] == "passed" and cookie["practices"] == ["cookie_optout"]
    ev = cookie["evidence"][0]
    assert ev["line"] == 26 and ev["text"].startswith("You can set your browser to refuse")
    assert data["summary"]["documents"] == 1


def test_stdin_with_filename():
    r = invoke("check", "-", "--stdin-filename", "p.md", input=b"# P\n\nWe do not sell data.\n")
    assert r.exit_code == 1
    assert "p.md:1:1:" in r.output


def test_missing_and_binary_files_exit_2_but_others_checked(tmp_path):
    png = tmp_path / "image.md"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    r = invoke("check", str(png), "nope.md", GOOD)
    assert r.exit_code == 2
    assert "binary file" in r.output and "no such file" in r.output
    assert "3 document(s) checked" in r.output


def test_bad_ruleset_exits_2_with_location(tmp_path):
    rs = tmp_path / "bad.yaml"
    rs.write_text("id: x\ntitle: X\nversion: '1'\nrules:\n  - id: a\n    title: t\n    severity: fatal\n    message: m\n    check: {require: x}\n")
    r = invoke("check", GOOD, "--ruleset", str(rs))
    assert r.exit_code == 2
    assert "bad.yaml:7:" in r.output and "severity" in r.output


def test_bad_as_of_is_usage_error():
    r = invoke("check", GOOD, "--as-of", "yesterday")
    assert r.exit_code == 2 and "YYYY-MM-DD" in r.output


def test_rules_list_and_show():
    r = invoke("rules", "list")
    assert r.exit_code == 0 and "core-cookie-opt-out" in r.output
    r = invoke("rules", "show", "core-children-under-13")
    assert r.exit_code == 0 and "COPPA" in r.output and "how to fix" in r.output
    assert invoke("rules", "show", "no-such-rule").exit_code == 2


def test_rulesets_validate(tmp_path):
    assert invoke("rulesets", "validate", str(ROOT / "rulesets" / "core.yaml")).exit_code == 0
    bad = tmp_path / "b.yaml"
    bad.write_text("id: b\ntitle: B\n")
    r = invoke("rulesets", "validate", str(bad))
    assert r.exit_code == 2 and "version" in r.output


def test_directory_walk_with_globs(tmp_path):
    (tmp_path / "a.md").write_text("We do not sell data.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<p>We do not sell data.</p>")
    (tmp_path / "skip.md").write_text("x")
    r = invoke("check", str(tmp_path), "--exclude", "skip.md", "--fail-on", "never")
    assert r.exit_code == 0
    assert "2 document(s) checked" in r.output
