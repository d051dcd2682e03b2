"""markdown-it's block tokens for a Markdown text, with markdown-it parsing only what needs it.

Policies are mostly plain paragraphs, one-line list items (nested or not) and headings. After a blank line, a run
of lines that starts in column 1 and in which no line can open a block (nor end a paragraph) is a
paragraph, a run of ``* item`` or ``1. item`` lines is a list, and ``## Title`` a heading,
whatever came before, with two exceptions: a fenced code or raw HTML block still open, and a list
with the same marker still open. So each such run becomes the tokens markdown-it would give it,
markdown-it parses the text between runs on its own, and where one of the exceptions shows up,
the text goes to markdown-it instead.
tests/test_markdown_fast_path.py compares the result with parsing the whole text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# A line (without its indentation) opens a block, or ends a paragraph, only if it starts with one
# of these: a heading, quote, fence, HTML block or table row (conservatively); or is a list item,
# a thematic break, a setext underline or a table's delimiter row (see _opens_block).
_ALWAYS_OPENS = frozenset("#>`~<|:")
_ORDERED_MARKER = re.compile(r"[0-9]+[.)]")  # markdown-it reads ASCII digits only
_ATX = re.compile(r"#{1,6}(?=[ \t]|$)")
# markdown-it rewrites these characters before parsing: a text holding one is parsed whole.
_REWRITTEN = ("\0", "\r")
# A list item (indented by spaces when nested) whose content starts on its line after 1-4 spaces
# (5 make it indented code); an ordered one has 1-9 ASCII digits. A list goes on while its items keep the bullet, or the
# delimiter after the number ("." or ")"): the "marker" of a run below.
_ITEM = re.compile(r"( *)(?:[*+-]|[0-9]{1,9}([.)])) {1,4}(?=\S)")
_ORDERED_ITEM = re.compile(r"[0-9]{1,9}([.)])(?:[ \t]|$)")


@dataclass(slots=True)
class Token:
    """The parts of a markdown-it block token that the Markdown loader reads."""

    type: str
    map: list[int]
    tag: str = ""
    content: str = ""
    markup: str = ""
    level: int = 0


@lru_cache(maxsize=1)
def parser():
    """The CommonMark parser (with tables and raw HTML) that gives block tokens only."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.disable("inline")  # we only need blocks and their line ranges
    return md


def block_tokens(src: str) -> list:
    """The block tokens of ``src``: markdown-it's, or equal :class:`Token` for plain runs.

    markdown-it is imported only when some text is not a plain run (a policy of plain
    paragraphs, lists and headings never needs it, which keeps it off a one-file check)."""
    if any(c in src for c in _REWRITTEN):
        return parser().parse(src)
    lines = src.split("\n")
    line_max = len(lines) if lines[-1].strip(" \t") else len(lines) - 1  # markdown-it's count
    out: list = []
    gap = 0  # first line not yet given to markdown-it or taken as a run
    after_open_list = False  # a list in the text before may go on: skip list runs
    for start, end, marker, list_tokens in _plain_runs(lines, line_max):
        is_list = marker in ("*", "+", "-", ".", ")")
        if is_list and after_open_list:
            continue
        if any(lines[i].strip(" \t") for i in range(gap, start)):
            tokens = parser().parse("\n".join(lines[gap:start]) + "\n")
            if _left_open(tokens, start - gap):
                break
            if is_list and tokens and tokens[-1].type.endswith("_list_close") and tokens[-1].markup == marker:
                after_open_list = True  # this run continues that list: parse it with the text before
                continue
            out.extend(_shifted(tokens, gap))
        after_open_list = False
        if marker == "#":
            out.extend(_heading_tokens(lines[start], start))
        elif marker:
            out.extend(list_tokens)  # a list's or a setext heading's
        else:
            out.append(_paragraph(lines, start, end))
        gap = end
    if any(line.strip(" \t") for line in lines[gap:]):  # blank lines alone give no tokens
        out.extend(_shifted(parser().parse("\n".join(lines[gap:])), gap))
    return out


