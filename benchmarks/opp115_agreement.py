"""Do real web pages give the same results as the clean policy text? (OPP-115 originals)

For each OPP-115 policy, the page as crawled (``../shared/corpora/opp115/original/*.html``, one
``.pdf``) and the annotated policy text (``../shared/corpora/opp115/policies/*.html``) are both
checked with the built-in rulesets; a (policy, rule) pair agrees when both give the same status.
The target is at least 95% agreement: main-content extraction (navigation, headers, footers,
cookie banners dropped) must neither lose policy text nor add site chrome that changes results.

    python benchmarks/opp115_agreement.py                 # all built-in rulesets
    python benchmarks/opp115_agreement.py -r core -v      # one ruleset, list each disagreement

Prints agreement overall, per ruleset and for the policies that disagree most; exits 1 below the
target, 0 otherwise (and 0 with a note when ../shared is absent).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "opp115"
TARGET = 0.95


def pairs(corpus: Path) -> list[tuple[str, Path, Path | None]]:
    """(policy id, annotated text, original page) for every annotated policy."""
    originals: dict[str, Path] = {}
    for p in sorted((corpus / "original").iterdir()):
        if p.suffix.lower() in (".html", ".htm", ".pdf"):
            originals.setdefault(p.name.split("_", 1)[0], p)
    out = []
    for p in sorted((corpus / "policies").glob("*.html")):
        pid = p.name.split("_", 1)[0]
        out.append((pid, p, originals.get(pid)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-r", "--ruleset", action="append", help="ruleset name or file (default: every built-in ruleset)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every disagreeing (policy, rule) pair")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    if not (args.corpus / "original").is_dir():
        print(f"skipped: {args.corpus} is not present (the team's ../shared data)")
        return 0

    from policylint.documents import LoadError, load_path
    from policylint.engine import check_document, compile_rules
    from policylint.resources import builtin_rulesets
    from policylint.rulesets import RulesetError, load_rulesets

    names = args.ruleset or sorted(builtin_rulesets())
    try:
        rules = compile_rules(load_rulesets(names))
    except (RulesetError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    as_of = __import__("datetime").date(2016, 1, 1)  # the corpus was crawled in 2015-16: date rules as then

    agree_by_ruleset: Counter[str] = Counter()
    total_by_ruleset: Counter[str] = Counter()
    per_policy: list[tuple[str, int, int]] = []
    disagreements: list[dict[str, str]] = []
    skipped: list[str] = []
    started = time.perf_counter()
    for pid, annotated, original in pairs(args.corpus):
        if original is None:
            skipped.append(f"{pid}: no original page")
            continue
        try:
            a = check_document(load_path(str(annotated)), rules, as_of)
            o = check_document(load_path(str(original)), rules, as_of)
        except LoadError as exc:
            skipped.append(f"{pid}: {original.name}: {exc}")
            continue
        statuses = {r.rule.id: r.status.value for r in o.results}
        agreed = 0
        for r in a.results:
            ruleset = r.rule.ruleset
            total_by_ruleset[ruleset] += 1
            if statuses.get(r.rule.id) == r.status.value:
                agree_by_ruleset[ruleset] += 1
                agreed += 1
            else:
                disagreements.append({"policy": pid, "page": original.name, "rule": r.rule.id,
                                      "annotated": r.status.value, "page_result": statuses.get(r.rule.id, "missing")})
        per_policy.append((pid, agreed, len(a.results)))
    elapsed = time.perf_counter() - started

    agree, total = sum(agree_by_ruleset.values()), sum(total_by_ruleset.values())
    rate = agree / total if total else 0.0
    figures = {
        "policies": len(per_policy),
        "pairs": total,
        "agreeing_pairs": agree,
        "agreement": round(rate, 4),
        "target": TARGET,
        "by_ruleset": {rs: round(agree_by_ruleset[rs] / n, 4) for rs, n in sorted(total_by_ruleset.items())},
        "rulesets": names,
        "skipped": skipped,
        "seconds": round(elapsed, 1),
    }
    if args.json:
        figures["disagreements"] = disagreements
        print(json.dumps(figures, indent=2))
        return 0 if rate >= TARGET else 1

    print(f"OPP-115 originals vs annotated text: {agree}/{total} (policy, rule) pairs agree = {rate:.1%} "
          f"(target {TARGET:.0%}) over {len(per_policy)} policies, {len(rules.rules)} rules, {elapsed:.1f}s")
    for rs, value in figures["by_ruleset"].items():
        print(f"  {rs:<12} {value:.1%} of {total_by_ruleset[rs]} pairs")
    worst = sorted((p for p in per_policy if p[1] < p[2]), key=lambda p: p[1] / p[2])[:8]
    if worst:
        print("policies that disagree most: " + ", ".join(f"{pid} {ok}/{n}" for pid, ok, n in worst))
    direction = Counter(f"{d['annotated']} -> {d['page_result']}" for d in disagreements)
    if direction:
        print("disagreements (annotated -> page): " + ", ".join(f"{k} {v}" for k, v in direction.most_common()))
    for s in skipped:
        print(f"skipped {s}")
    if args.verbose:
        for d in disagreements:
            print(f"  {d['policy']:>5} {d['rule']:<45} annotated {d['annotated']:<15} page {d['page_result']}")
    return 0 if rate >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
