"""Drive the check: compile rules once, then evaluate every rule on every document.

``check_document`` is the per-document function that the local runner, ``--jobs`` workers and
distributed engines all call; it never raises for a bad document or a failing rule.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from policylint.checks import Check, CheckError, Context, new_compiler
from policylint.documents import LoadError, load_bytes, load_path
from policylint.matching import PatternTable
from policylint.model import Document, DocumentReport, Evidence, Result, Rule, Ruleset, Status

if TYPE_CHECKING:  # pragma: no cover
    from policylint.rulesets import RulesetLoader

MAX_EVIDENCE_CHARS = 600


@dataclass
class CompiledRule:
    rule: Rule
    check: Check


@dataclass
class CompiledRules:
    """Every active rule compiled against one shared pattern table."""

    rules: list[CompiledRule]
    table: PatternTable
    rulesets: list[Ruleset]


def compile_rules(rulesets: Iterable[Ruleset], loader: RulesetLoader | None = None) -> CompiledRules:
    """Compile the checks of every rule in ``rulesets`` (a rule reached twice is kept once).

    With the ``loader`` that loaded them, the checks it already compiled are reused.
    """
    rulesets = list(rulesets)
    compiler = loader.compiler if loader is not None else new_compiler()
    precompiled = loader.compiled if loader is not None else {}
    compiled: list[CompiledRule] = []
    seen: set[str] = set()
    for rs in rulesets:
        for rule in rs.rules:
            if rule.id in seen:
                continue
            seen.add(rule.id)
            check = precompiled.get(id(rule))
            if check is not None:
                compiled.append(CompiledRule(rule, check))
                continue
            try:
                check = compiler.check(rule.check, ())
            except CheckError as exc:
                raise ValueError(f"{rule.source}: rule {rule.id}: {exc.message}") from None
            compiled.append(CompiledRule(rule, check))
    return CompiledRules(compiled, compiler.table, rulesets)


def check_document(doc: Document, rules: CompiledRules, as_of: dt.date | None = None) -> DocumentReport:
    """Evaluate every rule on ``doc``. A rule that raises gives an ``error`` result, not a crash."""
    ctx = Context(doc=doc, scan=rules.table.scan(doc.text), as_of=as_of or dt.date.today())
    report = DocumentReport(path=doc.path, format=doc.format, sha256=doc.metadata.get("sha256"))
    evidence_of = _EvidenceCache(doc)
    for cr in rules.rules:
        try:
            out = cr.check.evaluate(ctx)
        except Exception as exc:  # noqa: BLE001 - a broken rule must not stop the run
            report.results.append(Result(cr.rule, Status.ERROR, detail=f"internal error: {type(exc).__name__}: {exc}"))
            continue
        evidence = tuple(map(evidence_of, out.spans)) if out.spans else ()
        trigger = tuple(map(evidence_of, out.trigger)) if out.trigger else ()
        report.results.append(Result(cr.rule, out.status, evidence, out.detail, trigger=trigger))
    code = doc.metadata.get("page_code")
    if code:
        n = code["paragraphs"]
        report.notices.append(
            f"line {code['first_line']}: {n} paragraph{'s' if n > 1 else ''} of page code (script, style sheet or JSON) "
            "left out of the policy text"
        )
    if doc.directives or "front_matter" in doc.metadata:
        from policylint.suppressions import apply_suppressions  # filter stage: inline suppressions

        apply_suppressions(doc, report, (cr.rule.id for cr in rules.rules))
    return report


class _EvidenceCache:
    """Evidence for spans of one document. Rules cite the same sentences again and again, so
    each span, and each sentence's text and section path, is rendered once (Evidence is frozen,
    so results can share it)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.spans: dict[tuple[int, int], Evidence] = {}
        self.sentences: dict[tuple[int, int], tuple[str, str | None]] = {}

    def __call__(self, span: tuple[int, int]) -> Evidence:
        found = self.spans.get(span)
        if found is None:
            doc = self.doc
            start, end = span
            sent = doc.sentence_at(start)
            if sent is None:
                text, section = _sentence_text(doc, start, end), None
            else:
                cached = self.sentences.get((sent.start, sent.end))
                if cached is None:
                    cached = self.sentences[sent.start, sent.end] = (_sentence_text(doc, sent.start, sent.end), _section_path(doc, sent.section))
                text, section = cached
            found = self.spans[span] = Evidence(doc.path, doc.location(start, end), text, section, _visible(doc.text[start:end]))
        return found


def _evidence(doc: Document, span: tuple[int, int]) -> Evidence:
    """The evidence for one span: its sentence (whitespace collapsed, clipped) and location."""
    return _EvidenceCache(doc)(span)


def _sentence_text(doc: Document, lo: int, hi: int) -> str:
    text = _visible(" ".join(doc.text[lo:hi].split()))
    if len(text) > MAX_EVIDENCE_CHARS:
        text = text[: MAX_EVIDENCE_CHARS - 1] + "…"
    return text


def _section_path(doc: Document, section: int | None) -> str | None:
    return None if section is None else _visible(" > ".join(doc.section_path(section)))


# C0/C1 controls, DEL and bidirectional overrides from a policy must not reach a terminal or CI
# log as they are (colour/cursor escapes, "Trojan source" reordering): each becomes U+FFFD.
_INVISIBLE = {c: "\ufffd" for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0),
                                     *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


_INVISIBLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # the keys above


def _visible(text: str) -> str:
    # Most text has none: one search is cheaper than translating every character.
    return text if _INVISIBLE_RE.search(text) is None else text.translate(_INVISIBLE)


def check_file(path: str, rules: CompiledRules, as_of: dt.date | None = None, data: bytes | None = None) -> DocumentReport:
    """Load and check one file (or ``data`` read from stdin); load errors become the report's error."""
    try:
        doc = load_bytes(data, path) if data is not None else load_path(path)
    except LoadError as exc:
        return DocumentReport(path=path, error=str(exc))
    except RecursionError:
        return DocumentReport(path=path, error="document is nested too deeply to parse")
    except MemoryError:
        return DocumentReport(path=path, error="document is too large to load in memory")
    except Exception as exc:  # noqa: BLE001 - a loader bug must cost one file, not the whole run
        return DocumentReport(path=path, error=f"internal error while reading the document ({type(exc).__name__}: {exc}); please report it")
    return check_document(doc, rules, as_of)


def check_files(paths: Iterable[str], rules: CompiledRules, as_of: dt.date | None = None) -> Iterator[DocumentReport]:
    """Check files one after the other, in order."""
    for path in paths:
        yield check_file(path, rules, as_of)
