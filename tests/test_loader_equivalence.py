"""The loaders are optimised for speed, never for different output: a sample of ../shared loads to
exactly the documents the loaders gave before (digests of the text, structure, entities and
source map in tests/loader_reference.json: hashes and numbers, no policy text), and each regex
rewritten for speed matches exactly what the original matched.

After an intended change of loader output, record the sample again:
``python benchmarks/loaders.py --record-sample tests/loader_reference.json``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from policylint.documents import sentences as S
from tests.conftest import ROOT

SETTINGS = settings(
    max_examples=int(os.environ.get("POLICYLINT_PROPERTY_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _benchmark():
    spec = importlib.util.spec_from_file_location("loaders_benchmark", ROOT / "benchmarks" / "loaders.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sample_of_shared_loads_to_the_recorded_documents(shared: Path) -> None:
    bench = _benchmark()
    reference = json.loads((ROOT / "tests" / "loader_reference.json").read_text())
    checked, differ = 0, []
    for rel, want in reference.items():
        path = shared.parent / rel
        if not path.exists():
            continue
        got = bench.load_one(path)
        checked += 1
        if got != want:
            differ.append(f"{rel}: {sorted(k for k in want if got.get(k) != want[k])}")
    assert checked, "no file of the sample is in ../shared"
    assert not differ, "\n".join(differ)


_ORIGINAL_BOUNDARY = re.compile(r"""(?<![.!?])[.!?]+["'’”)\]]*(?=\s+["'‘“(\[]?[A-Z0-9•\-–*])""")
_SENTENCE_TEXT = st.lists(st.sampled_from(["a", "A", "1", ".", "..", "!", "?", "'", "’", "”", ")", "]", " ", "\n", "(", "“", "•", "-", "e.g."]), max_size=30).map("".join)


@SETTINGS
@given(_SENTENCE_TEXT, st.integers(0, 5), st.integers(0, 5))
def test_rewritten_sentence_boundary_matches_the_original(text: str, cut_start: int, cut_end: int) -> None:
    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    want = [m.span() for m in _ORIGINAL_BOUNDARY.finditer(text, start, end)]
    assert [m.span() for m in S._BOUNDARY.finditer(text, start, end)] == want
