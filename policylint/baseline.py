"""Baselines: accept today's findings and fail only on new ones.

A baseline is a JSON file of (document, rule) pairs that failed when it was written. Entries match
by rule and document path, not by line, so they survive unrelated edits to the policy; a rule
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


def _key_path(path: str) -> str:
    """Documents are named by their path relative to the working directory, with forward slashes."""
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        path = path if rel.startswith("..") else rel
    return Path(os.path.normpath(path)).as_posix()


def failures(reports: Iterable[DocumentReport]) -> list[dict[str, str]]:
    """The baseline entries for ``reports``: every failed result not suppressed inline."""
    entries = []
    for rep in reports:
        for r in rep.results:
            if r.status is Status.FAILED and not (r.suppressed and not r.suppressed.startswith("baseline")):
                entries.append({"path": _key_path(rep.path), "rule": r.rule.id, "message": r.rule.message})
    return sorted(entries, key=lambda e: (e["path"], e["rule"]))


def baseline_json(entries: list[dict[str, str]]) -> str:
    """The baseline file's text for ``entries`` (from :func:`failures`)."""
    return json.dumps({"policylint_baseline": BASELINE_VERSION, "entries": entries}, indent=2, ensure_ascii=False) + "\n"


def write_baseline(file: str, reports: Iterable[DocumentReport]) -> int:
    """Write the baseline (replacing the old one only once written); return the number of entries."""
    from policylint.outputs import AtomicFile

    entries = failures(reports)
    try:
        out = AtomicFile(file)
        try:
            out.write(baseline_json(entries))
            out.commit()
        finally:
            out.abort()
    except OSError as exc:
        raise BaselineError(f"cannot write baseline {file}: {exc.strerror or exc}") from None
    return len(entries)


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
    pairs = set()
    for e in data["entries"]:
        if isinstance(e, dict) and isinstance(e.get("path"), str) and isinstance(e.get("rule"), str):
            pairs.add((_key_path(e["path"]), e["rule"]))
    return pairs


def apply_baseline(reports: Iterable[DocumentReport], accepted: set[tuple[str, str]], file: str) -> None:
    """Mark baselined failures as suppressed; note entries that no longer fail."""
    for rep in reports:
        path = _key_path(rep.path)
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
