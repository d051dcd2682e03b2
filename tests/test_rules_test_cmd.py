"""`policylint rules test`: runs examples, names the failing one and why, exit codes 0/1/2."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from click.testing import CliRunner

from policylint.cli import main

RULESET = """\
id: mine
title: Mine
version: "1"
rules:
  - id: mine-dpo
    title: Names a DPO
    severity: warning
    message: No DPO.
    check:
      require:
        terms: [data protection officer, DPO]
    examples:
      - text: Our data protection officer can be reached by post.
        expect: pass
      - text: Contact our DPO.
        expect: pass
      - text: We have no officers.
        expect: fail
      - text: Nothing here.
        expect: {last}
"""


def _write(tmp_path: Path, last: str = "fail", name: str = "mine.yaml") -> str:
    p = tmp_path / name
    p.write_text(RULESET.format(last=last), encoding="utf-8")
    return str(p)


def test_all_examples_ok_exits_0(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["rules", "test", _write(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "mine: 4 example(s) of 1 rule(s): 4 ok, 0 failed" in res.output


def test_failing_example_is_named_with_line_and_reason(tmp_path: Path) -> None:
    path = _write(tmp_path, last="pass")
    res = CliRunner().invoke(main, ["rules", "test", path])
    assert res.exit_code == 1
    assert f"{path}:19: FAIL mine-dpo example 4: expected pass, got fail; no statement found" in res.output
    assert "text: Nothing here." in res.output


def test_unexpected_pass_shows_the_evidence(tmp_path: Path) -> None:
    p = tmp_path / "m.yaml"
    p.write_text(RULESET.format(last="fail").replace("Nothing here.", "Ask the DPO."), encoding="utf-8")
    res = CliRunner().invoke(main, ["rules", "test", str(p)])
    assert res.exit_code == 1
    assert "expected fail, got pass; matched 'DPO'" in res.output
    assert "evidence: Ask the DPO." in res.output


def test_json_output(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["rules", "test", "--format", "json", _write(tmp_path, last="pass")])
    data = json.loads(res.output)
    assert data["ok"] is False
    (rs,) = data["rulesets"]
    assert rs["id"] == "mine" and rs["examples"] == 4 and rs["failed"] == 1
    assert [r["ok"] for r in rs["results"]] == [True, True, True, False]


def test_strict_flags_rules_with_too_few_examples(tmp_path: Path) -> None:
    p = tmp_path / "thin.yaml"
    text = RULESET.format(last="fail")
    p.write_text(text[: text.index("      - text: Contact our DPO.")], encoding="utf-8")
    assert CliRunner().invoke(main, ["rules", "test", str(p)]).exit_code == 0
    res = CliRunner().invoke(main, ["rules", "test", "--strict", str(p)])
    assert res.exit_code == 1
    assert "too few examples (1 pass example(s), needs 2; 0 fail/not_applicable example(s), needs 2)" in res.output


def test_load_error_exits_2_and_other_rulesets_still_run(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: x\nversion: '1'\nrules: [{id: r}]\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["rules", "test", str(bad), _write(tmp_path)])
    assert res.exit_code == 2
    assert "bad.yaml:" in res.stderr
    assert "mine: 4 example(s)" in res.stdout


def test_not_applicable_expectation(tmp_path: Path) -> None:
    p = tmp_path / "cond.yaml"
    p.write_text(textwrap.dedent("""\
        id: cond
        title: Cond
        version: "1"
        rules:
          - id: cond-sell
            title: Opt-out where selling
            severity: error
            message: No opt-out.
            check:
              when:
                terms: [sell]
              then:
                require:
                  terms: [opt out]
            examples:
              - text: We sell data. You can opt out.
                expect: pass
              - text: We do not sell data.
                expect: not_applicable
              - text: We sell data.
                expect: fail
        """), encoding="utf-8")
    res = CliRunner().invoke(main, ["rules", "test", "-v", str(p)])
    assert res.exit_code == 0, res.output
    assert "ok   cond-sell example 2: expected not_applicable" in res.output


def test_builtin_by_name() -> None:
    res = CliRunner().invoke(main, ["rules", "test", "core"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("core: ")


def test_a_regex_without_a_literal_prefix_is_a_warning(tmp_path: Path) -> None:
    slow = RULESET.format(last="fail").replace(
        "        terms: [data protection officer, DPO]",
        "        terms: [data protection officer, DPO]\n        regex: '\\w+ protection officer'",
    )
    p = tmp_path / "slow.yaml"
    p.write_text(slow, encoding="utf-8")
    res = CliRunner().invoke(main, ["rules", "test", str(p)])
    assert res.exit_code == 0, res.output  # a warning, not a failure
    assert "warning mine-dpo: a regex with no literal to start from" in res.output
    data = json.loads(CliRunner().invoke(main, ["rules", "test", "--format", "json", str(p)]).output)
    assert [u["rule"] for u in data["rulesets"][0]["unanchored"]] == ["mine-dpo"]
    # Anchored, the warning goes.
    p.write_text(slow.replace("'\\w+ protection officer'", "'\\bdata\\s+protection\\s+officer'"), encoding="utf-8")
    assert "warning" not in CliRunner().invoke(main, ["rules", "test", str(p)]).output
