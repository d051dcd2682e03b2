"""Throughput, scaling, cold start and memory of `policylint check`, beside the tools a user would
otherwise reach for. Prints one table; figures go in docs/performance.md.

    python benchmarks/throughput.py [--corpus DIR] [--files N] [--peer-files N] [--no-peers]

Rows:
* end to end (read, parse, match, evaluate, write JSON) with every built-in ruleset, as a
  subprocess of the real command: MB/s of wall time and of CPU time ("per core"), peak RSS,
  for ``--jobs 1`` and ``--jobs 2``, python and hyperscan backends;
* stages in one process (CPU): load, pattern scan, rule evaluation;
* cold start: median wall time of ``policylint check one.md`` (default rulesets, warm cache);
* matching stage alone (every pattern of every built-in ruleset over the corpus texts, already
  loaded) for each backend, beside one raw Hyperscan scan of the same patterns on the same texts (all of them in one
  database, Hyperscan's prefilter mode, ASCII with one byte per character as the hyperscan
  locator scans), once reporting every match and once only the first per pattern;
* scaling: matching-stage and end-to-end time with every built-in ruleset over core alone;
* Hyperscan's own scaling: the same raw scan with core's patterns alone and with the tenfold
  set's, and its time for the tenfold set and for all patterns over core's;
* peers on a subset: textlint + textlint-rule-prh given the same patterns as a prh dictionary
  (npm, installed into a scratch folder), and proselint (pip); skipped when they cannot be had.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policylint.api import compile_builtin  # noqa: E402
from policylint.documents import LoadError, load_path  # noqa: E402
from policylint.matching.backends import hyperscan_available  # noqa: E402
from policylint.resources import builtin_rulesets  # noqa: E402

PEERS_DIR = Path(tempfile.gettempdir()) / "policylint-bench-peers"
ROWS: list[tuple[str, str, str]] = []


def row(what: str, figure: str, note: str = "") -> None:
    ROWS.append((what, figure, note))
    print(f"  {what:<58} {figure:>14}  {note}", flush=True)


def run_cli(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user+sys of the child and its workers), peak RSS in MB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "policylint.cli", *args], cwd=ROOT, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1, 2):
        raise SystemExit(f"policylint failed ({proc.returncode}) on {args}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss // 1024


def corpus_files(corpus: Path, limit: int | None) -> list[Path]:
    files = sorted(p for p in corpus.glob("*") if p.is_file() and p.suffix in (".md", ".txt", ".html"))
    return files[:limit] if limit else files


def end_to_end(files: list[Path], mb: float, env: dict[str, str], rulesets: list[str]) -> None:
    out = Path(tempfile.mkdtemp()) / "report.json"
    refs = [a for r in rulesets for a in ("-r", r)]
    listing = Path(tempfile.mkdtemp()) / "files"
    listing.mkdir()
    for f in files:  # a folder of links: one path argument, whatever the corpus size
        (listing / f.name).symlink_to(f.resolve())
    run_cli(["check", str(listing), *refs, "-f", "json", "-o", str(out), "-j", "1"], env)  # warm the cache
    backends = ["python"] + (["hyperscan"] if hyperscan_available() else [])
    for backend in backends:
        for jobs in ("1", "2"):
            wall, cpu, rss = run_cli(["check", str(listing), *refs, "-f", "json", "-o", str(out), "-j", jobs,
                                      "--backend", backend, "--no-progress"], env)
            row(f"end to end, all rulesets, --jobs {jobs}, {backend}", f"{mb / wall:.2f} MB/s",
                f"wall {wall:.1f} s; per core {mb / cpu:.2f} MB/s (CPU {cpu:.1f} s); peak RSS {rss} MB")
    wall, cpu, rss = run_cli(["check", str(listing), "-f", "json", "-o", str(out), "-j", "1", "--no-progress"], env)
    row("end to end, core only, --jobs 1, auto backend", f"{mb / wall:.2f} MB/s", f"per core {mb / cpu:.2f} MB/s")
    shutil.rmtree(listing.parent, ignore_errors=True)


def cold_start(one: Path, env: dict[str, str], runs: int = 9) -> None:
    # As installed: pip byte-compiles a package on install, so measure with the bytecode cache
    # even where the environment asks Python not to write it (PYTHONDONTWRITEBYTECODE).
    import compileall

    compileall.compile_dir(str(ROOT / "policylint"), quiet=1)
    env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    run_cli(["check", str(one)], env)
    times = sorted(run_cli(["check", str(one)], env)[0] for _ in range(runs))
    row("cold start: check one file (default rulesets, warm cache)", f"{statistics.median(times) * 1000:.0f} ms",
        f"min {times[0] * 1000:.0f} ms over {runs} runs; {one.stat().st_size // 1024} KB file")
    bare = sorted(_timed([sys.executable, "-c", "pass"]) for _ in range(5))
    row("  (python -c pass on this machine)", f"{statistics.median(bare) * 1000:.0f} ms")


def _timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def matching_stage(texts: list[str], mb: float) -> None:
    allsets = sorted(builtin_rulesets())
    big = compile_builtin(allsets).table
    small = compile_builtin(["core"]).table
    times: dict[tuple[str, str], float] = {}
    backends = ["python"] + (["hyperscan"] if hyperscan_available() else [])
    for name, table in (("all", big), ("core", small)):
        start = time.process_time()
        words = table.trie().by_pid  # term lists: one word trie, no regex
        for pid in range(len(table.sources)):
            if pid not in words:
                table.regex(pid)  # hand-written regexes: a fixed cost per process, shown on its own row
        table.prefixes()
        row(f"prepare {len(table.sources)} patterns ({name}), once per process", f"{time.process_time() - start:.2f} s",
            f"{len(words)} answered by the word trie, {len(table.sources) - len(words)} regexes compiled")
        for backend in backends:
            table.use_backend(backend)
            table.scan(texts[0]).hits(0)  # build the anchor search outside the timing
            start = time.process_time()
            for text in texts:
                scan = table.scan(text)
                for pid in range(len(table.sources)):
                    scan.hits(pid)
            times[name, backend] = time.process_time() - start
    rules_big, rules_small = len(compile_builtin(allsets).rules), len(compile_builtin(["core"]).rules)
    # The target's own point: about ten times core's rules (rulesets added by name until reached).
    tenfold = ["core"]
    for name in allsets:
        if len(compile_builtin(tenfold).rules) >= 10 * rules_small:
            break
        if name != "core":
            tenfold.append(name)
    ten = compile_builtin(tenfold)
    ten.table.use_backend("python")
    ten.table.scan(texts[0]).hits(0)
    start = time.process_time()
    for text in texts:
        scan = ten.table.scan(text)
        for pid in range(len(ten.table.sources)):
            scan.hits(pid)
    ten_time = time.process_time() - start
    row(f"scaling: {len(ten.rules)} rules ({'+'.join(tenfold)}) vs {rules_small} (x{len(ten.rules) / rules_small:.1f}), python",
        f"x{ten_time / times['core', 'python']:.2f} time", f"{len(ten.table.sources)} patterns; target: 10x rules within 1.5x time")
    for backend in backends:
        row(f"matching stage, all rulesets ({len(big.sources)} patterns), {backend}",
            f"{mb / times['all', backend]:.1f} MB/s", f"CPU {times['all', backend]:.2f} s")
        ratio = times["all", backend] / times["core", backend]
        row(f"scaling: {rules_big} rules vs {rules_small} (x{rules_big / rules_small:.0f}), {backend}", f"x{ratio:.2f} time",
            "target: 10x rules within 1.5x time")
    raw = raw_hyperscan(big.sources, texts)
    if raw is not None:
        for mode in ("every match", "first match"):
            row(f"raw Hyperscan scan, {int(raw['patterns'])} of {len(big.sources)} patterns, prefilter, {mode}",
                f"{mb / raw[mode]:.1f} MB/s", f"CPU {raw[mode]:.2f} s, {int(raw[mode + ' events'])} match events; "
                f"compiled in {raw['compile']:.0f} s")
        for backend in backends:
            row(f"matching stage vs raw Hyperscan (first match), {backend}", f"x{times['all', backend] / raw['first match']:.1f} slower",
                "target: within 5x")
        raw_scaling(raw, {"core": small.sources, "tenfold": ten.table.sources}, texts, mb,
                    f"{len(ten.rules)} rules ({'+'.join(tenfold)})", rules_small, rules_big)


def raw_scaling(raw_all: dict[str, float], subsets: dict[str, list[str]], texts: list[str], mb: float,
                tenfold: str, rules_small: int, rules_big: int) -> None:
    """Hyperscan's own scaling beside the target's: the raw scan of :func:`raw_hyperscan` (same
    method, same texts) with core's patterns alone and with the tenfold set's, then each set's time
    over core's. Shows whether the reference engine itself keeps 10x the rules within 1.5x the time."""
    raws = {name: raw_hyperscan(sources, texts) for name, sources in subsets.items()}
    raws["all"] = raw_all
    for name in subsets:
        for mode in ("every match", "first match"):
            r = raws[name]
            row(f"raw Hyperscan scan, {name} ({int(r['patterns'])} of {len(subsets[name])} patterns), {mode}",
                f"{mb / r[mode]:.1f} MB/s", f"CPU {r[mode]:.3f} s, {int(r[mode + ' events'])} match events")
    core = raws["core"]
    for name, what in (("tenfold", f"{tenfold} vs {rules_small}"), ("all", f"{rules_big} rules vs {rules_small}")):
        r = raws[name]
        row(f"raw Hyperscan scaling: {name} vs core", f"x{r['first match'] / core['first match']:.2f} time",
            f"first match; every match x{r['every match'] / core['every match']:.2f}; {what} rules, "
            f"{int(r['patterns'])} vs {int(core['patterns'])} patterns; target: 10x rules within 1.5x time")


