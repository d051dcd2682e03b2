"""`policylint eval` on a tiny labelled corpus written here: scores, error lists, evidence, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policylint.cli import main
from policylint.evaluation import MapError, load_map, run_eval

RULES = """\
id: tiny
title: Tiny
version: "1"
rules:
  - id: tiny-cookies
    title: Cookie control
    severity: error
    practice: cookie_optout
    message: No cookie control.
    check:
      require:
        terms: [cookies]
        near: {terms: [refuse, disable], within: 8}
  - id: tiny-children
    title: Children
    severity: error
    practice: children
    message: Nothing on children.
    check:
      require:
        terms: [children]
"""

HEAD = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>x</title></head>\n<body>\n"
POLICIES = {
    # segment 0 on line 4, segment 1 on line 5, ...
    "a": ["Welcome to our site.", "You can set your browser to refuse cookies.", "We do not collect data from children."],
    "b": ["We use cookies for analytics.", "Children are welcome to read our blog."],  # children: FP (label 0)
    "c": ["Our cookies help us.", "Disable cookies in your settings. We like children."],  # cookies: evidence in seg 1
}
LABELS = "policy,cookies,kids\na,1,1\nb,0,0\nc,1,0\n"
SEGMENTS = [
    {"policy": "a", "segment_id": 1, "categories": {"User Choice/Control": 2}, "attribute_values": {"User Choice/Control|Choice Type|Browser/device privacy controls": 2}},
    {"policy": "a", "segment_id": 2, "categories": {"International and Specific Audiences": 1}, "attribute_values": {}},
    {"policy": "c", "segment_id": 0, "text": "Our cookies help us.", "categories": {"User Choice/Control": 3}, "attribute_values": {}},
    {"policy": "c", "segment_id": 1, "categories": {"Other": 1}, "attribute_values": {}},
]
MAP = """\
corpus: tiny
rulesets: [rules.yaml]
documents: "{policy}.html"
segments: {line_offset: 4}
practices:
  cookie_optout:
    column: cookies
    segments: ["User Choice/Control"]
  children:
    column: kids
    rules: [tiny-children]
    segments: ["International*"]
