"""Which label column each practice's verdicts agree with best: a check of the corpus's columns.

    python benchmarks/label_columns.py [--corpus goppc150|opp115]

For every practice of the map, Cohen's kappa between the rules' verdict per policy and each label
column of the same family (the columns that share the mapped column's top-level code, e.g. all
``4.x`` data-subject rights); a column other than the mapped one that agrees clearly better is
flagged. Kappa, not F1, because most rights columns are 1 on most policies: F1 would favour the
column with the most ones. A parent column that agrees better (``16`` over ``16.1``) says the rule
answers the broader question; a sibling that agrees better (``4.4`` over ``4.5``) says a column
may be misnamed, and the policies behind it are worth reading. Reads ../shared/corpora; exits 0
when it is absent.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from accuracy import BENCHES, CORPORA, MAPS  # noqa: E402


def kappa(a: list[bool], b: list[bool]) -> float:
    """Cohen's kappa of two yes/no codings of the same items."""
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return (observed - expected) / (1 - expected) if expected < 1 else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=sorted(BENCHES), default="goppc150")
    ap.add_argument("--margin", type=float, default=0.1, help="flag a column whose kappa beats the mapped one's by this much")
    args = ap.parse_args(argv)
    from policylint.evaluation import load_map, run_eval

    if not CORPORA.is_dir():
        print(f"{CORPORA} is not present: nothing to check (the labelled corpora are team data)")
        return 0
    policies, labels, map_file, _segments, _review = BENCHES[args.corpus]
    ev = run_eval(str(CORPORA / policies), str(CORPORA / labels), str(MAPS / map_file))
    with open(CORPORA / labels, encoding="utf-8-sig", newline="") as fh:
        rows = {r["policy"]: r for r in csv.DictReader(fh)}
    columns = list(next(iter(rows.values())))
    emap = load_map(str(MAPS / map_file))
    print(f"{ev.corpus}: kappa of each practice's verdicts with the label columns of its family")
    for pm in emap.practices:
        verdict = {c.document: c.predicted for c in ev.cases if c.practice == pm.name}
        docs = sorted(verdict)
        family = pm.columns[0].split()[0].split(".")[0]
        siblings = [c for c in columns if c.split()[0].split(".")[0] == family]
        scored = sorted(((kappa([verdict[d] for d in docs], [rows[d][c] == "1" for d in docs]), c) for c in siblings), reverse=True)
        mapped = next((k for k, c in scored if c in pm.columns), None)
        best_k, best_c = scored[0]
        flag = "  <- agrees better" if mapped is not None and best_c not in pm.columns and best_k - mapped >= args.margin else ""
        mapped_txt = f"{mapped:+.2f}" if mapped is not None else "  - "
        print(f"  {pm.name:<24} mapped {pm.columns[0][:34]:<34} {mapped_txt}   best {best_c[:34]:<34} {best_k:+.2f}{flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
