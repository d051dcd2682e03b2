"""``json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)``, several times faster.

The standard library encodes indented JSON in pure Python, one token at a time; on a corpus
report that costs more than checking the documents. Here every run of scalar members is encoded
by the C encoder in one call (its item separator carries the newline and indentation, which is
uniform inside such a run), and the members that are the same for every result of a rule
(title, message, references, ...) are encoded once per rule and reused while they stay equal.
The output is byte-for-byte that of ``json.dumps``: a property test pins it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

_SCALARS = frozenset((str, int, float, bool, type(None)))
_STR = frozenset((str,))
_BREAK = ["\n" + "  " * i for i in range(40)]  # newline + indentation per nesting level
_key = json.encoder.encode_basestring  # what json writes for a str key (C when available)
_scalar = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


@lru_cache(maxsize=None)
def _run_encoder(level: int) -> Callable[[Any], str]:
    """Encoder of a flat dict or list whose items sit at ``level``: json's own encoder with the
    newline and indentation in its item separator (uniform, since nothing nests)."""
    sep = "," + newline(level)
    make = json.encoder.c_make_encoder
    if make is None:  # pragma: no cover - interpreters without the C accelerator
        return json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(sep, ": ")).encode
    # The arguments JSONEncoder.iterencode passes, without the circular-reference markers
    # (report data is a tree).
    c_encode = make(None, _no_default, _key, None, ": ", sep, True, False, True)
    return lambda value: "".join(c_encode(value, 0))


def _no_default(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def newline(level: int) -> str:
    """A newline and the indentation of something nested ``level`` deep."""
    return _BREAK[level] if level < len(_BREAK) else "\n" + "  " * level


def dumps(value: Any, level: int = 0) -> str:
    """``value`` as ``json.dumps(indent=2, sort_keys=True, ensure_ascii=False)`` writes it when
    nested ``level`` deep (continuation lines indented, the first line not)."""
    t = type(value)
    if t is dict:
        if not value:
            return "{}"
        if not _STR.issuperset(map(type, value)):
            return _fallback(value, level)  # json converts and sorts other key types its own way
        if _SCALARS.issuperset(map(type, value.values())):
            return "{" + newline(level + 1) + _run_encoder(level + 1)(value)[1:-1] + newline(level) + "}"
        return "{" + newline(level + 1) + members(value, sorted(value), level + 1) + newline(level) + "}"
    if t is list or t is tuple:
        if not value:
            return "[]"
        inner = newline(level + 1)
        if _SCALARS.issuperset(map(type, value)):
            return "[" + inner + _run_encoder(level + 1)(value)[1:-1] + newline(level) + "]"
        return "[" + inner + ("," + inner).join([dumps(v, level + 1) for v in value]) + newline(level) + "]"
    if t in _SCALARS:
        return _scalar(value)
    return _fallback(value, level)


def members(d: dict[str, Any], keys: Sequence[str], level: int) -> str:
    """The members ``keys`` (sorted) of ``d``, separated as json separates them at ``level``."""
    encode_run = _run_encoder(level)
    parts: list[str] = []
    run: dict[str, Any] = {}
    for k in keys:
        v = d[k]
        if type(v) in _SCALARS:
            run[k] = v
            continue
        if run:
            parts.append(encode_run(run)[1:-1])
            run = {}
        parts.append(_key(k) + ": " + dumps(v, level))
    if run:
        parts.append(encode_run(run)[1:-1])
    return ("," + newline(level)).join(parts)


def _fallback(value: Any, level: int) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False).replace("\n", newline(level))


def _value(v: Any, level: int) -> str:
    """One value, the common scalars without a call into the json module."""
    t = type(v)
    if t is str:
        return _key(v)
    if v is None:
        return "null"
    if t is bool:
        return "true" if v else "false"
    if t is int:
        return int.__repr__(v)
    return dumps(v, level)


class RuleResults:
    """Encodes result entries from a per-rule template: the members that depend only on the rule
    (``static``) are encoded once, the others are filled in for each result.

    An entry uses the template only when it has exactly ``keys`` and its static members equal
    the ones the template was made from, so every entry comes out exactly as :func:`dumps`
    writes it.
    """

    def __init__(self, keys: Sequence[str], static: Sequence[str]) -> None:
        self.keys = frozenset(keys)
        self.order = sorted(keys)
        self.static = tuple(k for k in self.order if k in static)
        self.dynamic = tuple(k for k in self.order if k not in static)
        self.templates: dict[tuple[Any, int], tuple[tuple[Any, ...], str]] = {}

    def dumps(self, entry: dict[str, Any], level: int, cache_key: Any) -> str:
        """``entry`` as :func:`dumps` writes it ``level`` deep; ``cache_key`` names its rule."""
        if entry.keys() != self.keys:
            return dumps(entry, level)
        inner = level + 1
        values = tuple([entry[k] for k in self.static])
        made = self.templates.get((cache_key, inner))
        if made is None or made[0] != values:
            made = self.templates[(cache_key, inner)] = (values, self._template(entry, level))
        return made[1] % tuple([_value(entry[k], inner) for k in self.dynamic])

    def _template(self, entry: dict[str, Any], level: int) -> str:
        inner = level + 1
        parts = [_key(k) + ": %s" if k in self.dynamic else members(entry, (k,), inner).replace("%", "%%") for k in self.order]
        return "{" + newline(inner) + ("," + newline(inner)).join(parts) + newline(level) + "}"
