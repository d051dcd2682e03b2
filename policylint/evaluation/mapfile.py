"""The map file of ``policylint eval``: which label column is scored against which rules.

A map is YAML::

    corpus: OPP-115                 # a name for the reports
    rulesets: [core]                # built-in names or files (relative to the map); default [core]
    documents: "{policy}.html"      # the file in CORPUS_DIR for a labels row ({column} is filled in)
    id_column: policy               # the labels column that names the document (default: policy)
    segments:                       # only used when --segments is given
      line_offset: 4                # segment N stands alone on line N + line_offset
      min_annotators: 1             # a segment carries a label when this many annotators gave it
    practices:
      contact_info:                 # a practice name (reported as such)
        column: contact_info        # label column(s), 1 = stated; several = any (default: the name)
        rules: [core-contact-address]  # default: every rule tagged with the practice
        positive: [passed]          # statuses that count as "stated" (default [passed])
        segments: ["Other|Other Type|Privacy contact information"]

``segments`` lists the annotations that make a segment right evidence for the practice: each
item is a glob over the segment's category and ``Category|Attribute|Value`` keys, or a list of
globs that must all match; any item may match.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

STATUSES = ("passed", "failed", "not_applicable")


class MapError(ValueError):
    """The map file is unusable; the message names the file and the key."""


@dataclass(frozen=True)
class PracticeMap:
    """How one practice is scored."""

    name: str
    columns: tuple[str, ...]
    rules: tuple[str, ...] = ()  # empty: rules tagged with the practice
    positive: tuple[str, ...] = ("passed",)
    segments: tuple[tuple[str, ...], ...] = ()  # alternatives of all-of glob lists


@dataclass(frozen=True)
class EvalMap:
    """A parsed map file."""

    path: str
    corpus: str
    rulesets: tuple[str, ...]
    documents: str
    id_column: str
    practices: tuple[PracticeMap, ...]
    line_offset: int = 0
    min_annotators: int = 1


def load_map(path: str) -> EvalMap:
    """Read and check a map file; raises :class:`MapError` naming the file and the bad key."""
    from policylint.yamlsource import SourceError, load_yaml

    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except UnicodeDecodeError:
        raise MapError(f"{path}: map file is not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise MapError(f"{path}: cannot read map file: {exc.strerror or exc}") from None
    try:
        # The positioned loader: an impossible date or bad tag is an error at its line, not a crash.
        data = load_yaml(text, path).data
    except SourceError as exc:
        message = exc.message.replace("invalid YAML: ", "not valid YAML: ", 1)
        raise MapError(f"{exc.file}:{exc.line}:{exc.column}: {message}") from None
    if not isinstance(data, dict) or not isinstance(data.get("practices"), dict) or not data["practices"]:
        raise MapError(f"{path}: a map needs a `practices` mapping (practice name -> column, rules, segments)")
    base = Path(path).resolve().parent
    rulesets = tuple(_ruleset_ref(str(r), base) for r in _strings(data.get("rulesets", ["core"]), path, "rulesets"))
    practices = tuple(_practice(str(name), spec, path) for name, spec in data["practices"].items())
    seg = data.get("segments") or {}
    if not isinstance(seg, dict):
        raise MapError(f"{path}: `segments` must be a mapping with line_offset and min_annotators")
    try:
        line_offset, min_annotators = int(seg.get("line_offset", 0)), int(seg.get("min_annotators", 1))
    except (TypeError, ValueError):
        raise MapError(f"{path}: segments.line_offset and segments.min_annotators must be integers") from None
    return EvalMap(
        path=path,
        corpus=str(data.get("corpus", Path(path).stem)),
        rulesets=rulesets,
        documents=str(data.get("documents", "{policy}")),
        id_column=str(data.get("id_column", "policy")),
        practices=practices,
        line_offset=line_offset,
        min_annotators=min_annotators,
    )


def _ruleset_ref(ref: str, base: Path) -> str:
    # A file next to the map is found relative to the map; anything else is a built-in name.
    candidate = base / ref
    return str(candidate) if ("/" in ref or ref.endswith((".yaml", ".yml"))) and candidate.exists() else ref


def _strings(value: Any, path: str, key: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return [str(v) for v in value]
    raise MapError(f"{path}: `{key}` must be a string or a list of strings")


def _practice(name: str, spec: Any, path: str) -> PracticeMap:
    spec = spec or {}
    if not isinstance(spec, dict):
        raise MapError(f"{path}: practices.{name} must be a mapping (column, rules, positive, segments)")
    unknown = sorted(set(spec) - {"column", "rules", "positive", "segments", "note"})
    if unknown:
        raise MapError(f"{path}: practices.{name}: unknown key {unknown[0]!r} (allowed: column, rules, positive, segments, note)")
    where = f"practices.{name}"
    positive = tuple(_strings(spec.get("positive", ["passed"]), path, f"{where}.positive"))
    bad = [p for p in positive if p not in STATUSES]
    if bad:
        raise MapError(f"{path}: {where}.positive: {bad[0]!r} is not one of {', '.join(STATUSES)}")
    segs: list[tuple[str, ...]] = []
    for item in spec.get("segments") or []:
        segs.append(tuple(_strings(item, path, f"{where}.segments")))
    return PracticeMap(
        name=name,
        columns=tuple(_strings(spec.get("column", name), path, f"{where}.column")),
        rules=tuple(_strings(spec.get("rules", []), path, f"{where}.rules")),
        positive=positive,
        segments=tuple(segs),
    )
