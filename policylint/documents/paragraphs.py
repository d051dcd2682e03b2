"""Turn a run of source lines into blocks: paragraphs, list items and implicit headings.

Shared by the plain-text and Markdown loaders, because real policies mix styles: a "paragraph"
may really be a clause title followed by numbered sub-clauses, one per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policylint.documents.builder import DocumentBuilder, Piece
from policylint.documents.headings import looks_like_heading, numbered_depth

_BULLET_SIGNS = ("•", "·", "▪", "◦", "–")
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦–]|\(?\d{1,3}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}\))\s+")


@dataclass
class Line:
    """One source line of a paragraph: its plain text, its pieces, and whether it was all bold."""

    text: str
    pieces: list[Piece]
    bold: bool = False


def emit_lines(
    builder: DocumentBuilder, lines: list[Line], kind: str = "paragraph", *, headings: bool = True, min_caps: float = 0.6
) -> None:
    """Group ``lines`` into blocks on ``builder``, detecting headings and list items.

    ``headings`` is False where a heading would be wrong whatever the line looks like (an item of
    a plain bullet list); ``min_caps`` is lowered where the markup already suggests a title.
    """
    current: list[Piece] = []
    current_kind = kind

    def flush() -> None:
        nonlocal current
        if current:
            builder.block(current_kind, current)
        current = []

    for i, line in enumerate(lines):
        text = line.text.strip()
        if not text:
            flush()
            continue
        bullet = _BULLET.match(text) is not None
        if current and bullet:
            flush()
        if headings and not current and _is_heading(lines, i, text, line.bold, min_caps):
            _heading(builder, line, text)
            continue
        # A bullet sign opens an item even on a paragraph's first line (Word exports put each
        # "·" item in a paragraph of its own); a number there may be a clause number instead.
        if bullet and (i > 0 or text.startswith(_BULLET_SIGNS)):
            current_kind = "list_item"
        elif not current:
            current_kind = kind
        pieces = list(line.pieces)
        if current and pieces:
            pieces[0] = pieces[0]._replace(sep=" ")
        current.extend(pieces)
    flush()


def _is_heading(lines: list[Line], i: int, text: str, bold: bool, min_caps: float) -> bool:
    nxt = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
    if bold:
        return len(text) <= 150 and not _bold_statement(text)
    if text.startswith(("-", "*", *_BULLET_SIGNS)) or not looks_like_heading(text, min_caps=min_caps):
        return False
    if not nxt:
        return True
    m = _BULLET.match(nxt)
    if not m:
        return True  # a title line with its body right under it
    # A title followed by a sub-list that starts again at 1/a/i ("1. Data we collect" / "1. Name").
    marker = m.group(0).strip().strip("().")
    return marker in ("1", "a", "i")


def _has_body_after(lines: list[Line], i: int) -> bool:
    return i + 1 < len(lines) and bool(lines[i + 1].text.strip())


def _heading(builder: DocumentBuilder, line: Line, text: str) -> None:
    depth = numbered_depth(text) or 1
    level = min(6, builder.markup_level + depth)
    builder.heading(level, line.pieces)


def _bold_statement(text: str) -> bool:
    """A whole line set in bold that is a sentence ("We do not sell your information."), not a
    title: it ends like a sentence and reads as one (neither title case nor a numbered clause).
    Titles written with a period ("Use of Information.", "3. Data Retention.") stay headings."""
    t = text.strip()
    if not t.endswith((".", "!")) or t.endswith("...") or len(t.split()) < 6:
        return False
    return numbered_depth(t) is None and not looks_like_heading(t.rstrip(".!"))
