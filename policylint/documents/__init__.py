"""Load policy documents of any supported format into one :class:`~policylint.model.Document`."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable

from policylint.documents.decode import DecodeError, decode_bytes
from policylint.model import Document

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".text", "")
BINARY_SUFFIXES = {".docx": "docx", ".pdf": "pdf"}  # loaded from bytes by optional extras
DOCUMENT_SUFFIXES = MARKDOWN_SUFFIXES + HTML_SUFFIXES + (".txt", ".text") + tuple(BINARY_SUFFIXES)
MAX_BYTES_DEFAULT = 64 * 1024 * 1024


class LoadError(Exception):
    """A document could not be read; the message says why and what to do."""


def detect_format(path: str, text: str | None = None) -> str:
    """Choose a loader by file suffix, falling back to sniffing the content."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix in BINARY_SUFFIXES:
        return BINARY_SUFFIXES[suffix]
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    if text is not None:
        head = text[:1024].lstrip().lower()
        if head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head):
            return "html"
        signs = _MARKDOWN_SIGNS.finditer(text[:20000])
        if next(signs, None) and next(signs, None):
            return "markdown"  # .txt files that are really Markdown (two signs: headings, bold lines, links)
    return "text"


_MARKDOWN_SIGNS = re.compile(r"^#{1,6}\s+\S|^\s*\*\*[^*\n]+\*\*\s*$|\[[^\]\n]+\]\((?:https?:|/|#)[^)\s]*\)", re.M)


def sniff_binary(data: bytes) -> str | None:
    """``pdf`` or ``docx`` when the bytes are one (whatever the name says), else None."""
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if data[:4] == b"PK\x03\x04" and b"word/" in data[:65536]:
        return "docx"
    return None


def _binary_loader(fmt: str) -> Callable[[bytes, str], Document]:
    if fmt == "pdf":
        from policylint.documents.pdf import load_pdf

        return load_pdf
    from policylint.documents.docx import load_docx

    return load_docx


def _loader(fmt: str) -> Callable[[str, str], Document]:
    if fmt == "markdown":
        from policylint.documents.markdown import load_markdown

        return load_markdown
    if fmt == "html":
        from policylint.documents.html import load_html

        return load_html
    from policylint.documents.text import load_text

    return load_text


def load_text(text: str, path: str = "<string>", fmt: str | None = None) -> Document:
    """Build a document from text already in memory (``fmt``: markdown, html or text)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    doc = _parse_text(text, path, fmt)
    doc.metadata.setdefault("sha256", hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
    return doc


def _parse_text(text: str, path: str, fmt: str | None) -> Document:
    fmt = fmt or detect_format(path, text)
    if fmt in BINARY_SUFFIXES.values():
        raise LoadError(f"{fmt} is a binary format; load the file's bytes (load_bytes/load_path), not text")
    return _loader(fmt)(text, path)


def load_bytes(data: bytes, path: str, fmt: str | None = None) -> Document:
    """Load a document from its bytes: PDF and .docx by name or content, text formats decoded
    (BOM, UTF-8, UTF-16, Windows-1252). ``sha256`` is always the hash of ``data``."""
    binary = fmt if fmt in BINARY_SUFFIXES.values() else None
    if fmt is None:
        binary = sniff_binary(data) or (detect_format(path) if os.path.splitext(path)[1].lower() in BINARY_SUFFIXES else None)
    if binary is not None:
        doc = _binary_loader(binary)(data, path)
        doc.metadata["sha256"] = hashlib.sha256(data).hexdigest()
        return doc
    if not data.strip():
        raise LoadError("empty file: there is no policy text to check; add it or exclude the file")
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as exc:
        raise LoadError(f"{exc}") from None
    doc = _parse_text(text.replace("\r\n", "\n").replace("\r", "\n"), path, fmt)
    doc.metadata["sha256"] = hashlib.sha256(data).hexdigest()  # of the bytes, not the decoded text
    doc.metadata["encoding"] = encoding
    return doc


def load_path(path: str, fmt: str | None = None, max_bytes: int = MAX_BYTES_DEFAULT) -> Document:
    """Read and load one file. Raises :class:`LoadError` with a one-line reason."""
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise LoadError(f"file is {size / 2**20:.1f} MiB, over the {max_bytes / 2**20:.0f} MiB limit; split it or exclude it")
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)  # pipes and devices report no size: never read past the limit
        if len(data) > max_bytes:
            raise LoadError(f"more than {max_bytes / 2**20:.0f} MiB of input, over the limit; split it or exclude it")
    except LoadError:
        raise
    except IsADirectoryError:
        raise LoadError("is a directory") from None
    except PermissionError:
        raise LoadError("permission denied; make the file readable or exclude it") from None
    except FileNotFoundError:
        raise LoadError("no such file") from None
    except OSError as exc:
        raise LoadError(exc.strerror or str(exc)) from None
    return load_bytes(data, path, fmt)


__all__ = ["DOCUMENT_SUFFIXES", "LoadError", "detect_format", "load_bytes", "load_path", "load_text", "sniff_binary"]
