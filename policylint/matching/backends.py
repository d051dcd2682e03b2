"""Multi-literal search backends: where in a folded text does each anchor string start?

Both backends answer the same question with the same answer (every start position of every
anchor, overlapping ones included), so the exact regex confirmation that follows sees identical
candidates whichever backend ran:

* ``python``: one regular expression shaped as a trie of all anchors inside a look-ahead, so
  ``re`` tries the anchors at each position in a single pass and reports the *longest* anchor
  starting there; the shorter anchors at that position are implied (they are its prefixes).
* ``hyperscan``: the Hyperscan library's literal matcher (``pip install 'policylint[fast]'``),
  which reports every anchor occurrence.
"""

from __future__ import annotations

import re
from array import array
from functools import lru_cache
from collections.abc import Sequence
from typing import Any

from policylint.matching.prefix import WORD_START

BACKENDS = ("auto", "python", "hyperscan")


class BackendError(RuntimeError):
    """A backend was asked for but cannot be used."""


def trie_regex(words: Sequence[str]) -> str:
    """A regex source matching the longest of ``words`` at a position (greedy trie)."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True
    return _node_regex(trie)


def _node_regex(node: dict[str, Any]) -> str:
    ends = "" in node
    children = sorted(k for k in node if k)
    if not children:
        return ""
    alts = [re.escape(ch) + _node_regex(node[ch]) for ch in children]
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if ends:
        # Greedy optional: try the longer anchor first, fall back to the one ending here.
        return f"(?:{body})?" if len(alts) > 1 or len(alts[0]) > 1 else body + "?"
    return body


class PythonLocator:
    """Finds anchors with two trie regexes; ``find`` maps each longest anchor to its positions.

    Word-start anchors (see :data:`~policylint.matching.prefix.WORD_START`) are searched as
    ``\\W(?=(trie))`` over the text with one space in front, which lets ``re`` skip ahead to
    non-word characters instead of trying every position; the others as a look-ahead from their
    first character (:func:`_consuming_lookahead`). Either way only one character is consumed,
    so overlapping occurrences are all seen.
    """

    name = "python"

    def __init__(self, anchors: Sequence[str]) -> None:
        self.anchors = list(anchors)
        self._rx: dict[str, re.Pattern[str] | None] = {}

    def _regex(self, kind: str) -> re.Pattern[str] | None:
        if kind not in self._rx:
            words = [a[1:] for a in self.anchors if a.startswith(WORD_START)]
            other = [a for a in self.anchors if not a.startswith(WORD_START)]
            if kind == "word":
                # Only the non-word character is consumed, so an anchor holding one ("s.a")
                # cannot hide a word-start anchor that begins inside it.
                src = r"\W(?=(" + trie_regex(words) + "))" if words else None
            elif kind == "word-anywhere":
                src = "(?=(" + trie_regex(words) + "))" if words else None
            else:
                src = _consuming_lookahead(other) if other else None
            self._rx[kind] = _compile(src) if src else None
        return self._rx[kind]

    def find(self, folded: str, word_starts_exact: bool = True) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        rx = self._regex("other")
        if rx is not None:
            _collect(found, rx.finditer(folded), "", 0)
        if word_starts_exact:
            rx = self._regex("word")
            if rx is not None:
                _collect(found, rx.finditer(" " + folded), WORD_START, 1)
        else:
            rx = self._regex("word-anywhere")
            if rx is not None:
                _collect(found, rx.finditer(folded), WORD_START, 0)
        return found

    def __getstate__(self) -> dict[str, Any]:
        return {"anchors": self.anchors, "_rx": {}}


def _consuming_lookahead(anchors: Sequence[str]) -> str:
    """``(?=(trie))`` over ``anchors``, written to consume the anchor's first character and
    look back over it: ``[firsts](?<=(?=(trie)).)``. Same positions and groups (every anchor
    starts with one of ``firsts``, and only that one character is consumed, so overlapping
    occurrences are all seen), but ``re`` now skips ahead to a character of ``firsts`` instead of
    trying the trie at every position: about four times faster on policies."""
    firsts = "".join(re.escape(c) for c in sorted({a[0] for a in anchors}))
    return "[" + firsts + "](?<=(?=(" + trie_regex(anchors) + ")).)"


@lru_cache(maxsize=32)  # tables rebuilt for the same rulesets (tests, the API) share the regex
def _compile(source: str) -> re.Pattern[str]:
    return re.compile(source, re.DOTALL)


def _collect(found: dict[str, list[int]], matches: Any, mark: str, shift: int) -> None:
    # Positions as machine integers: on a 50 MB text the anchor lists would otherwise hold
    # millions of int objects for the whole check.
    for m in matches:
        key = mark + m.group(1)
        positions = found.get(key)
        if positions is None:
            found[key] = positions = array("q")
        positions.append(m.start(1) - shift)


class HyperscanLocator:
    """Finds every anchor occurrence with Hyperscan; ``find`` maps each anchor to its positions.

    The folded text is scanned as one byte per character: ASCII as itself, any other character
    as 0x80 when ``re`` counts it as a word character and 0x81 when not, so byte offsets are
    character offsets and a word-start anchor compiled with a leading ``(?:^|[^a-z0-9_\\x80])``
    means exactly ``re``'s ``(?<!\\w)``. Anchors holding a non-ASCII character (rare: the
    folding makes most ASCII) are found with ``str.find``.
    """

    name = "hyperscan"

    def __init__(self, anchors: Sequence[str]) -> None:
        self.anchors = list(anchors)
        self._db: Any = None
        self._fallback: PythonLocator | None = None
        import_hyperscan()

    def database(self) -> Any:
        if self._db is None:
            hs = import_hyperscan()
            exprs, ids = [], []
            for i, a in enumerate(self.anchors):
                word = a.startswith(WORD_START)
                lit = a[1:] if word else a
                if not lit.isascii():
                    continue
                expr = b"".join(b"\\x%02x" % b for b in lit.encode("ascii"))
                exprs.append(b"(?:^|[^a-z0-9_\\x80])" + expr if word else expr)
                ids.append(i)
            self._db = False
            if exprs:
                self._db = hs.Database(mode=hs.HS_MODE_BLOCK)
                self._db.compile(expressions=exprs, ids=ids, elements=len(exprs), flags=[0] * len(exprs))
        return self._db

    def find(self, folded: str, word_starts_exact: bool = True) -> dict[str, list[int]]:
        if not word_starts_exact:
            # The text holds U+0345; the rare slow path stays identical by using the other backend.
            if self._fallback is None:
                self._fallback = PythonLocator(self.anchors)
            return _spread(self._fallback.find(folded, False), self.anchors)
        found: dict[str, list[int]] = {}
        if not self.anchors or not folded:
            return found
        db = self.database()
        ascii_text = folded.isascii()
        if db:
            data = folded.encode("ascii") if ascii_text else _NON_ASCII.sub(_byte_class, folded).encode("latin-1")
            hits: list[tuple[int, int]] = []
            add = hits.append

            def on_match(aid: int, start: int, end: int, flags: int, context: Any) -> None:
                add((aid, end))

            db.scan(data, match_event_handler=on_match)
            anchors = self.anchors
            for aid, end in hits:
                key = anchors[aid]
                start = end - len(key) + key.startswith(WORD_START)
                positions = found.get(key)
                if positions is None:
                    found[key] = positions = array("q")  # machine integers, as in _collect
                positions.append(start)
        if not ascii_text:
            for key in self.anchors:
                lit = key.lstrip(WORD_START)
                if not lit.isascii():
                    positions = _find_all(folded, lit, key.startswith(WORD_START))
                    if positions:
                        found[key] = positions
        for key, positions in found.items():
            found[key] = array("q", sorted(positions))  # hits arrive in end order
        return found

    def __getstate__(self) -> dict[str, Any]:
        # Hyperscan's serialised databases did not survive a round trip here; compile on demand.
        return {"anchors": self.anchors, "_db": None, "_fallback": None}


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _byte_class(m: re.Match[str]) -> str:
    return "\x80" if _is_word(m.group()) else "\x81"


def _find_all(text: str, lit: str, word: bool) -> list[int]:
    out = []
    i = text.find(lit)
    while i >= 0:
        if not (word and i and _is_word(text[i - 1])):
            out.append(i)
        i = text.find(lit, i + 1)
    return out


def _spread(longest: dict[str, list[int]], anchors: list[str]) -> dict[str, list[int]]:
    """Turn "longest anchor at each position" into "every anchor at each position"."""
    known = set(anchors)
    out: dict[str, list[int]] = {}
    for key, positions in longest.items():
        for k in range(1, len(key) + 1):
            if key[:k] in known:
                out.setdefault(key[:k], []).extend(positions)
    return out


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # exactly re's \w for str patterns


def import_hyperscan() -> Any:
    try:
        import hyperscan
    except ImportError:
        raise BackendError("the hyperscan backend needs the optional extra: pip install 'policylint[fast]'") from None
    return hyperscan


def hyperscan_available() -> bool:
    try:
        import_hyperscan()
    except BackendError:
        return False
    return True


def make_locator(name: str, anchors: Sequence[str]) -> PythonLocator | HyperscanLocator:
    """The locator for backend ``name`` (``auto``: hyperscan when installed, else python)."""
    if name not in BACKENDS:
        raise BackendError(f"unknown matching backend {name!r}; use one of: {', '.join(BACKENDS)}")
    if name == "hyperscan" or (name == "auto" and hyperscan_available()):
        return HyperscanLocator(anchors)
    return PythonLocator(anchors)
