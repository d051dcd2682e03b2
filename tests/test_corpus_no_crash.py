"""Every input in ../shared/corpora is checked without a crash (slow: a sample by default).

Set POLICYLINT_FULL_CORPUS=1 to check every file; benchmarks/corpus_check.py reports counts.
"""

from __future__ import annotations

import os

import pytest

from policylint.api import check_paths, compile_builtin


@pytest.mark.corpus
def test_corpus_checks_without_crash(shared):
    files = []
    for sub, pattern in (("tosback", "*.md"), ("opp115/policies", "*.html"), ("opp115/original", "*.*"), ("goppc150/policies", "*.md")):
        found = sorted((shared / "corpora" / sub).glob(pattern))
        assert found, sub
        files.extend(found if os.environ.get("POLICYLINT_FULL_CORPUS") else found[:: max(1, len(found) // 8)])
    compiled = compile_builtin(["core"])
    reports = check_paths([str(f) for f in files], compiled)
    assert len(reports) == len(files)
    for rep in reports:
        # A PDF without the pdf extra is a clean, named input error, not a crash.
        assert rep.error is None or rep.path.endswith(".pdf"), (rep.path, rep.error)
        assert all(r.status.value != "error" for r in rep.results), rep.path
