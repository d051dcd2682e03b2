"""Speed of the document loaders (decode, parse, structure, sentences, entities), and a check that
a change to them leaves their output identical.

    python benchmarks/loaders.py [--corpus DIR] [--files N] [--repeat R]   # MB/s per format
    python benchmarks/loaders.py --record /tmp/loaders-ref.json           # digest of every file
    python benchmarks/loaders.py --check /tmp/loaders-ref.json            # compare with it
    python benchmarks/loaders.py --record-sample tests/loader_reference.json  # the test's sample

Figures are MB of input per second of CPU time (``time.process_time``), i.e. per core, so that
other work on a shared machine does not skew them. The digest covers, per file of
../shared (tosback, GoPPC-150, OPP-115 annotated and original pages, seeds) and the repository's
own examples: the text, sections, blocks, sentences, entities, directives, metadata, the source
map, and the source location of every sentence and entity boundary and of every 97th offset.
The full reference goes under /tmp. ``tests/loader_reference.json`` holds the digests (hashes and
numbers, no policy text) of a sample, which tests/test_loader_equivalence.py compares against.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policylint.documents import LoadError, load_bytes  # noqa: E402
from policylint.model import Document  # noqa: E402

SHARED = ROOT.parent / "shared"


def corpus_files(shared: Path = SHARED) -> list[Path]:
    """Every document the equivalence check covers, in a stable order."""
    c = shared / "corpora"
    groups = [
        sorted((c / "tosback").glob("*.md")),
        sorted((c / "goppc150" / "policies").glob("*")),
        sorted((c / "opp115" / "policies").glob("*")),
        sorted((c / "opp115" / "original").glob("*")),
        sorted((shared / "seeds").glob("*.txt")),
        sorted((ROOT / "examples").glob("*.md")),
        sorted((ROOT / "tests" / "reports" / "fixtures").glob("*.[mt]*")),
    ]
    return [p for g in groups for p in g if p.is_file()]


def _h(obj: object) -> str:
    return hashlib.sha1(repr(obj).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def digest(doc: Document) -> dict[str, str]:
    """One short hash per part of the loaded document (which part differs, not only whether)."""
    sm = doc.source_map
    offsets = set(range(0, len(doc.text) + 1, 97))
    for s in doc.sentences:
        offsets.update((s.start, s.end))
    for e in doc.entities:
        offsets.update((e.start, e.end))
    meta = {k: v for k, v in doc.metadata.items() if not k.startswith("_")}
    return {
        "text": _h(doc.text),
        "format": doc.format,
        "sections": _h([(s.index, s.title, s.level, s.start, s.end, s.parent, s.heading_end) for s in doc.sections]),
        "blocks": _h([(b.kind, b.start, b.end, b.section) for b in doc.blocks]),
        "sentences": _h([(s.start, s.end, s.block, s.section) for s in doc.sentences]),
        "entities": _h([(e.kind, e.value, e.start, e.end, e.normalized, e.role) for e in doc.entities]),
        "directives": _h(doc.directives),
        "metadata": _h(sorted((k, repr(v)) for k, v in meta.items())),
        "source_map": _h((sm.text_starts, sm.lines, sm.columns, sm.pages)),
        "locations": _h([doc.location(o, o + 1) for o in sorted(offsets)]),
    }


def sample_files(shared: Path = SHARED) -> list[Path]:
    """A spread of every corpus for the unit test: every 15th tosback policy, and a few of the others."""
    c = shared / "corpora"
    return (
        sorted((c / "tosback").glob("*.md"))[::15]
        + sorted((c / "goppc150" / "policies").glob("*"))[::20]
        + sorted((c / "opp115" / "policies").glob("*"))[::8]
        + sorted((c / "opp115" / "original").glob("*.html"))[::15]
        + sorted((c / "opp115" / "original").glob("*.txt"))[::15]
        + sorted((shared / "seeds").glob("*.txt"))
    )


def load_one(path: Path) -> dict[str, str]:
    try:
        return digest(load_bytes(path.read_bytes(), str(path)))
    except LoadError as exc:
        return {"error": str(exc)}


def record(out: Path, files: list[Path]) -> None:
    ref = {str(p.relative_to(ROOT.parent)): load_one(p) for p in files}
    out.write_text(json.dumps(ref, indent=0, sort_keys=True) + "\n")
    print(f"recorded {len(ref)} documents in {out}")


def check(ref_path: Path) -> int:
    ref = json.loads(ref_path.read_text())
    bad = 0
    t = time.process_time()
    for rel, want in ref.items():
        path = ROOT.parent / rel
        if not path.exists():
            continue
        got = load_one(path)
        if got != want:
            bad += 1
            parts = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
            print(f"DIFFERS {rel}: {', '.join(parts)}")
    print(f"{len(ref) - bad}/{len(ref)} documents identical ({time.process_time() - t:.1f} s CPU)")
    return 1 if bad else 0


def bench(corpus: Path, files: int, repeat: int) -> None:
    groups = {
        "markdown (tosback)": sorted(corpus.glob("tosback/*.md")),
        "html (opp115 original)": sorted(corpus.glob("opp115/original/*.html")),
        "html (opp115 annotated)": sorted(corpus.glob("opp115/policies/*")),
        "text (opp115 original .txt)": sorted(corpus.glob("opp115/original/*.txt")),
    }
    print(f"{'loader':<30} {'files':>6} {'MB':>7} {'CPU s':>7} {'MB/s per core':>14}")
    for name, paths in groups.items():
        datas = [(p.read_bytes(), str(p)) for p in paths[:files] if p.stat().st_size]
        if not datas:
            continue
        mb = sum(len(d) for d, _ in datas) / 1e6
        best = float("inf")
        for _ in range(repeat):
            t = time.process_time()
            for data, name_ in datas:
                try:
                    load_bytes(data, name_)
                except LoadError:
                    pass
            best = min(best, time.process_time() - t)
        print(f"{name:<30} {len(datas):>6} {mb:>7.2f} {best:>7.2f} {mb / best:>14.2f}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpora")
    ap.add_argument("--files", type=int, default=10_000, help="at most this many files per format")
    ap.add_argument("--repeat", type=int, default=1, help="best of R runs")
    ap.add_argument("--record", type=Path, help="write the reference digest here (under /tmp)")
    ap.add_argument("--record-sample", type=Path, help="write the digest of the unit test's sample here")
    ap.add_argument("--check", type=Path, help="compare every document with this reference digest")
    args = ap.parse_args()
    if args.record or args.record_sample:
        record(args.record or args.record_sample, corpus_files() if args.record else sample_files())
        return 0
    if args.check:
        return check(args.check)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}; nothing to measure")
        return 0
    bench(args.corpus, args.files, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
