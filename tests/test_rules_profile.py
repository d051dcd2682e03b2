"""`policylint rules profile` through click's runner, on policies and a ruleset written here."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from policylint.api import compile_builtin
from policylint.cli import main
from policylint.profiling import pattern_users, profile
from tests.test_eval import RULES as EVAL_RULES

# The rules of the eval tests, and one more that shares their cookie vocabulary and adds a regex.
RULES = EVAL_RULES + """\
  - id: tiny-date
    title: Date
    severity: info
    message: No date.
    check:
      require:
        - terms: [cookies]
        - regex: '\\d{4}-\\d{2}-\\d{2}'
"""


def _corpus(tmp_path: Path) -> tuple[str, str]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# Policy\n\nYou can refuse cookies in your browser. Updated 2024-05-01.\n", encoding="utf-8")
    (docs / "b.md").write_text("# Policy\n\nWe sell shoes.\n", encoding="utf-8")
    (docs / "empty.md").write_text("", encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    return str(docs), str(rules)


def test_shared_patterns_are_charged_to_every_rule_that_uses_them(tmp_path: Path) -> None:
    docs, rules = _corpus(tmp_path)
    compiled = compile_builtin([rules])
    users = pattern_users(compiled)
    cookies = compiled.table.sources.index(next(s for s in compiled.table.sources if "cookies" in s and "refuse" not in s))
    assert users[cookies] == [0, 2]  # one pattern, two rules
    result = profile([f"{docs}/a.md", f"{docs}/b.md", f"{docs}/empty.md"], compiled)
    assert result.documents == 2 and len(result.skipped) == 1 and "empty.md" in result.skipped[0]
    date = next(r for r in result.rules if r.rule == "tiny-date")
    assert (date.n_patterns, date.n_regexes, date.unanchored) == (2, 1, 1)  # the date regex has no literal prefix
    assert all(r.evaluate > 0 and r.patterns > 0 for r in result.rules)


def test_cli_text_and_json(tmp_path: Path) -> None:
    docs, rules = _corpus(tmp_path)
    res = CliRunner().invoke(main, ["rules", "profile", rules, "--corpus", docs])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].startswith("2 documents, 0.0 MB, 3 rules, ")
    assert lines[1].startswith("per document: load ")
    assert any(line.startswith("tiny-date ") and line.endswith("1 regex with no literal prefix") for line in lines)
    assert any(line.startswith("skipped: ") and "empty.md" in line for line in lines)
    data = json.loads(CliRunner().invoke(main, ["rules", "profile", rules, "--corpus", docs, "-f", "json"]).output)
    assert {r["rule"] for r in data["rules"]} == {"tiny-cookies", "tiny-children", "tiny-date"}
    assert data["documents"] == 2 and set(data["ms_per_document"]) >= {"load", "shared_walk", "patterns", "evaluate"}
    totals = [r["ms_per_document"] for r in data["rules"]]
    assert totals == sorted(totals, reverse=True)


def test_cli_errors_are_one_line_usage_errors(tmp_path: Path) -> None:
    docs, rules = _corpus(tmp_path)
    (tmp_path / "none").mkdir()
    res = CliRunner().invoke(main, ["rules", "profile", rules, "--corpus", str(tmp_path / "none")])
    assert res.exit_code == 2 and "no file to profile" in res.output
    res = CliRunner().invoke(main, ["rules", "profile", str(tmp_path / "missing.yaml"), "--corpus", docs])
    assert res.exit_code == 2 and len(res.output.strip().splitlines()) == 1
