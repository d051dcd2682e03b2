"""PDF policies (pypdf, the ``pdf`` extra): paragraphs, headings, page/line locations, errors.

The PDFs are written by a tiny generator below (Helvetica text, one ``Tm``/``Tj`` per line), so
no binary fixture is checked in and no PDF-writing library is needed.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policylint.cli import main
from policylint.documents import LoadError, load_bytes

pytest.importorskip("pypdf", reason="pypdf is not installed: pip install '.[pdf]' (or '.[test]')")



def make_pdf(pages: list[list]) -> bytes:
    """A valid PDF: one page per list; a line is text, ``(text, size)`` in bold, or '' (a gap)."""
    objs: list[bytes] = []

    def add(body: str | bytes) -> int:
        objs.append(body if isinstance(body, bytes) else body.encode("latin-1"))
        return len(objs)

    regular = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    bold = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    pages_id = len(objs) + 2 * len(pages) + 1
    kids = []
    for lines in pages:
        ops, y = ["BT"], 760
        for line in lines:
            text, size, font = (line[0], line[1], "/F2") if isinstance(line, tuple) else (line, 11, "/F1")
            if text:
                esc = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                ops.append(f"{font} {size} Tf 1 0 0 1 72 {y} Tm ({esc}) Tj")
            y -= size + 4
        stream = "\n".join(ops + ["ET"]).encode("cp1252")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(
            f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R "
            f"/Resources << /Font << /F1 {regular} 0 R /F2 {bold} 0 R >> >> >>"
        ))
    add(f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>")
    catalog = add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, catalog, xref)
    return bytes(out)


PAGES = [
    [
        "Example Ltd - Privacy Notice", "",
        ("PRIVACY POLICY", 16), "",
        "Last updated: March 3, 2025.", "",
        ("Cookies", 14),
        "We use cookies to remember your preferences. You can refuse cookies in",
        "your browser settings at any time.", "",
        "We keep account data for two years after you close your account, and",
        "1",
    ],
    [
        "Example Ltd - Privacy Notice", "",
        "then delete it.", "",
        ("Contact Us", 14),
        "Write to privacy@example.com with any question.", "",
        "2",
    ],
    [
        "Example Ltd - Privacy Notice", "",
        ("Children", 14),
        "We do not knowingly collect information from children under 13.", "",
        "3",
    ],
]


@pytest.fixture(scope="module")
def policy_pdf() -> bytes:
    return make_pdf(PAGES)


def _locate(doc, needle: str):
    i = doc.text.index(needle)
    return doc.location(i, i + len(needle))


def test_headings_paragraphs_and_running_lines(policy_pdf):
    doc = load_bytes(policy_pdf, "policy.pdf")
    assert doc.format == "pdf" and doc.metadata["pages"] == 3
    assert [s.title for s in doc.sections] == ["PRIVACY POLICY", "Cookies", "Contact Us", "Children"]
    # The running header and page numbers are gone; the sentence cut by the page break is whole.
    assert "Privacy Notice" not in doc.text
    assert not any(doc.text[b.start:b.end].strip() in ("1", "2", "3") for b in doc.blocks)
    sentences = [" ".join(doc.text[s.start:s.end].split()) for s in doc.sentences]
    assert "We keep account data for two years after you close your account, and then delete it." in sentences
    assert any(e.kind == "email" and e.value == "privacy@example.com" for e in doc.entities)


def test_locations_are_page_line_column(policy_pdf):
    doc = load_bytes(policy_pdf, "policy.pdf")
    # Line: the line of text on the page, counted from the top (the running header is line 1).
    loc = _locate(doc, "refuse cookies")
    assert (loc.page, loc.line, loc.column, loc.end_column) == (1, 5, 54, 68)
    loc = _locate(doc, "privacy@example.com")
    assert (loc.page, loc.line, loc.column) == (2, 4, 10)
    loc = _locate(doc, "then delete")  # the continued sentence points at its own page
    assert (loc.page, loc.line) == (2, 2)
    assert _locate(doc, "children under 13").page == 3


def test_hash_and_sniffing(policy_pdf):
    doc = load_bytes(policy_pdf, "no-suffix")
    assert doc.format == "pdf"
    assert doc.metadata["sha256"] == hashlib.sha256(policy_pdf).hexdigest()


def test_damaged_and_textless_pdfs_are_one_line_errors():
    with pytest.raises(LoadError, match="not a readable PDF"):
        load_bytes(b"%PDF-1.4\n garbage", "broken.pdf")
    with pytest.raises(LoadError, match="no extractable text"):
        load_bytes(make_pdf([[""]]), "scan.pdf")


def test_cli_reports_page_in_json(policy_pdf, tmp_path):
    f = tmp_path / "policy.pdf"
    f.write_bytes(policy_pdf)
    res = CliRunner().invoke(main, ["check", str(f), "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    doc = json.loads(res.stdout)["documents"][0]
    results = {r["rule"]: r for r in doc["results"]}
    assert results["core-cookie-opt-out"]["status"] == "passed"
    assert results["core-cookie-opt-out"]["evidence"][0]["page"] == 1
    assert results["core-children-under-13"]["evidence"][0]["page"] == 3


def test_cli_bad_pdf_exits_2_and_checks_the_rest(tmp_path, policy_pdf):
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.7 not really")
    (tmp_path / "good.pdf").write_bytes(policy_pdf)
    res = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert res.exit_code == 2
    assert "bad.pdf: not a readable PDF" in res.stderr
    assert "good.pdf" not in res.stderr


def test_missing_extra_names_it(monkeypatch, policy_pdf):
    import builtins

    real_import = builtins.__import__

    def no_pypdf(name, *args, **kwargs):
        if name == "pypdf" or name.startswith("pypdf."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pypdf)
    with pytest.raises(LoadError, match=r"pip install 'policylint\[pdf\]'"):
        load_bytes(policy_pdf, "policy.pdf")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_damaged_pdfs_load_or_fail_cleanly(policy_pdf, data):
    """Any corruption of a valid PDF gives a document or a LoadError, never another exception."""
    raw = bytearray(policy_pdf)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(16, len(raw)))
    try:
        load_bytes(bytes(raw[:cut]), "fuzz.pdf")
    except LoadError:
        pass


def test_repairable_pdf_is_read_without_chatter(policy_pdf, tmp_path):
    damaged = bytearray(policy_pdf)
    at = damaged.find(b"startxref") + 10
    damaged[at:at + 4] = b"12  "  # a wrong xref offset: pypdf repairs it and would log about it
    f = tmp_path / "repaired.pdf"
    f.write_bytes(bytes(damaged))
    res = CliRunner().invoke(main, ["check", str(f)])
    assert res.exit_code in (0, 1), res.output
    assert res.stderr == ""
