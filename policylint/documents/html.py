"""HTML policies: visible text in reading order, with headings, list items and table cells.

We use the standard library's tolerant HTML tokenizer rather than an HTML5 tree builder because
it reports the source line and column of every run of text, which is what findings point at;
unclosed and misnested tags only end blocks early, never lose text. Scripts, styles, forms,
navigation, site header/footer and cookie banners are dropped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from policylint.documents.builder import DocumentBuilder, Piece
from policylint.documents.headings import looks_like_heading, numbered_depth
from policylint.model import Document

_BLOCK = frozenset(
    "address article aside blockquote body caption dd div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section table tbody td tfoot th thead tr ul br "
    "center summary details".split()
)
_SKIP = frozenset("script style noscript template svg nav head title iframe object select button math canvas".split())
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Class/id tokens of site chrome: matched against each whole token, because content wrappers
# are often named after the chrome they sit beside ("nav-page-content", "menu-content").
_CHROME_TOKEN = re.compile(
    r"(?:(?:main|top|site|global|primary|secondary|mobile|side|sub|header|footer|utility|social|user|toolbar)[-_]{0,2})?"
    r"(?:nav|navbar|navigation|menu|menubar|breadcrumbs?|skip-?links?)(?:[-_]{1,2}(?:bar|wrap|wrapper|container|list|links))?",
    re.I,
)
_COOKIE_BANNER = re.compile(r"cookie[-_ ]?(?:banner|consent|notice|bar|popup|message|warning)|onetrust|cookiebot|cc-(?:banner|window)", re.I)
_NEVER_CHROME = frozenset("html body main article".split())
_HEADING = {f"h{i}": i for i in range(1, 7)}
_MAX_DEPTH = 512


# A `<` that opens a tag, declaration or processing instruction but has no `>` before the next
# `<` cannot be markup; Python's tokenizer (< 3.13.4) rescans to the end of the text for each
# of them, which is quadratic on a line of `<a b='` or `</`. Comments are matched whole first.
_BROKEN_OPENER = re.compile(r"<!--(?:(?!<!--)[\s\S])*?-->|<(?=[A-Za-z/!?])(?![^<>]*>)")


def defuse(html: str) -> str:
    """Neutralise broken tag openers with a same-width look-alike (``＜``), keeping columns."""
    return _BROKEN_OPENER.sub(lambda m: m.group(0) if len(m.group(0)) > 1 else "\uff1c", html)


class HtmlExtractor(HTMLParser):
    """Feeds an HTML string into a :class:`DocumentBuilder`."""

    def __init__(self, builder: DocumentBuilder, first_line: int = 1) -> None:
        super().__init__(convert_charrefs=True)
        self._last_close: tuple[str | None, int] = (None, -1)  # (rawdata, its last `-->`)
        self.b = builder
        self.first_line = first_line
        self.pieces: list[Piece] = []
        self.kind = "paragraph"
        self.heading: int | None = None
        self.skip_depth = 0
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, skipping, opens main content)
        self.link: str | None = None
        self.bold_text: list[str] = []
        self.all_text: list[str] = []
        self.in_main = 0
        self.protected_email: str | None = None  # decoded address of a Cloudflare-obfuscated link

    def run(self, html: str) -> None:
        self.feed(defuse(html))
        self.close()
        self._flush()

    def parse_html_declaration(self, i: int) -> int:
        position = self.lineno, self.offset
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            # The stdlib asserts on malformed `<![...` (found by fuzzing), after moving the
            # position; undo that and skip to the next `>` like a browser's bogus comment.
            self.lineno, self.offset = position
            j = self.rawdata.find(">", i + 2)
            return len(self.rawdata) if j < 0 else j + 1

    def parse_comment(self, i: int, report: bool = True) -> int:
        # Python < 3.13.4 rescans to the end for every unclosed `<!--`, which is quadratic on a
        # line of them; no comment can close after the last `-->`, so answer those at once.
        raw = self.rawdata
        if self._last_close[0] is not raw:
            self._last_close = (raw, raw.rfind("-->"))
        if self._last_close[1] < i + 4:
            return -1
        return super().parse_comment(i, report)

    # -- tokenizer callbacks ------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        skipping = self.skip_depth > 0 or tag in _SKIP or self._boilerplate(tag, attr)
        if attr.get("data-cfemail"):
            self.protected_email = _cloudflare_email(attr["data-cfemail"] or "")
        if tag in _BLOCK:
            self._flush()
            if tag in _HEADING:
                self.heading = _HEADING[tag]
            elif tag == "li":
                self.kind = "list_item"
            elif tag in ("td", "th"):
                self.kind = "table_cell"
        if tag == "a":
            self.link = attr.get("href") or None
        if tag in _VOID:
            return
        if len(self.stack) >= _MAX_DEPTH:
            # Pathologically deep markup: keep the text, stop tracking the nesting.
            self.stack.pop(0)
        opens_main = tag in ("main", "article") or attr.get("role") == "main"
        self.stack.append((tag, skipping, opens_main))
        if skipping:
            self.skip_depth += 1
        if opens_main:
            self.in_main += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK:
            self._flush()
        if tag == "a":
            self.link = None
        # Pop to the matching open tag; an end tag with no opener is ignored.
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for _, skipping, opened_main in self.stack[i:]:
                    self.skip_depth -= skipping
                    self.in_main -= opened_main
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self.skip_depth or not data:
            return
        if self.protected_email and " ".join(data.split()) == "[email protected]":
            # Cloudflare replaces addresses in served pages; the real one is in data-cfemail.
            data, self.protected_email = data.replace(data.strip(), self.protected_email), None
        line, col = self.getpos()
        line += self.first_line - 1
        col += 1
        for k, part in enumerate(data.split("\n")):
            if k:
                line, col = line + 1, 1
            if part.strip():
                sep = "" if self.pieces and not k and not self.pieces[-1].text[-1:].isspace() else " "
                self.pieces.append(Piece(part, line, col, sep=sep if self.pieces else " ", link=self.link))
                self.all_text.append(part)
                if self._bold():
                    self.bold_text.append(part)
            col += len(part)

    def handle_comment(self, data: str) -> None:
        if "policylint" in data:
            self.b.directives.append((self.getpos()[0] + self.first_line - 1, data.strip()))

    # -- helpers ------------------------------------------------------------------------------
    def _bold(self) -> bool:
        return any(entry[0] in ("b", "strong") for entry in self.stack[-3:])

    def _boilerplate(self, tag: str, attr: dict[str, str | None]) -> bool:
        if tag in ("header", "footer") and not self.in_main:
            return True
        if not attr:
            return False  # every other sign of chrome is an attribute
        if attr.get("role") in ("navigation", "banner", "contentinfo") and not self.in_main:
            return True
        if attr.get("aria-hidden") == "true" or "hidden" in attr:
            return True
        if tag in _NEVER_CHROME or attr.get("role") == "main":
            return False
        ident = f"{attr.get('id') or ''} {attr.get('class') or ''}"
        if _COOKIE_BANNER.search(ident):
            return True
        return any(_CHROME_TOKEN.fullmatch(token) for token in ident.split())

    def _flush(self) -> None:
        pieces, self.pieces = self.pieces, []
        text = " ".join("".join(self.all_text).split())
        bold = " ".join("".join(self.bold_text).split())
        self.all_text, self.bold_text = [], []
        if not pieces:
            self.heading, self.kind = None, "paragraph"
            return
        if self.heading is not None:
            self.b.markup_level = self.heading
            self.b.heading(self.heading, pieces)
        elif text and ((bold == text and len(text) <= 150) or (looks_like_heading(text) and self.kind != "table_cell")):
            self.b.heading(min(6, self.b.markup_level + (numbered_depth(text) or 1)), pieces)
        else:
            self.b.block(self.kind, pieces)
        self.heading, self.kind = None, "paragraph"


def _cloudflare_email(encoded: str) -> str | None:
    """Decode Cloudflare's ``data-cfemail`` (hex bytes XOR-ed with the first byte)."""
    try:
        raw = bytes.fromhex(encoded)
    except ValueError:
        return None
    if len(raw) < 2:
        return None
    decoded = bytes(b ^ raw[0] for b in raw[1:]).decode("utf-8", "replace")
    return decoded if "@" in decoded else None


def load_html(text: str, path: str) -> Document:
    """Build a :class:`Document` from an HTML page."""
    builder = DocumentBuilder(path, "html")
    HtmlExtractor(builder).run(text)
    return builder.build()