def _plain_runs(lines: list[str], line_max: int):
    """(start, end, marker, tokens) of each run of non-blank lines, after a blank line, that
    markdown-it reads as a plain paragraph (marker ""), a list of one-line items, nested or not,
    whose first item has that marker (with its tokens), an ATX heading (marker "#", one line)
    or a setext heading (marker "=", with its tokens); after a heading the next line starts
    afresh too."""
    n, i = len(lines), 0
    while i < n:
        if not lines[i].strip(" \t"):
            i += 1
            continue
        start, end = i, _group_end(lines, i)
        # A heading line with a "|" may be a table's header row ("## a | b" over "|---|---|"),
        # which markdown-it reads first: leave it to the parser.
        if "|" not in lines[start] and _heading_content(lines[start]) is not None:
            # One line, and whatever follows it starts afresh, as after a blank line.
            yield start, start + 1, "#", None
            i = start + 1
            continue
        item = _ITEM.match(lines[start])
        if item and not item.group(1):
            marker = _marker(item)
            i = end
            if not _all_items(lines, start, end):
                continue
            while True:  # blank lines between items keep the list going
                j = end
                while j < n and not lines[j].strip(" \t"):
                    j += 1
                if j == n:
                    break
                first = _ITEM.match(lines[j])
                if first is None or (not first.group(1) and _marker(first) != marker):
                    break
                if not _all_items(lines, j, _group_end(lines, j)):
                    break
                end = i = _group_end(lines, j)
            tokens, text_indent = _list_tokens(lines, start, end, line_max)
            if tokens is not None and _list_ends_at(lines, end, marker, text_indent):
                yield start, end, marker, tokens
            continue
        i = end
        first = lines[start]
        if first[0].isspace() or _opens_block(first):
            continue
        stop = next((k for k in range(start + 1, end) if _opens_block(lines[k].lstrip(" \t"))), end)
        if first[0] == "[" and any("]:" in lines[k] for k in range(start, stop)):
            continue  # may be link reference definitions, which make no paragraph
        if lines[stop - 1].rstrip(" \t")[-1].isspace():
            continue
        if stop == end:
            yield start, end, "", None
        elif _setext_level(lines[stop]) and not any("|" in lines[k] for k in range(start, stop)):
            # "Title" over "=====": a heading, after which the next line starts afresh.
            yield start, stop + 1, "=", [
                Token("heading_open", [start, stop + 1], f"h{_setext_level(lines[stop])}"),
                Token("inline", [start, stop], content=_paragraph(lines, start, stop).content, level=1),
                Token("heading_close", [], f"h{_setext_level(lines[stop])}"),
            ]
            i = stop + 1


def _heading_content(line: str) -> str | None:
    """The text of an ATX heading in column 1 (markdown-it's cut of a closing "###"), or None
    when the line is none or its text starts or ends with a space markdown-it versions trim
    differently."""
    m = _ATX.match(line)
    if m is None:
        return None
    pos, end = m.end(), len(line)
    while end > pos and line[end - 1] in " \t":
        end -= 1
    cut = end
    while cut > pos and line[cut - 1] == "#":
        cut -= 1
    if cut > pos and line[cut - 1] in " \t":
        end = cut
    content = line[pos:end].strip(" \t")
    return content if content and not content[0].isspace() and not content[-1].isspace() else None


def _setext_level(line: str) -> int:
    """1 or 2 for a setext underline ("===" or "---" in column 1, then only spaces), else 0.
    A table row above could make "---" a delimiter row: callers rule out "|"."""
    mark = line.rstrip(" \t")
    return (1 if mark[0] == "=" else 2) if mark and mark[0] in "=-" and mark == mark[0] * len(mark) else 0


def _group_end(lines: list[str], i: int) -> int:
    while i < len(lines) and lines[i].strip(" \t"):
        i += 1
    return i


def _all_items(lines: list[str], start: int, end: int) -> bool:
    for k in range(start, end):
        item = _ITEM.match(lines[k])
        if item is None or not _plain_item(lines[k], item):
            return False
    return True


def _opens_block(s: str) -> bool:
    """Whether a line whose indentation is ``s``'s start can open a block or end a paragraph
    (a link reference definition, starting with "[", is left to the caller)."""
    c = s[0]
    if c in _ALWAYS_OPENS:
        return True
    if c in "*-+" and s[1:2] in ("", " ", "\t"):
        return True  # a list item
    if c in "*-_=" and not s.strip(c + " \t"):
        return True  # a thematic break or a setext underline
    if c in "-" and not s.strip("|:- \t"):
        return True  # a table's delimiter row
    return c in "0123456789" and _ORDERED_MARKER.match(s) is not None


def _marker(item: re.Match[str]) -> str:
    return item.group(2) or item.string[item.end(1)]


def _plain_item(line: str, item: re.Match[str]) -> bool:
    content = line[item.end():].rstrip(" \t")
    if content[-1].isspace() or _opens_block(content):
        return False
    return not (content[0] == "[" and "]:" in content)  # a link reference definition


