"""Speed of rule evaluation (every rule's check plus its evidence), and a check that a change to it
leaves every result identical.

    python benchmarks/evaluation.py [--corpus DIR] [--files N] [--rulesets core,gdpr]  # MB/s
    python benchmarks/evaluation.py --record /tmp/eval-ref.jsonl    # every result of every file
    python benchmarks/evaluation.py --check /tmp/eval-ref.jsonl     # compare with it

The stage is measured alone: documents are loaded and every pattern's hits computed first, then
``engine.check_document`` runs on each document with its scan already done (as in
``/tmp/stages.py`` of issue #5). Figures are MB of input per second of CPU time
(``time.process_time``), i.e. per core, so other work on a shared machine does not skew them.
A record holds, per document and rule, the status, detail, suppression and every evidence and
trigger location, sentence, section and matched text. It goes under /tmp: it quotes policies.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policylint.api import compile_builtin  # noqa: E402
from policylint.documents import LoadError, load_bytes  # noqa: E402
from policylint.engine import check_document  # noqa: E402
from policylint.rulesets import builtin_rulesets  # noqa: E402

AS_OF = dt.date(2026, 1, 1)  # fixed, so date rules give the same result on any day


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpora" / "tosback"))
    ap.add_argument("--files", type=int, default=0, help="first N files only (0: all)")
    ap.add_argument("--rulesets", default="", help="comma-separated built-in ids (default: all)")
    ap.add_argument("--record", help="write every result to this file")
    ap.add_argument("--check", help="compare every result with this record")
    args = ap.parse_args()
    paths = sorted(p for p in Path(args.corpus).glob("*") if p.is_file())
    if args.files:
        paths = paths[: args.files]
    if not paths:
        print(f"no files in {args.corpus} (../shared is not present?)")
        return 0
    sets = args.rulesets.split(",") if args.rulesets else sorted(builtin_rulesets())
    rules = compile_builtin(sets)

    docs, size = [], 0
    for path in paths:
        data = path.read_bytes()
        try:
            doc = load_bytes(data, str(path))
        except LoadError:
            continue
        scan = rules.table.scan(doc.text)
        for pid in range(len(rules.table.sources)):
            scan.hits(pid)
        docs.append((doc, scan))
        size += len(data)
    gc.collect()
    gc.freeze()  # the loaded corpus is not garbage: keep collections from walking it

    scan_of = rules.table.scan
    reports = []
    start = time.process_time()
    for doc, scan in docs:
        rules.table.scan = lambda text, scan=scan: scan  # type: ignore[method-assign]  # the scan is done
        reports.append(check_document(doc, rules, AS_OF))
    spent = time.process_time() - start
    rules.table.scan = scan_of  # type: ignore[method-assign]
    mb = size / 1e6
    print(f"{len(docs)} documents, {mb:.1f} MB, {len(sets)} rulesets, {len(rules.rules)} rules, "
          f"{len(rules.table.sources)} patterns: evaluate {mb / spent:.2f} MB/s ({spent:.2f} s CPU)")

    lines = [json.dumps(_result_row(r, res), ensure_ascii=False) for r in reports for res in r.results]
    if args.record:
        Path(args.record).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"recorded {len(lines)} results in {args.record}")
    if args.check:
        expected = Path(args.check).read_text(encoding="utf-8").splitlines()
        differ = [i for i, (a, b) in enumerate(zip(expected, lines)) if a != b]
        if differ or len(expected) != len(lines):
            print(f"DIFFERENT: {len(differ)} of {len(lines)} results differ (first: {lines[differ[0]][:200] if differ else 'count'})")
            return 1
        print(f"identical: {len(lines)} results")
    return 0


def _result_row(report, result) -> list:
    def ev(e):
        return [e.location.to_dict(), e.text, e.section, e.matched]

    return [report.path, result.rule.id, result.status.value, [ev(e) for e in result.evidence], result.detail,
            [ev(e) for e in result.trigger], result.suppressed]


if __name__ == "__main__":
    sys.exit(main())
