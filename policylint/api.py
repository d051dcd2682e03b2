"""The library API: what the CLI, CI integrations and distributed workers call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from policylint.discover import discover
from policylint.documents import load_text
from policylint.engine import CompiledRules, check_document, check_file, compile_rules
from policylint.fetch import FetchOptions, check_url, is_url
from policylint.model import DocumentReport


def compile_builtin(rulesets: Sequence[str] = ("core",)) -> CompiledRules:
    """Load and compile rulesets by built-in name or path (each check compiled once)."""
    # Imported here: callers that pass CompiledRules (workers, the CLI's cache) never load YAML.
    from policylint.rulesets import RulesetLoader, load_rulesets

    loader = RulesetLoader()
    return compile_rules(load_rulesets(list(rulesets), loader=loader), loader=loader)


def check_text(
    text: str,
    rulesets: Sequence[str] | CompiledRules = ("core",),
    path: str = "<string>",
    fmt: str | None = None,
    as_of: dt.date | None = None,
) -> DocumentReport:
    """Check one document held in memory. ``fmt``: markdown, html or text (default: by ``path``)."""
    rules = rulesets if isinstance(rulesets, CompiledRules) else compile_builtin(rulesets)
    return check_document(load_text(text, path, fmt), rules, as_of)


def check_paths(
    paths: Iterable[str],
    rulesets: Sequence[str] | CompiledRules = ("core",),
    as_of: dt.date | None = None,
    fetch_options: FetchOptions | None = None,
) -> list[DocumentReport]:
    """Check files, directories and http(s) URLs (fetched within ``fetch_options``' limits;
    ``FetchOptions(offline=True)`` refuses them); unreadable inputs give reports with ``error`` set."""
    rules = rulesets if isinstance(rulesets, CompiledRules) else compile_builtin(rulesets)
    found = discover(paths)
    reports = [DocumentReport(path=p, error=why) for p, why in found.problems]
    for p in found.files:
        if is_url(p):
            reports.append(check_url(p, rules, as_of, fetch_options or FetchOptions()))
        else:
            reports.append(check_file(p, rules, as_of))
    return reports
