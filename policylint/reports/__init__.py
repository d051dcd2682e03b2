"""Reporters, chosen by name. Each takes the context from :func:`build_context`.

Machine formats (json, jsonl, sarif, gitlab, csv) and text are written document by document as
a run goes (see :mod:`policylint.reports.streaming`), so memory stays flat on a corpus; human formats
(markdown, html, junit, github) render the built-in Jinja templates in ``templates/``, which are
also examples for ``--template``. ``text`` is plain Python so the default run never imports Jinja.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from policylint.reports.streaming import Writer

Renderer = Callable[..., str]


def _module(name: str) -> Callable[[], Renderer]:
    def load() -> Renderer:
        import importlib

        return importlib.import_module(f"policylint.reports.{name}").render  # type: ignore[no-any-return]

    return load


def _template(file: str) -> Callable[[], Renderer]:
    def load() -> Renderer:
        from policylint.reports.templating import builtin_template, render_template

        return lambda context, **options: render_template(builtin_template(file), context, options=options)

    return load


# Formats written in Python, each a module with ``render`` and a streaming ``Writer``.
_MODULES = {"text": "text", "json": "json_report", "jsonl": "jsonl", "sarif": "sarif", "gitlab": "gitlab", "csv": "csv_report"}

# Loaders, not modules: a format's imports are paid only when it is used.
FORMATS: dict[str, Callable[[], Renderer]] = {
    "text": _module("text"),
    "json": _module("json_report"),
    "jsonl": _module("jsonl"),
    "markdown": _template("markdown.md.j2"),
    "html": _template("html.html.j2"),
    "sarif": _module("sarif"),
    "junit": _template("junit.xml.j2"),
    "github": _template("github.txt.j2"),
    "gitlab": _module("gitlab"),
    "csv": _module("csv_report"),
}


def render(fmt: str, context: dict[str, Any], **options: Any) -> str:
    """Render ``context`` in the named format (options such as ``verbose`` or ``color`` may be ignored)."""
    return FORMATS[fmt]()(context, **options)


def open_writer(fmt: str, out: Callable[[str], None], template: str | None = None, **options: Any) -> Writer:
    """A writer for format ``fmt`` (or the user's ``template``) that sends text to ``out``.

    Machine formats and text stream document by document; templates render the whole context
    at the end. Feed it with :func:`policylint.reports.streaming.feed` or document by document.
    """
    from policylint.reports.streaming import Collect

    if template:
        return Collect(out, lambda context, **o: render_user_template(template, context, **o), **options)
    module = _MODULES.get(fmt)
    if module is not None:
        import importlib

        return importlib.import_module(f"policylint.reports.{module}").Writer(out, **options)  # type: ignore[no-any-return]
    return Collect(out, FORMATS[fmt](), **options)


def render_user_template(path: str, context: dict[str, Any], **options: Any) -> str:
    """Render the user's ``--template`` file with the same context as the built-in formats."""
    from policylint.reports.templating import render_template

    return render_template(path, context, options=options)


def __getattr__(name: str) -> Any:
    # The context module (and the model) load on first use, not when the CLI reads FORMATS.
    if name in ("FAIL_LEVELS", "build_context", "is_failing"):
        from policylint.reports import context

        return getattr(context, name)
    raise AttributeError(f"module 'policylint.reports' has no attribute {name!r}")


__all__ = ["FAIL_LEVELS", "FORMATS", "build_context", "is_failing", "open_writer", "render", "render_user_template"]
