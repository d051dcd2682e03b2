"""Hostile and broken documents: each gives one clear line (or is checked correctly), the other
files are still checked, and the exit code says an input error happened."""

from __future__ import annotations

import codecs
import json
import random
import time
from pathlib import Path

import pytest

from policylint.api import check_text
from policylint.documents import LoadError, load_bytes, load_path
from tests.robustness.conftest import GOOD_POLICY, cli, core_rules, error_lines

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def _json_files(result) -> dict[str, dict]:
    data = json.loads(result.stdout)
    return {d["path"]: d for d in data["documents"]}


BROKEN = {
    "empty.md": (b"", "empty file"),
    "blank.txt": (b"  \n\n\t\n", "empty file"),
    "image.md": (PNG, "binary file"),
    "nul.txt": (b"\x00\x01\x02\x03" * 4000, "binary file"),  # NULs, but not UTF-16
    "random.html": (random.Random(0).randbytes(20_000), "binary file"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_is_one_line_error_and_others_still_checked(tmp_path: Path, good_file: Path, name: str) -> None:
    data, why = BROKEN[name]
    bad = tmp_path / name
    bad.write_bytes(data)
    r = cli("check", str(bad), str(good_file), "-f", "json")
    assert r.exit_code == 2, r.output
    errors = error_lines(r)
    assert len(errors) == 1 and str(bad) in errors[0] and why in errors[0], r.stderr
    docs = _json_files(r)
    assert docs[str(good_file)]["results"], "the good file must still be checked"


READABLE = {
    "invalid-utf8.md": b"# Privacy\n\nWe use cookies \xff\xfe and caf\xe9. Email privacy@example.com.\n",
    "utf16-bom.md": codecs.BOM_UTF16_LE + GOOD_POLICY.encode("utf-16-le"),
    "utf16be-bom.md": codecs.BOM_UTF16_BE + GOOD_POLICY.encode("utf-16-be"),
    "utf8-bom.md": codecs.BOM_UTF8 + GOOD_POLICY.encode("utf-8"),
    "cp1252.txt": ("Privacy \u201cnotice\u201d \u2013 we use cookies. You can refuse cookies in your browser. "
                   "Email privacy@example.com.\n").encode("cp1252"),
    "crlf.md": GOOD_POLICY.replace("\n", "\r\n").encode("utf-8"),
}


@pytest.mark.parametrize("name", sorted(READABLE))
def test_odd_encodings_are_checked_correctly(tmp_path: Path, name: str) -> None:
    p = tmp_path / name
    p.write_bytes(READABLE[name])
    r = cli("check", str(p), "-f", "json")
    assert r.exit_code in (0, 1), r.output
    doc = _json_files(r)[str(p)]
    by_rule = {res["rule"]: res for res in doc["results"]}
    assert by_rule["core-contact-address"]["status"] == "passed"
    for ev in by_rule["core-contact-address"]["evidence"]:
        assert "privacy@example.com" in ev["text"]


def test_utf16_evidence_points_at_the_right_line(tmp_path: Path) -> None:
    p = tmp_path / "utf16.md"
    p.write_bytes(codecs.BOM_UTF16_LE + GOOD_POLICY.encode("utf-16-le"))
    doc = load_path(str(p))
    start = doc.text.index("privacy@example.com")
    loc = doc.location(start, start + 19)
    line = GOOD_POLICY.splitlines()[loc.line - 1]
    assert line[loc.column - 1:loc.end_column - 1] == "privacy@example.com"


def test_windows_1252_is_decoded_not_mangled() -> None:
    doc = load_bytes("caf\u00e9 \u201cquoted\u201d \u2013 dash".encode("cp1252"), "p.txt")
    assert doc.metadata["encoding"] == "cp1252"
    assert "caf\u00e9 \u201cquoted\u201d \u2013 dash" in doc.text


def test_file_over_the_size_limit_is_refused_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.md"
    with open(big, "wb") as fh:  # sparse: costs no disk and no time
        fh.truncate(70 * 1024 * 1024)
    with pytest.raises(LoadError, match="over the 64 MiB limit"):
        load_path(str(big))


def test_single_long_line_is_linear(tmp_path: Path) -> None:
    # A 0.5 MB line (words, no sentence breaks) and a 1 MB run of one letter; the 5 MB and 50 MB
    # cases with peak memory are measured by benchmarks/robustness_corpus.py --synthetic.
    words = ("cookies privacy data email opt out browser " * 12_000)[:500_000]
    run = "a" * 500_000
    for text in (words, run):
        start = time.perf_counter()
        report = check_text(text, core_rules(), path="one-line.txt")
        assert time.perf_counter() - start < 30
        assert all(r.status.value != "error" for r in report.results)


def test_deeply_nested_html_is_checked() -> None:
    html = "<div>" * 10_000 + "<p>We use cookies. Email privacy@example.com.</p>" + "</div>" * 10_000
    report = check_text(html, core_rules(), path="nested.html")
    by_rule = {r.rule.id: r for r in report.results}
    assert by_rule["core-contact-address"].status.value == "passed"


def test_deeply_nested_lists_and_quotes_in_markdown() -> None:
    md = "".join("  " * i + "- level\n" for i in range(2000)) + ">" * 5000 + " quoted\n"
    report = check_text(md, core_rules(), path="nested.md")
    assert all(r.status.value != "error" for r in report.results)


def test_unclosed_tags_keep_their_text() -> None:
    html = "<html><body><h1>Privacy<p>We use cookies<b><i><table><tr><td>Email privacy@example.com<script>var x='<p>'"
    report = check_text(html, core_rules(), path="unclosed.html")
    by_rule = {r.rule.id: r for r in report.results}
    assert by_rule["core-contact-address"].status.value == "passed"


PATHOLOGICAL_MARKDOWN = {
    "emphasis": "*a **" * 20_000,
    "brackets": "[" * 50_000,
    "links": "[a](" * 20_000,
    "images": "![a](" * 20_000,
    "comments": "<!--" * 20_000,
    "tags": "<a b='" * 20_000,
    "backticks": "`" * 50_000 + "x" + "``" * 10_000,
    "underscores": "_a" * 50_000,
    "escapes": "\\" * 50_000,
    "nested-emphasis": "*" * 20_000 + "a" + "*" * 20_000,
    "dots": "." * 50_000,  # sentence boundaries were quadratic on a run of punctuation
    "flat-list": "- a\n" * 10_000,  # list items were quadratic (a token-list copy per item)
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL_MARKDOWN))
def test_pathological_markdown_is_fast(name: str) -> None:
    text = PATHOLOGICAL_MARKDOWN[name]
    start = time.perf_counter()
    report = check_text(text, core_rules(), path=f"{name}.md")
    took = time.perf_counter() - start
    assert took < 10, f"{name}: {took:.1f} s (quadratic?)"
    assert all(r.status.value != "error" for r in report.results)


PATHOLOGICAL_HTML = {
    "unclosed-comments": "<!--" * 50_000,
    "unclosed-attributes": "<a b='" * 50_000,
    "end-tag-openers": "</" * 50_000,
    "processing-instructions": "<?" * 50_000,
    "declarations": "<!x" * 50_000,
    "marked-sections": "<![" * 50_000,
    "charrefs": "&#" * 50_000,
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL_HTML))
def test_pathological_html_is_fast(name: str) -> None:
    text = PATHOLOGICAL_HTML[name]
    start = time.perf_counter()
    report = check_text(text, core_rules(), path=f"{name}.html")
    took = time.perf_counter() - start
    assert took < 10, f"{name}: {took:.1f} s (quadratic?)"
    assert all(r.status.value != "error" for r in report.results)


