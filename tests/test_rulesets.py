"""Ruleset loading: schema errors with file:line:col, extends, duplicates, cycles."""

from __future__ import annotations

import pytest

from policylint.resources import builtin_rulesets
from policylint.rulesets import RulesetError, RulesetLoader

HEADER = "id: t\ntitle: T\nversion: '1'\n"
RULE = "  - id: {id}\n    title: R\n    severity: error\n    message: m\n    check: {{require: {{terms: [x]}}}}\n"


def _load(tmp_path, text, name="rs.yaml"):
    p = tmp_path / name
    p.write_text(text)
    return RulesetLoader().load(str(p))


def _err(tmp_path, text) -> str:
    with pytest.raises(RulesetError) as info:
        _load(tmp_path, text)
    return str(info.value)


def test_builtin_rulesets_load():
    for name in builtin_rulesets():
        rs = RulesetLoader().load(name)
        assert rs.rules, name


def test_unknown_key_names_line_and_column(tmp_path):
    msg = _err(tmp_path, HEADER + "rules:\n" + RULE.format(id="a") + "    colour: red\n")
    assert "unknown key 'colour' in rules[0] (allowed: based_on, check," in msg
    assert ":10:5:" in msg


def test_unknown_matcher_key_points_into_check(tmp_path):
    text = HEADER + "rules:\n  - id: a\n    title: R\n    severity: error\n    message: m\n    check:\n      require:\n        termz: [x]\n"
    msg = _err(tmp_path, text)
    assert ":11:9:" in msg and "termz" in msg


def test_bad_regex_reported(tmp_path):
    text = HEADER + "rules:\n  - id: a\n    title: R\n    severity: error\n    message: m\n    check:\n      require:\n        regex: '(open'\n"
    assert "invalid regular expression" in _err(tmp_path, text)


def test_duplicate_rule_ids_and_keys(tmp_path):
    assert "duplicate rule id 'a'" in _err(tmp_path, HEADER + "rules:\n" + RULE.format(id="a") + RULE.format(id="a"))
    assert "duplicate key 'title'" in _err(tmp_path, HEADER + "title: again\n")


def test_invalid_yaml(tmp_path):
    msg = _err(tmp_path, HEADER + "rules: [\n")
    assert "invalid YAML" in msg and "rs.yaml:" in msg


def test_extends_disable_override_and_cycles(tmp_path):
    (tmp_path / "base.yaml").write_text("id: base\ntitle: B\nversion: '1'\nrules:\n" + RULE.format(id="a") + RULE.format(id="b"))
    child = _load(tmp_path, "id: child\ntitle: C\nversion: '1'\nextends: base.yaml\ndisable: [b]\nrules:\n"
                  + RULE.format(id="a") + "    override: true\n" + RULE.format(id="c"))
    assert [r.id for r in child.rules] == ["a", "c"]
    assert child.rules[0].ruleset == "child"
    (tmp_path / "x.yaml").write_text("id: x\ntitle: X\nversion: '1'\nextends: y.yaml\n")
    (tmp_path / "y.yaml").write_text("id: y\ntitle: Y\nversion: '1'\nextends: x.yaml\n")
    with pytest.raises(RulesetError, match="cyclic extends"):
        RulesetLoader().load(str(tmp_path / "x.yaml"))


def test_inherited_id_needs_override(tmp_path):
    (tmp_path / "base.yaml").write_text("id: base\ntitle: B\nversion: '1'\nrules:\n" + RULE.format(id="a"))
    assert "set `override: true`" in _err(tmp_path, "id: c\ntitle: C\nversion: '1'\nextends: base.yaml\nrules:\n" + RULE.format(id="a"))


