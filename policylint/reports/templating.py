"""Render the report context through Jinja templates (built-in ones or the user's ``--template``).

Jinja is imported here only, so formats that do not use a template never pay for it. Templates
run in Jinja's sandbox: a template can format the context but cannot call into Python or read
files other than templates beside it and the built-in ones. HTML and XML templates
(``.html``, ``.xml``, ``.svg`` before the final ``.j2``) are autoescaped.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from policylint.reports import escapes
from policylint.reports.quoting import clip
from policylint.resources import data_dir

_ESCAPED_SUFFIXES = (".html", ".htm", ".xml", ".svg", ".sarif")


class TemplateError(Exception):
    """A template could not be loaded or rendered; ``str()`` names the template and line."""


def _autoescape(name: str | None) -> bool:
    if not name:
        return False
    stem = name[:-3] if name.endswith(".j2") else name
    return stem.lower().endswith(_ESCAPED_SUFFIXES)


def _environment(search: tuple[str, ...]) -> Any:
    from jinja2 import FileSystemLoader
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(
        loader=FileSystemLoader(list(search)),
        autoescape=_autoescape,
        # Plain Undefined: an optional key that is absent (evidence without a section) renders
        # empty instead of failing the report; using an attribute of a missing one still errors.
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update({
        "gh_data": escapes.github_data,
        "gh_property": escapes.github_property,
        "md": escapes.markdown_inline,
        "md_cell": escapes.markdown_cell,
        "clip": clip,
        "xml_text": escapes.xml_text,
        "safe_url": escapes.safe_url,
        "repo_path": _repo_path,
        "sha256_b64": lambda s: base64.b64encode(hashlib.sha256(str(s).encode("utf-8")).digest()).decode("ascii"),
        "sha256": lambda s: hashlib.sha256(str(s).encode("utf-8")).hexdigest(),
    })
    return env


def _repo_path(path: str) -> str:
    from policylint.reports.sarif import repo_path

    return repo_path(str(path))


@lru_cache(maxsize=8)
def _cached_environment(search: tuple[str, ...]) -> Any:
    return _environment(search)


def builtin_template(name: str) -> Path:
    """The path of a built-in template such as ``html.html.j2``."""
    return data_dir("templates") / name


def render_template(template: str | Path, context: dict[str, Any], **extra: Any) -> str:
    """Render ``template`` (a file path) with the report ``context`` and ``extra`` variables.

    The template's own directory comes first on the search path, then the built-in templates,
    so a user template can ``{% extends "html.html.j2" %}`` or ``{% include %}`` the built-ins.
    """
    from jinja2 import TemplateError as JinjaError
    from jinja2 import TemplateSyntaxError

    path = Path(template)
    if not path.is_file():
        raise TemplateError(f"template {str(template)!r} not found")
    search = (str(path.resolve().parent), str(data_dir("templates")))
    env = _cached_environment(search)
    try:
        tpl = env.get_template(path.name)
        return tpl.render(**context, **extra, context=context)
    except TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or path}:{exc.lineno}: template syntax error: {exc.message}") from None
    except JinjaError as exc:
        raise TemplateError(f"{_where(exc, search, path)}: template error: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - a user's template must not crash the run
        raise TemplateError(f"{_where(exc, search, path)}: template error: {type(exc).__name__}: {exc}") from None


def _where(exc: BaseException, search: tuple[str, ...], path: Path) -> str:
    """``file:line`` of the template line that raised ``exc``: Jinja2 rewrites the traceback so
    that a frame of a template carries the template's file name and line. The innermost such
    frame is the line that failed (inside an included or parent template, that template's)."""
    where = str(path)
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if any(name.startswith(d) for d in search) and not name.endswith((".py", ".pyc")):
            where = f"{name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where
