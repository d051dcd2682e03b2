"""policylint: a compliance linter for privacy policies.

The library API mirrors the command line: :func:`check_text` checks one document held in memory,
:func:`check_paths` checks files and directories. Both return plain dataclasses from
:mod:`policylint.model`, which is what CI reporters, Dask/Spark/Ray workers and notebooks use.
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from policylint.api import check_paths, check_text

__all__ = ["__version__", "check_paths", "check_text"]


def __getattr__(name: str) -> Any:
    # Deferred so that `import policylint` (and the CLI's start-up) stays cheap.
    if name in ("check_text", "check_paths"):
        from policylint import api

        return getattr(api, name)
    raise AttributeError(name)
