"""Which disclosure items each ruleset checks, and which it says cannot be checked from text.

Convention: a rule checks the items it lists in ``tags`` as ``item:<id>``; a rule with no such tag
checks the item named by its own ``id``. A ruleset's top-level ``unchecked`` list names the items
it cannot check from text, each with a reason. An optional item list (``--items``: a Markdown
file whose tables start with kebab-case item IDs, or one ID a line) shows the items no loaded
ruleset mentions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from policylint.model import Rule, Ruleset

ITEM_TAG = "item:"
_ITEM_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
_SECTION = re.compile(r"^##\s+(?:(\d+)\.\s+)?(.+?)\s*$")


@dataclass(frozen=True)
class ItemCoverage:
    """One item of a regime: the rules that check it, or why it is not checked."""

    item: str
    rules: tuple[str, ...] = ()
    unchecked: str | None = None

    @property
    def status(self) -> str:
        return "checked" if self.rules else "unchecked"


@dataclass
class RegimeCoverage:
    """The items one ruleset covers, in the order its rules define them."""

    ruleset: str
    title: str
    items: list[ItemCoverage] = field(default_factory=list)

    @property
    def checked(self) -> int:
        return sum(1 for i in self.items if i.rules)


@dataclass(frozen=True)
class ListedItem:
    """An item from an item list (the research notes), with the section it appears under."""

    item: str
    section: str


def items_of(rule: Rule) -> tuple[str, ...]:
    """The items a rule checks: its ``item:`` tags, else its own id."""
    tagged = tuple(t[len(ITEM_TAG):].strip() for t in rule.tags if t.startswith(ITEM_TAG))
    return tagged or (rule.id,)


def regime_coverage(ruleset: Ruleset) -> RegimeCoverage:
    """Items of one ruleset (including inherited rules and unchecked entries)."""
    rules: dict[str, list[str]] = {}
    for rule in ruleset.rules:
        for item in items_of(rule):
            rules.setdefault(item, []).append(rule.id)
    out = RegimeCoverage(ruleset.id, ruleset.title)
    out.items = [ItemCoverage(item, tuple(ids)) for item, ids in rules.items()]
    out.items += [ItemCoverage(item, (), reason) for item, reason in ruleset.unchecked if item not in rules]
    return out


def coverage(rulesets: Iterable[Ruleset]) -> list[RegimeCoverage]:
    return [regime_coverage(rs) for rs in rulesets]


def covered_items(regimes: Iterable[RegimeCoverage]) -> set[str]:
    """Every item that some ruleset checks or declares unchecked."""
    return {i.item for r in regimes for i in r.items}


def read_item_list(text: str) -> list[ListedItem]:
    """Item IDs from Markdown tables (first cell of a row, under ``## N. Section`` headings) or plain lines.

    In a Markdown file with numbered sections, only the tables of numbered sections are read (the
    notes end with unnumbered appendices that mention rule IDs in passing).
    """
    out: list[ListedItem] = []
    seen: set[str] = set()
    section = ""
    lines = text.splitlines()
    numbered = any((m := _SECTION.match(line)) is not None and m.group(1) is not None for line in lines)
    in_scope = not numbered
    for line in lines:
        m = _SECTION.match(line)
        if m:
            section, in_scope = m.group(2), m.group(1) is not None or not numbered
            continue
        cell = line.split("|")[1].strip() if line.startswith("|") and line.count("|") >= 2 else line.strip()
        cell = cell.strip("`* ")
        if in_scope and _ITEM_ID.fullmatch(cell) and cell not in seen:
            seen.add(cell)
            out.append(ListedItem(cell, section))
    return out


def missing_items(listed: Sequence[ListedItem], regimes: Iterable[RegimeCoverage]) -> list[ListedItem]:
    """Listed items that no ruleset checks or declares unchecked."""
    have = covered_items(regimes)
    return [i for i in listed if i.item not in have]


def to_dict(regimes: Sequence[RegimeCoverage], missing: Sequence[ListedItem] | None = None) -> dict[str, Any]:
    d: dict[str, Any] = {
        "rulesets": [
            {
                "id": r.ruleset,
                "title": r.title,
                "items": [{"item": i.item, "status": i.status, "rules": list(i.rules), "reason": i.unchecked} for i in r.items],
                "checked": r.checked,
                "unchecked": len(r.items) - r.checked,
            }
            for r in regimes
        ]
    }
    if missing is not None:
        d["missing"] = [{"item": m.item, "section": m.section} for m in missing]
    return d


def render_text(regimes: Sequence[RegimeCoverage], missing: Sequence[ListedItem] | None = None) -> str:
    lines: list[str] = []
    for r in regimes:
        lines.append(f"{r.ruleset}: {r.title} ({len(r.items)} items: {r.checked} checked, {len(r.items) - r.checked} unchecked)")
        width = max([0, *(len(i.item) for i in r.items)])
        for i in r.items:
            how = ", ".join(i.rules) if i.rules else f"unchecked: {i.unchecked}"
            lines.append(f"  {i.item:<{width}}  {how}")
    if missing is not None:
        lines.append(f"not covered by any ruleset: {len(missing)}")
        for m in missing:
            lines.append(f"  {m.item}  ({m.section})" if m.section else f"  {m.item}")
    return "\n".join(lines) + "\n"


def render_markdown(regimes: Sequence[RegimeCoverage], missing: Sequence[ListedItem] | None = None) -> str:
    lines = ["# Rules coverage", "", "Generated by `policylint rules coverage --format markdown`: each ruleset's disclosure",
             "items and the rule that checks each, or why the item cannot be checked from text.", ""]
    for r in regimes:
        lines += [f"## {r.ruleset}: {r.title}", "", f"{len(r.items)} items: {r.checked} checked, {len(r.items) - r.checked} not checkable from text.", "",
                  "| Item | Checked by |", "|---|---|"]
        for i in r.items:
            how = ", ".join(f"`{x}`" for x in i.rules) if i.rules else f"not checked: {_cell(i.unchecked or '')}"
            lines.append(f"| `{i.item}` | {how} |")
        lines.append("")
    if missing:
        lines += ["## Not covered by any ruleset", "", "| Item | Section |", "|---|---|"]
        lines += [f"| `{m.item}` | {_cell(m.section) or '-'} |" for m in missing]
        lines.append("")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
