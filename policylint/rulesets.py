"""Load YAML rulesets: validate against the shipped JSON Schema, resolve ``extends``, and turn
rules into :class:`~policylint.model.Rule` values. Every error names file, line and column."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from policylint.model import Example, Reference, Rule, Ruleset, Severity
from policylint.resources import builtin_rulesets, schema_path
from policylint.yamlsource import SourceError, YamlSource, load_yaml

MAX_RULESET_BYTES = 8 * 1024 * 1024


class RulesetError(SourceError):
    """A ruleset could not be loaded (``str()`` is ``file:line:col: message``)."""


class RulesetErrors(RulesetError):
    """Several errors in one ruleset file, in file order. It reads as the first (one line, with a
    count of the others); ``rulesets validate`` lists them all from :attr:`errors`."""

    def __init__(self, errors: list[RulesetError]) -> None:
        first = errors[0]
        more = len(errors) - 1
        message = first.message + (f" (and {more} more error{'s' if more > 1 else ''}; see `policylint rulesets validate`)" if more else "")
        super().__init__(first.file, first.line, first.column, message)
        self.errors = errors


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema

    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


@dataclass
class RulesetLoader:
    """Loads rulesets by built-in name or path, following ``extends`` with cycle detection.

    ``roots`` limits where an ``extends`` path may point: by default the directory of the
    ruleset that is being loaded and the built-in rulesets.
    """

    roots: list[Path] = field(default_factory=list)
    _cache: dict[Path, Ruleset] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # ruleset id -> file text (for hashing)
    # Checks are compiled once, at load time (that is where their errors get positions), into
    # one shared pattern table; `engine.compile_rules(..., loader=)` reuses them.
    compiled: dict[int, Any] = field(default_factory=dict)  # id(Rule) -> compiled check
    _compiler: Any = None
    # Per file read: where its `id` is, and every file it extends or imports (transitively), so
    # two unrelated files claiming one ruleset id can be told from a child and its parent.
    _id_at: dict[Path, tuple[str, int, int]] = field(default_factory=dict)
    _reaches: dict[Path, set[Path]] = field(default_factory=dict)

    @property
    def compiler(self) -> Any:
        """The check compiler (and pattern table) shared by every ruleset this loader reads."""
        if self._compiler is None:
            from policylint.checks import new_compiler

            self._compiler = new_compiler()
        return self._compiler

    @property
    def files(self) -> list[Path]:
        """Every ruleset file read so far, ``extends`` and ``imports`` included."""
        return sorted(self._cache)

    def load(self, name_or_path: str) -> Ruleset:
        path = self.resolve(name_or_path, None)
        return self._load_file(path, ())

    def resolve(self, ref: str, base: Path | None, origin: tuple[str, int, int] | None = None) -> Path:
        builtins = builtin_rulesets()
        if ref in builtins:
            return builtins[ref].resolve()
        candidate = Path(ref)
        if base is not None and not candidate.is_absolute():
            candidate = base.parent / candidate
            library = builtins_dir() / ref
            if not _exists(candidate) and _exists(library):
                candidate = library  # a built-in library such as "lib/common"
        if candidate.suffix == "" and candidate.with_suffix(".yaml").exists():
            candidate = candidate.with_suffix(".yaml")
        candidate = candidate.resolve()
        if not candidate.is_file():
            known = ", ".join(sorted(builtins))
            msg = f"ruleset {ref!r} not found: give a file path or a built-in name ({known})"
            if origin:
                raise RulesetError(origin[0], origin[1], origin[2], msg)
            raise RulesetError(ref, 1, 1, msg)
        if base is not None:
            allowed = [base.parent.resolve(), builtins_dir(), *[r.resolve() for r in self.roots]]
            if not any(_within(candidate, root) for root in allowed):
                f, ln, col = origin or (str(base), 1, 1)
                raise RulesetError(f, ln, col, f"extends {ref!r} points outside the allowed ruleset directories")
        return candidate

    def _load_file(self, path: Path, chain: tuple[Path, ...]) -> Ruleset:
        if path in chain:
            cycle = " -> ".join(p.name for p in (*chain, path))
            raise RulesetError(str(path), 1, 1, f"cyclic extends: {cycle}")
        if path in self._cache:
            return self._cache[path]
        display = _display(path)
        try:
            if path.stat().st_size > MAX_RULESET_BYTES:
                raise RulesetError(display, 1, 1, "ruleset file is larger than 8 MB")
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise RulesetError(display, 1, 1, "ruleset is not UTF-8 text") from None
        except OSError as exc:
            raise RulesetError(display, 1, 1, f"cannot read ruleset: {exc.strerror or exc}") from None
        try:
            src = load_yaml(text, display)
        except SourceError as exc:
            raise RulesetError(exc.file, exc.line, exc.column, exc.message) from None
        ruleset = self._build(src, path, chain + (path,))
        self.sources[ruleset.id] = text
        self._cache[path] = ruleset
        return ruleset

    def _build(self, src: YamlSource, path: Path, chain: tuple[Path, ...]) -> Ruleset:
        data = src.data
        if not isinstance(data, dict):
            raise RulesetError(src.file, 1, 1, "a ruleset must be a mapping with id, title, version and rules")
        validate_schema(src)
        parent_paths, import_paths = self._refs(src, path, "extends"), self._refs(src, path, "imports")
        parents = [self._load_file(p, chain) for p in parent_paths]
        imported = [self._load_file(p, chain) for p in import_paths]
        self._id_at[path] = (src.file, *src.value_position(("id",)))
        self._reaches[path] = {q for p in (*parent_paths, *import_paths) for q in (p, *self._reaches.get(p, ()))}
        vocabulary: dict[str, tuple[str, ...]] = {}
        for other in (*parents, *imported):
            vocabulary.update(other.vocabulary)
        for name, terms in (data.get("vocabulary") or {}).items():
            vocabulary[name] = tuple(_expand_list(terms, vocabulary, src, ("vocabulary", name)))
        inherited: dict[str, Rule] = {}
        for parent in parents:
            for rule in parent.rules:
                inherited[rule.id] = rule
        parent_rules = dict(inherited)  # `based_on` may name a rule this file disables
        for i, rid in enumerate(data.get("disable") or []):
            if rid not in inherited:
                raise _error(src, ("disable", i), f"disable names unknown inherited rule {rid!r}")
            del inherited[rid]
        own: dict[str, Rule] = {}
        problems: list[RulesetError] = []  # one per rule: report them all, not only the first
        for i, raw in enumerate(data.get("rules") or []):
            try:
                base = inherited.get(str(raw["id"])) if raw.get("override") else None
                if raw.get("override") and base is None:
                    raise _error(src, ("rules", i, "override"), f"override: no inherited rule {raw['id']!r} to replace; remove `override` or fix the id")
                if "based_on" in raw:
                    base = parent_rules.get(str(raw["based_on"]))
                    if base is None:
                        raise _error(src, ("rules", i, "based_on"), f"based_on: no rule {raw['based_on']!r} in the rulesets this one extends")
                missing = [k for k in ("title", "severity", "message", "check") if k not in raw]
                if base is not None and missing:
                    # Only what the override gives changes (a UK title and references over an EU
                    # rule); the inherited check is reused as it was compiled.
                    raw = {**_raw_fields(base), **raw}
                if "check" in missing and base is not None:
                    check = self.compiled[id(base)]
                else:
                    raw = {**raw, "check": expand_vocabulary(raw["check"], vocabulary, src, ("rules", i, "check"))}
                    check = compile_check(raw["check"], src, ("rules", i, "check"), compiler=self.compiler)
                rule = _rule(raw, str(data["id"]), src, i)
                if rule.id in own:
                    raise _error(src, ("rules", i, "id"), f"duplicate rule id {rule.id!r} (first at {own[rule.id].source})")
                if rule.id in inherited and not raw.get("override"):
                    raise _error(src, ("rules", i, "id"), f"rule id {rule.id!r} is inherited; set `override: true` to replace it")
            except RulesetError as exc:
                problems.append(exc)
                continue
            self.compiled[id(rule)] = check
            own[rule.id] = rule
        if problems:
            raise RulesetErrors(problems)
        merged = {**inherited, **own}
        unchecked = [(str(u["item"]), str(u["reason"])) for u in data.get("unchecked") or []]
        for parent in parents:
            unchecked.extend(u for u in parent.unchecked if u[0] not in {x[0] for x in unchecked})
        extends = data.get("extends") or []
        return Ruleset(
            id=str(data["id"]),
            title=str(data["title"]),
            version=str(data["version"]),
            rules=tuple(merged.values()),
            source=src.file,
            description=str(data.get("description", "")),
            extends=tuple([extends] if isinstance(extends, str) else extends),
            vocabulary=vocabulary,
            unchecked=tuple(unchecked),
        )

    def _refs(self, src: YamlSource, path: Path, key: str) -> list[Path]:
        value = src.data.get(key) or []
        refs = [value] if isinstance(value, str) else value
        out = []
        for i, ref in enumerate(refs):
            line, col = src.position((key, i) if isinstance(value, list) else (key,))
            out.append(self.resolve(ref, path, (src.file, line, col)))
        return out


def validate_schema(src: YamlSource) -> None:
    """Validate a ruleset against the JSON Schema; raise every error found, each at its position."""
    errors = schema_errors(src)
    if errors:
        raise RulesetErrors(errors)


def schema_errors(src: YamlSource) -> list[RulesetError]:
    """The schema's errors, one per place, in file order: unknown keys at the key, wrong values
    at the value."""
    import jsonschema

    out: dict[tuple[int, int, str], RulesetError] = {}
    for found in _validator().iter_errors(src.data):
        err = jsonschema.exceptions.best_match([found])  # the most specific of an anyOf's reasons
        try:
            exc = _schema_error(src, err)
        except RulesetError as checked:  # the check compiler's message, at the key it names
            exc = checked
        out.setdefault((exc.line, exc.column, exc.message), exc)
    return [out[k] for k in sorted(out)]


def _schema_error(src: YamlSource, err: Any) -> RulesetError:
    where = tuple(err.absolute_path)
    if len(where) > 2 and where[0] == "rules" and where[2] == "check":
        # Schema alternatives give vague messages inside checks; the compiler names the key.
        compile_check(src.data["rules"][where[1]]["check"], src, where[:3], strict=False)
    if err.validator == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        key = extra[0] if extra else "?"
        allowed = ", ".join(sorted(err.schema.get("properties", {})))
        return _error(src, where + (key,), f"unknown key {key!r} in {_dotted(where) or 'ruleset'} (allowed: {allowed})")
    line, col = src.value_position(where)
    return RulesetError(src.file, line, col, f"{_dotted(where) or 'ruleset'}: {err.message}")


def compile_check(check: Any, src: YamlSource, path: tuple[Any, ...], strict: bool = True, compiler: Any = None) -> Any:
    """Compile one check so bad patterns and keys are reported at their source position, and
    return it (``strict=False``: only :class:`CheckError`; the schema error that follows is
    better). ``compiler`` defaults to a throwaway one."""
    from policylint.checks import CheckError, new_compiler

    try:
        return (compiler or new_compiler()).check(check, ())
    except CheckError as exc:
        raise _error(src, path + tuple(exc.path), exc.message) from None
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, RecursionError) as exc:
        # A value of the wrong type (`within: '8&'`) must give a positioned error, not a traceback.
        if strict:
            raise _error(src, path, f"invalid check: {type(exc).__name__}: {exc}") from None


def expand_vocabulary(node: Any, vocabulary: dict[str, tuple[str, ...]], src: YamlSource, path: tuple[Any, ...]) -> Any:
    """Replace "@name" items (in term lists, or as a whole value) with the named term list."""
    if isinstance(node, dict):
        return {k: expand_vocabulary(v, vocabulary, src, path + (k,)) for k, v in node.items()}
    if isinstance(node, list):
        if all(isinstance(x, str) for x in node):
            return _expand_list(node, vocabulary, src, path)
        return [expand_vocabulary(v, vocabulary, src, path + (i,)) for i, v in enumerate(node)]
    if isinstance(node, str) and node.startswith("@") and node[1:].isidentifier():
        return _expand_list([node], vocabulary, src, path)
    return node


def _expand_list(items: list[str], vocabulary: dict[str, tuple[str, ...]], src: YamlSource, path: tuple[Any, ...]) -> list[str]:
    out: list[str] = []
    for i, item in enumerate(items):
        if item.startswith("@") and item[1:].isidentifier():
            name = item[1:]
            if name not in vocabulary:
                known = ", ".join(sorted(vocabulary)) or "none defined"
                raise _error(src, path + (i,), f"unknown vocabulary {item!r} (known: {known})")
            out.extend(vocabulary[name])
        else:
            out.append(item)
    return list(dict.fromkeys(out))


def _dotted(path: tuple[Any, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _error(src: YamlSource, path: tuple[Any, ...], message: str) -> RulesetError:
    line, col = src.position(path)
    return RulesetError(src.file, line, col, message)


def _raw_fields(rule: Rule) -> dict[str, Any]:
    """An inherited rule's fields in the ruleset file's form, for an override to update."""
    return {
        "title": rule.title, "severity": rule.severity.value, "message": rule.message, "check": rule.check,
        "rationale": rule.rationale, "remediation": rule.remediation, "tags": list(rule.tags), "practice": list(rule.practices),
        "references": [{"citation": r.citation, "url": r.url} for r in rule.references],
        "examples": [{"text": e.text, "expect": e.expect, **({"note": e.note} if e.note else {})} for e in rule.examples],
        **({"help_uri": rule.help_uri} if rule.help_uri else {}),
    }


def _rule(raw: dict[str, Any], ruleset_id: str, src: YamlSource, index: int) -> Rule:
    line, _ = src.position(("rules", index))
    practices = raw.get("practice") or []
    return Rule(
        id=str(raw["id"]),
        title=str(raw["title"]),
        severity=Severity(raw["severity"]),
        message=str(raw["message"]).strip(),
        check=raw["check"],
        ruleset=ruleset_id,
        rationale=str(raw.get("rationale", "")).strip(),
        references=tuple(Reference(str(r["citation"]), r.get("url")) for r in raw.get("references") or []),
        remediation=str(raw.get("remediation", "")).strip(),
        tags=tuple(str(t) for t in raw.get("tags") or []),
        practices=tuple([practices] if isinstance(practices, str) else practices),
        examples=tuple(Example(str(e["text"]), str(e["expect"]), e.get("note")) for e in raw.get("examples") or []),
        source=f"{src.file}:{line}",
        help_uri=raw.get("help_uri"),
    )


def builtins_dir() -> Path:
    from policylint.resources import data_dir

    return data_dir("rulesets").resolve()


def _exists(path: Path) -> bool:
    return path.is_file() or path.with_suffix(".yaml").is_file()


def _within(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_rulesets(refs: list[str], roots: list[Path] | None = None, loader: RulesetLoader | None = None) -> list[Ruleset]:
    """Load several rulesets; a rule id active in two of them is an error.

    Pass ``loader`` to learn afterwards which files were read (:attr:`RulesetLoader.files`).
    """
    loader = loader or RulesetLoader(roots=roots or [])
    rulesets = [loader.load(r) for r in refs]
    _check_ruleset_ids(loader)
    seen: dict[str, str] = {}
    for rs in rulesets:
        for rule in rs.rules:
            if rule.id in seen and seen[rule.id] != rs.id and not _related(rulesets, rule.id):
                raise RulesetError(rs.source or rs.id, 1, 1, f"rule id {rule.id!r} is defined in both {seen[rule.id]} and {rs.id}")
            seen.setdefault(rule.id, rs.id)
    return rulesets


def _check_ruleset_ids(loader: RulesetLoader) -> None:
    """Rules are kept by id, first reached first (see ``engine.compile_rules``), so two unrelated
    files with one ruleset id would silently replace each other's rules: refuse that. A file that
    extends or imports the other (directly or through others) may share its id."""
    owner: dict[str, Path] = {}
    # Built-in files first, then by path: the error points at the user's file whatever the order
    # of -r flags.
    for path in sorted(loader.files, key=lambda p: (not _within(p, builtins_dir()), p)):
        rs = loader._cache[path]
        first = owner.setdefault(rs.id, path)
        if first == path or first in loader._reaches.get(path, ()) or path in loader._reaches.get(first, ()):
            continue
        file, line, col = loader._id_at[path]
        other = f"the built-in ruleset {first.stem}" if _within(first, builtins_dir()) else _display(first)
        raise RulesetError(file, line, col, f"ruleset id {rs.id!r} is already used by {other}; rename it")


def _related(rulesets: list[Ruleset], rule_id: str) -> bool:
    # The same rule reached through two rulesets that extend a common parent is not a clash.
    owners = {r.ruleset for rs in rulesets for r in rs.rules if r.id == rule_id}
    return len(owners) == 1
