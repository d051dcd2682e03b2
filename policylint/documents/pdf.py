"""PDF policies through pypdf (the ``pdf`` extra).

Text is taken page by page in pypdf's layout mode, which keeps vertical gaps as blank lines (our
paragraph breaks) and indentation as leading spaces. Locations are ``page`` plus the ``line`` of
text on that page (blank lines not counted) and the ``column`` on that line as laid out. Running
headers and footers (lines repeated at the top or bottom of most pages, page numbers) are
dropped; a paragraph cut by a page break is joined again.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import warnings
from collections.abc import Iterator

from policylint.documents import LoadError
from policylint.documents.builder import DocumentBuilder, Piece
from policylint.documents.paragraphs import Line, emit_lines
from policylint.model import Document

EXTRA_HINT = "reading .pdf files needs pypdf: pip install 'policylint[pdf]'"
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^-\s*\d{1,4}\s*-$", re.I)
_EDGE_LINES = 3  # how many lines at the top and bottom of a page may be running headers/footers
# Symbol-font bullets come out as private-use characters; one char for one keeps columns exact.
_PRIVATE_BULLETS = str.maketrans({"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "•", "\uf076": "•", "\uf0fc": "•"})


def load_pdf(data: bytes, path: str) -> Document:
    """Build a :class:`Document` from the bytes of a PDF file."""
    try:
        import pypdf  # deferred: only PDF inputs pay for it
    except ImportError:
        raise LoadError(EXTRA_HINT) from None
    try:
        with _quiet():
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise LoadError("is encrypted with a password; save an unprotected copy")
            pages = [_page_lines(page) for page in reader.pages]
    except LoadError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types for damaged files
        raise LoadError(f"not a readable PDF ({type(exc).__name__}: {str(exc)[:80]}); re-export it from the source document") from None
    if pages and not any(line.strip() for lines in pages for line in lines):
        raise LoadError("has no extractable text (a scanned image?); run OCR on it or check the source document")
    builder = DocumentBuilder(path, "pdf")
    builder.metadata["pages"] = len(pages)
    builder.metadata["locator"] = "page"
    _emit(builder, pages, _running_lines(pages))
    return builder.build()


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence pypdf's repair chatter ("incorrect startxref pointer") on stderr while it reads."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _page_lines(page: object) -> list[str]:
    try:
        text = page.extract_text(extraction_mode="layout")  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - layout mode is stricter about odd fonts; plain mode still reads them
        text = page.extract_text()  # type: ignore[attr-defined]
    return [line.rstrip().translate(_PRIVATE_BULLETS) for line in (text or "").replace("\r", "").split("\n")]


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def _edges(lines: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return filled[:_EDGE_LINES] + filled[-_EDGE_LINES:]


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Keys of lines that repeat at the top or bottom of at least half the pages (3 or more)."""
    if len(pages) < 3:
        return set()
    counts: dict[str, int] = {}
    for lines in pages:
        for key in {_key(lines[i]) for i in _edges(lines)}:
            counts[key] = counts.get(key, 0) + 1
    return {key for key, n in counts.items() if n >= max(3, len(pages) / 2)}


def _paragraphs(pages: list[list[str]], running: set[str]) -> list[tuple[int, bool, list[Line]]]:
    """Paragraphs (split on blank lines) as (page, is the page's last paragraph, lines)."""
    out: list[tuple[int, bool, list[Line]]] = []
    for page_no, lines in enumerate(pages, start=1):
        edges = set(_edges(lines))
        para: list[Line] = []
        first_on_page = len(out)
        line_no = 0  # lines of text on the page, as a reader counts them (blank lines are not)
        for index, raw in enumerate(lines):
            text = raw.strip()
            line_no += bool(text)
            if not text or (index in edges and (_key(raw) in running or _PAGE_NUMBER.match(text))):
                if para:
                    out.append((page_no, False, para))
                    para = []
                continue
            column = len(raw) - len(raw.lstrip()) + 1
            para.append(Line(text, [Piece(text, line_no, column, page_no, sep="\n")]))
        if para:
            out.append((page_no, False, para))
        if len(out) > first_on_page:
            out[-1] = (page_no, True, out[-1][2])
    return out


def _emit(builder: DocumentBuilder, pages: list[list[str]], running: set[str]) -> None:
    paras = _paragraphs(pages, running)
    merged: list[list[Line]] = []
    continues = False
    for page_no, last_on_page, lines in paras:
        if continues and lines[0].text[:1].islower():
            merged[-1].extend(lines)  # a sentence cut by the page break
        else:
            merged.append(list(lines))
        continues = last_on_page and not _ends_sentence(lines[-1].text)
    for lines in merged:
        emit_lines(builder, lines)


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?", ":", ";", "\"", "”", ")"))


__all__ = ["EXTRA_HINT", "load_pdf"]