def stages(files: list[Path]) -> None:
    """CPU MB/s of each stage in this process: load (decode, parse, sentences, entities), pattern
    scan (hits of every pattern), rule evaluation (every rule, the scan already done)."""
    import datetime as dt

    from policylint.checks import Context
    from policylint.documents import load_bytes

    datas = [(str(f), f.read_bytes()) for f in files]
    datas = [(p, d) for p, d in datas if d]
    mb = sum(len(d) for _, d in datas) / 1e6
    start = time.process_time()
    docs = []
    for path, data in datas:
        try:
            docs.append(load_bytes(data, path))
        except LoadError:
            pass
    row("stage: load (decode, Markdown, sentences, entities)", f"{mb / (time.process_time() - start):.1f} MB/s", "CPU")
    for name, sets in (("core", ["core"]), ("all rulesets", sorted(builtin_rulesets()))):
        rules = compile_builtin(sets)
        rules.table.use_backend("python")
        for doc in docs[:3]:  # first-use set-up (word memo, anchor regex) outside the timing
            rules.table.scan(doc.text).hits(0)
        start = time.process_time()
        scans = []
        for doc in docs:
            scan = rules.table.scan(doc.text)
            for pid in range(len(rules.table.sources)):
                scan.hits(pid)
            scans.append(scan)
        scanned = time.process_time() - start
        start = time.process_time()
        for doc, scan in zip(docs, scans):
            ctx = Context(doc=doc, scan=scan, as_of=dt.date.today())
            for cr in rules.rules:
                cr.check.evaluate(ctx)
        evaluated = time.process_time() - start
        row(f"stage: scan, every pattern ({name}, {len(rules.table.sources)} patterns)", f"{mb / scanned:.1f} MB/s", "CPU")
        row(f"stage: evaluate every rule ({name}, {len(rules.rules)} rules)", f"{mb / evaluated:.1f} MB/s",
            "CPU, scan already done")


