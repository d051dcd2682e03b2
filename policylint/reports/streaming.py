"""Report writers that take one document at a time, so a corpus run keeps only running totals.

A writer receives the report's header (the context's keys that do not depend on the documents),
then each document's entry as soon as it is checked, then the corpus summary, and writes text
through ``out`` as early as its layout allows. Formats whose layout needs every document first
keep only what they need: templates keep the entries (:class:`Collect`), SARIF its failed results.
Each format's ``render(context)`` is its writer fed from a built context, so a streamed report
and a rendered one are the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from policylint.model import DocumentReport, Ruleset

Out = Callable[[str], None]
Renderer = Callable[..., str]
BODY_KEYS = ("documents", "summary")


class Writer:
    """Base writer: ``begin(head)``, ``document(doc)`` for each entry, ``end(summary)``."""

    def __init__(self, out: Out, **options: Any) -> None:
        self.out = out
        self.options = options

    def begin(self, head: dict[str, Any]) -> None:
        """The header: ``policylint``, ``as_of``, ``fail_on``, ``rulesets`` (see context.header)."""
        self.head = head

    def document(self, doc: dict[str, Any]) -> None:
        """One entry of ``context["documents"]``."""

    def end(self, summary: dict[str, Any]) -> None:
        """``context["summary"]``, after the last document."""


class Collect(Writer):
    """For layouts that need the whole context (templates): keeps every entry, renders at the end."""

    def __init__(self, out: Out, renderer: Renderer, **options: Any) -> None:
        super().__init__(out, **options)
        self.renderer = renderer
        self.documents: list[dict[str, Any]] = []

    def document(self, doc: dict[str, Any]) -> None:
        self.documents.append(doc)

    def end(self, summary: dict[str, Any]) -> None:
        context = {**self.head, "documents": self.documents, "summary": summary}
        self.out(self.renderer(context, **self.options))


def head_of(context: dict[str, Any]) -> dict[str, Any]:
    """The header part of a built context."""
    return {k: v for k, v in context.items() if k not in BODY_KEYS}


def feed(writer: Writer, context: dict[str, Any]) -> None:
    """Give ``writer`` a built context, document by document."""
    writer.begin(head_of(context))
    for doc in context["documents"]:
        writer.document(doc)
    writer.end(context["summary"])


def render_with(writer: type[Writer], context: dict[str, Any], **options: Any) -> str:
    """The whole report as one string (what ``render`` of a streaming format returns)."""
    parts: list[str] = []
    feed(writer(parts.append, **options), context)
    return "".join(parts)


def indent_json(text: str, prefix: str) -> str:
    """Indent a ``json.dumps(..., indent=2)`` text by ``prefix`` (its first line too).

    Safe because JSON escapes newlines inside strings: every newline in the text is layout.
    """
    return prefix + text.replace("\n", "\n" + prefix)


def write_all(
    reports: Iterable[DocumentReport],
    rulesets: Sequence[Ruleset],
    writers: Sequence[Writer],
    *,
    fail_on: str = "error",
    as_of: dt.date | None = None,
) -> dict[str, Any]:
    """Feed ``writers`` each report's entry as it comes; returns the corpus summary.

    Only the running totals are kept, so memory does not grow with the number of documents
    (unless a writer keeps entries itself, as :class:`Collect` does).
    """
    from policylint.reports.context import SummaryCounter, document_dict, header, report_rulesets

    head = header(rulesets, fail_on, as_of)
    counter = SummaryCounter(rulesets)
    owners = report_rulesets(rulesets)
    for w in writers:
        w.begin(head)
    for rep in reports:
        doc = document_dict(rep, fail_on, owners)
        counter.add(doc)
        for w in writers:
            w.document(doc)
    summary = counter.summary()
    for w in writers:
        w.end(summary)
    return summary
