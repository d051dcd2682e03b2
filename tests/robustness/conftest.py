"""Helpers for the robustness suite: run the CLI in-process and write hostile files."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from policylint.cli import main

GOOD_POLICY = (
    "# Privacy Policy\n\nLast updated: January 5, 2026.\n\n## Cookies\n\n"
    "We use cookies. You can set your browser to refuse cookies.\n\n## Contact\n\n"
    "Questions? Email privacy@example.com.\n"
)


@lru_cache(maxsize=1)
def core_rules():
    """The built-in core rules, compiled once for the whole suite."""
    from policylint.api import compile_builtin

    return compile_builtin()


def cli(*args: str, input: bytes | None = None):
    """Invoke ``policylint`` in-process without configuration files."""
    argv = list(args)
    if argv and argv[0] == "check" and "--no-config" not in argv:
        argv.insert(1, "--no-config")
    return CliRunner().invoke(main, argv, input=input)


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("policylint: error:")]


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    p = tmp_path / "good.md"
    p.write_text(GOOD_POLICY, encoding="utf-8")
    return p
