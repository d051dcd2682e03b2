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
    # No external assets (policy text may mention a URL, shown as text: tricky.txt line 5 does).
    assert not re.search(r'(src|href)\s*=\s*"?http://|url\(|@import', html)
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


# --- What a reviewer needs to judge a result: more evidence, why a conditional rule applies ---

def _result(context, path_end: str, rule: str) -> dict:
    doc = next(d for d in context["documents"] if d["path"].endswith(path_end))
    return next(r for r in doc["results"] if r["rule"] == rule)


def test_markdown_and_html_show_the_next_evidence_up_to_three(context):
    retention = _result(context, "/policy.md", "demo-retention")
    assert [e["line"] for e in retention["evidence"]] == [3, 11]
    md = render("markdown", context)
    assert '  > line 3: "We keep your data for 30 days after you leave."\n  - also line 11: "We delete their data' in md
    assert '  - also line 5: "=HYPERLINK' in md  # a forbid failure's other offending sentence too
    html = render("html", context)
    assert '<details class="more"><summary>Also: <span title="We delete their data 30 days after the parent asks.">line 11</span>' in html
    # Never more than three in all, as JSON keeps at most three.
    retention["evidence"] = [dict(retention["evidence"][0], line=n, text=f"sentence {n}") for n in (3, 4, 5, 6)]
    md, html = render("markdown", context), render("html", context)
    assert "also line 5" in md and "also line 6" not in md
    assert ">line 5</span>" in html and ">line 6</span>" not in html


def test_a_conditional_rule_says_why_it_applies_in_every_human_report(context):
    md = render("markdown", context)
    assert '  *Applies because* line 9 says: "Children may use the service too."' in md  # failed
    assert '  *Applies because* line 11 says: "Kids can use Demo with a parent."' in md  # passed
    # The paragraph lines come before the quote, so Markdown does not pull them into it.
    assert '*Applies because* line 11 says: "Kids can use Demo with a parent."\n  > line 11: "We ask for parental consent' in md
    html = render("html", context)
    assert "<b>Applies because</b> <span class=\"line\">line 9</span> says: &ldquo;Children may use the service too.&rdquo;" in html
    text = render("text", context, verbose=True)
    assert ('tricky.txt:9:1: info demo-children The policy mentions children but says nothing about their data. '
            'Applies because line 9 says: "Children may use the service too."') in text
    assert "Applies because" not in render("text", context)  # the default run stays one short line a finding
    assert "Applies because line 9 says: Children may use the service too." in render("junit", context)


def test_no_applies_because_when_the_trigger_is_the_quoted_evidence(context):
    children = _result(context, "/policy.md", "demo-children")
    children["trigger"] = [dict(children["evidence"][0])]
    assert "Kids can use" not in render("markdown", context) and "Kids can use" not in render("html", context)
    assert "Applies because line 11" not in render("text", context, verbose=True)


def test_a_conditional_failure_with_no_evidence_is_located_at_its_trigger(context):
    children = _result(context, "tricky.txt", "demo-children")
    assert not children["evidence"] and children["trigger"][0]["line"] == 9
    assert children["location"] == {"line": 9, "column": 1, "end_line": 9, "end_column": 9}
    assert _result(context, "bad-policy.md", "demo-contact")["location"]["line"] == 1  # nothing found, no trigger
    assert "::notice file=tests/reports/fixtures/tricky.txt,line=9,endLine=9,col=1,endColumn=9,title=demo-children" in render("github", context)
    assert "%0AApplies because line 9 says: \"Children may use the service too.\"" in render("github", context)
    issue = next(i for i in json.loads(render("gitlab", context)) if i["check_name"] == "demo-children")
    assert issue["location"]["lines"]["begin"] == 9
    result = next(r for r in json.loads(render("sarif", context))["runs"][0]["results"] if r["ruleId"] == "demo-children")
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 9
    related = result["relatedLocations"][0]
    assert related["physicalLocation"]["region"]["startLine"] == 9 and "Children may use the service" in related["message"]["text"]
    assert result["message"]["text"].endswith('Applies because line 9 says: "Children may use the service too."')


def test_sarif_fingerprint_of_a_conditional_failure_ignores_the_trigger(context):
    """Fingerprints are (rule, file, evidence sentence): the trigger's line or wording can change,
    and the failure keeps the fingerprint it had when it sat on line 1."""
    from policylint.reports.sarif import fingerprint

    def fp(ctx):
        res = json.loads(render("sarif", ctx))["runs"][0]["results"]
        return next(r for r in res if r["ruleId"] == "demo-children")["partialFingerprints"]["policylint/v1"]

    before = fp(context)
    assert before == fingerprint("demo-children", "tests/reports/fixtures/tricky.txt", "")
    children = _result(context, "tricky.txt", "demo-children")
    children["trigger"][0].update(line=20, text="Kids may use the service too.")
    children["location"].update(line=20, end_line=20)
    assert fp(context) == before


def test_markdown_not_applicable_is_not_an_open_task(context):
    md = render("markdown", context)
    assert "- States a practice for children where it mentions them (`demo-children`): *not applicable* (condition not met)" in md
    assert not re.search(r"^- \[ \].*not applicable", md, re.M)
    assert "- [x] **Gives a contact email**" in md and "- [ ] **Gives a contact email**" in md


def test_html_severity_is_red_only_on_failures(context):
    html = render("html", context)
    assert "li.rule:not([data-status=failed]) .sev, li.rule.suppressed .sev { color: #59636e;" in html


def test_html_chart_label_column_fits_long_rule_ids(context):
    long_id = "lgpd-right-anonymization-blocking-deletion"  # 42 characters, the longest built-in id
    context["summary"]["by_rule"] = {long_id: {"passed": 1, "failed": 1, "not_applicable": 0},
                                     "x" * 60: {"passed": 1, "failed": 0, "not_applicable": 0}}
    html = render("html", context)
    chart = html.split('aria-labelledby="chart-rules"', 1)[1].split("</svg>", 1)[0]
    label_x = int(re.search(r'<text class="label" x="(\d+)"', chart).group(1))
    assert f"<title>{long_id}</title>{long_id}</text>" in chart  # whole, not cut
    assert label_x >= 48 * 7.8  # room for 48 monospace characters at 13px (0.6em each)
    assert f"<title>{'x' * 60}</title>{'x' * 47}…</text>" in chart  # longer: ellipsis, full id as tooltip
    assert "svg.chart text.label { font: 13px ui-monospace" in html


def test_sarif_rules_list_every_rule_that_ran_with_index_and_markdown_help(context):
    run = json.loads(render("sarif", context))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ran = [r["rule"] for r in context["documents"][0]["results"]]
    assert [r["id"] for r in rules] == ran  # passed and not-applicable rules too, in ruleset order
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
    contact = rules[ran.index("demo-contact")]["help"]
    assert contact["text"].startswith("How to fix:")
    assert contact["markdown"].startswith("The policy gives no email address.\n\n**How to fix:** Add \"Email privacy@example.com")
    assert "[GDPR Art. 13\\(1\\)\\(a\\)](<https://eur-lex.europa.eu/eli/reg/2016/679/oj>)" in contact["markdown"]
    assert "javascript:" not in contact["markdown"]


def test_two_matches_in_one_sentence_are_quoted_once(context):
    contact = _result(context, "/policy.md", "demo-contact")
    contact["evidence"].append(dict(contact["evidence"][0], column=40))
    md, html = render("markdown", context), render("html", context)
    assert "also line 7" not in md and ">line 7</span></summary>" not in html
