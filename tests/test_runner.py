"""--jobs gives the same, ordered output as one process; JSONL streams; progress; by_rule."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

from policylint.api import compile_builtin
from policylint.cli import main
from policylint.reports.context import build_context, document_dict
from policylint.runner import Progress, Task, run_tasks

POLICY = (
    "# Privacy Policy\n\nLast updated: 1 March 2025\n\n## Cookies\n\nWe use cookies. You can opt out in your browser "
    "settings.\n\n## Contact\n\nEmail privacy@example.com with questions.\n"
)
OTHER = "# Terms\n\nWe sell your data to third parties and keep it forever.\n"


@pytest.fixture
def corpus(tmp_path):
    paths = []
    for i in range(7):
        p = tmp_path / f"p{i}.md"
        p.write_text(POLICY if i % 2 else OTHER * (i + 1), encoding="utf-8")
        paths.append(str(p))
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    paths.insert(3, str(tmp_path / "empty.md"))
    return paths


def _docs(reports):
    return [document_dict(r, "error") for r in reports]


def test_jobs_give_identical_ordered_reports(corpus):
    rules = compile_builtin(["core"])
    one = _docs(run_tasks([Task(p) for p in corpus], rules, jobs=1))
    two = _docs(run_tasks([Task(p) for p in corpus], rules, jobs=3))
    assert [d["path"] for d in one] == corpus
    assert one == two


def test_local_tasks_keep_their_place(corpus):
    rules = compile_builtin(["core"])
    from policylint.engine import check_file

    tasks = [Task(p) for p in corpus]
    tasks.insert(2, Task("<stdin>", lambda: check_file("<stdin>", rules, data=POLICY.encode())))
    paths = [r.path for r in run_tasks(tasks, rules, jobs=2)]
    assert paths[2] == "<stdin>" and paths[:2] + paths[3:] == corpus


def test_cli_jobs_output_is_byte_identical(corpus):
    runner = CliRunner()
    outs = [runner.invoke(main, ["check", *corpus, "-f", "json", "--as-of", "2026-01-01", "-j", j]) for j in ("1", "2")]
    assert outs[0].exit_code == outs[1].exit_code == 2  # the empty file is an input error
    assert outs[0].stdout == outs[1].stdout


def test_jsonl_streams_documents_then_summary(corpus):
    res = CliRunner().invoke(main, ["check", *corpus, "-f", "jsonl", "--as-of", "2026-01-01", "-j", "2"])
    lines = [json.loads(line) for line in res.stdout.splitlines()]
    assert [ln["type"] for ln in lines] == ["document"] * len(corpus) + ["summary"]
    assert [ln["path"] for ln in lines[:-1]] == corpus
    whole = json.loads(CliRunner().invoke(main, ["check", *corpus, "-f", "json", "--as-of", "2026-01-01"]).stdout)
    assert lines[-1]["summary"] == whole["summary"]
    assert [{k: v for k, v in ln.items() if k != "type"} for ln in lines[:-1]] == whole["documents"]
    assert res.exit_code == 2


def test_compact_jsonl_gives_rule_details_once(corpus):
    args = ["check", *corpus, "-f", "jsonl", "--as-of", "2026-01-01"]
    full = [json.loads(line) for line in CliRunner().invoke(main, args).stdout.splitlines()]
    res = CliRunner().invoke(main, [*args, "--compact"])
    compact = [json.loads(line) for line in res.stdout.splitlines()]
    assert res.exit_code == 2 and len(compact) == len(full)  # the empty file is still an input error
    rules = compact[-1].pop("rules")
    assert compact[-1] == full[-1]
    assert all("rationale" not in r and "message" not in r for ln in compact[:-1] for r in ln["results"])
    # Each compact result plus its rule's details is the full result.
    for small, big in zip(compact[:-1], full[:-1]):
        assert [{**r, **rules[r["rule"]]} for r in small["results"]] == big["results"]
        assert {k: v for k, v in small.items() if k != "results"} == {k: v for k, v in big.items() if k != "results"}


def test_compact_needs_jsonl_output(corpus):
    res = CliRunner().invoke(main, ["check", *corpus, "--compact"])
    assert res.exit_code == 2 and "--compact" in res.output


def test_summary_by_rule_counts_documents(corpus):
    rules = compile_builtin(["core"])
    reports = list(run_tasks([Task(p) for p in corpus], rules))
    by_rule = build_context(reports, rules.rulesets)["summary"]["by_rule"]
    checked = sum(1 for r in reports if not r.error)
    assert by_rule and all(sum(c.values()) <= checked for c in by_rule.values())
    assert set(next(iter(by_rule.values()))) == {"passed", "failed", "not_applicable"}


def test_progress_bar_draws_and_clears():
    out = io.StringIO()
    bar = Progress(3, stream=out, after=0)
    for p in ("a", "b", "c"):
        bar._last = 0  # no rate limit in the test
        bar.advance(p)
    bar.close()
    assert "3/3 files" in out.getvalue() and out.getvalue().endswith("\r")
    assert Progress.maybe(10, enabled=False) is None and Progress.maybe(1, enabled=True) is None


def test_progress_bar_steps_aside_for_a_streamed_report():
    out = io.StringIO()
    bar = Progress(3, stream=out, after=0)
    bar.advance("a")
    assert "1/3 files" in out.getvalue()
    bar.clear()  # a report is about to write to the same terminal
    assert out.getvalue().endswith("\r" + " " * 79 + "\r")
    size = len(out.getvalue())
    bar.close()  # nothing left to clear
    assert len(out.getvalue()) == size
