"""Reporters, chosen by name. Each takes the context from :func:`build_context`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from policylint.reports.context import FAIL_LEVELS, build_context, is_failing


def _json() -> Callable[..., str]:
    from policylint.reports.json_report import render

    return render


def _text() -> Callable[..., str]:
    from policylint.reports.text import render

    return render


# Loaders, not modules: a format's imports are paid only when it is used.
FORMATS: dict[str, Callable[[], Callable[..., str]]] = {"text": _text, "json": _json}


def render(fmt: str, context: dict[str, Any], **options: Any) -> str:
    return FORMATS[fmt]()(context, **options)


__all__ = ["FAIL_LEVELS", "FORMATS", "build_context", "is_failing", "render"]
