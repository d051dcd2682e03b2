"""A disk cache of compiled rulesets, so a one-file run skips YAML, schema validation and regex
analysis.

An entry is found by a key over the ruleset references, the working directory and the
policylint code itself; it records every ruleset file that loading read, with the SHA-256 of
its content, and is used only while all of them still hash the same. A file whose size,
mtime, ctime and inode are those recorded is not read again: any write changes its ctime,
which no tool can set back, and a file changed within :data:`RACY_NS` of being recorded is
always hashed (a write in the same clock tick would not move its timestamps). Entries are
written to a temporary file and renamed into place, so concurrent runs never see half an
entry; an entry that cannot be read (stale format, truncated, corrupt) is ignored and rewritten.

Location: ``$POLICYLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/policylint``, else
``~/.cache/policylint``. ``POLICYLINT_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import policylint
from policylint.engine import CompiledRules, compile_rules

FORMAT = 2  # bump when the entry layout changes
RACY_NS = 2_000_000_000  # a file changed this close to being hashed is hashed again on every read

Stat = tuple[int, int, int, int]
Dep = tuple[str, "str | None", "Stat | None", int]  # path, SHA-256, stat before hashing, when hashed


def cache_dir() -> Path:
    """Where entries live (not created until something is written)."""
    env = os.environ.get("POLICYLINT_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "policylint"


def enabled() -> bool:
    return os.environ.get("POLICYLINT_NO_CACHE", "") in ("", "0")


def _code_fingerprint() -> str:
    # Size and mtime of every module: a changed checkout never reuses objects pickled by older code.
    root = Path(policylint.__file__).parent
    h = hashlib.sha256(f"{FORMAT} {policylint.__version__} {sys.version}".encode())
    for path in sorted(root.rglob("*.py")):
        st = path.stat()
        h.update(f"{path.relative_to(root)} {st.st_size} {st.st_mtime_ns}\n".encode())
    schema = root / "schema" / "ruleset.schema.json"
    if schema.is_file():
        h.update(schema.read_bytes())
    return h.hexdigest()


def entry_key(refs: Sequence[str], roots: Sequence[Path] = ()) -> str:
    h = hashlib.sha256(_code_fingerprint().encode())
    h.update(repr((list(refs), [str(r) for r in roots], os.getcwd())).encode())
    return h.hexdigest()[:32]


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _stat(path: Path) -> Stat | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _dependency(path: Path) -> Dep:
    # Stat before reading: a write between the two then shows as a changed stat, never a stale one.
    return (str(path), _digest(path) if (before := _stat(path)) is not None else None, before, time.time_ns())


def _fresh(dep: Dep) -> bool:
    """Whether a dependency still has the content it had when the entry was written."""
    file, digest, recorded, hashed_at = dep
    now = _stat(Path(file))
    if now is not None and now == recorded and now[2] < hashed_at - RACY_NS:
        return True  # unchanged since well before it was hashed
    return _digest(Path(file)) == digest


def load_compiled(refs: Sequence[str], roots: Sequence[Path] | None = None, backend: str | None = None) -> CompiledRules:
    """Compiled rules for ``refs`` (built-in names or paths), from the cache when it is fresh.

    Raises :class:`~policylint.rulesets.RulesetError` and ``ValueError`` like loading does.
    """
    roots = list(roots or [])
    path = cache_dir() / f"rules-{entry_key(refs, roots)}.pickle" if enabled() else None
    rules = _read(path) if path is not None else None
    if rules is None:
        rules, deps = _compile(refs, roots)
        _warm(rules)
        if path is not None:
            _write(path, rules, deps)
    if backend is not None:
        rules.table.use_backend(backend)
    return rules


def _warm(rules: CompiledRules) -> None:
    """Do the expensive, deterministic preparation once so the cache entry keeps it."""
    from policylint.matching.backends import BackendError

    try:
        rules.table.plan()  # literal prefixes of every pattern, anchor keys
    except BackendError:
        return


def _compile(refs: Sequence[str], roots: list[Path]) -> tuple[CompiledRules, list[Dep]]:
    from policylint.rulesets import RulesetLoader, load_rulesets

    loader = RulesetLoader(roots=roots)
    rules = compile_rules(load_rulesets(list(refs), loader=loader), loader=loader)
    # The loader saw every file read (extends, imports): those are the entry's dependencies.
    return rules, [_dependency(p) for p in loader.files]


def _read(path: Path) -> CompiledRules | None:
    try:
        with open(path, "rb") as fh:
            entry = pickle.load(fh)
        if not isinstance(entry, dict) or entry.get("format") != FORMAT:
            return None
        if not all(_fresh(dep) for dep in entry["deps"]):
            return None
        rules = entry["rules"]
        return rules if isinstance(rules, CompiledRules) else None
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - a corrupt or foreign entry is only a cache miss
        return None


MAX_ENTRIES = 16


def _prune(folder: Path, keep: Path) -> None:
    """Remove the oldest entries beyond :data:`MAX_ENTRIES` (edits leave stale ones behind)."""
    entries = sorted(folder.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[MAX_ENTRIES:]:
        if old != keep:
            old.unlink(missing_ok=True)


def _write(path: Path, rules: CompiledRules, deps: list[Dep]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".rules-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump({"format": FORMAT, "deps": deps, "rules": rules}, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # atomic: readers see the old entry or the new one
        except BaseException:
            os.unlink(tmp)
            raise
        _prune(path.parent, keep=path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        pass  # a read-only or full cache directory must not stop the check