def test_malformed_marked_section_keeps_columns() -> None:
    # Found by fuzzing: `<![[` made the stdlib move the position twice.
    from policylint.documents import load_text

    src = "<p>x</p><![[[y><p>Email privacy@example.com</p>"
    doc = load_text(src, "p.html")
    start = doc.text.index("privacy@")
    loc = doc.location(start, start + 8)
    assert src[loc.column - 1:loc.end_column - 1] == "privacy@"


def test_invalid_front_matter_is_read_as_text() -> None:
    for fm in ("a: 2026-02-30", "x: " + "[" * 3000 + "]" * 3000, "a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
               "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]"):
        report = check_text(f"---\n{fm}\n---\n" + GOOD_POLICY, core_rules(), path="fm.md")
        assert all(r.status.value != "error" for r in report.results)


def test_stdin_binary_is_an_input_error() -> None:
    r = cli("check", "-", "--stdin-filename", "policy.md", input=PNG)
    assert r.exit_code == 2
    assert len(error_lines(r)) == 1 and "binary" in r.stderr


def test_docx_zip_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("docx")
    import io
    import zipfile

    from policylint.documents import docx as docx_loader

    monkeypatch.setattr(docx_loader, "MAX_UNZIPPED", 1024 * 1024)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "\0" * (4 * 1024 * 1024))
    with pytest.raises(LoadError, match="zip bomb"):
        load_bytes(buf.getvalue(), "bomb.docx")


def test_broken_docx_and_pdf_are_input_errors() -> None:
    for name, data in (("broken.docx", b"PK\x03\x04" + b"\x00" * 100), ("broken.pdf", b"%PDF-1.7\n" + b"\xff" * 200)):
        try:
            load_bytes(data, name)
        except LoadError as exc:
            assert "\n" not in str(exc)
