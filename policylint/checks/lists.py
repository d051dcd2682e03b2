"""A list and the lead-in that introduces it.

A paragraph ending with a colon and the list after it are one statement split over blocks: "To
submit a request, you may either:" / "- visit our privacy portal" / "- call us". The first
sentence of each item continues the lead-in's last sentence, so negation (``negation.py``) and
``near`` (``matcher.py``) read across the line break.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policylint.model import Document, Sentence


def lead_in_block(doc: Document, b: int) -> int | None:
    """The paragraph block that introduces the list holding list item ``b``: the paragraph just
    before the run of list items ``b`` belongs to. None when ``b`` is not a list item or no
    paragraph precedes its list (a list right under a heading)."""
    blocks = doc.blocks
    if not 0 <= b < len(blocks) or blocks[b].kind != "list_item":
        return None
    k = b - 1
    while k >= 0 and blocks[k].kind == "list_item":
        k -= 1
    if k < 0 or blocks[k].kind != "paragraph":
        return None
    return k


def opens_item(doc: Document, sent: Sentence) -> bool:
    """Whether ``sent`` is the first sentence of its block (nothing but spaces before it)."""
    return not doc.text[doc.blocks[sent.block].start:sent.start].strip()


def colon_leads(doc: Document) -> dict[int, int]:
    """For every sentence that opens a list item under a lead-in ending with a colon, the index
    of the lead-in's last sentence (sentence index -> sentence index).

    The lead-in is the nearest block before the item, in the run of a paragraph and the list
    after it, whose last sentence ends with a colon: the paragraph, or an item that opens a
    sub-list ("- The right to know the following:" / "- the categories collected"). Lists
    written with bullet characters come flat, without their nesting, so the nearest colon is
    the best guess of which lead-in an item continues."""
    blocks, sentences, text = doc.blocks, doc.sentences, doc.text
    last_of: dict[int, int] = {}  # block -> its last sentence
    first_of: dict[int, int] = {}  # block -> its first sentence
    for i, s in enumerate(sentences):
        last_of[s.block] = i
        first_of.setdefault(s.block, i)
    out: dict[int, int] = {}
    lead: int | None = None  # the current lead-in's last sentence
    for b, block in enumerate(blocks):
        item = block.kind == "list_item"
        if not item:
            lead = None
            if block.kind != "paragraph":
                continue
        elif lead is not None and b in first_of and opens_item(doc, sentences[first_of[b]]):
            out[first_of[b]] = lead
        j = last_of.get(b)
        if j is not None and text[sentences[j].start:sentences[j].end].rstrip().endswith(":"):
            lead = j
    return out
