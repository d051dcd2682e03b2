"""Golden files for every format, plus the structural checks each consumer (GitHub, GitLab,
Jenkins, spreadsheets, browsers) relies on. ``UPDATE_GOLDEN=1 pytest tests/reports`` rewrites the
golden files after an intended change; review the diff before committing it."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import re
import xml.etree.ElementTree as ET

import pytest

from policylint.reports import FORMATS, render
from tests.conftest import ROOT
from tests.reports.conftest import GOLDEN

EXTENSIONS = {"text": "txt", "json": "json", "markdown": "md", "html": "html", "sarif": "sarif",
              "junit": "xml", "github": "txt", "gitlab": "json", "csv": "csv"}


@pytest.mark.parametrize("fmt", sorted(EXTENSIONS))
def test_golden(fmt, context):
    out = render(fmt, context, verbose=True)
    golden = GOLDEN / f"{fmt}.{EXTENSIONS[fmt]}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8", newline="\n")
    assert golden.exists(), f"no golden file {golden}; run UPDATE_GOLDEN=1 pytest {__file__}"
    assert out == golden.read_text(encoding="utf-8"), f"{fmt} output changed; UPDATE_GOLDEN=1 to accept"


def test_every_registered_format_has_a_golden_file():
    missing = set(FORMATS) - set(EXTENSIONS) - {"jsonl"}  # jsonl streams; its own tests cover it
    assert not missing


def test_sarif_validates_against_the_official_schema(context):
    schema_file = ROOT.parent / "shared" / "schemas" / "sarif-2.1.0.json"
    if not schema_file.is_file():
        pytest.skip("../shared/schemas/sarif-2.1.0.json is not present (a user's clone has no team data)")
    import jsonschema

    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    sarif = json.loads(render("sarif", context))
    jsonschema.validators.validator_for(schema)(schema).validate(sarif)


def test_sarif_has_what_github_code_scanning_reads(context):
    sarif = json.loads(render("sarif", context))
    assert sarif["version"] == "2.1.0" and sarif["$schema"]
    run = sarif["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    for r in rules.values():
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert rules["demo-contact"]["helpUri"].startswith("https://")
    for res in run["results"]:
        assert res["ruleId"] in rules and res["level"] in ("error", "warning", "note")
        loc = res["locations"][0]["physicalLocation"]
        assert not loc["artifactLocation"]["uri"].startswith(("/", "./"))
        region = loc["region"]
        assert region["startLine"] >= 1 and region["endLine"] >= region["startLine"]
        assert res["partialFingerprints"]
    sale = [r for r in run["results"] if r["ruleId"] == "demo-no-sale" and "bad-policy" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]]
    assert sale and sale[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 3


def _strict_junit(xml: str) -> ET.Element:
    root = ET.fromstring(xml.encode("utf-8"))
    assert root.tag == "testsuites"
    seen = set()
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in root:
        assert suite.tag == "testsuite" and suite.get("name")
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for case in suite:
            assert case.tag == "testcase", case.tag
            assert case.get("name") and case.get("classname") and case.get("time") is not None
            key = (case.get("classname"), case.get("name"))
            assert key not in seen, f"duplicate testcase {key}"
            seen.add(key)
            counts["tests"] += 1
            kids = [c.tag for c in case]
            assert len([k for k in kids if k in ("failure", "error", "skipped")]) <= 1
            for child in case:
                assert child.tag in ("failure", "error", "skipped", "system-out"), child.tag
                if child.tag == "failure":
                    assert child.get("type") and child.get("message")
                    counts["failures"] += 1
                elif child.tag == "error":
                    counts["errors"] += 1
                elif child.tag == "skipped":
                    counts["skipped"] += 1
        for k, v in counts.items():
            assert int(suite.get(k)) == v, (suite.get("name"), k)
            totals[k] += v
    for k, v in totals.items():
        assert int(root.get(k)) == v, k
    return root


def test_junit_is_strictly_structured(context):
    root = _strict_junit(render("junit", context))
    failures = root.findall(".//failure")
    assert {f.get("type") for f in failures} <= {"error", "warning", "info"}
    assert any(s.get("message").startswith("not applicable") for s in root.iter("skipped"))


def test_junit_survives_control_characters_and_markup():
    from tests.reports.conftest import fixture_context

    ctx = fixture_context()
    ctx["documents"][0]["path"] = "we\x01ird <&> \"path\".md"
    ctx["documents"][0]["results"][0]["message"] = "bad \x00\x1b]0; char\ud800 ]]> <x/>"
    _strict_junit(render("junit", ctx))


GH_LINE = re.compile(r"^::(error|warning|notice) (file=[^,:]*(?:,[a-zA-Z]+=[^,:]*)*)::[^\r\n]*$")


def test_github_workflow_commands_are_escaped(context):
    out = render("github", context)
    lines = out.splitlines()
    assert lines and all(GH_LINE.match(line) for line in lines), out
    # One line per annotation: policy text with newlines or "::" cannot start a command of its own.
    expected = sum(1 for d in context["documents"] for r in d["results"] if r["status"] == "failed" and not r["suppressed"])
    expected += sum(len(d["notices"]) for d in context["documents"])
    assert len(lines) == expected
    assert "::error::brokers %250A" in out  # the policy's text, inert inside a message
    # Titles contain ": " and the rule id; both are escaped in properties.
    assert "title=demo-contact%3A Gives a contact email" in out


def test_github_escaping_functions():
    from policylint.reports.escapes import github_data, github_property

    assert github_data("a%b\r\nc") == "a%25b%0D%0Ac"
    assert github_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_gitlab_code_quality_shape(context):
    raw = render("gitlab", context)
    assert not raw.startswith("\ufeff")
    issues = json.loads(raw)
    assert issues
    fps = [i["fingerprint"] for i in issues]
    assert len(fps) == len(set(fps))
    for i in issues:
        assert i["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert i["description"].startswith(i["check_name"])
        assert i["location"]["path"] and i["location"]["lines"]["begin"] >= 1


def test_gitlab_fingerprints_unique_even_for_repeated_paths(context):
    context["documents"].append(context["documents"][0])
    fps = [i["fingerprint"] for i in json.loads(render("gitlab", context))]
    assert len(fps) == len(set(fps))


def test_csv_rows_and_formula_guard(context):
    rows = list(csv.DictReader(io.StringIO(render("csv", context))))
    assert len(rows) == sum(len(d["results"]) for d in context["documents"])
    assert all(not r["evidence"].startswith(("=", "+", "-", "@")) for r in rows)
    from policylint.reports.csv_report import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _cell("-1") == "'-1" and _cell("ok") == "ok"


def test_html_escapes_policy_text_and_locks_scripts(context):
    html = render("html", context)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert" in html and "&lt;img src=x onerror" in html
    assert 'href="javascript:' not in html
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")  # no external assets
    assert "<svg" in html


def test_html_charts_per_rule_when_the_context_has_by_rule(context):
    context["summary"]["by_rule"] = {"demo-contact": {"passed": 7, "failed": 3, "not_applicable": 0}}
    html = render("html", context)
    assert "demo-contact: 7 passed" in html and "per rule" in html
    assert "demo: " in html  # the per-ruleset chart stays
    context["documents"] = context["documents"][:1]
    context["summary"]["documents"] = 1
    assert "demo-contact: 7 passed" not in render("html", context)  # one document: rules are the checklist


def test_markdown_shows_policy_text_literally(context):
    md = render("markdown", context)
    assert "<script>" not in md and "\\<script\\>" in md
    assert "- [x] **Gives a contact email**" in md
    assert "*How to fix:*" in md
    assert "](<javascript:" not in md


def test_text_template_matches_builtin_text(context):
    from policylint.reports.templating import builtin_template, render_template

    for verbose in (False, True):
        assert render_template(builtin_template("text.txt.j2"), context, options={"verbose": verbose}) == render("text", context, verbose=verbose)


def test_text_colour_only_when_asked(context):
    assert "\033[" not in render("text", context)
    assert "\033[31merror\033[0m" in render("text", context, color=True)


def test_text_names_the_page_for_paged_documents(context):
    from policylint.reports.templating import builtin_template, render_template

    paged = json.loads(json.dumps(context))
    for doc in paged["documents"]:
        for r in doc["results"]:
            for ev in r["evidence"]:
                ev["page"] = 2
    out = render("text", paged, verbose=True)
    assert "[page 2]" in out
    assert render_template(builtin_template("text.txt.j2"), paged, options={"verbose": True}) == out
