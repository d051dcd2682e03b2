"""Find the built-in rulesets and templates, in an installed wheel or a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """``rulesets`` or ``templates``: inside the package (wheel) or beside it (checkout)."""
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    beside = _PACKAGE.parent / name
    if beside.is_dir():
        return beside
    raise FileNotFoundError(f"policylint's built-in {name} are missing from {_PACKAGE}; reinstall policylint")


def builtin_rulesets() -> dict[str, Path]:
    """Built-in ruleset names mapped to their files."""
    return {p.stem: p for p in sorted(data_dir("rulesets").glob("*.yaml"))}


def schema_path() -> Path:
    return _PACKAGE / "schema" / "ruleset.schema.json"
