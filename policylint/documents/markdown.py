"""Markdown policies, parsed with markdown-it-py (block level) and a small inline stripper.

markdown-it-py gives the block structure with source line ranges; inline markup is removed here
line by line so that every run of text keeps its exact source column.
"""

from __future__ import annotations

import re

from policylint.documents.builder import DocumentBuilder, Piece
from policylint.documents.headings import repeated_name_pairs, run_in_title
from policylint.documents.mdblocks import block_tokens
from policylint.documents.paragraphs import Line, emit_lines
from policylint.model import Document

# Inline markup, in priority order: images, links, autolinks, code, HTML tags/comments, emphasis.
# No part may run past the next opener of its own kind (`[`, `(`, `<`, `<!--`): otherwise a line
# of 20,000 `[` or `[a](` takes quadratic time (each opener would scan to the end of the line).
# One level of balanced parentheses (wiki/Foo_(bar)), written as an unrolled loop: the same
# matches as (?:[^()\s]|\([^()\s]*\))* without an alternation per character.
_URL = r"[^()\s]*(?:\([^()\s]*\)[^()\s]*)*"
_INLINE = re.compile(
    r"!\[(?P<alt>[^\[\]]*)\]\((?P<src>" + _URL + r")[^()]*\)"
    r"|\[(?P<text>[^\[\]]*)\]\((?P<url>" + _URL + r")(?:\s+\"[^\"()]*\")?\)"
    r"|\[(?P<rtext>[^\[\]]+)\]\[[^\[\]]*\]"
    r"|<(?P<auto>(?:https?|mailto):[^<>\s]+)>"
    r"|<!--(?P<comment>(?:(?!<!--).)*?)-->"
    r"|</?[A-Za-z][^<>]*>"
    r"|\\(?P<esc>[!-/:-@\[-`{-~])"
    # Emphasis: *{1,3}, _{1,3} at a word edge, `+; each branch starts with a literal character so
    # that the regex engine skips straight to the next candidate instead of trying every position.
    r"|\*\*{0,2}|_(?<!\w_)_{0,2}|__{0,2}(?!\w)|``*"
)
def _may_have_markup(line: str) -> bool:
    """Whether ``_INLINE`` can match in ``line``: each of its branches starts with one of these
    characters ("!" only before "["). Most lines of a policy hold none of them."""
    return "[" in line or "<" in line or "*" in line or "_" in line or "`" in line or "\\" in line


_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(?P<inner>.+?)(?:\*\*|__)\s*:?\s*$")
_DIRECTIVE = re.compile(r"policylint-[a-z-]+[^>]*|policylint:\s*\S.*", re.I)


def inline_pieces(text: str, lineno: int, col: int, builder: DocumentBuilder | None = None) -> tuple[str, list[Piece]]:
    """Strip inline markup from one line; return its plain text and column-exact pieces."""
    if not _may_have_markup(text):
        return text, [Piece(text, lineno, col)] if text else []
    pieces: list[Piece] = []
    plain: list[str] = []
    pos = 0
    sep = ""  # joins the next run to the one before: " " after an HTML tag such as <br>
    for m in _INLINE.finditer(text):
        start = m.start()
        if start > pos:
            run = text[pos:start]
            pieces.append(Piece(run, lineno, col + pos, None, sep if pieces else " "))
            plain.append(run)
        sep = ""
        kind = m.lastgroup  # the branch's last group; None for a tag or emphasis
        if kind is None:
            if text[start] == "<":
                sep = " "  # an HTML tag separates words (emphasis marks do not)
        elif kind == "comment":
            if builder is not None and _DIRECTIVE.search(m.group("comment")):
                builder.directives.append((lineno, m.group("comment").strip()))
        else:
            shown = _SHOWN[kind]
            run = m.group(shown)
            if run:
                link = (m.group("url") or None) if kind == "url" else run if kind == "auto" else None
                pieces.append(Piece(run, lineno, col + m.start(shown), None, "" if pieces else " ", link))
                plain.append(run)
        pos = m.end()
    if pos < len(text):
        run = text[pos:]
        pieces.append(Piece(run, lineno, col + pos, None, sep if pieces else " "))
        plain.append(run)
    return "".join(plain), pieces


# The text a branch of _INLINE shows, by its last group: an image's alt text, a link's text, ...
_SHOWN = {"src": "alt", "url": "text", "rtext": "rtext", "auto": "auto", "esc": "esc"}


