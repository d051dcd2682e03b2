"""Safe YAML loading that remembers where every key and value came from.

Errors in rulesets and configuration name the file, line and column of the offending key, so
the loader keeps a map from key paths (``("rules", 3, "check")``) to source positions. Duplicate
keys, which PyYAML silently accepts, are reported as errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[Any, ...]
MAX_NODES = 200_000  # values after alias expansion; the largest built-in ruleset has ~3,000


class SourceError(Exception):
    """An error at a position in a source file; ``str()`` is the one-line message users see."""

    def __init__(self, file: str, line: int, column: int, message: str) -> None:
        super().__init__(file, line, column, message)
        self.file, self.line, self.column, self.message = file, line, column, message

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


@dataclass
class YamlSource:
    """Parsed YAML data plus the positions of its keys and values."""

    file: str
    data: Any
    marks: dict[Path, tuple[int, int]]
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)  # where each value starts

    def position(self, path: Path) -> tuple[int, int]:
        """The closest known position for ``path`` (walking up to the nearest recorded parent)."""
        path = tuple(path)
        while path and path not in self.marks:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

    def value_position(self, path: Path) -> tuple[int, int]:
        """Where the value at ``path`` starts (``position`` gives its key, for mapping entries)."""
        return self.values.get(tuple(path)) or self.position(path)

    def error(self, path: Path, message: str) -> SourceError:
        line, col = self.position(path)
        return SourceError(self.file, line, col, message)


def load_yaml(text: str, file: str) -> YamlSource:
    """Parse ``text`` with the safe loader; raise :class:`SourceError` on any problem."""
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:  # control characters are rejected before parsing starts
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise SourceError(file, line, column, f"invalid YAML: character #x{exc.character:04x} is not allowed in YAML; remove it") from None
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlSource(file, None, {})
        marks: dict[Path, tuple[int, int]] = {}
        values: dict[Path, tuple[int, int]] = {}
        _walk(node, (), marks, values, file, [MAX_NODES])
        data = loader.construct_document(node)
    except _ValueError as exc:
        raise SourceError(file, exc.line, exc.column, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise SourceError(file, line, col, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise SourceError(file, 1, 1, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise SourceError(file, 1, 1, "invalid YAML: nested too deeply") from None
    finally:
        loader.dispose()
    return YamlSource(file, data, marks, values)


TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class _ValueError(yaml.YAMLError):
    """A scalar that parses but cannot be built (``2026-02-30``, ``!!int abc``), at its node."""

    def __init__(self, node: yaml.Node, exc: Exception) -> None:
        super().__init__(str(exc))
        self.line, self.column = node.start_mark.line + 1, node.start_mark.column + 1
        value = node.value if isinstance(node, yaml.ScalarNode) else ""
        detail = f" ({exc})" if isinstance(exc, ValueError) and str(exc) else ""
        if node.tag == TIMESTAMP_TAG:
            self.message = f"invalid value {value!r}: not a real date{detail}; use YYYY-MM-DD, or quote it to keep it as text"
        else:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.message = f"invalid value {value!r} for {tag}{detail}; fix the value, or quote it to keep it as text"


class _Loader(yaml.SafeLoader):
    """PyYAML's constructors raise plain ``ValueError`` (and others) with no position for values
    such as an impossible date; wrap them so the error names the node that failed."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (yaml.YAMLError, RecursionError):
            raise
        except Exception as exc:  # noqa: BLE001 - any constructor failure is bad input, not a crash
            raise _ValueError(node, exc) from None


def _walk(node: yaml.Node, path: Path, marks: dict[Path, tuple[int, int]], values: dict[Path, tuple[int, int]],
          file: str, budget: list[int]) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        # Aliases of aliases ("billion laughs") expand exponentially; no ruleset is this big.
        raise SourceError(file, node.start_mark.line + 1, node.start_mark.column + 1,
                          f"YAML expands to more than {MAX_NODES:,} values (aliases of aliases?); simplify it")
    marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    values.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            if key in seen:
                raise SourceError(
                    file, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                    f"duplicate key {key!r} (first at line {seen[key].start_mark.line + 1})",
                )
            seen[key] = key_node
            marks[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            _walk(value_node, path + (key,), marks, values, file, budget)
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _walk(child, path + (i,), marks, values, file, budget)