"""


@pytest.fixture
def corpus(tmp_path: Path) -> dict[str, str]:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, segs in POLICIES.items():
        (docs / f"{name}.html").write_text(HEAD + "".join(f"<div>{s}</div>\n" for s in segs) + "</body></html>\n", encoding="utf-8")
    (tmp_path / "labels.csv").write_text(LABELS, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / "map.yaml").write_text(MAP, encoding="utf-8")
    (tmp_path / "segments.jsonl").write_text("".join(json.dumps(s) + "\n" for s in SEGMENTS), encoding="utf-8")
    return {k: str(tmp_path / v) for k, v in
            {"docs": "docs", "labels": "labels.csv", "map": "map.yaml", "segments": "segments.jsonl", "dir": "."}.items()}


def test_scores_per_practice_and_macro(corpus: dict[str, str]) -> None:
    ev = run_eval(corpus["docs"], corpus["labels"], corpus["map"], corpus["segments"])
    scores = {s.practice: s for s in ev.scores}
    cook = scores["cookie_optout"]
    assert (cook.tp, cook.fp, cook.fn, cook.tn) == (2, 0, 0, 1)
    assert cook.f1 == 1.0
    kids = scores["children"]
    assert (kids.tp, kids.fp, kids.fn, kids.tn) == (1, 2, 0, 0)
    assert kids.precision == pytest.approx(1 / 3) and kids.recall == 1.0 and kids.f1 == pytest.approx(0.5)
    assert ev.macro()["f1"] == pytest.approx(0.75)


def test_evidence_is_right_when_its_line_is_in_an_annotated_segment(corpus: dict[str, str]) -> None:
    ev = run_eval(corpus["docs"], corpus["labels"], corpus["map"], corpus["segments"])
    by = {(c.practice, c.document): c for c in ev.cases}
    assert by[("cookie_optout", "a")].evidence_ok is True
    # c's evidence sits in segment 1 (line 5), annotated "Other" only.
    assert by[("cookie_optout", "c")].evidence.location.line == 5
    assert by[("cookie_optout", "c")].evidence_ok is False
    assert by[("children", "a")].evidence_ok is True
    assert by[("children", "b")].evidence_ok is None  # false positives are not scored for evidence
    scores = {s.practice: s for s in ev.scores}
    assert (scores["cookie_optout"].evidence_right, scores["cookie_optout"].evidence_scored) == (1, 2)
    assert ev.evidence_accuracy() == pytest.approx(2 / 3)


def test_text_report_lists_errors_with_evidence(corpus: dict[str, str]) -> None:
    res = CliRunner().invoke(main, ["eval", corpus["docs"], "--labels", corpus["labels"], "--map", corpus["map"], "--segments", corpus["segments"]])
    assert res.exit_code == 0, res.output
    out = res.output
    assert out.splitlines()[0] == "tiny: 3 documents, rulesets " + str(Path(corpus["dir"]).resolve() / "rules.yaml")
    assert "cookie_optout      1.000   1.000  1.000    2   0   0   1   50% (1/2)" in out
    assert "False positives (rule passed, label says not stated): 2" in out
    assert "children b:5 [tiny-children passed] Children are welcome to read our blog." in out
    assert "Evidence outside the annotated segments: 1" in out
    assert "cookie_optout c:5 [tiny-cookies passed] Disable cookies in your settings." in out
    assert "annotated: Our cookies help us." in out


def test_summary_and_json(corpus: dict[str, str]) -> None:
    args = ["eval", corpus["docs"], "--labels", corpus["labels"], "--map", corpus["map"]]
    res = CliRunner().invoke(main, args + ["--summary"])
    assert "False positives" not in res.output and "evidence" not in res.output.splitlines()[1]
    res = CliRunner().invoke(main, args + ["--format", "json"])
    data = json.loads(res.output)
    assert data["documents"] == 3 and data["macro"]["f1"] == pytest.approx(0.75)
    assert {c["kind"] for c in data["cases"]} == {"tp", "fp"}
    fp = next(c for c in data["cases"] if c["kind"] == "fp")
    assert fp["evidence"]["text"] and fp["rule"] == "tiny-children"


def test_ruleset_override_and_missing_document(corpus: dict[str, str], tmp_path: Path) -> None:
    Path(corpus["labels"]).write_text(LABELS + "zzz,0,0\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["eval", corpus["docs"], "--labels", corpus["labels"], "--map", corpus["map"],
                                    "-r", str(tmp_path / "rules.yaml"), "--summary"])
    assert res.exit_code == 0
    assert "3 documents" in res.output
    assert "zzz.html: no such file" in res.stderr
    assert "skipped:" not in res.stdout  # --summary: the table only; the warning is on stderr


def test_no_scored_document_is_a_usage_error_not_a_perfect_score(corpus: dict[str, str], tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    res = CliRunner().invoke(main, ["eval", str(empty), "--labels", corpus["labels"], "--map", corpus["map"], "--summary"])
    assert res.exit_code == 2
    assert "none of the labelled documents could be scored" in res.stderr and "1.000" not in res.stdout


@pytest.mark.parametrize("text,message", [
    ("practices: []\n", "needs a `practices` mapping"),
    ("practices: {x: {colum: a}}\n", "practices.x: unknown key 'colum'"),
    ("practices: {x: {positive: [good]}}\n", "'good' is not one of passed, failed, not_applicable"),
    ("practices: [\n", "not valid YAML"),
    ("practices: {x: {column: a}}\ncorpus: 2026-02-30\n", "m.yaml:2:9: invalid value '2026-02-30'"),  # was a traceback
])
def test_bad_map_is_a_one_line_error(tmp_path: Path, text: str, message: str) -> None:
    p = tmp_path / "m.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(MapError, match="m.yaml"):
        load_map(str(p))
    (tmp_path / "l.csv").write_text("policy,x\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["eval", str(tmp_path), "--labels", str(tmp_path / "l.csv"), "--map", str(p)])
    assert res.exit_code == 2
    assert message in res.stderr


def test_unknown_label_column_and_unmapped_practice(corpus: dict[str, str]) -> None:
    base = ["eval", corpus["docs"], "--labels", corpus["labels"], "--map"]
    Path(corpus["map"]).write_text(MAP.replace("column: kids", "column: kidz"), encoding="utf-8")
    res = CliRunner().invoke(main, base + [corpus["map"]])
    assert res.exit_code == 2 and "no column 'kidz'" in res.stderr
    Path(corpus["map"]).write_text(MAP.replace("rules: [tiny-children]", "rules: [nope]"), encoding="utf-8")
    res = CliRunner().invoke(main, base + [corpus["map"]])
    assert res.exit_code == 2 and "practice 'children': no rule in the loaded rulesets has id nope" in res.stderr


def test_shipped_maps_load() -> None:
    root = Path(__file__).resolve().parent.parent / "benchmarks" / "maps"
    for name in ("opp115.yaml", "goppc150.yaml"):
        emap = load_map(str(root / name))
        assert emap.practices
    opp = load_map(str(root / "opp115.yaml"))
    assert {p.name for p in opp.practices} >= {"contact_info", "children", "cookie_optout", "retention_any", "policy_change_notification",
                                               "access_edit_delete_any", "third_party_sharing", "dnt_stance", "security", "dated"}


def test_shipped_reviews_load_against_their_maps() -> None:
    from policylint.evaluation import load_review

    root = Path(__file__).resolve().parent.parent / "benchmarks"
    for review in (root / "reviews").glob("*.csv"):
        emap = load_map(str(root / "maps" / f"{review.stem}.yaml"))
        verdicts = load_review(str(review), {p.name for p in emap.practices})
        assert verdicts and all(v.reason for v in verdicts.values())


REVIEW = """\
document,practice,label,reason
c,children,1,"says what it thinks of children (line 5)"
b,children,0,"rule wrong: a blog open to all ages is no practice about children"
"""


def test_review_scores_again_and_keeps_the_figures_as_labelled(corpus: dict[str, str], tmp_path: Path) -> None:
    review = tmp_path / "review.csv"
    review.write_text(REVIEW, encoding="utf-8")
    args = ["eval", corpus["docs"], "--labels", corpus["labels"], "--map", corpus["map"], "--review", str(review)]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    out = res.output
    assert "children           0.333   1.000  0.500    1   2   0   0" in out  # as labelled, unchanged
    assert f"After review ({review}): 2 labels read again, 1 changed; 0 disagreements not reviewed" in out
    assert "children           0.667   1.000  0.800    2   1   0   0" in out
    assert "review: label reviewed to 1: says what it thinks of children (line 5)" in out
    assert "review: label confirmed: rule wrong" in out
    data = json.loads(CliRunner().invoke(main, args + ["-f", "json"]).output)
    assert data["macro"]["f1"] == pytest.approx(0.75)
    kids = next(p for p in data["reviewed"]["practices"] if p["practice"] == "children")
    assert (kids["tp"], kids["fp"], kids["f1"]) == (2, 1, pytest.approx(0.8))
    c = next(c for c in data["cases"] if c["document"] == "c" and c["practice"] == "children")
    assert c["kind"] == "fp" and c["review"] == {"label": True, "reason": "says what it thinks of children (line 5)", "kind": "tp"}


@pytest.mark.parametrize(
    "text, message",
    [
        ("document,practice,label\n", "review.csv:1: a review needs the columns document, practice, label, reason; 'reason' is missing"),
        ("document,practice,label,reason\nc,kids,1,x\n", "review.csv:2: practice 'kids' is not in the map"),
        ("document,practice,label,reason\nc,children,yes,x\n", "review.csv:2: label must be 1 (stated) or 0 (not stated), not 'yes'"),
        ("document,practice,label,reason\nc,children,1,\n", "review.csv:2: every row needs a document and a reason"),
        ("document,practice,label,reason\nc,children,1,x\nc,children,0,y\n", "review.csv:3: c / children is reviewed twice (first on line 2)"),
    ],
)
def test_bad_review_is_a_one_line_usage_error(corpus: dict[str, str], tmp_path: Path, text: str, message: str) -> None:
    review = tmp_path / "review.csv"
    review.write_text(text, encoding="utf-8")
    res = CliRunner().invoke(main, ["eval", corpus["docs"], "--labels", corpus["labels"], "--map", corpus["map"], "--review", str(review)])
    assert res.exit_code == 2
    assert message in res.output and len(res.output.strip().splitlines()) == 1


def test_review_of_an_unscored_document_is_reported(corpus: dict[str, str], tmp_path: Path) -> None:
    review = tmp_path / "review.csv"
    review.write_text("document,practice,label,reason\nzzz,children,1,x\n", encoding="utf-8")
    ev = run_eval(corpus["docs"], corpus["labels"], corpus["map"], review=str(review))
    assert ev.missing == [f"{review}:2: review of zzz / children not used: no such document was scored"]
