"""--engine dask gives exactly the local run's reports (a LocalCluster stands in for a cluster)."""

from __future__ import annotations

import pytest

from policylint.api import compile_builtin
from policylint.reports.context import document_dict
from policylint.runner import Task, run_tasks

distributed = pytest.importorskip("distributed")


def test_dask_matches_local_run(tmp_path):
    from policylint.distributed import run_dask

    paths = []
    for i, text in enumerate(["# P\n\nWe sell data. Email privacy@example.com.\n", "", "# Q\n\nCookies: opt out in settings.\n"] * 2):
        p = tmp_path / f"d{i}.md"
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    paths.append(str(tmp_path / "missing.md"))
    rules = compile_builtin(["core"])
    local = [document_dict(r, "error") for r in run_tasks([Task(p) for p in paths], rules)]
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            remote = [document_dict(r, "error") for r in run_dask([Task(p) for p in paths], rules, client=client)]
    assert remote == local


def test_unreachable_scheduler_is_a_clear_error():
    from policylint.distributed import DistributedError, connect

    with pytest.raises(DistributedError, match="cannot reach the Dask scheduler"):
        connect("tcp://127.0.0.1:9", timeout="1s")
