"""Find the configuration file in effect, without loading it.

Kept apart from :mod:`policylint.config` because every ``check`` looks for a file while most
runs have none: finding one must not import the YAML parser.
"""

from __future__ import annotations

import re
from pathlib import Path

YAML_NAMES = (".policylint.yaml", ".policylint.yml")
_PYPROJECT_TABLE = re.compile(r"^\s*\[\s*tool\s*\.\s*policylint\s*[\].]", re.M)


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``.policylint.yaml`` or ``pyproject.toml`` with ``[tool.policylint]``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in YAML_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        py = folder / "pyproject.toml"
        if py.is_file():
            try:
                text = py.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if _PYPROJECT_TABLE.search(text):
                return py
    return None
