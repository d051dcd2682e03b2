"""Escaping for the places reports end up: GitHub workflow commands, Markdown, XML.

Document text is untrusted: every format escapes it so a policy can never inject commands,
markup or structure.
"""

from __future__ import annotations

import re

# XML 1.0 allows tab, LF, CR and these ranges only; anything else is dropped from XML text.
_XML_INVALID = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def github_data(value: object) -> str:
    """Escape a workflow command's message (GitHub's ``escapeData``)."""
    s = str(value)
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(value: object) -> str:
    """Escape a workflow command's property value (GitHub's ``escapeProperty``)."""
    return github_data(value).replace(":", "%3A").replace(",", "%2C")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def markdown_inline(value: object) -> str:
    """Text that Markdown shows literally: no links, emphasis, HTML or line breaks from input."""
    s = " ".join(str(value).split())
    s = s.replace("&", "&amp;")
    return _MD_SPECIAL.sub(r"\\\1", s)


def markdown_cell(value: object) -> str:
    """Like :func:`markdown_inline`, for a table cell (pipes are escaped too)."""
    return markdown_inline(value)


def xml_text(value: object) -> str:
    """Drop characters XML cannot hold at all (control characters); escaping is autoescape's job."""
    return _XML_INVALID.sub("\ufffd", str(value))


def safe_url(value: object) -> str:
    """Only http(s) and mailto links are kept; anything else (``javascript:``) becomes empty."""
    s = str(value or "").strip()
    return s if s.lower().startswith(("https://", "http://", "mailto:")) else ""
