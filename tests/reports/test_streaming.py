"""Streaming report writers: the same bytes as rendering the whole context, and nothing kept.

The golden files (test_formats.py) pin ``render``; ``render`` is each format's writer fed from a
context, so these tests pin the two properties streaming adds: the writer's output does not
depend on how the documents arrive, and a run does not hold on to documents it has written.
"""

from __future__ import annotations

import copy
import datetime as dt
import gc
import json
import weakref

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from policylint.reports import open_writer, render
from policylint.reports.streaming import feed, write_all

STREAMING = ("text", "json", "jsonl", "csv", "sarif", "gitlab")

_scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), st.text(max_size=12))
_values = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(st.text(max_size=6), inner, max_size=3)), max_leaves=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(head=st.dictionaries(st.text(max_size=10).filter(lambda k: k not in ("documents", "summary")), _values, max_size=4),
       docs=st.lists(st.dictionaries(st.text(max_size=8), _values, max_size=4), max_size=4),
       summary=_values)
def test_streamed_json_is_json_dumps_of_the_whole_context(head, docs, summary):
    parts: list[str] = []
    feed(open_writer("json", parts.append), {**head, "documents": docs, "summary": summary})
    expected = json.dumps({**head, "documents": docs, "summary": summary}, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert "".join(parts) == expected


@pytest.mark.parametrize("fmt", STREAMING)
def test_writer_output_is_the_rendered_report(fmt, context):
    parts: list[str] = []
    feed(open_writer(fmt, parts.append, verbose=True), copy.deepcopy(context))
    assert "".join(parts) == render(fmt, context, verbose=True)


@pytest.mark.parametrize("fmt", STREAMING)
def test_no_documents(fmt, context):
    empty = {**copy.deepcopy(context), "documents": []}
    parts: list[str] = []
    feed(open_writer(fmt, parts.append), empty)
    assert "".join(parts) == render(fmt, empty)
    if fmt in ("json", "sarif", "gitlab"):
        json.loads("".join(parts))


@pytest.mark.parametrize("fmt", STREAMING)
def test_each_document_is_written_before_the_next_arrives(fmt, context):
    """Text and line formats write a document's part as it arrives; SARIF spools it."""
    parts: list[str] = []
    writer = open_writer(fmt, parts.append)
    writer.begin({k: v for k, v in context.items() if k not in ("documents", "summary")})
    before = len("".join(parts))
    writer.document(context["documents"][0])
    if fmt != "sarif":  # SARIF lists rules before results: its results wait in a spooled file
        assert len("".join(parts)) > before or fmt == "gitlab" and not context["documents"][0]["results"]
    writer.end(context["summary"])


def test_a_run_keeps_no_report_it_has_written():
    from tests.conftest import ROOT
    from policylint.api import check_paths, compile_builtin

    rules = compile_builtin(["core"])
    template = check_paths([str(ROOT / "examples" / "incomplete-policy.md")], rules)[0]
    alive: list[weakref.ref] = []
    lines: list[str] = []

    def reports():
        for i in range(5):
            gc.collect()
            # Every report handed over before the previous one is gone by now.
            assert sum(r() is not None for r in alive[:-1]) == 0
            rep = copy.deepcopy(template)
            rep.path = f"policy-{i}.md"
            alive.append(weakref.ref(rep))
            yield rep

    summary = write_all(reports(), rules.rulesets, [open_writer("json", lines.append)])
    assert summary["documents"] == 5
    assert json.loads("".join(lines))["summary"]["documents"] == 5


_json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.tuples(inner, inner),
                            st.dictionaries(st.text(max_size=5), inner, max_size=4),
                            st.dictionaries(st.integers(0, 3), inner, max_size=2)),
    max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(value=_json_values, level=st.integers(0, 6))
def test_jsonindent_dumps_is_json_dumps(value, level):
    from policylint.reports.jsonindent import dumps

    expected = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False).replace("\n", "\n" + "  " * level)
    assert dumps(value, level) == expected


@settings(max_examples=150, deadline=None)
@given(entries=st.lists(st.fixed_dictionaries({
    "rule": st.sampled_from(["a", "b"]), "title": st.sampled_from(["T", "T%s", "T2"]), "tags": st.lists(st.sampled_from(["x", "%d"]), max_size=2),
    "status": st.sampled_from(["passed", "failed"]), "evidence": st.lists(st.dictionaries(st.sampled_from(["line", "text"]), _scalars), max_size=2),
    "detail": _scalars}), max_size=6))
def test_per_rule_templates_give_json_dumps_output(entries):
    """Entries of one rule whose rule members change between calls are still encoded exactly."""
    from policylint.reports.jsonindent import RuleResults

    encoder = RuleResults(["rule", "title", "tags", "status", "evidence", "detail"], ["rule", "title", "tags"])
    for e in entries + [{"rule": "a", "odd": 1}]:
        expected = json.dumps(e, indent=2, sort_keys=True, ensure_ascii=False).replace("\n", "\n" + "  " * 3)
        assert encoder.dumps(e, 3, e["rule"]) == expected


def test_result_keys_are_those_result_dict_makes(context):
    from policylint.reports.context import RESULT_KEYS, RULE_KEYS

    for doc in context["documents"]:
        for r in doc["results"]:
            assert set(r) == set(RESULT_KEYS)
    assert set(RULE_KEYS) < set(RESULT_KEYS)


def test_cli_unwritable_report_fails_before_checking(tmp_path, monkeypatch):
    from click.testing import CliRunner

    import policylint.runner
    from policylint.cli import main
    from tests.conftest import ROOT

    checked: list[str] = []
    real = policylint.runner.check_file
    monkeypatch.setattr(policylint.runner, "check_file", lambda path, *a, **k: checked.append(path) or real(path, *a, **k))
    ok = CliRunner().invoke(main, ["check", str(ROOT / "examples" / "privacy-policy.md"), "--no-config", "-j", "1"])
    assert ok.exit_code == 0 and checked  # the hook sees checking
    checked.clear()
    policy = str(ROOT / "examples" / "privacy-policy.md")
    r = CliRunner().invoke(main, ["check", policy, "--no-config", "-f", "json", "-o", str(tmp_path / "no" / "such" / "r.json")])
    assert r.exit_code == 2 and "cannot write" in r.output and not checked
    r = CliRunner().invoke(main, ["check", policy, "--no-config", "--report", f"sarif={tmp_path / 'no' / 'x.sarif'}"])
    assert r.exit_code == 2 and "cannot write" in r.output and not checked


def test_cli_json_report_is_the_rendered_context(tmp_path):
    from click.testing import CliRunner

    from policylint.api import check_paths
    from policylint.cli import main
    from policylint.reports import build_context
    from policylint.rulesets import load_rulesets
    from tests.conftest import ROOT

    files = [str(ROOT / "examples" / "privacy-policy.md"), str(ROOT / "examples" / "incomplete-policy.md")]
    out = tmp_path / "r.json"
    r = CliRunner().invoke(main, ["check", *files, "--no-config", "--as-of", "2026-01-01", "-f", "json", "-o", str(out), "-j", "1"])
    assert r.exit_code == 1, r.output
    day = dt.date(2026, 1, 1)
    ctx = build_context(check_paths(files, as_of=day), load_rulesets(["core"]), as_of=day)
    assert out.read_text(encoding="utf-8") == render("json", ctx)
