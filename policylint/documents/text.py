"""Plain-text policies: paragraphs split on blank lines, headings found by their shape."""

from __future__ import annotations

from policylint.documents.builder import DocumentBuilder, Piece
from policylint.documents.paragraphs import Line, emit_lines
from policylint.model import Document


def load_text(text: str, path: str) -> Document:
    """Build a :class:`Document` from plain text; every offset maps to its exact line/column."""
    builder = DocumentBuilder(path, "text")
    para: list[Line] = []
    for lineno, raw in enumerate(text.split("\n"), start=1):
        raw = raw.rstrip("\r")
        if not raw.strip():
            if para:
                emit_lines(builder, para)
                para = []
            continue
        para.append(Line(raw, [Piece(raw, lineno, 1, sep="\n")]))
    if para:
        emit_lines(builder, para)
    return builder.build()
