"""Page scripts, styles and data left in a policy's text by the tool that saved the page.

Policies copied from web pages often keep the page's JavaScript, CSS and JSON state as plain
paragraphs (``window.dataLayer = ...``, ``.css-1x{display:none}``, ``{"props":{...}}``). Their
words ("cookie", "consent", "analytics", "domain") are not statements of the policy, yet rules
read them as such. A paragraph is taken for code when most of it sits inside curly braces, or
when it is dense with JavaScript constructs; policy prose has neither. The HTML loader never
sees these: it skips ``<script>`` and ``<style>`` elements.
"""

from __future__ import annotations

import re

# Constructs of JavaScript that English prose does not contain.
_JS = re.compile(r"\bvar\s+[\w$]+\s*=|\bfunction\s*[\w$]*\s*\(|\bwindow\.|\bdocument\.|=>|\$\(|\bthis\.|\.push\(")
_HINTS = ("{", "var ", "function", "window.", "document.", "=>", "$(", "this.", ".push(")
#: Share of a paragraph inside ``{...}`` from which it is code (CSS rules, JSON, script bodies);
#: a policy paragraph with a stray template placeholder stays far below it.
BRACED_SHARE = 0.15
#: JavaScript constructs a code paragraph holds at least: 3, and one per this many characters.
JS_EVERY = 150


def looks_like_code(text: str) -> bool:
    """Whether the paragraph ``text`` is page code (script, style sheet, JSON) rather than prose."""
    if not any(h in text for h in _HINTS):  # nearly every paragraph: no sign of code at all
        return False
    if "{" in text and "}" in text and _braced_share(text) >= BRACED_SHARE:
        return True
    n = len(_JS.findall(text))
    return n >= 3 and n * JS_EVERY >= len(text)


def _braced_share(text: str) -> float:
    depth = inside = 0
    for ch in text:
        if ch == "{":
            depth += 1
        if depth:
            inside += 1
        if ch == "}" and depth:
            depth -= 1
    return inside / len(text)
