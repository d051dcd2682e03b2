"""No ruleset, configuration or template field can run code or read files the user did not
name: YAML is loaded with safe loaders only and templates run in Jinja's sandbox."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.robustness.conftest import cli, error_lines

PAYLOAD = '!!python/object/apply:os.system ["touch {marker}"]'


def test_no_unsafe_yaml_loader_anywhere_in_the_package() -> None:
    unsafe = {"load", "load_all", "full_load", "full_load_all", "unsafe_load", "unsafe_load_all"}
    offenders = []
    for path in (ROOT / "policylint").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "yaml":
                if node.attr in unsafe or node.attr in ("Loader", "FullLoader", "UnsafeLoader", "UnsafeConstructor"):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: yaml.{node.attr}")
    assert not offenders, offenders


def test_python_tags_in_a_config_file_are_refused(tmp_path: Path, good_file: Path) -> None:
    marker = tmp_path / "pwned"
    config = tmp_path / "policylint.yaml"
    config.write_text(f"rulesets: {PAYLOAD.format(marker=marker)}\n", encoding="utf-8")
    r = invoke_with_config(["check", "--config", str(config), str(good_file)])
    assert r.exit_code == 2
    assert "policylint.yaml:1:" in r.stderr
    assert not marker.exists()


def test_python_tags_in_front_matter_are_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    policy = tmp_path / "p.md"
    policy.write_text(f"---\nx: {PAYLOAD.format(marker=marker)}\n---\n# Privacy\n\nWe use cookies.\n", encoding="utf-8")
    r = cli("check", str(policy))
    assert r.exit_code in (0, 1)
    assert not marker.exists()


@pytest.mark.parametrize("body, why", [
    ('{{ "".__class__.__mro__[1].__subclasses__() }}', "unsafe"),
    ("{{ self.__init__.__globals__ }}", "unsafe"),
    ('{% include "../../../../../../../../etc/passwd" %}', "passwd"),
    ('{% include "/etc/passwd" %}', "not found"),
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "unsafe"),
])
def test_templates_cannot_escape_the_sandbox(tmp_path: Path, good_file: Path, body: str, why: str) -> None:
    tpl = tmp_path / "evil.txt.j2"
    tpl.write_text(body, encoding="utf-8")
    r = cli("check", str(good_file), "--template", str(tpl))
    assert r.exit_code == 2
    (line,) = error_lines(r)
    assert "evil.txt.j2" in line and why in line
    assert "root:" not in r.stdout and "uid=" not in r.stdout


def invoke_with_config(argv: list[str]):
    """Like `cli`, but without adding --no-config (this test passes --config)."""
    from click.testing import CliRunner

    from policylint.cli import main

    return CliRunner().invoke(main, argv)
