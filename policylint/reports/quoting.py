"""Short quotes of evidence for one-line outputs (text findings, history, eval listings)."""

from __future__ import annotations


def clip(text: str, limit: int) -> str:
    """``text`` on one line, at most ``limit`` characters: cut at the last word boundary that
    fits, with an ellipsis, so that a quote never ends in half a word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:  # a very long word: cut inside it rather than lose most of the quote
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"
