"""Project configuration: ``.policylint.yaml`` or ``[tool.policylint]`` in ``pyproject.toml``.

The nearest file wins, found by walking up from the current directory (no merging of several
files); ``--config FILE`` names one explicitly. Command-line flags win over the file. Paths in the
file (rulesets, baseline, ``files`` globs) are relative to the file's folder. Errors name the
file, line and key, and the CLI exits 2.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policylint.config_finder import YAML_NAMES, find_config  # noqa: F401  (part of this module's API)
from policylint.yamlsource import SourceError

SEVERITIES = ("error", "warning", "info")
FAIL_ON = ("error", "warning", "info", "never")
KEYS = ("rulesets", "files", "exclude", "disable", "severity", "overrides", "fail_on", "as_of", "format", "baseline")
OVERRIDE_KEYS = ("files", "disable", "severity")


class ConfigError(SourceError):
    """A configuration problem (``str()`` is ``file:line:col: message``)."""


@dataclass(frozen=True)
class Override:
    """Rules to disable and severities to change for documents matching ``files`` globs."""

    files: tuple[str, ...]
    disable: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Config:
    """A loaded configuration; empty fields mean "not set" (the command's default applies)."""

    source: str | None = None
    root: Path = Path(".")
    rulesets: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    overrides: tuple[Override, ...] = ()
    fail_on: str | None = None
    as_of: dt.date | None = None
    format: str | None = None
    baseline: str | None = None

    def overrides_for(self, path: str) -> tuple[set[str], dict[str, str]]:
        """(rule patterns disabled, rule -> severity) for one document path."""
        disabled, severity = set(), {}
        rel = _relative(path, self.root)
        for ov in self.overrides:
            if any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(os.path.basename(path), g) for g in ov.files):
                disabled.update(ov.disable)
                severity.update(ov.severity)
        return disabled, severity

    def expand_files(self) -> list[str]:
        """The ``files`` globs, expanded from the config's folder (for ``check`` without paths)."""
        import glob

        found: list[str] = []
        for pattern in self.files:
            hits = sorted(glob.glob(str(self.root / pattern), recursive=True))
            found.extend(os.path.relpath(h) for h in hits if os.path.isfile(h))
        return list(dict.fromkeys(found))

    def lists(self, path: str) -> bool:
        """Whether the ``files`` globs name ``path``, as :meth:`expand_files` would, by name alone:
        the file need not exist (``policylint diff --git`` asks this of a deleted policy)."""
        target = Path(os.path.realpath(path)).parts
        return any(_glob_match(Path(os.path.normpath(self.root / p)).parts, target) for p in self.files)


