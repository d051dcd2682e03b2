"""The data model every stage shares: documents in, rules, results out.

Offsets are character offsets into :attr:`Document.text` (the extracted plain text). Each document
keeps a source map from text offsets back to source line and column, so nothing is ever re-found
in the source after conversion.
"""

from __future__ import annotations

import enum
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any


class Severity(str, enum.Enum):
    """How much a failed rule matters; ordered error > warning > info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 1, "warning": 2, "error": 3}[self.value]


class Status(str, enum.Enum):
    """The outcome of one rule on one document."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"
    ERROR = "error"


@dataclass(frozen=True)
class Location:
    """A 1-based line/column range in the source file (``page`` set for paged formats)."""

    line: int
    column: int
    end_line: int
    end_column: int
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }
        if self.page is not None:
            d["page"] = self.page
        return d


@dataclass(frozen=True)
class Section:
    """A heading and the text under it, up to the next heading of the same or higher level."""

    index: int
    title: str
    level: int
    start: int  # offset of the heading text
    end: int  # end of the section's content
    parent: int | None  # index of the enclosing section
    heading_end: int = 0  # end of the heading text


@dataclass(frozen=True)
class Block:
    """A paragraph, list item, table cell or heading."""

    kind: str  # "paragraph" | "list_item" | "table_cell" | "heading"
    start: int
    end: int
    section: int | None


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    block: int
    section: int | None


@dataclass(frozen=True)
class Entity:
    """Something found in the text: an email, phone, postal address, URL, contact form or date."""

    kind: str
    value: str
    start: int
    end: int
    # Parsed value for dates (ISO 8601) and a role such as "updated" / "effective".
    normalized: str | None = None
    role: str | None = None


@dataclass
class SourceMap:
    """Maps text offsets to source positions: one anchor per copied run of a single source line."""

    text_starts: list[int] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    columns: list[int] = field(default_factory=list)
    pages: list[int] | None = None

    def add(self, text_offset: int, line: int, column: int, page: int | None = None) -> None:
        if self.text_starts and self.text_starts[-1] == text_offset:
            # A later anchor at the same offset wins: it is the one the text came from.
            self.lines[-1], self.columns[-1] = line, column
            if self.pages is not None and page is not None:
                self.pages[-1] = page
            return
        self.text_starts.append(text_offset)
        self.lines.append(line)
        self.columns.append(column)
        if page is not None:
            if self.pages is None:
                self.pages = [0] * (len(self.text_starts) - 1)
            self.pages.append(page)
        elif self.pages is not None:
            self.pages.append(self.pages[-1] if self.pages else 0)

    def position(self, offset: int) -> tuple[int, int, int | None]:
        """Return (line, column, page) for a text offset; 1-based line and column."""
        i = bisect_right(self.text_starts, offset) - 1
        if i < 0:
            return 1, 1, None
        page = self.pages[i] if self.pages is not None else None
        return self.lines[i], self.columns[i] + (offset - self.text_starts[i]), page


@dataclass
class Document:
    """One policy, loaded: the extracted text and its structure, all as offsets into ``text``."""

    path: str
    text: str
    format: str
    sections: list[Section] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    source_map: SourceMap = field(default_factory=SourceMap)
    metadata: dict[str, Any] = field(default_factory=dict)
    # Lines of the source that carry inline suppression comments etc. (filled by loaders).
    directives: list[tuple[int, str]] = field(default_factory=list)

    def location(self, start: int, end: int | None = None) -> Location:
        """Source location of the text range ``[start, end)``."""
        end = start if end is None else end
        line, col, page = self.source_map.position(start)
        end_line, end_col, _ = self.source_map.position(max(start, end - 1))
        return Location(line, col, end_line, end_col + (1 if end > start else 0), page)

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing ``offset`` (by bisect over sentence starts)."""
        starts = self.metadata.get("_sentence_starts")
        if starts is None or len(starts) != len(self.sentences):
            starts = [s.start for s in self.sentences]
            self.metadata["_sentence_starts"] = starts
        i = bisect_right(starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < max(self.sentences[i].end, self.sentences[i].start + 1):
            return self.sentences[i]
        return None

    def section_path(self, index: int | None) -> list[str]:
        """Titles from the outermost section down to ``index``."""
        path: list[str] = []
        while index is not None:
            sec = self.sections[index]
            path.append(sec.title)
            index = sec.parent
        return list(reversed(path))


@dataclass(frozen=True)
class Evidence:
    """Where a rule's decision came from: the sentence and its source location."""

    path: str
    location: Location
    text: str
    section: str | None = None
    matched: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"path": self.path, **self.location.to_dict(), "text": self.text}
        if self.section is not None:
            d["section"] = self.section
        if self.matched is not None:
            d["matched"] = self.matched
        return d


@dataclass(frozen=True)
class Reference:
    citation: str
    url: str | None = None


@dataclass(frozen=True)
class Example:
    text: str
    expect: str  # "pass" | "fail" | "not_applicable"
    note: str | None = None


@dataclass(frozen=True)
class Rule:
    """A rule as loaded from a ruleset: metadata and a raw check tree (compiled by the engine)."""

    id: str
    title: str
    severity: Severity
    message: str
    check: dict[str, Any]
    ruleset: str
    rationale: str = ""
    references: tuple[Reference, ...] = ()
    remediation: str = ""
    tags: tuple[str, ...] = ()
    practices: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()
    source: str | None = None  # file:line where the rule is defined
    help_uri: str | None = None


@dataclass(frozen=True)
class Ruleset:
    id: str
    title: str
    version: str
    rules: tuple[Rule, ...]
    source: str | None = None
    description: str = ""
    extends: tuple[str, ...] = ()
    vocabulary: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unchecked: tuple[tuple[str, str], ...] = ()  # (item id, reason) the ruleset cannot check


@dataclass(frozen=True)
class Result:
    """One rule evaluated on one document."""

    rule: Rule
    status: Status
    evidence: tuple[Evidence, ...] = ()
    detail: str | None = None
    trigger: tuple[Evidence, ...] = ()  # for conditional rules: the sentence that made it apply
    severity: Severity | None = None  # effective severity when overridden by configuration
    suppressed: str | None = None  # reason when an inline suppression or baseline applies

    @property
    def effective_severity(self) -> Severity:
        return self.severity or self.rule.severity


@dataclass
class DocumentReport:
    """All results for one document, or the error that stopped it being checked."""

    path: str
    results: list[Result] = field(default_factory=list)
    error: str | None = None
    format: str | None = None
    sha256: str | None = None
    notices: list[str] = field(default_factory=list)
