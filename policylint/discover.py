"""Expand command-line paths into an ordered list of policy files."""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field

from policylint.documents import DOCUMENT_SUFFIXES
from policylint.outputs import file_stat

STDIN = "-"


def is_url(arg: str) -> bool:
    """Whether a command-line argument names a web page rather than a file."""
    return arg[:8].lower().startswith(("http://", "https://"))


@dataclass
class Discovery:
    """Files to check, in a stable order, plus per-path problems (missing paths, loops), and the
    files named directly that ``exclude`` left out (a pre-commit run on excluded files only)."""

    files: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # found by a walk, but one of ``skip``


def discover(
    paths: Iterable[str],
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    skip: Iterable[str] = (),
) -> Discovery:
    """Files named directly are always taken; directories are walked recursively for policy
    documents (``.md``, ``.html``, ``.htm``, ``.txt``, ``.docx``, ``.pdf`` unless ``include``
    globs say otherwise), leaving out the files in ``skip`` (the run's own reports, which a
    second run would otherwise read as policies); ``http(s)://`` URLs are passed through."""
    include = list(include)
    exclude = list(exclude)
    skip_ids = _ids(skip)
    out = Discovery()
    seen: set[str] = set()

    def add(p: str) -> None:
        if p not in seen:
            seen.add(p)
            out.files.append(p)

    for path in paths:
        if path == STDIN or is_url(path):
            add(path)
        elif os.path.isdir(path):
            for f in _walk(path, out):
                if _takes(f, os.path.relpath(f, path), include, exclude):
                    st = file_stat(f)  # None: a dangling link or loop, which loading reports
                    if st is not None and (st.st_dev, st.st_ino) in skip_ids:
                        out.skipped.append(f)
                        continue
                    if st is not None and not stat.S_ISREG(st.st_mode):
                        # A FIFO would block the run forever, a device never ends.
                        out.problems.append((f, "not a regular file (FIFO, socket or device); skipped"))
                    else:
                        add(f)
        elif os.path.exists(path) or os.path.islink(path):
            if excluded_file(path, exclude):
                out.excluded.append(path)
            else:
                add(path)
        else:
            out.problems.append((path, "no such file or directory"))
    return out


def excluded_file(path: str, exclude: Iterable[str]) -> bool:
    """Whether an ``exclude`` glob skips a file named directly (not found by walking a folder)."""
    return _excluded(path, path, list(exclude))


def walk_takes(folder: str, path: str, include: Iterable[str] = (), exclude: Iterable[str] = ()) -> bool:
    """Whether walking ``folder`` takes the file at ``path`` as a policy, by name alone: the file
    need not exist (``policylint diff --git`` asks this of a policy deleted since a revision)."""
    rel = os.path.relpath(path, folder)
    parts = rel.split(os.sep)
    if rel == os.curdir or parts[0] == os.pardir or any(_pruned(d) for d in parts[:-1]):
        return False
    return _takes(os.path.join(folder, rel), rel, list(include), list(exclude))


def _takes(path: str, rel: str, include: list[str], exclude: list[str]) -> bool:
    if _excluded(path, rel, exclude):
        return False
    return _matches(path, rel, include) if include else path.lower().endswith(DOCUMENT_SUFFIXES)


def _pruned(dirname: str) -> bool:
    """Folders a walk never enters: hidden ones (.git), dependencies and caches."""
    return dirname.startswith(".") or dirname in ("node_modules", "__pycache__")


def _ids(paths: Iterable[str]) -> set[tuple[int, int]]:
    return {(st.st_dev, st.st_ino) for st in map(file_stat, paths) if st is not None}


def _walk(root: str, out: Discovery) -> list[str]:
    files: list[str] = []
    visited: set[tuple[int, int]] = set()

    def onerror(exc: OSError) -> None:
        out.problems.append((exc.filename or root, f"cannot read directory: {exc.strerror or exc}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=True):
        try:
            st = os.stat(dirpath)
        except OSError:
            continue
        key = (st.st_dev, st.st_ino)
        if key in visited:
            out.problems.append((dirpath, "symbolic link loop; skipped"))
            dirnames[:] = []
            continue
        visited.add(key)
        dirnames[:] = sorted(d for d in dirnames if not _pruned(d))
        for name in sorted(filenames):
            files.append(os.path.join(dirpath, name))
    return files


def _matches(path: str, rel: str, globs: list[str]) -> bool:
    norm = path.replace(os.sep, "/")
    rel = rel.replace(os.sep, "/")
    name = os.path.basename(path)
    return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(norm, g) or fnmatch.fnmatch(name, g) for g in globs)


def _excluded(path: str, rel: str, exclude: list[str]) -> bool:
    return bool(exclude) and _matches(path, rel, exclude)
