"""``--format text``: one finding a line as ``path:line:col: severity rule-id message``.

Kept in plain Python rather than a template because it is the default on every run and must not
pay for importing Jinja (``templates/text.txt.j2`` renders the same output, and a test keeps the
two in step). Colour is the caller's decision (a terminal and no ``NO_COLOR``).
"""

from __future__ import annotations

from typing import Any

from policylint.reports import streaming
from policylint.reports.context import notice_position
from policylint.reports.quoting import clip

_COLOURS = {"error": "31", "warning": "33", "info": "36", "passed": "32", "notice": "35", "input-error": "31;1"}


def _paint(word: str, colour: bool) -> str:
    code = _COLOURS.get(word)
    return f"\033[{code}m{word}\033[0m" if colour and code else word


def _bold(s: str, colour: bool) -> str:
    return f"\033[1m{s}\033[0m" if colour else s


def _page(loc: dict[str, Any]) -> str:
    # Paged formats (PDF, Word) locate by page as well: line numbers restart on every page.
    return f" [page {loc['page']}]" if loc.get("page") is not None else ""


class Writer(streaming.Writer):
    """Writes each document's lines as it arrives, the summary lines at the end."""

    def document(self, doc: dict[str, Any]) -> None:
        lines = _document_lines(doc, bool(self.options.get("verbose")), bool(self.options.get("color")))
        if lines:
            self.out("".join(line + "\n" for line in lines))

    def end(self, summary: dict[str, Any]) -> None:
        self.out("".join(line + "\n" for line in _summary_lines(summary)))


def render(context: dict[str, Any], verbose: bool = False, color: bool = False, **_: Any) -> str:
    """The whole text report."""
    return streaming.render_with(Writer, context, verbose=verbose, color=color)


def _document_lines(doc: dict[str, Any], verbose: bool, color: bool) -> list[str]:
    lines: list[str] = []
    path = _bold(doc["path"], color)
    if doc["error"]:
        return [f"{path}:1:1: {_paint('input-error', color)} {doc['error']}"]
    for r in doc["results"]:
        loc = r["location"]
        if r["status"] == "failed" and not r["suppressed"]:
            detail = f" ({r['detail']})" if r["detail"] and r["evidence"] else ""
            detail += _page((r["evidence"] or r["trigger"] or [loc])[0])
            why = _applies_because(r) if verbose else ""
            lines.append(f"{path}:{loc['line']}:{loc['column']}: {_paint(r['severity'], color)} {r['rule']} {r['message']}{detail}{why}")
        elif r["status"] == "error":
            lines.append(f"{path}:1:1: {_paint('error', color)} {r['rule']} rule error: {r['detail']}")
        elif verbose and r["status"] == "passed":
            ev = r["evidence"][0] if r["evidence"] else None
            quote = (f" \"{clip(ev['text'], 120)}\"" + _page(ev)) if ev else ""
            lines.append(f"{path}:{loc['line']}:{loc['column']}: {_paint('passed', color)} {r['rule']}{quote}{_applies_because(r)}")
        elif verbose and r["status"] == "failed":
            lines.append(f"{path}:{loc['line']}:{loc['column']}: suppressed {r['rule']} ({r['suppressed']})")
    for notice in doc.get("notices", []):
        line, text = notice_position(notice)
        lines.append(f"{path}:{line}:1: {_paint('notice', color)} {text}")
    return lines


def _applies_because(r: dict[str, Any]) -> str:
    """Why a conditional rule applies: the sentence its ``when`` matched (on the same line, so
    editors and problem matchers still read one finding a line)."""
    if not r["trigger"]:
        return ""
    t = r["trigger"][0]
    if r["evidence"] and (r["evidence"][0]["line"], r["evidence"][0]["text"]) == (t["line"], t["text"]):
        return ""  # the evidence quoted already is the sentence that made the rule apply
    return f" Applies because line {t['line']} says: \"{clip(t['text'], 120)}\"{_page(t)}"


def _summary_lines(s: dict[str, Any]) -> list[str]:
    suppressed = f", {s['suppressed']} suppressed" if s.get("suppressed") else ""
    lines = [
        f"{s['documents']} document(s) checked: {s['failed'] - s.get('suppressed', 0)} failed, {s['passed']} passed, "
        f"{s['not_applicable']} not applicable{suppressed}, {s['input_errors']} input error(s)"
    ]
    for rid, c in s["by_ruleset"].items():
        lines.append(f"  {rid}: {c['passed']} passed, {c['failed'] - c.get('suppressed', 0)} failed, {c['not_applicable']} not applicable")
    return lines