def _list_ends_at(lines: list[str], end: int, marker: str, text_indent: int) -> bool:
    """Whether a list that ends at line ``end`` ends there: the next non-blank line is indented
    less than the text of the list's last item (``text_indent``) and is a thematic break or no
    item with the same marker."""
    j = end
    while j < len(lines) and not lines[j].strip(" \t"):
        j += 1
    if j == len(lines):
        return True
    line = lines[j]
    text = line.lstrip(" ")
    if text[0] == "\t" or len(line) - len(text) >= text_indent:
        return False  # the last item may go on
    c = text[0]
    if c in "*-_" and text.count(c) >= 3 and not text.strip(c + " \t"):
        return True  # a thematic break ends any list
    if marker in ".)":
        item = _ORDERED_ITEM.match(text)
        return item is None or item.group(1) != marker
    return not (c == marker and text[1:2] in ("", " ", "\t"))


def _paragraph(lines: list[str], start: int, end: int) -> Token:
    # Both markdown-it's trim and str.strip stop at the paragraph's first and last non-space.
    last = lines[end - 1].rstrip(" \t")
    return Token("inline", [start, end], content="\n".join(lines[start:end - 1] + [last]))


def _heading_tokens(line: str, i: int) -> list[Token]:
    tag = f"h{_ATX.match(line).end()}"
    return [
        Token("heading_open", [i, i + 1], tag, markup="#" * int(tag[1])),
        Token("inline", [i, i + 1], content=_heading_content(line) or "", level=1),
        Token("heading_close", [], tag, markup="#" * int(tag[1])),
    ]


def _list_tokens(lines: list[str], start: int, end: int, line_max: int) -> tuple[list[Token] | None, int]:
    """The tokens of the list of one-line items in ``lines[start:end]`` and the indent of its
    last top-level item's text; (None, 0) where markdown-it would read the lines otherwise: a
    nested list must start right under its item's text, siblings line up and keep their marker,
    and an ordered list that interrupts its item's text starts at 1."""
    after = end  # where markdown-it's list ends: the next non-blank line (or the last line)
    while after < line_max and not lines[after].strip(" \t"):
        after += 1
    out: list[Token] = []
    stack: list[list] = []  # per open list: [indent, marker, its last item's text indent, list token, item token]
    text_indent, previous = 0, -2
    for i in range(start, end):
        if not lines[i].strip(" \t"):
            continue
        item = _ITEM.match(lines[i])
        indent, marker = len(item.group(1)), _marker(item)
        while stack and indent < stack[-1][0]:
            _close_list(out, stack.pop(), i)
        if stack and indent == stack[-1][0]:
            if marker != stack[-1][1]:
                return None, 0
            stack[-1][4].map[1] = i
            out.append(Token("list_item_close", [], "li", markup=marker, level=2 * len(stack) - 1))
        else:
            if indent != (stack[-1][2] if stack else 0):
                return None, 0
            if marker in ".)" and previous == i - 1 and int(item.group(0).strip()[:-1]) != 1:
                return None, 0  # it would not interrupt the item's text
            kind, tag = ("ordered_list", "ol") if marker in ".)" else ("bullet_list", "ul")
            opened = Token(f"{kind}_open", [i, after], tag, markup=marker, level=2 * len(stack))
            out.append(opened)
            stack.append([indent, marker, 0, opened, None])
        level = 2 * len(stack) - 1
        stack[-1][2] = item.end()
        stack[-1][4] = Token("list_item_open", [i, after], "li", markup=marker, level=level)
        out.append(stack[-1][4])
        out.append(Token("inline", [i, i + 1], content=lines[i][item.end():].rstrip(" \t"), level=level + 2))
        if not indent:
            text_indent = item.end()
        previous = i
    while stack:
        _close_list(out, stack.pop(), after)
    return out, text_indent


def _close_list(out: list[Token], entry: list, line: int) -> None:
    _, marker, _, opened, item = entry
    item.map[1] = opened.map[1] = line
    out.append(Token("list_item_close", [], "li", markup=marker, level=item.level))
    out.append(Token(opened.type.replace("_open", "_close"), [], opened.tag, markup=marker, level=opened.level))


def _left_open(tokens: list, n_lines: int) -> bool:
    """Whether a top-level block runs to the end of the text (an unclosed fence or raw HTML
    block): in the whole document it would go on past it."""
    return any(
        t.level == 0 and t.type in ("fence", "html_block", "code_block") and t.map and t.map[1] >= n_lines
        for t in tokens
    )


def _shifted(tokens: list, offset: int) -> list:
    if offset:
        for t in tokens:
            if t.map is not None:
                t.map = [t.map[0] + offset, t.map[1] + offset]
    return tokens
