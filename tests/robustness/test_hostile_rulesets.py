"""Broken and hostile rulesets: a one-line ``file:line:col: message`` and exit 2, never a
traceback; YAML is loaded safely and nothing in a ruleset runs code or reads other files."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from policylint.rulesets import RulesetError, RulesetLoader
from tests.robustness.conftest import cli, error_lines

HEADER = 'id: mine\ntitle: Mine\nversion: "1"\n'
RULE = """  - id: mine-contact
    title: Contact
    severity: error
    message: No contact.
    check:
      require: {terms: [email]}
"""
POSITION = re.compile(r"^policylint: error: (?P<file>[^\n]*?):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def _validate(path: Path) -> tuple[int, int, str]:
    r = cli("rulesets", "validate", str(path))
    assert r.exit_code == 2, r.output
    errors = error_lines(r)
    assert len(errors) == 1, r.stderr
    m = POSITION.match(errors[0])
    assert m, errors[0]
    assert "Traceback" not in r.output
    return int(m["line"]), int(m["col"]), m["msg"]


CASES = {
    # name: (ruleset text, expected line, expected message fragment)
    "malformed-yaml": (HEADER + "rules:\n  - id: [unclosed\n", 6, "invalid YAML"),  # at the end of the stream
    "tab-indentation": (HEADER + "rules:\n\t- id: x\n", 5, "invalid YAML"),
    "control-character": (HEADER + "rules: []\nx: \"a\x00b\"\n", 5, "not allowed in YAML"),
    "not-a-mapping": ("- just\n- a list\n", 1, "must be a mapping"),
    "schema-violation": (HEADER + "rules:\n" + RULE.replace("severity: error", "severity: fatal"), 7, "severity"),
    "unknown-key": (HEADER + "rules:\n" + RULE.replace("    message:", "    mesage: typo\n    message:"), 8, "unknown key 'mesage'"),
    "duplicate-id": (HEADER + "rules:\n" + RULE + RULE, 11, "duplicate rule id 'mine-contact'"),
    "duplicate-key": (HEADER + "title: Again\nrules: []\n", 4, "duplicate key 'title'"),
    "wrong-type-in-check": (HEADER + "rules:\n" + RULE.replace("{terms: [email]}", "{terms: [email], near: {terms: [x], within: '8&'}}"), 10, "not of type 'integer'"),
    "bad-regex": (HEADER + "rules:\n" + RULE.replace("{terms: [email]}", "{regex: 'a(b'}"), 10, "invalid regular expression"),
    "catastrophic-regex": (HEADER + "rules:\n" + RULE.replace("{terms: [email]}", "{regex: '(a+)+$'}"), 10, "catastrophic backtracking"),
    "python-tag": (HEADER + "rules: !!python/object/apply:os.system ['echo pwned > /tmp/policylint-pwned']\n", 4, "invalid YAML"),
    "python-name": (HEADER + "rules: !!python/name:os.system\n", 4, "invalid YAML"),
    "deep-nesting": (HEADER + "rules: " + "[" * 5000 + "]" * 5000 + "\n", 1, "nested too deeply"),
    "alias-bomb": (HEADER + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9) if p else ', '.join(['x'] * 9)}]\n"
        for p, c in zip(["", "a", "b", "c", "d", "e", "f", "g"], "abcdefgh")) + "rules: []\n", None, "expands to more than"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_ruleset_gives_one_positioned_line(tmp_path: Path, name: str) -> None:
    text, line, fragment = CASES[name]
    path = _write(tmp_path, f"{name}.yaml", text)
    start = time.perf_counter()
    got_line, col, msg = _validate(path)
    assert time.perf_counter() - start < 10
    assert fragment in msg
    if line is not None:
        assert got_line == line, msg
    assert col >= 1
    assert not Path("/tmp/policylint-pwned").exists()


def test_broken_ruleset_in_check_exits_2_before_reading_documents(tmp_path: Path, good_file: Path) -> None:
    path = _write(tmp_path, "bad.yaml", CASES["catastrophic-regex"][0])
    start = time.perf_counter()
    r = cli("check", str(good_file), "-r", str(path))
    assert time.perf_counter() - start < 10
    assert r.exit_code == 2
    errors = error_lines(r)
    assert len(errors) == 1 and f"{path.name}:10:" in errors[0] or ":10:" in errors[0], r.stderr


def test_cyclic_extends(tmp_path: Path) -> None:
    a = _write(tmp_path, "a.yaml", HEADER.replace("mine", "a") + "extends: b.yaml\nrules: []\n")
    _write(tmp_path, "b.yaml", HEADER.replace("mine", "b") + "extends: a.yaml\nrules: []\n")
    with pytest.raises(RulesetError, match="cyclic extends"):
        RulesetLoader().load(str(a))
    _validate(a)


def test_self_extends(tmp_path: Path) -> None:
    a = _write(tmp_path, "a.yaml", HEADER + "extends: a.yaml\nrules: []\n")
    _, _, msg = _validate(a)
    assert "cyclic extends" in msg


def test_missing_extends_names_the_key(tmp_path: Path) -> None:
    a = _write(tmp_path, "a.yaml", HEADER + "extends: [core, nowhere.yaml]\nrules: []\n")
    line, col, msg = _validate(a)
    assert (line, "not found" in msg) == (4, True)
    assert col > 1


@pytest.mark.parametrize("target", ["../outside.yaml", "/etc/passwd", "../../../../../../etc/hostname"])
def test_extends_outside_allowed_roots(tmp_path: Path, target: str) -> None:
    _write(tmp_path, "outside.yaml", HEADER.replace("mine", "out") + "rules: []\n")
    a = _write(tmp_path, "rules/a.yaml", HEADER + f"extends: {target!r}\nrules: []\n")
    line, col, msg = _validate(a)
    assert line == 4
    assert "outside the allowed" in msg or "not found" in msg


def test_extends_through_symlink_out_of_root_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "secret/outside.yaml", HEADER.replace("mine", "out") + "rules: []\n")
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "link.yaml").symlink_to(tmp_path / "secret" / "outside.yaml")
    a = _write(tmp_path, "rules/a.yaml", HEADER + "extends: link.yaml\nrules: []\n")
    _, _, msg = _validate(a)
    assert "outside the allowed" in msg


def test_ruleset_that_is_not_utf8_or_is_binary(tmp_path: Path) -> None:
    p = tmp_path / "bin.yaml"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    _, _, msg = _validate(p)
    assert "UTF-8" in msg


def test_ruleset_that_is_a_directory_or_missing(tmp_path: Path) -> None:
    r = cli("rulesets", "validate", str(tmp_path), str(tmp_path / "missing.yaml"))
    assert r.exit_code == 2
    assert len(error_lines(r)) == 2 and "Traceback" not in r.output
