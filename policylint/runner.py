"""Run the per-document check over many inputs: in order, on N processes, with a progress bar.

Reports always come back in input order, whatever ``jobs`` is, so every report format is
byte-for-byte the same for ``--jobs 1`` and ``--jobs 8``. Workers receive the compiled rules
once (they are inherited by ``fork`` or pickled once per worker) and send back compact results:
the rule travels as its index, not as a copy, so little crosses the process boundary.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any, TextIO

from policylint.engine import CompiledRules, check_file
from policylint.model import DocumentReport

#: Below this many files a pool costs more to start than it saves.
MIN_FILES_FOR_POOL = 4
PROGRESS_AFTER_S = 2.0


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


@dataclass
class Task:
    """One input: a file path checked by a worker, or work that must stay in this process."""

    path: str
    local: Callable[[], DocumentReport] | None = None  # stdin, URLs: run here, in order


def run_tasks(
    tasks: Iterable[Task],
    rules: CompiledRules,
    as_of: dt.date | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
) -> Iterator[DocumentReport]:
    """Reports for ``tasks`` in input order, checking files on ``jobs`` processes."""
    tasks = list(tasks)
    files = [t.path for t in tasks if t.local is None]
    if jobs <= 1 or len(files) < MIN_FILES_FOR_POOL:
        remote: Iterator[DocumentReport] = (check_file(p, rules, as_of) for p in files)
        yield from merge_in_order(tasks, remote, progress)
        return
    import multiprocessing as mp

    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    ctx = mp.get_context(method)
    jobs = min(jobs, len(files))
    # Small chunks keep workers busy to the end; big enough to amortise the messaging.
    chunk = max(1, min(16, len(files) // (jobs * 8)))
    with children_ignore_sigint():  # only while forking: this process itself stays interruptible
        pool = ctx.Pool(jobs, initializer=_init_worker, initargs=(rules, as_of))
    with pool:  # on leaving (Ctrl-C too): terminate the workers
        packed = pool.imap(_check_packed, files, chunksize=chunk)
        remote = (unpack(p, rules) for p in packed)
        yield from merge_in_order(tasks, remote, progress)


def children_ignore_sigint() -> Any:
    """Ignore SIGINT while worker processes are started, so they inherit that: Ctrl-C reaches the
    whole process group, and only this process should act on it (stop, tear the workers down)
    instead of each worker printing its own KeyboardInterrupt traceback."""
    import contextlib
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return contextlib.nullcontext()  # signal handlers can only be set from the main thread

    @contextlib.contextmanager
    def ignoring() -> Iterator[None]:
        old = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, old)

    return ignoring()


def merge_in_order(tasks: list[Task], remote: Iterator[DocumentReport], progress: Progress | None) -> Iterator[DocumentReport]:
    """Interleave local tasks with remote reports (which arrive in file order) in input order."""
    for task in tasks:
        rep = task.local() if task.local is not None else next(remote)
        if progress is not None:
            progress.advance(task.path)
        yield rep
    if progress is not None:
        progress.close()


# -- worker side -------------------------------------------------------------------------------
_WORKER: dict[str, Any] = {}  # per worker process: the rules it was started with


def _init_worker(rules: CompiledRules, as_of: dt.date | None) -> None:
    import signal

    # Ctrl-C reaches the whole process group: the parent stops the run and terminates the pool;
    # a worker's own KeyboardInterrupt would only print a "Process ForkPoolWorker-1:" traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER["rules"] = rules
    _WORKER["as_of"] = as_of
    _WORKER["index"] = {id(cr.rule): i for i, cr in enumerate(rules.rules)}


def _check_packed(path: str) -> DocumentReport:
    rep = check_file(path, _WORKER["rules"], _WORKER["as_of"])
    return pack(rep, _WORKER["index"])


def pack(rep: DocumentReport, index: dict[int, int]) -> DocumentReport:
    """Replace each result's rule by its index in the compiled rules (cheap to pickle)."""
    rep.results = [replace(r, rule=index[id(r.rule)]) for r in rep.results]  # type: ignore[arg-type]
    return rep


def unpack(rep: DocumentReport, rules: CompiledRules) -> DocumentReport:
    """Undo :func:`pack` with this process's copy of the rules."""
    rep.results = [replace(r, rule=rules.rules[r.rule].rule) for r in rep.results]  # type: ignore[index]
    return rep


# -- progress ----------------------------------------------------------------------------------
class Progress:
    """A one-line progress bar on a terminal's stderr, shown once a run passes a few seconds."""

    def __init__(self, total: int, stream: TextIO | None = None, after: float = PROGRESS_AFTER_S) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.after = after
        self.done = 0
        self.started = time.monotonic()
        self._last = 0.0
        self._shown = False

    @classmethod
    def maybe(cls, total: int, enabled: bool | None = None) -> Progress | None:
        """A bar when ``enabled`` (default: stderr is a terminal) and there is more than one input."""
        if enabled is None:
            enabled = sys.stderr.isatty() and not os.environ.get("CI")
        return cls(total) if enabled and total > 1 else None

    def advance(self, path: str) -> None:
        self.done += 1
        now = time.monotonic()
        if now - self.started < self.after or now - self._last < 0.1:
            return
        self._last = now
        self._shown = True
        width = 30
        filled = int(width * self.done / max(1, self.total))
        rate = self.done / max(1e-9, now - self.started)
        left = (self.total - self.done) / rate if rate else 0
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} files, {rate:.0f}/s, {left:.0f}s left "
        self.stream.write(line)
        self.stream.flush()

    def clear(self) -> None:
        """Take the bar off the line (before a report writes to the same terminal); it comes back on the next advance."""
        if self._shown:
            self.stream.write("\r" + " " * 79 + "\r")
            self.stream.flush()
            self._shown = False

    def close(self) -> None:
        if self._shown:
            self.stream.write("\r" + " " * 79 + "\r")
            self.stream.flush()
