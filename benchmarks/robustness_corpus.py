"""Check every file of the team corpora and seeds with every built-in ruleset; count crashes and hangs.

    python benchmarks/robustness_corpus.py [--timeout 60] [--jobs 1] [--limit N] [--synthetic]

Every file under ../shared/corpora and ../shared/seeds (policies, label CSVs, READMEs: any bytes)
goes through ``engine.check_file`` with all built-in rulesets compiled together, in a worker
process that is killed when one file takes longer than ``--timeout`` seconds. Outcomes:

* ``checked``: a report with results; ``input error``: a clear one-line LoadError (binary, empty...);
* ``crash``: an exception escaped, a rule gave an ``error`` result, or the loader's internal-error
  backstop fired; ``hang``: the file ran past ``--timeout`` plus ``--timeout-per-mb`` per MB.

``--synthetic`` also builds hostile documents in a temporary directory (a 50 MB policy, a single
5 MB line, a 5 MB run of one letter, 10,000-level nested HTML) and prints time and peak memory
(RSS of the worker) for each. Prints figures and exits 1 when anything crashed or hung; exits 0
(saying so) when ../shared is absent.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
from collections import Counter
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def _worker(conn) -> None:  # runs in a child process: compile once, then check paths on request
    import datetime as dt

    from policylint.api import compile_builtin
    from policylint.engine import check_file
    from policylint.model import Status
    from policylint.resources import builtin_rulesets

    rules = compile_builtin(sorted(builtin_rulesets()))
    from policylint.api import check_text

    check_text("Warm-up: we use cookies.", rules)  # first-scan set-up is not the first file's time
    conn.send(("ready", len(rules.rules)))
    while True:
        path = conn.recv()
        if path is None:
            return
        start = time.perf_counter()
        try:
            rep = check_file(path, rules, dt.date(2026, 1, 1))
        except BaseException as exc:  # noqa: BLE001 - that is exactly what we count
            conn.send(("crash", f"{type(exc).__name__}: {exc}", time.perf_counter() - start, _rss_mb()))
            continue
        took = time.perf_counter() - start
        errors = [f"{r.rule.id}: {r.detail}" for r in rep.results if r.status is Status.ERROR]
        if errors:
            conn.send(("crash", "; ".join(errors)[:300], took, _rss_mb()))
        elif rep.error and "internal error" in rep.error:
            conn.send(("crash", rep.error, took, _rss_mb()))
        elif rep.error:
            conn.send(("input error", rep.error, took, _rss_mb()))
        else:
            conn.send(("checked", "", took, _rss_mb()))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Runner:
    """One worker process; restarted after a hang (the hung one is killed)."""

    def __init__(self) -> None:
        self.proc = None
        self.conn = None
        self.rules = 0

    def start(self) -> None:
        ctx = mp.get_context("spawn")
        parent, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child,), daemon=True)
        self.proc.start()
        self.conn = parent
        _, self.rules = self.conn.recv()

    def check(self, path: str, timeout: float) -> tuple[str, str, float, float]:
        if self.proc is None or not self.proc.is_alive():
            self.start()
        self.conn.send(path)
        if self.conn.poll(timeout):
            try:
                return self.conn.recv()
            except EOFError:
                pass
            self.stop()
            return ("crash", "worker died (out of memory or a hard crash)", timeout, 0.0)
        self.stop()
        return ("hang", f"no result after {timeout:.0f} s", timeout, 0.0)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.join()
        self.proc = None

    def close(self) -> None:
        if self.proc is not None and self.proc.is_alive():
            self.conn.send(None)
            self.proc.join(10)
        self.stop()


def corpus_files(limit: int | None) -> list[str]:
    files = sorted(str(p) for d in (SHARED / "corpora", SHARED / "seeds") if d.is_dir() for p in d.rglob("*") if p.is_file())
    return files[:limit] if limit else files


def synthetic_files(tmp: Path) -> list[str]:
    """Hostile documents written here (never committed): sizes from the robustness issue."""
    para = (
        "We collect your name, email address and device identifiers when you use the service. "
        "You can set your browser to refuse cookies or opt out of interest-based advertising. "
        "We keep account data for as long as your account is open. Email privacy@example.com with questions.\n\n"
    )
    out = []
    big = tmp / "fifty-mb.md"
    with open(big, "w", encoding="utf-8") as fh:
        i = 0
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(f"## Section {i}\n\n" + para * 20)
            i += 1
    out.append(str(big))
    line = tmp / "five-mb-line.txt"
    line.write_text((para.replace("\n", " ") * (5 * 1024 * 1024 // len(para) + 1))[: 5 * 1024 * 1024], encoding="utf-8")
    out.append(str(line))
    run = tmp / "five-mb-letters.txt"
    run.write_text("a" * (5 * 1024 * 1024), encoding="utf-8")
    out.append(str(run))
    nested = tmp / "nested.html"
    nested.write_text("<div>" * 10_000 + "<p>" + para + "</p>" + "</div>" * 10_000, encoding="utf-8")
    out.append(str(nested))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per file before it counts as a hang (default 60) ...")
    ap.add_argument("--timeout-per-mb", type=float, default=30.0,
                    help="... plus this many seconds per MB of the file (default 30: checking is linear, ~10 s/MB with every ruleset)")
    ap.add_argument("--limit", type=int, help="check only the first N corpus files")
    ap.add_argument("--synthetic", action="store_true", help="also check generated 50 MB / 5 MB / deeply nested documents")
    ap.add_argument("--no-corpus", action="store_true", help="skip ../shared (with --synthetic)")
    ap.add_argument("--slowest", type=int, default=5, help="list this many slowest files (default 5)")
    args = ap.parse_args(argv)

    files = [] if args.no_corpus else corpus_files(args.limit)
    if not args.no_corpus and not files:
        print(f"{SHARED} is not present: nothing to check (this benchmark reads the team corpora)")
        if not args.synthetic:
            return 0
    with tempfile.TemporaryDirectory(prefix="policylint-robustness-") as tmp:
        synthetic = synthetic_files(Path(tmp)) if args.synthetic else []
        runner = Runner()
        runner.start()
        print(f"{len(files)} corpus files, {len(synthetic)} synthetic, {runner.rules} rules from every built-in ruleset, "
              f"timeout {args.timeout:.0f} s + {args.timeout_per_mb:.0f} s/MB per file")
        counts: dict[str, int] = {"checked": 0, "input error": 0, "crash": 0, "hang": 0}
        reasons: Counter[str] = Counter()
        problems: list[tuple[str, str, str]] = []
        timings: list[tuple[float, str]] = []
        start = time.perf_counter()
        try:
            for path in files:
                kind, why, took, _ = runner.check(path, args.timeout + args.timeout_per_mb * os.path.getsize(path) / 1e6)
                if kind == "input error":
                    reasons[why.split(";")[0].split("(")[0].strip()] += 1
                counts[kind] += 1
                timings.append((took, path))
                if kind in ("crash", "hang"):
                    problems.append((kind, path, why))
            corpus_s = time.perf_counter() - start
            rows = []
            for path in synthetic:
                runner.stop()  # a fresh worker each, so peak RSS belongs to this document
                runner.start()
                kind, why, took, rss = runner.check(path, args.timeout + args.timeout_per_mb * os.path.getsize(path) / 1e6)
                counts[kind] += 1
                rows.append((Path(path).name, os.path.getsize(path) / 1e6, kind, took, rss, why))
                if kind in ("crash", "hang"):
                    problems.append((kind, path, why))
        finally:
            runner.close()
    if files:
        print(f"corpus: {len(files)} files in {corpus_s:.0f} s")
    print("  ".join(f"{k}: {v}" for k, v in counts.items()))
    for why, n in reasons.most_common():
        print(f"  input error x{n}: {why}")
    for kind, path, why in problems:
        print(f"{kind.upper()}: {path}: {why}")
    if timings and args.slowest:
        print("slowest:")
        for took, path in sorted(timings, reverse=True)[: args.slowest]:
            print(f"  {took:6.2f} s  {os.path.relpath(path, ROOT.parent)}")
    if synthetic:
        print("synthetic documents (fresh worker each; peak RSS includes ~the compiled rules):")
        for name, mb, kind, took, rss, why in rows:
            print(f"  {name:<22} {mb:7.1f} MB  {kind:<12} {took:7.1f} s  peak RSS {rss:7.0f} MB  {why[:80]}")
    return 1 if counts["crash"] or counts["hang"] else 0


if __name__ == "__main__":
    sys.exit(main())
