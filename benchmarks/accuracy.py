"""Print the accuracy tables of the built-in rulesets on the labelled development corpora.

    python benchmarks/accuracy.py [--errors] [--corpus opp115|goppc150] [--as-labelled]

Where benchmarks/reviews/ holds a second reading of a corpus's disagreements, a second table
scores the rules against the reviewed labels (``policylint eval --review``); the first table is
always the corpus's own labels.

Reads ../shared/corpora (team data, not shipped); says so and exits 0 when it is absent. The
same figures come from `policylint eval` with the map files in benchmarks/maps/.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
MAPS = ROOT / "benchmarks" / "maps"

REVIEWS = ROOT / "benchmarks" / "reviews"

# name -> (policies dir, labels file, map file, segments file or None, review file or None)
BENCHES = {
    "opp115": ("opp115/policies", "opp115/labels_k2.csv", "opp115.yaml", "opp115/segments.jsonl", None),
    "goppc150": ("goppc150/policies", "goppc150/labels.csv", "goppc150.yaml", None, "goppc150.csv"),
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=sorted(BENCHES), action="append", help="default: all")
    ap.add_argument("--errors", action="store_true", help="also list false positives/negatives and wrong evidence")
    ap.add_argument("--corpora", default=str(CORPORA), help="folder holding opp115/ and goppc150/")
    ap.add_argument("--as-labelled", action="store_true", help="leave out the second table scored against benchmarks/reviews/")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from policylint.evaluation import render_text, run_eval
    from policylint.rulesets import RulesetError

    corpora = Path(args.corpora)
    if not corpora.is_dir():
        print(f"{corpora} is not present: nothing to measure (the labelled corpora are team data)")
        return 0
    for name in args.corpus or sorted(BENCHES, reverse=True):
        policies, labels, map_file, segments, review = BENCHES[name]
        seg = str(corpora / segments) if segments else None
        rev = os.path.relpath(REVIEWS / review) if review and not args.as_labelled else None
        t0 = time.perf_counter()
        try:
            ev = run_eval(str(corpora / policies), str(corpora / labels), str(MAPS / map_file), seg, review=rev)
        except (RulesetError, ValueError) as exc:
            print(f"{name}: not measured: {exc}\n")
            continue
        print(render_text(ev, show_errors=args.errors), end="")
        print(f"({time.perf_counter() - t0:.1f}s)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
