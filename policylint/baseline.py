"""Baselines: accept today's findings and fail only on new ones.

A baseline is a JSON file of (document, rule) pairs that failed when it was written. Entries match
by rule and document path (relative to the baseline file, so any working directory will do), not
by line, so they survive unrelated edits to the policy; a rule
that starts failing in a document not in the baseline is new and counts as usual. Entries that
no longer fail are reported as notices so the baseline can be refreshed.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable
from pathlib import Path

from policylint.model import DocumentReport, Status

BASELINE_VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be read or is not a policylint baseline."""


# Entry paths are relative to the baseline file's folder, so that a run from any folder (a
# subfolder, a CI job's root) matches them; files written before this marker hold paths relative
# to the working directory of the run that wrote them.
RELATIVE_TO_FILE = "relative to this file"


def _is_url(path: str) -> bool:
    return "://" in path


def _key(path: str) -> str:
    """A document's identity for matching: its absolute normalised path (URLs as they are)."""
    return path if _is_url(path) else os.path.normpath(os.path.abspath(path))


def _entry_path(path: str, base: str) -> str:
    """How an entry names a document: relative to ``base`` with forward slashes (absolute when it
    is on another drive, as it may be on Windows)."""
    if _is_url(path):
        return path
    try:
        return Path(os.path.relpath(os.path.abspath(path), base)).as_posix()
    except ValueError:
        return Path(os.path.abspath(path)).as_posix()


def failures(reports: Iterable[DocumentReport], base: str | None = None) -> list[dict[str, str]]:
    """The baseline entries for ``reports``: every failed result not suppressed inline, with paths
    relative to ``base`` (default: the working directory)."""
    base = base or os.getcwd()
    entries = []
    for rep in reports:
        for r in rep.results:
            if r.status is Status.FAILED and not (r.suppressed and not r.suppressed.startswith("baseline")):
                entries.append({"path": _entry_path(rep.path, base), "rule": r.rule.id, "message": r.rule.message})
    return sorted(entries, key=lambda e: (e["path"], e["rule"]))


def baseline_json(entries: list[dict[str, str]]) -> str:
    """The baseline file's text for ``entries`` (from :func:`failures`, relative to the file's folder)."""
    data = {"policylint_baseline": BASELINE_VERSION, "paths": RELATIVE_TO_FILE, "entries": entries}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def baseline_dir(file: str) -> str:
    """The folder a baseline file's entry paths are relative to."""
    return os.path.dirname(os.path.abspath(file))


def accepted(entries: list[dict[str, str]], base: str) -> set[tuple[str, str]]:
    """The (document, rule) pairs that :func:`apply_baseline` matches, for entries relative to ``base``."""
    return {(e["path"] if _is_url(e["path"]) else _key(os.path.join(base, e["path"])), e["rule"]) for e in entries}


def load_baseline(file: str) -> set[tuple[str, str]]:
    """The (path, rule) pairs of a baseline file."""
    try:
        with open(file, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {file}: {exc.strerror or exc}; create it with --write-baseline") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{file}: not a policylint baseline (invalid JSON: {exc}); recreate it with --write-baseline") from None
    if not isinstance(data, dict) or data.get("policylint_baseline") != BASELINE_VERSION or not isinstance(data.get("entries"), list):
        raise BaselineError(f"{file}: not a policylint baseline (version {BASELINE_VERSION}); recreate it with --write-baseline")
    base = baseline_dir(file) if data.get("paths") == RELATIVE_TO_FILE else os.getcwd()
    entries = [e for e in data["entries"] if isinstance(e, dict) and isinstance(e.get("path"), str) and isinstance(e.get("rule"), str)]
    return accepted(entries, base)


def apply_baseline(reports: Iterable[DocumentReport], accepted: set[tuple[str, str]], file: str) -> None:
    """Mark baselined failures as suppressed; note entries that no longer fail."""
    for rep in reports:
        path = _key(rep.path)
        failing: set[str] = set()
        for i, r in enumerate(rep.results):
            if r.status is not Status.FAILED:
                continue
            failing.add(r.rule.id)
            if not r.suppressed and (path, r.rule.id) in accepted:
                rep.results[i] = dataclasses.replace(r, suppressed=f"baseline {file}")
        if rep.error:
            continue
        active = {r.rule.id for r in rep.results}
        for p, rule in sorted(accepted):
            if p == path and rule in active and rule not in failing:
                rep.notices.append(f"{rule} no longer fails; refresh the baseline with --write-baseline {file}")
