""".docx policies (python-docx, the ``docx`` extra): structure, paragraph/page locations, errors.

Every document is built here with python-docx; none is checked in.
"""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policylint.cli import main
from policylint.documents import LoadError, load_bytes, load_path

docx = pytest.importorskip("docx", reason="python-docx is not installed: pip install '.[docx]' (or '.[test]')")
from docx.enum.text import WD_BREAK  # noqa: E402


def _policy_bytes() -> bytes:
    d = docx.Document()
    d.core_properties.title = "Example Privacy Policy"
    d.add_heading("Privacy Policy", level=1)
    d.add_paragraph("Last updated: March 3, 2025.")
    d.add_heading("Cookies", level=2)
    d.add_paragraph("We use cookies to remember you. You can refuse cookies in your browser settings.")
    d.add_paragraph("Strictly necessary cookies", style="List Bullet")
    d.add_paragraph("Analytics cookies", style="List Bullet")
    p = d.add_paragraph()
    p.add_run("Your Rights").bold = True
    d.add_paragraph("You may access, correct or delete your personal information at any time.")
    p = d.add_paragraph("We keep account data for two years.")
    p.add_run().add_break(WD_BREAK.PAGE)
    d.add_heading("Contact", level=2)
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Email"
    table.cell(0, 1).text = "privacy@example.com"
    table.cell(1, 0).text = "Post"
    table.cell(1, 1).text = "Example Ltd, 1 Main Street, Springfield"
    merged = d.add_table(rows=1, cols=2)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Merged cell text."
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def policy_docx() -> bytes:
    return _policy_bytes()


def _locate(doc, needle: str):
    i = doc.text.index(needle)
    return doc.location(i, i + len(needle))


def test_headings_lists_tables_become_the_document_model(policy_docx):
    doc = load_bytes(policy_docx, "policy.docx")
    assert doc.format == "docx"
    assert [(s.title, s.level) for s in doc.sections] == [
        ("Privacy Policy", 1), ("Cookies", 2), ("Your Rights", 3), ("Contact", 2),
    ]
    kinds = {doc.text[b.start:b.end]: b.kind for b in doc.blocks}
    assert kinds["Strictly necessary cookies"] == "list_item"
    assert kinds["privacy@example.com"] == "table_cell"
    assert "Merged cell text." in kinds and doc.text.count("Merged cell text.") == 1
    assert any(e.kind == "email" and e.value == "privacy@example.com" for e in doc.entities)
    assert doc.metadata["title"] == "Example Privacy Policy"


def test_locations_are_paragraph_and_page(policy_docx):
    doc = load_bytes(policy_docx, "policy.docx")
    loc = _locate(doc, "refuse cookies")
    # Paragraph 4 in reading order, column of the phrase inside it; page 1 (before the break).
    assert (loc.line, loc.column, loc.page) == (4, 41, 1)
    assert _locate(doc, "privacy@example.com").page == 2
    assert _locate(doc, "Contact").page == 2


def test_sha256_is_the_file_hash(policy_docx, tmp_path):
    import hashlib

    f = tmp_path / "p.docx"
    f.write_bytes(policy_docx)
    assert load_path(str(f)).metadata["sha256"] == hashlib.sha256(policy_docx).hexdigest()


def test_content_sniffed_when_the_name_says_nothing(policy_docx):
    assert load_bytes(policy_docx, "download").format == "docx"


def test_corrupt_docx_is_a_one_line_load_error():
    with pytest.raises(LoadError, match="not a readable .docx"):
        load_bytes(b"PK\x03\x04word/ but not really a zip", "broken.docx")


def test_cli_checks_a_docx_with_paragraph_locations(policy_docx, tmp_path):
    f = tmp_path / "policy.docx"
    f.write_bytes(policy_docx)
    res = CliRunner().invoke(main, ["check", str(f), "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    data = json.loads(res.stdout)
    doc = data["documents"][0]
    assert doc["format"] == "docx" and doc["error"] is None
    statuses = {r["rule"]: r for r in doc["results"]}
    cookie = statuses["core-cookie-opt-out"]
    assert cookie["status"] == "passed"
    assert cookie["evidence"][0]["line"] == 4 and cookie["evidence"][0]["page"] == 1


def test_directory_walk_takes_docx(policy_docx, tmp_path):
    from policylint.discover import discover

    (tmp_path / "a.docx").write_bytes(policy_docx)
    (tmp_path / "b.bin").write_bytes(b"\0")
    assert [p.rsplit("/", 1)[-1] for p in discover([str(tmp_path)]).files] == ["a.docx"]


def test_missing_extra_names_it(monkeypatch, policy_docx):
    import builtins

    real_import = builtins.__import__

    def no_docx(name, *args, **kwargs):
        if name == "docx" or name.startswith("docx."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_docx)
    with pytest.raises(LoadError, match=r"pip install 'policylint\[docx\]'"):
        load_bytes(policy_docx, "policy.docx")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_damaged_docx_load_or_fail_cleanly(policy_docx, data):
    """Any corruption of a valid .docx gives a document or a LoadError, never another exception."""
    raw = bytearray(policy_docx)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(4, len(raw)))
    try:
        load_bytes(bytes(raw[:cut]), "fuzz.docx")
    except LoadError:
        pass


def test_localized_heading_style_found_by_outline_level():
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    style = d.styles.add_style("Überschrift Eins", WD_STYLE_TYPE.PARAGRAPH)
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "1")
    style.element.get_or_add_pPr().append(outline)
    d.add_paragraph("Datenschutz und Cookies", style="Überschrift Eins")
    d.add_paragraph("Sie können Cookies in Ihrem Browser ablehnen.")
    buf = io.BytesIO()
    d.save(buf)
    doc = load_bytes(buf.getvalue(), "richtlinie.docx")
    assert [(s.title, s.level) for s in doc.sections] == [("Datenschutz und Cookies", 2)]


def test_hyperlinks_keep_their_target():
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    p = d.add_paragraph("Questions? ")
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), d.part.relate_to("mailto:privacy@example.com", RT.HYPERLINK, is_external=True))
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "Contact our privacy team"
    run.append(text)
    link.append(run)
    p._p.append(link)
    buf = io.BytesIO()
    d.save(buf)
    doc = load_bytes(buf.getvalue(), "p.docx")
    start = doc.text.index("Contact our privacy team")
    assert any(e.kind == "email" and e.start == start and e.value == "privacy@example.com" for e in doc.entities)
    assert _locate(doc, "Contact our").column == len("Questions? ") + 1
