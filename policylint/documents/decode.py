"""Bytes to text: BOMs, UTF-8, UTF-16, Windows-1252, and a refusal for binary files."""

from __future__ import annotations

import codecs


class DecodeError(ValueError):
    """The bytes are not text policylint can read."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"%PDF", b"\x7fELF", b"\x1f\x8b")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Raises :class:`DecodeError` for binary content."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {enc} after byte-order mark at byte {exc.start}") from None
    if data.startswith(_BINARY_MAGIC):
        raise DecodeError("binary file (not a text document); convert it or exclude it")
    sample = data[:8192]
    if sample.count(b"\x00") > len(sample) // 8 and sample:
        # UTF-16 without a BOM shows a NUL in every other byte.
        for enc, parity in (("utf-16-le", 1), ("utf-16-be", 0)):
            if sample[parity::2].count(0) < len(sample) // 4:
                continue  # Latin text in UTF-16 has its NULs in every other byte, not scattered
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _printable_ratio(text[:4096]) > 0.95:
                return text, enc
        raise DecodeError("binary file (NUL bytes); convert it or exclude it")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    if _printable_ratio(text[:8192]) < 0.95:  # random bytes reach ~0.87: control characters and U+FFFD
        raise DecodeError("binary file (not valid UTF-8 or Windows-1252 text); convert it or exclude it")
    return text, "cp1252"


def _printable_ratio(text: str) -> float:
    if not text:
        return 1.0
    ok = sum(1 for c in text if c.isprintable() or c in "\n\r\t\f\v")
    return ok / len(text)
