"""Check that the word matcher and the prefilter change no result, over ../shared/corpora.

Every pattern of every built-in ruleset, on every document: the hits found through the word
trie (term lists) and the python and hyperscan candidate search (hand-written regexes) must
equal ``finditer`` of the pattern's regex over the whole text. Prints one line per mismatch and
a total; exit code 1 on any mismatch. Slow: the reference runs about 800 regexes in full on
every document, several seconds each, so a sample is the everyday check.

``--backends-only`` leaves the reference out and compares the two backends with each other on
every pattern of every document (the term patterns take the same path in both, the hand-written
regexes differ in their candidate search): every file of the corpora in a few minutes.

    python benchmarks/verify_backends.py [CORPUS_DIR [SAMPLE_SIZE]] [--backends-only]
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policylint.api import compile_builtin  # noqa: E402
from policylint.documents import LoadError, load_path  # noqa: E402
from policylint.matching.backends import hyperscan_available  # noqa: E402
from policylint.resources import builtin_rulesets  # noqa: E402


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    backends_only = "--backends-only" in sys.argv[1:]
    corpus = Path(args[0]) if args else ROOT.parent / "shared" / "corpora"
    if not corpus.is_dir():
        print(f"no corpus at {corpus}; skipped")
        return 0
    backends = ["python"] + (["hyperscan"] if hyperscan_available() else [])
    if backends_only and len(backends) < 2:
        print("hyperscan is not installed (pip install 'policylint[fast]'); nothing to compare")
        return 0
    # One table per backend: switching a table's backend rebuilds its anchor search.
    tables = {backend: compile_builtin(sorted(builtin_rulesets())).table for backend in backends}
    for backend, each in tables.items():
        each.use_backend(backend)
    table = tables["python"]
    files = sorted(p for p in corpus.rglob("*") if p.suffix in (".md", ".txt", ".html") and p.is_file())
    if len(args) > 1:  # a reproducible sample: a full run compares ~800 regexes per document
        files = sorted(random.Random(0).sample(files, min(int(args[1]), len(files))))
    bad = docs = 0
    started = time.perf_counter()
    for path in files:
        try:
            text = load_path(str(path)).text
        except LoadError:
            continue
        docs += 1
        found = {}
        for backend in backends:
            scan = tables[backend].scan(text)
            found[backend] = [scan.hits(pid) for pid in range(len(table.sources))]
        for pid in range(len(table.sources)):
            ref = found["python"][pid] if backends_only else scan.full(pid)
            for backend in backends[1:] if backends_only else backends:
                if found[backend][pid] != ref:
                    bad += 1
                    print(f"MISMATCH {path} backend={backend} pattern={table.sources[pid][:70]!r}")
    words = len(table.trie().by_pid)
    against = "each other" if backends_only else "finditer"
    print(f"{docs} documents x {len(table.sources)} patterns ({words} by the word trie) x {backends} against {against}: {bad} mismatches "
          f"({time.perf_counter() - started:.0f} s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
