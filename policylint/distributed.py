"""Check documents on a Dask distributed cluster (``--engine dask``; ``pip install 'policylint[dask]'``).

The workers run the very function the local runner runs, :func:`policylint.engine.check_file`.
The compiled rules are scattered to every worker once; each document's bytes are read here and
sent with its task, so workers need policylint installed but no access to the files. At most
``window`` documents are in flight, and reports come back in input order, so the output is
identical to a local run and memory stays bounded on any corpus size.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterator, Sequence
from typing import Any

from policylint.engine import CompiledRules, check_file
from policylint.model import DocumentReport
from policylint.runner import Progress, Task, children_ignore_sigint, merge_in_order, pack, unpack

WINDOW_PER_WORKER = 8


class DistributedError(RuntimeError):
    """The Dask engine cannot run (extra missing, scheduler unreachable)."""


def check_bytes(path: str, data: bytes | None, rules: CompiledRules, as_of: dt.date | None) -> DocumentReport:
    """What a worker runs for one document; the result carries rule indices (see ``runner.pack``)."""
    rep = check_file(path, rules, as_of, data=data)
    return pack(rep, {id(cr.rule): i for i, cr in enumerate(rules.rules)})


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return None  # the worker's own open() then reports the error, exactly as locally


def connect(scheduler: str | None, workers: int | None = None, timeout: str = "10s") -> Any:
    """A Dask client: to ``scheduler`` (``tcp://host:8786``), or to a new local cluster."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise DistributedError("--engine dask needs the optional extra: pip install 'policylint[dask]'") from None
    try:
        if scheduler:
            return Client(scheduler, timeout=timeout)
        with children_ignore_sigint():  # Ctrl-C stops this process, which closes the cluster
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        return Client(cluster)
    except (OSError, TimeoutError) as exc:
        raise DistributedError(f"cannot reach the Dask scheduler {scheduler!r}: {exc}") from None


def run_dask(
    tasks: Sequence[Task],
    rules: CompiledRules,
    as_of: dt.date | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    client: Any = None,
) -> Iterator[DocumentReport]:
    """Reports for ``tasks`` in input order, files checked on the cluster.

    Connects at once (so a bad address is reported before any output); the cluster is used as
    the returned iterator is consumed, and a client made here is closed when it is exhausted.
    """
    own = client is None
    client = client or connect(scheduler)
    return _run(client, own, list(tasks), rules, as_of, progress)


def _run(client: Any, own: bool, tasks: list[Task], rules: CompiledRules, as_of: dt.date | None,
         progress: Progress | None) -> Iterator[DocumentReport]:
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        remote = _remote(client, [t.path for t in tasks if t.local is None], rules, as_of, workers * WINDOW_PER_WORKER)
        yield from merge_in_order(tasks, remote, progress)
    finally:
        if own:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()


def _remote(client: Any, files: list[str], rules: CompiledRules, as_of: dt.date | None, window: int) -> Iterator[DocumentReport]:
    if not files:
        return
    [rules_future] = client.scatter([rules], broadcast=True)
    pending: deque[Any] = deque()
    todo = iter(files)
    for path in todo:
        pending.append(client.submit(check_bytes, path, _read(path), rules_future, as_of, pure=False))
        if len(pending) >= window:
            break
    while pending:
        rep = unpack(pending.popleft().result(), rules)
        nxt = next(todo, None)
        if nxt is not None:
            pending.append(client.submit(check_bytes, nxt, _read(nxt), rules_future, as_of, pure=False))
        yield rep