def load_markdown(text: str, path: str) -> Document:
    """Build a :class:`Document` from Markdown source."""
    builder = DocumentBuilder(path, "markdown")
    src_lines = text.split("\n")
    body_start = _front_matter(src_lines, builder)
    body = "\n".join(src_lines[body_start:]) if body_start else text
    tokens = block_tokens(_drop_unclosed_raw_html(body))
    list_stack: list[str] = []  # "ol" / "ul"
    item_has_sublist: list[bool] = []
    heading_level: int | None = None
    names: list[frozenset[tuple[str, str]]] = []  # the document's two-word names, once needed
    cell = False
    for idx, tok in enumerate(tokens):
        t = tok.type
        if t == "heading_open":
            heading_level = int(tok.tag[1])
        elif t == "heading_close":
            heading_level = None
        elif t in ("bullet_list_open", "ordered_list_open"):
            list_stack.append(tok.tag)
        elif t in ("bullet_list_close", "ordered_list_close"):
            list_stack.pop()
        elif t in ("th_open", "td_open"):
            cell = True
        elif t in ("th_close", "td_close"):
            cell = False
        elif t == "list_item_open":
            item_has_sublist.append(_item_has_sublist(tokens, idx))
        elif t == "list_item_close":
            item_has_sublist.pop()
        elif t == "inline" and tok.map is not None:
            first = tok.map[0] + body_start
            lines = _lines(tok.content, first, src_lines, builder)
            if heading_level is not None:
                split = _run_in_heading(lines, text, names)
                if split is not None or not _heading_sized(lines):
                    # Converters sometimes put a section's body on its heading line; rules must
                    # see the body (headings alone never satisfy a rule). A title at its start
                    # ("### Cookies We use cookies ...") still opens the section.
                    if split is not None:
                        builder.markup_level = heading_level
                        builder.heading(heading_level, split[0])
                        lines = split[1]
                    emit_lines(builder, lines, headings=False)
                else:
                    builder.markup_level = heading_level
                    builder.heading(heading_level, [p for ln in lines for p in ln.pieces])
            elif cell:
                builder.block("table_cell", [p for ln in lines for p in ln.pieces])
            elif list_stack:
                # An ordered item that holds a sub-list is a numbered clause title.
                # An ordered item that holds a sub-list is a numbered clause title; one whose first
                # line is a title followed by its body ("4. Children's Privacy" / "We do not...")
                # is a clause too. A one-line item of a plain list never is.
                ordered = list_stack[-1] == "ol"
                ordered_title = ordered and bool(item_has_sublist) and item_has_sublist[-1]
                titled_clause = ordered and len(lines) > 1
                emit_lines(
                    builder, lines, "list_item",
                    headings=ordered_title or titled_clause or any(ln.bold for ln in lines[:1]),
                    min_caps=0.0 if ordered_title else 0.6,
                )
            else:
                emit_lines(builder, lines)
        elif t == "html_block" and tok.map is not None:
            _html_block(tok.content, tok.map[0] + body_start + 1, builder)
        elif t in ("fence", "code_block") and tok.map is not None:
            first = tok.map[0] + body_start + (1 if t == "fence" else 0)
            lines = [Line(s, [Piece(s, first + k + 1, 1)]) for k, s in enumerate(tok.content.split("\n")) if s.strip()]
            emit_lines(builder, lines, headings=False)
    return builder.build()


_MAX_HEADING_WORDS = 30
# A heading longer than this may be a title with its body run in (no title runs to 15 words).
_RUN_IN_MIN_WORDS = 14
_RAW_OPEN = re.compile(r"^ {0,3}<(script|style|pre|textarea)(?=[\s>]|$)[^\n]*", re.I | re.M)


def _drop_unclosed_raw_html(text: str) -> str:
    """Blank a line opening <script>/<style>/<pre>/<textarea> that is never closed.

    CommonMark runs such an HTML block to the end of the document, so one stray ``<script>`` in
    a converted page would hide the rest of the policy. The line is blanked, not removed, so line
    numbers stay exact.
    """
    if "<" not in text:
        return text
    lowered: str | None = None
    out = text
    for m in reversed(list(_RAW_OPEN.finditer(text))):
        lowered = lowered if lowered is not None else text.lower()
        tag = m.group(1).lower()
        if f"</{tag}" not in lowered[m.start():]:
            out = out[: m.start()] + out[m.end():]
    return out


def _heading_sized(lines: list[Line]) -> bool:
    return sum(len(ln.text.split()) for ln in lines) <= _MAX_HEADING_WORDS