def hyperscan_expression(src: str) -> bytes:
    """A pattern as Hyperscan compiles it without Unicode mode, for the one-byte-per-character
    text :func:`hyperscan_text` makes (as the hyperscan locator scans): look-arounds at word
    edges become ``\\b``, any non-ASCII character the byte 0x80, ``{1,256}`` a plain ``+``.
    Prefilter mode then accepts every pattern (it may over-report, never under-report)."""
    src = src.replace("(?<!\\w)", "\\b").replace("(?!\\w)", "\\b")
    src = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: "\\x80" if int(m.group(1), 16) > 0x7F else "\\x" + m.group(1)[2:], src)
    src = src.replace("{1,256}", "+").replace("{0,256}", "*")
    return "".join(c if c.isascii() else "\\x80" for c in src).encode("ascii")


def hyperscan_text(text: str) -> bytes:
    return re.sub(r"[^\x00-\x7f]", "\x80", text).encode("latin-1")


def raw_hyperscan(sources: list[str], texts: list[str]) -> dict[str, float] | None:
    """CPU seconds of one Hyperscan scan per text with every pattern in one database: reporting
    every match to a Python callback (what hits would need), and reporting each pattern at most
    once per text (the engine alone). Also the number of patterns compiled and the compile time."""
    if not hyperscan_available():
        return None
    import hyperscan as hs

    base = hs.HS_FLAG_CASELESS | hs.HS_FLAG_PREFILTER | hs.HS_FLAG_ALLOWEMPTY
    exprs = []
    started = time.process_time()
    for src in sources:  # keep what compiles; in this form all of the built-in patterns do
        db = hs.Database(mode=hs.HS_MODE_BLOCK)
        expr = hyperscan_expression(src)
        try:
            db.compile(expressions=[expr], ids=[0], elements=1, flags=[base])
        except Exception:  # noqa: BLE001
            continue
        exprs.append(expr)
    data = [hyperscan_text(t) for t in texts]
    out: dict[str, float] = {"patterns": len(exprs)}
    for mode, extra in (("every match", 0), ("first match", hs.HS_FLAG_SINGLEMATCH)):
        db = hs.Database(mode=hs.HS_MODE_BLOCK)
        db.compile(expressions=exprs, ids=list(range(len(exprs))), elements=len(exprs), flags=[base | extra] * len(exprs))
        out.setdefault("compile", time.process_time() - started)  # one by one, then together
        events = [0]

        def on_match(*_: object) -> None:
            events[0] += 1

        start = time.process_time()
        for d in data:
            db.scan(d, match_event_handler=on_match)
        out[mode] = time.process_time() - start
        out[mode + " events"] = events[0]
    return out