def _glob_match(pattern: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    """``glob.glob(..., recursive=True)`` matching on path parts: ``**`` spans folders, and a
    wildcard never matches a hidden name unless the pattern part starts with a dot."""
    if not pattern:
        return not parts
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return any(_glob_match(rest, parts[i:]) for i in range(len(parts) + 1)
                   if not any(p.startswith(".") for p in parts[:i]))
    if not parts:
        return False
    if not re.search(r"[*?\[]", head):
        return os.path.normcase(head) == os.path.normcase(parts[0]) and _glob_match(rest, parts[1:])
    if parts[0].startswith(".") and not head.startswith("."):
        return False
    return fnmatch.fnmatch(parts[0], head) and _glob_match(rest, parts[1:])


def _relative(path: str, root: Path) -> str:
    try:
        return Path(os.path.relpath(os.path.abspath(path), root.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()


def load_config(path: str | Path) -> Config:
    """Read and validate one configuration file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), 1, 1, f"cannot read configuration: {getattr(exc, 'strerror', None) or exc}") from None
    if path.name == "pyproject.toml":
        data, locate = _from_pyproject(text, str(path))
    else:
        from policylint.yamlsource import load_yaml

        try:
            src = load_yaml(text, str(path))
        except SourceError as exc:
            raise ConfigError(exc.file, exc.line, exc.column, exc.message) from None
        data = src.data if src.data is not None else {}

        def locate(keys: tuple[Any, ...], value: bool = False) -> tuple[int, int]:
            return src.value_position(keys) if value else src.position(keys)

    return _validate(data, str(path), path.resolve().parent, locate)


def _from_pyproject(text: str, file: str) -> tuple[Any, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ModuleNotFoundError:
            raise ConfigError(file, 1, 1, "reading [tool.policylint] needs Python 3.11 or `pip install tomli`; or use .policylint.yaml") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        raise ConfigError(file, line, col, f"invalid TOML: {exc}") from None
    lines = text.splitlines()
    header = next((i for i, ln in enumerate(lines) if re.match(r"^\s*\[\s*tool\s*\.\s*policylint\s*\]", ln)), 0)

    def locate(keys: tuple[Any, ...], value: bool = False) -> tuple[int, int]:
        # tomllib keeps no positions: find the key's line in the [tool.policylint] table.
        name = next((k for k in reversed(keys) if isinstance(k, str)), None)
        if name is not None:
            for i in range(header, len(lines)):
                m = re.match(rf"^(\s*)[\"']?{re.escape(name)}[\"']?\s*=", lines[i])
                if m:
                    return i + 1, len(m.group(1)) + 1
        return header + 1, 1

    return data.get("tool", {}).get("policylint", {}), locate


def _validate(data: Any, file: str, root: Path, locate: Any) -> Config:
    def fail(keys: tuple[Any, ...], message: str) -> ConfigError:
        line, col = locate(keys)
        return ConfigError(file, line, col, message)

    if not isinstance(data, dict):
        raise fail((), "the configuration must be a mapping of keys (rulesets, files, exclude, ...)")
    for key in data:
        if key not in KEYS:
            raise fail((key,), f"unknown key {key!r}; known keys: {', '.join(KEYS)}")

    def strings(keys: tuple[Any, ...], value: Any) -> tuple[str, ...]:
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(keys, f"key {keys[-1]!r}: expected a list of strings")
        return tuple(value)

    def severities(keys: tuple[Any, ...], value: Any) -> dict[str, str]:
        if not isinstance(value, dict):
            raise fail(keys, f"key {keys[-1]!r}: expected a mapping of rule id to severity ({', '.join(SEVERITIES)})")
        for rule, sev in value.items():
            if sev not in SEVERITIES:
                raise fail(keys + (rule,), f"key {keys[-1]!r}: severity of {rule!r} must be one of {', '.join(SEVERITIES)}, not {sev!r}")
        return {str(k): str(v) for k, v in value.items()}

    kw: dict[str, Any] = {"source": file, "root": root}
    if "rulesets" in data:
        refs = strings(("rulesets",), data["rulesets"])
        kw["rulesets"] = tuple(_ruleset_ref(r, root) for r in refs)
        for i, (given, ref) in enumerate(zip(refs, kw["rulesets"])):
            # Checked here so the error points at this file's entry, not at the missing name.
            if not _ruleset_exists(ref):
                from policylint.resources import builtin_rulesets

                keys = ("rulesets", i) if isinstance(data["rulesets"], list) else ("rulesets",)
                line, col = locate(keys, value=True)
                raise ConfigError(file, line, col, f"key 'rulesets': ruleset {given!r} not found: give a file path "
                                  f"(relative to this file) or a built-in name ({', '.join(sorted(builtin_rulesets()))})")
    for key in ("files", "exclude", "disable"):
        if key in data:
            kw[key] = strings((key,), data[key])
    if "severity" in data:
        kw["severity"] = severities(("severity",), data["severity"])
    if "overrides" in data:
        if not isinstance(data["overrides"], list):
            raise fail(("overrides",), "key 'overrides': expected a list of {files, disable, severity}")
        overrides = []
        for i, ov in enumerate(data["overrides"]):
            keys = ("overrides", i)
            if not isinstance(ov, dict) or "files" not in ov:
                raise fail(keys, f"key 'overrides' item {i + 1}: expected a mapping with 'files' globs")
            for k in ov:
                if k not in OVERRIDE_KEYS:
                    raise fail(keys + (k,), f"unknown key {k!r} in overrides; known keys: {', '.join(OVERRIDE_KEYS)}")
            overrides.append(Override(
                strings(keys + ("files",), ov["files"]),
                strings(keys + ("disable",), ov.get("disable", [])),
                severities(keys + ("severity",), ov.get("severity", {})),
            ))
        kw["overrides"] = tuple(overrides)
    if "fail_on" in data:
        if data["fail_on"] not in FAIL_ON:
            raise fail(("fail_on",), f"key 'fail_on': must be one of {', '.join(FAIL_ON)}, not {data['fail_on']!r}")
        kw["fail_on"] = data["fail_on"]
    if "as_of" in data:
        value = data["as_of"]
        if isinstance(value, dt.datetime):
            value = value.date()
        if not isinstance(value, dt.date):
            try:
                value = dt.date.fromisoformat(str(value))
            except ValueError:
                raise fail(("as_of",), f"key 'as_of': {data['as_of']!r} is not a date; use YYYY-MM-DD") from None
        kw["as_of"] = value
    if "format" in data:
        from policylint.reports import FORMATS

        if data["format"] not in FORMATS:
            raise fail(("format",), f"key 'format': must be one of {', '.join(FORMATS)}, not {data['format']!r}")
        kw["format"] = data["format"]
    if "baseline" in data:
        if not isinstance(data["baseline"], str):
            raise fail(("baseline",), "key 'baseline': expected a file path")
        kw["baseline"] = os.path.relpath(root / data["baseline"])
    return Config(**kw)


def _ruleset_exists(ref: str) -> bool:
    """Whether the ruleset loader will find ``ref`` (a built-in name, or a file, ``.yaml`` optional)."""
    from policylint.resources import builtin_rulesets

    path = Path(ref)
    return ref in builtin_rulesets() or path.is_file() or (path.suffix == "" and path.with_suffix(".yaml").is_file())


def _ruleset_ref(ref: str, root: Path) -> str:
    """Built-in names stay names; relative paths are taken from the config file's folder."""
    if os.path.isabs(ref) or not (ref.endswith((".yaml", ".yml")) or "/" in ref or os.sep in ref):
        return ref
    return os.path.relpath(root / ref)


def apply_to_results(config: Config, reports: list[Any]) -> None:
    """Drop disabled rules and set severity overrides, per document (a filter stage)."""
    import dataclasses

    for rep in reports:
        disabled, per_path = config.overrides_for(rep.path)
        disabled |= set(config.disable)
        severity = {**config.severity, **per_path}
        if not disabled and not severity:
            continue
        kept = []
        for r in rep.results:
            if any(fnmatch.fnmatchcase(r.rule.id, p) for p in disabled):
                continue
            sev = next((s for p, s in reversed(list(severity.items())) if fnmatch.fnmatchcase(r.rule.id, p)), None)
            if sev is not None:
                from policylint.model import Severity

                r = dataclasses.replace(r, severity=Severity(sev))
            kept.append(r)
        rep.results[:] = kept


def merge_options(config: Config, params: dict[str, Any], given: set[str], expand: bool = True) -> dict[str, Any]:
    """The command's options with the file's values filled in where no flag was given.

    ``params`` are the command's parameters by name, ``given`` the names set on the command
    line. Flags win; ``exclude`` globs add up; paths default to the file's ``files`` globs
    (unless ``expand`` is false: ``diff`` matches changed names with :meth:`Config.lists`).
    """
    out = dict(params)
    if "rulesets" not in given and config.rulesets:
        out["rulesets"] = config.rulesets
    if "fmt" not in given and config.format:
        out["fmt"] = config.format
    if "fail_on" not in given and config.fail_on:
        out["fail_on"] = config.fail_on
    if "as_of" not in given and config.as_of:
        out["as_of"] = config.as_of.isoformat()
    if "baseline" not in given and config.baseline:
        out["baseline"] = config.baseline
    out["exclude"] = tuple(config.exclude) + tuple(params.get("exclude") or ())
    if expand and not params.get("paths") and config.files:
        out["paths"] = tuple(config.expand_files())
    return out
