"""Word (.docx) policies through python-docx (the ``docx`` extra).

A .docx has no lines, so locations use the paragraph instead: ``line`` is the 1-based number of
the paragraph in reading order (body paragraphs and table-cell paragraphs alike), ``column`` the
character within it, and ``page`` the page the paragraph starts on, counted from the page breaks
Word recorded when it last laid the document out (or, failing those, from explicit page breaks).
Headings come from heading styles and outline levels, list items from numbering, cells from tables.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from policylint.documents import LoadError
from policylint.documents.builder import DocumentBuilder, Piece
from policylint.documents.headings import looks_like_heading, numbered_depth
from policylint.model import Document

EXTRA_HINT = "reading .docx files needs python-docx: pip install 'policylint[docx]'"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


MAX_UNZIPPED = 256 * 1024 * 1024  # a real policy's .docx unpacks to a few MB


def _refuse_zip_bomb(data: bytes) -> None:
    """A .docx is a zip; refuse one whose parts declare more than MAX_UNZIPPED bytes (zipfile
    never inflates past an entry's declared size, so the declaration bounds memory)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # python-docx reports the broken file below
    if total > MAX_UNZIPPED:
        raise LoadError(f"the .docx unpacks to {total / 1e6:.0f} MB, over the {MAX_UNZIPPED / 1e6:.0f} MB limit (a zip bomb?); re-save it")


def load_docx(data: bytes, path: str) -> Document:
    """Build a :class:`Document` from the bytes of a .docx file."""
    try:
        import docx  # deferred: lxml is heavy and only .docx inputs need it
    except ImportError:
        raise LoadError(EXTRA_HINT) from None
    _refuse_zip_bomb(data)
    try:
        word = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - zip, XML and package errors all mean "not readable"
        raise LoadError(f"not a readable .docx file ({type(exc).__name__}); open and re-save it in Word, or export it as PDF") from None
    builder = DocumentBuilder(path, "docx")
    _Walker(builder, word).run()
    props = word.core_properties
    if props.title:
        builder.metadata["title"] = props.title
    if props.modified:
        builder.metadata["modified"] = props.modified.isoformat()
    builder.metadata["locator"] = "paragraph"
    return builder.build()


class _Walker:
    """Feeds paragraphs and tables, in reading order, into the builder."""

    def __init__(self, builder: DocumentBuilder, word: Any) -> None:
        self.b = builder
        self.word = word
        self.paragraph_no = 0
        body = word.element.body
        # Word's own layout breaks are the truth when present; explicit breaks are a fallback.
        self.rendered = body.find(f".//{_W}lastRenderedPageBreak") is not None
        self.paged = self.rendered or body.find(f".//{_W}br[@{_W}type='page']") is not None or body.find(f".//{_W}pageBreakBefore") is not None
        self.page = 1

    def run(self) -> None:
        for item in self.word.iter_inner_content():
            self._item(item, in_table=False)

    def _item(self, item: Any, in_table: bool) -> None:
        if hasattr(item, "rows"):
            self._table(item)
        else:
            self._paragraph(item, in_table)

    def _table(self, table: Any) -> None:
        seen: set[int] = set()
        for row in table.rows:
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell is returned once per grid column it spans
                    continue
                seen.add(id(cell._tc))
                for item in cell.iter_inner_content():
                    self._item(item, in_table=True)

    def _paragraph(self, para: Any, in_table: bool) -> None:
        self.paragraph_no += 1
        p = para._p
        if not self.rendered and p.find(f"{_W}pPr/{_W}pageBreakBefore") is not None:
            self.page += 1
        page = self.page if self.paged else None
        pieces = list(self._pieces(para, page))
        self.page += self._breaks_in(p)
        text = "".join(pc.text for pc in pieces).strip()
        if not text:
            return
        level = None if in_table else _style_level(para)
        if level is not None:
            self.b.markup_level = level
            self.b.heading(level, pieces)
        elif not in_table and _looks_like_heading(para, text):
            self.b.heading(min(6, self.b.markup_level + (numbered_depth(text) or 1)), pieces)
        elif in_table:
            self.b.block("table_cell", pieces)
        else:
            self.b.block("list_item" if _is_list_item(para) else "paragraph", pieces)

    def _pieces(self, para: Any, page: int | None) -> Iterator[Piece]:
        column = 1
        for item in para.iter_inner_content():
            text = item.text or ""
            if not text:
                continue
            text = text.replace("\t", " ").replace("\n", " ")  # one char for one: columns stay exact
            link = None
            if hasattr(item, "address"):
                link = item.address + (f"#{item.fragment}" if item.fragment else "") if item.address else None
            yield Piece(text, self.paragraph_no, column, page, sep="", link=link)
            column += len(text)

    def _breaks_in(self, p: Any) -> int:
        if self.rendered:
            return len(p.findall(f".//{_W}lastRenderedPageBreak"))
        return len(p.findall(f".//{_W}br[@{_W}type='page']"))


def _style_name(para: Any) -> str:
    try:
        return (para.style.name or "") if para.style is not None else ""
    except Exception:  # noqa: BLE001 - a dangling style id is not worth failing the document
        return ""


def _style_level(para: Any) -> int | None:
    """Heading level given by the paragraph's style or outline level."""
    name = _style_name(para).lower()
    if name == "title":
        return 1
    if name.startswith("heading"):
        digits = "".join(ch for ch in name if ch.isdigit())
        return min(6, int(digits)) if digits else 1
    # Outline level on the paragraph, else on its style or the styles it is based on: localized
    # Word files name heading styles in their language ("Überschrift 1") but keep the level.
    elements = [para._p]
    try:
        style, depth = para.style, 0
        while style is not None and depth < 10:
            elements.append(style.element)
            style, depth = style.base_style, depth + 1
    except Exception:  # noqa: BLE001 - a broken style chain only loses the fallback
        pass
    for element in elements:
        outline = element.find(f"{_W}pPr/{_W}outlineLvl")
        if outline is not None:
            value = outline.get(f"{_W}val", "")
            return min(6, int(value) + 1) if value.isdigit() and int(value) < 9 else None
    return None


def _looks_like_heading(para: Any, text: str) -> bool:
    """Headings drafted as bold "Normal" paragraphs or numbered clause titles."""
    runs = [r for r in para.runs if r.text.strip()]
    if runs and all(r.bold for r in runs) and len(text) <= 150 and not text.endswith((".", ";", ",")):
        return True
    return bool(numbered_depth(text)) and looks_like_heading(text) and len(text) <= 80


def _is_list_item(para: Any) -> bool:
    if para._p.find(f"{_W}pPr/{_W}numPr") is not None:
        return True
    return "list" in _style_name(para).lower()
