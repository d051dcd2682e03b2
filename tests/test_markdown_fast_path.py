"""The Markdown loader parses only the text between plain paragraphs and lists with markdown-it, and strips
inline markup with a regex rewritten for speed; these properties check that both give what
parsing the whole text (and the original regex) gives."""

from __future__ import annotations

import os
import re
from unittest import mock

from hypothesis import HealthCheck, given, settings, strategies as st

from policylint.documents import load_text
from policylint.documents import markdown as M
from policylint.documents import mdblocks as B

SETTINGS = settings(
    max_examples=int(os.environ.get("POLICYLINT_PROPERTY_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Lines built from block openers, closers and plain words, so that plain paragraphs sit next to
# lists, fences, raw HTML, tables, quotes and setext underlines, in every order.
_LINE_START = st.sampled_from([
    "", "", "", " ", "  ", "   ", "    ", "\t", "* ", "*   ", "- ", "+ ", "1. ", "2) ", "# ", "### ", "> ", ">",
    "```", "~~~", "<!--", "-->", "<script>", "</script>", "<div>", "</div>", "<pre>", "<?x", "?>", "<!X", "]]>",
    "<![CDATA[", "| a | b |", "|---|---|", "---", "===", "***", "_ _ _", "[x]: /url", "    code", "\\-   ",
    "**Bold**", "\u00a0", "\u2003", "\x1c", "* ", "*   ", "- ", "+ ", "*     ", "*\t", "  * ", "    * ",
    "-x", "=x", "_x", "+x", "*x", "2020 ", "1.", "1)", "12345678901. ", "[", "[a] ", "[a]:", "[a]: /u", "-|-", "--- |",
    "===", "---", "=== ", "--- ", "-----\t", " ===", "   ---", "=", "-", "a | b", "|",
    "1.  ", "2. ", "3) ", "10. ", "1234567890. ", "1.     ", "0. ", "1.", "1)\t",
    ":-:", "- - -", "*   ***", "## ", "# ", "####### ", "#", "#x", "## a ##", " ## ", "#\t", "*   [a]: /u", "*   [a](/u)", "*   1. ", "*   # ", "-\t", "==", "__",
])
_WORDS = st.sampled_from(["Privacy", "we collect", "data.", "*", "_", "`", "[link](http://x)", "<br>", "  ", "\t", "\u00a0", "", "]:", "|", "-", "="])
_LINE = st.tuples(_LINE_START, st.lists(_WORDS, max_size=4).map(" ".join), st.sampled_from(["", "", "  ", "\t", "\u00a0"]))
DOC = st.lists(_LINE.map("".join), max_size=30).map("\n".join)

# What the loader reads from each token (see load_markdown).
_READ = {
    "heading_open", "heading_close", "bullet_list_open", "bullet_list_close", "ordered_list_open",
    "ordered_list_close", "th_open", "th_close", "td_open", "td_close", "list_item_open", "list_item_close",
    "inline", "html_block", "fence", "code_block",
}


def _read(tokens) -> list[tuple]:
    return [(t.type, getattr(t, "tag", ""), list(t.map) if t.map else None, getattr(t, "content", "")) for t in tokens if t.type in _READ]


@SETTINGS
@given(DOC)
def test_block_tokens_equal_parsing_the_whole_text(src: str) -> None:
    assert _read(B.block_tokens(src)) == _read(B.parser().parse(src))


def test_a_heading_line_over_a_delimiter_row_is_a_table_header() -> None:
    # found by the property above: markdown-it reads the table before the heading
    for src in ("## a ##| Privacy\n|---|---|", "## Who | What\n|---|---|\n| us | data |"):
        assert _read(B.block_tokens(src)) == _read(B.parser().parse(src))


# Lists above all: nested, loose, mixed markers, ordered, interrupted.
_LIST_START = st.sampled_from([
    "", "", "*   ", "* ", "- ", "+ ", "1.  ", "2. ", "1) ", "    *   ", "    * ", "    - ", "  * ", "   * ", "        *   ",
    "    1.  ", "    2.  ", "        1. ", "     *   ", "\t* ", "    ", " ", "* * *", "---", "# ", "> ", "```",
])
LIST_DOC = st.lists(st.tuples(_LIST_START, st.sampled_from(["a", "Privacy", "b c", "[x](y)", "**b**", "", "*", "1.", "---"])).map("".join), max_size=25).map("\n".join)


@SETTINGS
@given(LIST_DOC)
def test_list_tokens_equal_parsing_the_whole_text(src: str) -> None:
    assert _read(B.block_tokens(src)) == _read(B.parser().parse(src))


def test_block_tokens_on_the_cases_that_must_go_to_markdown_it() -> None:
    for src in (
        "intro\n\n```\ncode\n\nstill code\n```\n\nafter",  # a fence open across a blank line
        "<!-- note\n\nstill comment -->\n\nafter",  # raw HTML open across a blank line
        "<script>\n\nx\n\n</script>\n\nafter",
        "* item\n\n  continued\n\nafter",  # a list item continued after a blank line
        "Title\n=====\n\nbody",  # a setext heading
        "a\u0000b\n\nc",  # markdown-it rewrites NUL
        "* a\n*   > quote\n\n* b\n\n* c\n\nafter",  # a list the text before leaves open
        "* a\n\n* b\n- c\n\n+ d\n  lazy\n\n* e\n\n    code\n\nend",
        "*   a  \n*     five spaces\n\n* * *\n\n- x\n-\n\n- y",
    ):
        assert _read(B.block_tokens(src)) == _read(B.parser().parse(src)), src


# The inline regex before it was rewritten with literal-first emphasis branches.
_ORIGINAL_INLINE = re.compile(
    M._INLINE.pattern.replace(r"|\*\*{0,2}|_(?<!\w_)_{0,2}|__{0,2}(?!\w)|``*", r"|(?P<emph>\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)|`+)")
    .replace(r"[^()\s]*(?:\([^()\s]*\)[^()\s]*)*", r"(?:[^()\s]|\([^()\s]*\))*")
)
_INLINE_TEXT = st.lists(
    st.sampled_from(["a", " ", "_", "__", "*", "**", "`", "[", "]", "(", ")", "!", "<", ">", "<!--", "-->", "\\", "/", "x_y", "http:", '"', "](", "[a](", "\t", ' "t")']),
    max_size=30,
).map("".join)


@SETTINGS
@given(_INLINE_TEXT)
def test_rewritten_inline_regex_matches_the_original(line: str) -> None:
    assert _ORIGINAL_INLINE.pattern.count("(?:[^()\\s]|") == 2 and "(?P<emph>" in _ORIGINAL_INLINE.pattern
    old = [(m.span(), m.group("alt", "src", "text", "url", "rtext", "auto", "comment", "esc")) for m in _ORIGINAL_INLINE.finditer(line)]
    new = [(m.span(), m.group("alt", "src", "text", "url", "rtext", "auto", "comment", "esc")) for m in M._INLINE.finditer(line)]
    assert new == old


@SETTINGS
@given(DOC)
def test_loaded_document_equals_the_one_from_parsing_the_whole_text(src: str) -> None:
    fast = load_text(src, "a.md")
    with mock.patch.object(M, "block_tokens", lambda text: B.parser().parse(text)):
        whole = load_text(src, "a.md")
    assert fast == whole