def js_regex(src: str) -> str | None:
    """A Python pattern as a JavaScript one, or None when it uses syntax JavaScript lacks."""
    if re.search(r"\(\?[aiLmsux-]+[:)]|\(\?P|\\A|\\Z|\(\?>|[*+?}]\+", src):
        return None
    # re.escape escapes punctuation ("terms \& conditions") that a JavaScript regex in Unicode
    # mode (prh's) rejects as an invalid escape: write those characters plainly.
    return _NEEDLESS_ESCAPE.sub(lambda m: m.group(1) if m.group(1) in _PLAIN else m.group(0), src)


_NEEDLESS_ESCAPE = re.compile(r"\\(.)", re.S)
_PLAIN = frozenset("&,'\"#~=!:<>@%`; ")


def peers(files: list[Path], sources: list[str]) -> None:
    mb = sum(f.stat().st_size for f in files) / 1e6
    PEERS_DIR.mkdir(exist_ok=True)
    textlint = PEERS_DIR / "node_modules" / ".bin" / "textlint"
    if not textlint.exists() and shutil.which("npm"):
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "textlint", "textlint-rule-prh"],
                       cwd=PEERS_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    if textlint.exists():
        patterns = [p for p in (js_regex(s) for s in sources) if p]
        dictionary = PEERS_DIR / "prh.yml"
        dictionary.write_text("version: 1\nrules:\n" + "".join(
            f"  - expected: POLICYLINT_NEVER\n    pattern: {json.dumps('/' + p.replace('/', chr(92) + '/') + '/i')}\n"
            for p in patterns), encoding="utf-8")
        (PEERS_DIR / ".textlintrc.json").write_text(json.dumps({"rules": {"prh": {"rulePaths": [str(dictionary)]}}}))
        start = time.perf_counter()
        proc = subprocess.run([str(textlint), "--config", str(PEERS_DIR / ".textlintrc.json"), *map(str, files)],
                              cwd=PEERS_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
        # Exit 1 is "problems found"; a rule that fails to load also exits 1, with the error on stderr.
        ok = proc.returncode in (0, 1) and b"Error while loading rule" not in proc.stderr
        row(f"textlint + prh ({len(patterns)} patterns), {len(files)} files", f"{mb / wall:.2f} MB/s" if ok else "failed",
            f"wall {wall:.1f} s" + ("" if ok else f": {proc.stderr.decode()[-120:]!r}"))
        one = files[0]
        start = time.perf_counter()
        subprocess.run([str(textlint), "--config", str(PEERS_DIR / ".textlintrc.json"), str(one)], cwd=PEERS_DIR,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        row("textlint + prh, one file", f"{(time.perf_counter() - start) * 1000:.0f} ms")
    else:
        row("textlint + prh", "skipped", "npm or the registry is not available")
    proselint = shutil.which("proselint")
    if proselint is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "proselint"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        proselint = shutil.which("proselint")
    if proselint:
        start = time.perf_counter()
        subprocess.run([proselint, "check", *map(str, files)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        row(f"proselint, {len(files)} files", f"{mb / wall:.2f} MB/s", f"wall {wall:.1f} s")
    else:
        row("proselint", "skipped", "pip could not install it")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "tosback")
    ap.add_argument("--files", type=int, default=None, help="limit the corpus to its first N files")
    ap.add_argument("--peer-files", type=int, default=30, help="files given to the peer tools (they are slow)")
    ap.add_argument("--no-peers", action="store_true")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}; nothing to measure")
        return
    files = corpus_files(args.corpus, args.files)
    mb = sum(f.stat().st_size for f in files) / 1e6
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POLICYLINT_CACHE_DIR": tempfile.mkdtemp(prefix="policylint-cache-")}
    print(f"corpus: {len(files)} files, {mb:.1f} MB ({args.corpus}); {os.cpu_count()} cores; "
          f"hyperscan {'installed' if hyperscan_available() else 'not installed'}; load {os.getloadavg()[0]:.1f}")
    texts = []
    for f in files:
        try:
            texts.append(load_path(str(f)).text)
        except LoadError:
            pass
    end_to_end(files, mb, env, sorted(builtin_rulesets()))
    stages(files)
    cold_start(sorted(files, key=lambda f: f.stat().st_size)[len(files) // 2], env)  # a median-size policy
    matching_stage(texts, sum(len(t.encode()) for t in texts) / 1e6)
    if not args.no_peers:
        peers(files[: args.peer_files], compile_builtin(sorted(builtin_rulesets())).table.sources)
    print("\n| what | figure | notes |\n|---|---:|---|")
    for what, figure, note in ROWS:
        print(f"| {what.strip()} | {figure} | {note} |")


if __name__ == "__main__":
    main()
