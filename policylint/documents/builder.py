"""Assemble a :class:`Document` from blocks of source text while keeping the source map.

Loaders hand the builder *pieces*: runs of text copied from one source line, with that line's
1-based number and the 1-based column the run starts at. The builder joins them, records one
source-map anchor per piece, and tracks the heading hierarchy.
"""

from __future__ import annotations

from typing import NamedTuple

from policylint.documents.entities import find_entities
from policylint.documents.scripts import looks_like_code
from policylint.documents.sentences import split_sentences
from policylint.model import Block, Document, Entity, Section, Sentence, SourceMap


class Piece(NamedTuple):
    """A run of text from one source line; ``sep`` joins it to the piece before it."""

    text: str
    line: int
    column: int
    page: int | None = None
    sep: str = " "
    link: str | None = None  # the piece is a hyperlink's anchor text


class DocumentBuilder:
    """Collects headings and blocks in reading order, then builds the :class:`Document`."""

    def __init__(self, path: str, fmt: str) -> None:
        self.path = path
        self.format = fmt
        self._parts: list[str] = []
        self._length = 0
        self._map = SourceMap()
        self._blocks: list[Block] = []
        self._sections: list[list] = []  # mutable [title, level, start, end, parent]
        self._open: list[int] = []  # stack of open section indices
        self.markup_level = 0  # level of the last heading given by markup (h2, ##)
        self._links: list[Entity] = []
        self.directives: list[tuple[int, str]] = []
        self.metadata: dict = {}
        self.code_lines: list[int] = []  # first lines of paragraphs left out as page code (scripts.py)

    # -- low level ---------------------------------------------------------------------------
    def _emit(self, pieces: list[Piece]) -> tuple[int, int] | None:
        if not pieces:
            return None
        parts = self._parts
        if parts:
            parts.append("\n\n")
            self._length += 2
        start = length = self._length
        smap = self._map
        starts, lines, columns = smap.text_starts, smap.lines, smap.columns
        for i, p in enumerate(pieces):
            if i and p.sep:
                parts.append(p.sep)
                length += len(p.sep)
            if p.page is None and smap.pages is None and (not starts or starts[-1] != length):
                # SourceMap.add's common case, without the call
                starts.append(length)
                lines.append(p.line)
                columns.append(p.column)
            else:
                smap.add(length, p.line, p.column, p.page)
            if p.link:
                self._links.append(Entity("url", p.link, length, length + len(p.text)))
            parts.append(p.text)
            length += len(p.text)
        self._length = length
        return start, length

    @property
    def offset(self) -> int:
        """Offset at which the next block's text will start (after the separator)."""
        return self._length + (2 if self._parts else 0)

    # -- structure ----------------------------------------------------------------------------
    def heading(self, level: int, pieces: list[Piece]) -> None:
        pieces = _strip_pieces(pieces)
        span = self._emit(pieces)
        if span is None:
            return
        start, end = span
        title = _collapse("".join(p.sep + p.text for p in pieces)).strip()
        while self._open and self._sections[self._open[-1]][1] >= level:
            self._sections[self._open.pop()][3] = start
        parent = self._open[-1] if self._open else None
        self._sections.append([title, level, start, None, parent, end])
        self._open.append(len(self._sections) - 1)
        self._blocks.append(Block("heading", start, end, len(self._sections) - 1))

    def block(self, kind: str, pieces: list[Piece]) -> tuple[int, int] | None:
        pieces = _strip_pieces(pieces)
        if kind == "paragraph" and pieces and looks_like_code("".join(p.text for p in pieces)):
            self.code_lines.append(pieces[0].line)  # a saved page's script or style sheet: not policy text
            return None
        span = self._emit(pieces)
        if span is None:
            return None
        section = self._open[-1] if self._open else None
        self._blocks.append(Block(kind, span[0], span[1], section))
        return span

    @property
    def current_level(self) -> int:
        return self._sections[self._open[-1]][1] if self._open else 0

    # -- finish -------------------------------------------------------------------------------
    def build(self) -> Document:
        text = "".join(self._parts)
        for idx in self._open:
            self._sections[idx][3] = len(text)
        sections = [
            Section(i, t, lvl, s, e if e is not None else len(text), p, he)
            for i, (t, lvl, s, e, p, he) in enumerate(self._sections)
        ]
        sentences: list[Sentence] = []
        for bi, b in enumerate(self._blocks):
            if b.kind == "heading":
                sentences.append(Sentence(b.start, b.end, bi, b.section))
                continue
            for s, e in split_sentences(text, b.start, b.end):
                sentences.append(Sentence(s, e, bi, b.section))
        entities = find_entities(text, self._links)
        if self.code_lines:
            self.metadata["page_code"] = {"paragraphs": len(self.code_lines), "first_line": self.code_lines[0]}
        return Document(
            path=self.path,
            text=text,
            format=self.format,
            sections=sections,
            blocks=self._blocks,
            sentences=sentences,
            entities=entities,
            source_map=self._map,
            metadata=self.metadata,
            directives=self.directives,
        )


def _collapse(s: str) -> str:
    return " ".join(s.split())


def _strip_pieces(pieces: list[Piece]) -> list[Piece]:
    """Drop empty pieces and trim the block's outer whitespace, moving columns to match."""
    out = [p for p in pieces if p.text and not p.text.isspace()]
    if not out:
        return out
    first, last = out[0], out[-1]
    lead = len(first.text) - len(first.text.lstrip())
    if lead:
        out[0] = first = first._replace(text=first.text[lead:], column=first.column + lead)
    if len(out) == 1:
        last = first
    trimmed = last.text.rstrip()
    if trimmed != last.text:
        out[-1] = last._replace(text=trimmed)
    return out
