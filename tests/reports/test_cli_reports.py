"""Report options on the command line: --format, --template, --output, colour, lazy Jinja."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from policylint.cli import main
from policylint.reports.escapes import markdown_inline
from tests.conftest import ROOT
from tests.reports.conftest import FIXTURES

RULESET = str(FIXTURES / "ruleset.yaml")
BAD = str(FIXTURES / "bad-policy.md")


def invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env)


@pytest.mark.parametrize("fmt", ["markdown", "html", "sarif", "junit", "github", "gitlab", "csv", "json", "text"])
def test_every_format_from_the_cli(fmt, tmp_path):
    out = tmp_path / "report"
    r = invoke("check", "-r", RULESET, BAD, "--format", fmt, "-o", str(out), "--as-of", "2026-01-01")
    assert r.exit_code == 1, r.output
    assert out.read_text(encoding="utf-8").strip()


def test_user_template_gets_the_documented_context(tmp_path):
    tpl = tmp_path / "mine.txt.j2"
    tpl.write_text("{% for d in documents %}{{ d.path }} {{ d.summary.failed }}{% endfor %} as_of={{ as_of }}\n")
    r = invoke("check", "-r", RULESET, BAD, "--template", str(tpl), "--as-of", "2026-01-01")
    assert r.exit_code == 1
    assert r.output == f"{BAD} 3 as_of=2026-01-01\n"


def test_user_template_can_extend_a_builtin(tmp_path):
    tpl = tmp_path / "brand.html.j2"
    tpl.write_text('{% extends "html.html.j2" %}')
    r = invoke("check", "-r", RULESET, BAD, "--template", str(tpl))
    assert r.exit_code == 1 and "<!DOCTYPE html>" in r.output


def test_html_user_templates_are_autoescaped(tmp_path):
    tpl = tmp_path / "x.html.j2"
    tpl.write_text("{{ documents[0].results[2].evidence[0].text }}")
    r = invoke("check", "-r", RULESET, str(FIXTURES / "tricky.txt"), "--template", str(tpl))
    assert "&lt;script&gt;" in r.output and "<script>" not in r.output


@pytest.mark.parametrize("body, says", [
    ("{% for %}", "template syntax error"),
    ("{{ nothing.here }}", "template error"),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "template error"),
    ("{% include '/etc/passwd' %}", "template error"),
])
def test_template_errors_exit_2_with_one_line(body, says, tmp_path):
    tpl = tmp_path / "bad.j2"
    tpl.write_text(body)
    r = invoke("check", "-r", RULESET, BAD, "--template", str(tpl))
    assert r.exit_code == 2, r.output
    assert says in r.output and "Traceback" not in r.output
    assert "root:" not in r.output


def test_template_runtime_error_names_the_line(tmp_path):
    (tmp_path / "part.j2").write_text("ok\n{{ nothing.attr }}\n")
    tpl = tmp_path / "bad.j2"
    tpl.write_text("first\n{{ summary.documents }}\n{% include 'part.j2' %}\n")
    r = invoke("check", "-r", RULESET, BAD, "--template", str(tpl))
    assert r.exit_code == 2 and f"{tmp_path / 'part.j2'}:2: template error: 'nothing' is undefined" in r.output


def test_missing_template_exits_2():
    r = invoke("check", BAD, "--template", "/no/such.j2")
    assert r.exit_code == 2 and "not found" in r.output


def test_no_color_and_piped_output_are_plain():
    r = invoke("check", "-r", RULESET, BAD, env={"NO_COLOR": "1"})
    assert "\033[" not in r.output
    r = invoke("check", "-r", RULESET, BAD, "--color", "always")
    assert "\033[31merror\033[0m" in r.output


def test_sarif_from_cli_is_json():
    r = invoke("check", "-r", RULESET, BAD, "-f", "sarif")
    assert json.loads(r.output)["runs"][0]["results"]


def test_default_text_run_does_not_import_jinja():
    code = (
        "import sys\n"
        "from policylint.cli import main\n"
        f"try:\n    main(['check', {str(ROOT / 'examples' / 'privacy-policy.md')!r}])\n"
        "except SystemExit:\n    pass\n"
        "print('JINJA' if 'jinja2' in sys.modules else 'NOJINJA')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert out.stdout.strip().endswith("NOJINJA"), out.stdout + out.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "html", "junit", "github", "gitlab", "csv", "markdown"])
def test_undecodable_file_names_never_crash_a_report(fmt, tmp_path):
    import os

    folder = os.fsencode(str(tmp_path))
    try:
        with open(os.path.join(folder, b"p\xff.md"), "wb") as fh:
            fh.write(b"# P\n\nWe sell your personal data.\n")
    except (OSError, ValueError):
        pytest.skip("this file system cannot hold undecodable names")
    out = tmp_path / "report.out"
    r = invoke("check", "-r", RULESET, str(tmp_path), "-f", fmt, "-o", str(out))
    assert r.exit_code == 1, r.output
    text = out.read_text(encoding="utf-8")
    assert "p\ufffd.md" in text or "p%EF%BF%BD.md" in text or "p%ED%B3%BF.md" in text


def test_extra_reports_from_one_run(tmp_path):
    sarif, md = tmp_path / "r.sarif", tmp_path / "summary.md"
    r = invoke("check", "-r", RULESET, BAD, "-f", "github", "--report", f"sarif={sarif}", "--report", f"markdown={md}")
    assert r.exit_code == 1 and r.output.startswith("::error ")
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert md.read_text().startswith("# policylint report")


def test_bad_extra_report_is_a_usage_error_before_checking():
    r = invoke("check", "-r", RULESET, BAD, "--report", "pdf=x.pdf")
    assert r.exit_code == 2 and "FORMAT=FILE" in r.output and "demo-" not in r.output


def test_rules_inherited_through_extends_report_under_the_selected_ruleset():
    """-r uk-gdpr runs the gdpr rules it inherits: one UK checklist with its title, one summary
    row, counts that match rulesets[].rules; with gdpr selected too they stay under gdpr."""
    policy = str(ROOT / "examples" / "privacy-policy.md")
    data = json.loads(invoke("check", policy, "-r", "uk-gdpr", "-f", "json", "--as-of", "2026-11-22").output)
    (uk,) = data["rulesets"]
    results = data["documents"][0]["results"]
    assert {r["ruleset"] for r in results} == {"uk-gdpr"} and len(results) == uk["rules"]
    assert "gdpr-right-access" in {r["rule"] for r in results}
    assert list(data["summary"]["by_ruleset"]) == ["uk-gdpr"]
    md = invoke("check", policy, "-r", "uk-gdpr", "-f", "markdown", "--as-of", "2026-11-22").output
    assert [line for line in md.splitlines() if line.startswith("### ")] == [f"### {markdown_inline(uk['title'])} (`uk-gdpr`)"]
    assert "| gdpr |" not in md
    html = invoke("check", policy, "-r", "uk-gdpr", "-f", "html", "--as-of", "2026-11-22").output
    assert 'data-ruleset="gdpr"' not in html and "<code>gdpr</code>" not in html
    both = json.loads(invoke("check", policy, "-r", "gdpr", "-r", "uk-gdpr", "-f", "json", "--as-of", "2026-11-22").output)
    by_rule = {r["rule"]: r["ruleset"] for r in both["documents"][0]["results"]}
    assert by_rule["gdpr-right-access"] == "gdpr" and by_rule["ukgdpr-complaint-ico"] == "uk-gdpr"