def _run_in_heading(
    lines: list[Line], text: str, names: list[frozenset[tuple[str, str]]]
) -> tuple[list[Piece], list[Line]] | None:
    """Split a heading too long to be a title alone into its title's pieces and its body's
    lines, or None. The title is at the start of the first line; its body piece keeps the
    column where the body starts. ``names`` caches the two-word names of the document ``text``."""
    if not lines or sum(len(ln.text.split()) for ln in lines) <= _RUN_IN_MIN_WORDS:
        return None
    if not names:
        names.append(repeated_name_pairs(text))
    pieces = lines[0].pieces
    parts: list[str] = []
    starts: list[int] = []  # where each piece starts in the joined line
    length = 0
    for i, p in enumerate(pieces):
        if i and p.sep:
            parts.append(p.sep)
            length += len(p.sep)
        starts.append(length)
        parts.append(p.text)
        length += len(p.text)
    cut = run_in_title("".join(parts), names[0])
    if cut is None:
        return None
    title_end, body_start = cut
    title: list[Piece] = []
    body: list[Piece] = []
    for p, s in zip(pieces, starts):
        e = s + len(p.text)
        if s < title_end:
            title.append(p if e <= title_end else p._replace(text=p.text[: title_end - s]))
        if e > body_start:
            into = max(0, body_start - s)  # the body starts inside this piece: move its column
            body.append(p._replace(text=p.text[into:], column=p.column + into) if into else p)
    body_text = "".join(p.text if i == 0 else p.sep + p.text for i, p in enumerate(body))
    return title, [Line(body_text, body)] + lines[1:]


def _item_has_sublist(tokens, idx: int) -> bool:
    depth = 0
    for i in range(idx + 1, len(tokens)):  # not tokens[idx + 1:]: a copy per item is quadratic
        tok = tokens[i]
        if tok.type == "list_item_open":
            depth += 1
        elif tok.type == "list_item_close":
            if depth == 0:
                return False
            depth -= 1
        elif depth == 0 and tok.type in ("bullet_list_open", "ordered_list_open"):
            return True
    return False


_QUOTE_MARKS = re.compile(r"^[ \t]*(?:>[ \t]?)*")  # a line's blockquote markers


def _lines(content: str, first: int, src_lines: list[str], builder: DocumentBuilder) -> list[Line]:
    out: list[Line] = []
    n = len(src_lines)
    shift = 0
    for k, raw in enumerate(content.split("\n")):
        if k == 0 and raw:
            # markdown-it strips the block's text with str.strip(), which also drops whole
            # leading lines of Unicode spaces (a lone no-break space, a form feed after a
            # quote's ">"): skip those lines.
            while (first + shift < n - 1 and not _QUOTE_MARKS.sub("", src_lines[first + shift]).strip()
                   and raw not in src_lines[first + shift]):
                shift += 1
        i = first + k + shift
        # markdown-it also turns NUL into U+FFFD (same length), so look for the line that way.
        src = src_lines[i].replace("\x00", "\ufffd") if i < n else raw
        col = src.find(raw) + 1 if raw else 1
        if not col:
            # markdown-it writes a tab of the indentation as the spaces it stands for: find the
            # text after them, and count back so that it keeps its own column.
            bare = raw.lstrip(" ")
            found = src.find(bare) if bare else -1
            col = found + 1 - (len(raw) - len(bare)) if found >= 0 else 1  # else: not found in its source line
        if not _may_have_markup(raw):  # most lines: no inline markup, no bold
            out.append(Line(raw, [Piece(raw, i + 1, col)] if raw else []))
            continue
        plain, pieces = inline_pieces(raw, i + 1, col, builder)
        bold = ("*" in raw or "_" in raw) and _BOLD_LINE.match(raw) is not None
        out.append(Line(plain, pieces, bold=bold))
    return out


def _html_block(content: str, first_line: int, builder: DocumentBuilder) -> None:
    from policylint.documents.html import HtmlExtractor

    HtmlExtractor(builder, first_line=first_line).run(content)


def _small(data: object, limit: int = 10_000) -> bool:
    """Whether ``data`` has at most ``limit`` values once aliases are expanded (a hostile
    policy's "billion laughs" front matter would otherwise expand when reports print it)."""
    stack, seen = [data], 0
    while stack:
        seen += 1
        if seen > limit:
            return False
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


def _front_matter(src_lines: list[str], builder: DocumentBuilder) -> int:
    """Skip YAML front matter (``---`` ... ``---``) and keep it as metadata; return body start."""
    if not src_lines or src_lines[0].strip() != "---":
        return 0
    for i in range(1, min(len(src_lines), 200)):
        if src_lines[i].strip() in ("---", "..."):
            import yaml

            try:
                data = yaml.safe_load("\n".join(src_lines[1:i]))
            except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
                return 0  # not valid front matter (a bad date, nesting): read it as text
            if isinstance(data, dict) and _small(data):
                builder.metadata["front_matter"] = data
            return i + 1
    return 0