def test_extends_outside_allowed_roots(tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: o\ntitle: O\nversion: '1'\n")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "rs.yaml").write_text(f"id: s\ntitle: S\nversion: '1'\nextends: {outside}\n")
    with pytest.raises(RulesetError, match="outside the allowed"):
        RulesetLoader().load(str(sub / "rs.yaml"))


def test_missing_extends(tmp_path):
    assert "not found" in _err(tmp_path, HEADER + "extends: nope.yaml\n")


def test_vocabulary_imports_and_expansion(tmp_path):
    (tmp_path / "lib.yaml").write_text("id: lib\ntitle: L\nversion: '1'\nvocabulary:\n  pets: [cat, dog]\n")
    rs = _load(tmp_path, "id: v\ntitle: V\nversion: '1'\nimports: [lib.yaml]\nvocabulary:\n  more: ['@pets', bird]\n"
               "rules:\n  - id: a\n    title: R\n    severity: error\n    message: m\n"
               "    check: {require: {terms: ['@more', fish], near: '@pets'}}\n")
    assert rs.vocabulary["more"] == ("cat", "dog", "bird")
    assert rs.rules[0].check["require"]["terms"] == ["cat", "dog", "bird", "fish"]
    assert rs.rules[0].check["require"]["near"] == ["cat", "dog"]


def test_unknown_vocabulary_is_located(tmp_path):
    msg = _err(tmp_path, HEADER + "rules:\n  - id: a\n    title: R\n    severity: error\n    message: m\n"
               "    check:\n      require:\n        terms: [x, '@nope']\n")
    assert "unknown vocabulary '@nope'" in msg and ":11:" in msg


def test_builtin_vocabulary_library_and_unchecked(tmp_path):
    rs = _load(tmp_path, HEADER + "imports: [lib/common]\nunchecked:\n  - {item: x-layout, reason: needs layout}\n"
               "rules:\n  - id: a\n    title: R\n    severity: error\n    message: m\n    check: {require: {terms: ['@children']}}\n")
    assert "minors" in rs.rules[0].check["require"]["terms"]
    assert rs.unchecked == (("x-layout", "needs layout"),)


def test_readme_rule_counts_match_the_rulesets() -> None:
    # The README's table of built-in rulesets gives each one's own number of rules.
    import re
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parent.parent
    rows = re.findall(r"^\| `([\w-]+)` \| [^|]+\| (\d+)", (root / "README.md").read_text(encoding="utf-8"), re.M)
    assert len(rows) == len(builtin_rulesets())
    for name, count in rows:
        data = yaml.safe_load((root / "rulesets" / f"{name}.yaml").read_text(encoding="utf-8"))
        assert int(count) == len(data["rules"]), name


@pytest.mark.parametrize("value, where", [("version: 2026-02-30\n", ":3:10:"), ("version: !!int abc\n", ":3:10:")])
def test_value_yaml_cannot_build_is_located(tmp_path, value, where):
    # PyYAML raises a bare ValueError for these; it must be a positioned error, not a traceback.
    msg = _err(tmp_path, "id: t\ntitle: T\n" + value + "rules: []\n")
    assert where in msg and "invalid value" in msg


def test_validate_reports_impossible_date_with_position(tmp_path):
    from click.testing import CliRunner

    from policylint.cli import main

    (tmp_path / "ts.yaml").write_text("id: t\ntitle: T\nversion: 2026-02-30\nrules: []\n")
    for args in (["rulesets", "validate"], ["check", str(tmp_path / "p.md"), "-r"]):
        r = CliRunner().invoke(main, [*args, str(tmp_path / "ts.yaml")])
        assert r.exit_code == 2 and "ts.yaml:3:10: invalid value '2026-02-30': not a real date" in r.output, r.output
        assert "Traceback" not in r.output


def test_two_rulesets_with_one_id_are_refused(tmp_path):
    from policylint.rulesets import load_rulesets

    clash = tmp_path / "clash.yaml"
    clash.write_text("id: core\ntitle: T\nversion: '1'\nrules:\n" + RULE.format(id="core-dated"))
    for refs in (["core", str(clash)], [str(clash), "core"]):  # the same error whatever the order
        with pytest.raises(RulesetError) as info:
            load_rulesets(refs)
        assert str(info.value).endswith(":1:5: ruleset id 'core' is already used by the built-in ruleset core; rename it")
        assert "clash.yaml" in str(info.value)
    (tmp_path / "b.yaml").write_text("id: t\ntitle: T\nversion: '1'\n")
    (tmp_path / "c.yaml").write_text("id: t\ntitle: T\nversion: '1'\n")
    with pytest.raises(RulesetError, match="c.yaml:1:5: ruleset id 't' is already used by .*b.yaml"):
        load_rulesets([str(tmp_path / "b.yaml"), str(tmp_path / "c.yaml")])


def test_a_ruleset_may_share_the_id_of_one_it_extends_or_imports(tmp_path):
    from policylint.rulesets import load_rulesets

    (tmp_path / "base.yaml").write_text("id: same\ntitle: B\nversion: '1'\nrules:\n" + RULE.format(id="a"))
    (tmp_path / "child.yaml").write_text("id: same\ntitle: C\nversion: '1'\nextends: base.yaml\nrules:\n" + RULE.format(id="b"))
    (tmp_path / "user.yaml").write_text("id: same\ntitle: U\nversion: '1'\nimports: [base.yaml]\n")
    loaded = load_rulesets([str(tmp_path / "base.yaml"), str(tmp_path / "child.yaml"), str(tmp_path / "user.yaml")])
    assert [rs.id for rs in loaded] == ["same", "same", "same"]
    assert len(load_rulesets(["core", "core"])) == 2  # one file named twice is not a clash


def test_validate_lists_every_error_in_a_file(tmp_path):
    from click.testing import CliRunner

    from policylint.cli import main

    (tmp_path / "many.yaml").write_text(
        HEADER + "rules:\n"
        "  - id: a\n    title: A\n    severity: fatal\n    message: m\n    check: {require: {terms: [x]}}\n"
        "  - id: b\n    title: B\n    severity: error\n    mesage: m\n    message: m\n    check: {require: {terms: [x]}}\n"
    )
    (tmp_path / "regex.yaml").write_text(
        HEADER + "rules:\n"
        "  - id: a\n    title: A\n    severity: error\n    message: m\n    check: {require: {regex: '(a+)+$'}}\n"
        "  - id: b\n    title: B\n    severity: error\n    message: m\n    check: {require: {regex: '(x)\\1'}}\n"
    )
    r = CliRunner().invoke(main, ["rulesets", "validate", str(tmp_path / "many.yaml"), str(tmp_path / "regex.yaml")])
    assert r.exit_code == 2
    lines = [ln for ln in r.output.splitlines() if ln.startswith("policylint: error:")]
    # A wrong value is reported at the value (column 15), an unknown key at the key.
    assert [ln.split(": ")[2].split(".yaml:")[1] for ln in lines] == ["7:15", "13:5", "9:23", "14:23"], lines
    assert "'fatal' is not one of" in lines[0] and "unknown key 'mesage'" in lines[1]
    assert "nested repetition" in lines[2] and "back-references" in lines[3]
    # check stops at the file's first error and says how many more there are.
    with pytest.raises(RulesetError, match=r"\(and 1 more error; see `policylint rulesets validate`\)"):
        RulesetLoader().load(str(tmp_path / "regex.yaml"))


def test_an_override_without_a_check_keeps_the_inherited_check(tmp_path):
    base = tmp_path / "base.yaml"
    base.write_text("id: base\ntitle: B\nversion: '1'\nrules:\n  - id: b-one\n    title: EU title\n    severity: warning\n"
                    "    message: m\n    references: [{citation: EU law}]\n    check: {require: {terms: [transfer]}}\n", encoding="utf-8")
    child = tmp_path / "child.yaml"
    child.write_text("id: child\ntitle: C\nversion: '1'\nextends: base.yaml\nrules:\n  - id: b-one\n    override: true\n"
                     "    title: UK title\n    references: [{citation: UK law}]\n", encoding="utf-8")
    rs = RulesetLoader().load(str(child))
    (rule,) = rs.rules
    assert (rule.title, rule.ruleset, rule.severity.value, rule.check) == ("UK title", "child", "warning", {"require": {"terms": ["transfer"]}})
    assert [r.citation for r in rule.references] == ["UK law"]
    from policylint.api import check_text

    (result,) = check_text("We transfer data abroad.", rulesets=[str(child)], path="p.md").results
    assert result.status.value == "passed" and result.rule.title == "UK title"
    child.write_text("id: child\ntitle: C\nversion: '1'\nextends: base.yaml\nrules:\n  - id: b-two\n    override: true\n"
                     "    title: T\n", encoding="utf-8")
    with pytest.raises(RulesetError, match="no inherited rule 'b-two'"):
        RulesetLoader().load(str(child))
    # `based_on`: a rule of its own id, from a parent rule this file may disable
    child.write_text("id: child\ntitle: C\nversion: '1'\nextends: base.yaml\ndisable: [b-one]\nrules:\n  - id: c-one\n"
                     "    based_on: b-one\n    title: UK title\n", encoding="utf-8")
    (rule,) = RulesetLoader().load(str(child)).rules
    assert (rule.id, rule.title, rule.check) == ("c-one", "UK title", {"require": {"terms": ["transfer"]}})
    # `based_on`: a rule of its own id, from a parent rule this file may disable
    child.write_text("id: child\ntitle: C\nversion: '1'\nextends: base.yaml\ndisable: [b-one]\nrules:\n  - id: c-one\n"
                     "    based_on: b-one\n    title: UK title\n", encoding="utf-8")
    (rule,) = RulesetLoader().load(str(child)).rules
    assert (rule.id, rule.title, rule.check) == ("c-one", "UK title", {"require": {"terms": ["transfer"]}})
    child.write_text("id: child\ntitle: C\nversion: '1'\nrules:\n  - id: c-one\n    title: T\n", encoding="utf-8")
    with pytest.raises(RulesetError, match="required"):  # without override, a rule needs all its fields
        RulesetLoader().load(str(child))
