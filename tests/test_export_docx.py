"""The board report as Word: read back with python-docx as a screen reader or Word would."""

import datetime as dt
import re
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from exports.docx.board import write_board_docx
from maturity.cli import main
from maturity.report import build_report
from tests.reviews import internal_ids, populate

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def report(rf):
    populate(rf)
    return build_report(rf.review, TODAY)


def all_text(doc):
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def test_headings_are_real_heading_styles(report, tmp_path):
    doc = Document(write_board_docx(report, tmp_path / "b.docx"))
    heads = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for title in ("Executive summary", "Where we stand", "How the review was done",
                  "Recommendations", "Action plan"):
        assert title in heads
    for d in report.domains:
        assert f"{d.number}. {d.title}" in all_text(doc)


def test_every_table_repeats_its_header_row(report, tmp_path):
    doc = Document(write_board_docx(report, tmp_path / "b.docx"))
    assert len(doc.tables) >= 4
    for t in doc.tables:
        first = t.rows[0]._tr
        assert first.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
        for row in t.rows[1:]:
            pr = row._tr.find(qn("w:trPr"))
            assert pr is None or pr.find(qn("w:tblHeader")) is None


def test_every_image_says_what_it_shows(report, tmp_path):
    doc = Document(write_board_docx(report, tmp_path / "b.docx"))
    props = list(doc.element.body.iter(qn("wp:docPr")))
    assert props, "the chart is missing"
    for pr in props:
        alt = pr.get("descr") or ""
        assert len(alt) > 40
        for d in report.scored_domains:
            assert d.title in alt


def test_language_title_and_no_internal_ids(report, tmp_path):
    doc = Document(write_board_docx(report, tmp_path / "b.docx"))
    lang = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(
        qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"
    assert doc.core_properties.language == "en-GB"
    assert doc.core_properties.title == "Testshire: maturity self-review"
    # the group's own narratives and evidence titles in this fixture quote ids; the report
    # adds none
    text = re.sub(r"(Narrative|Board paper) for [a-z0-9.]+", "", all_text(doc))
    assert not internal_ids(text), internal_ids(text)


def test_organisation_template_styles_are_used(report, tmp_path):
    template = Document()
    template.styles["Heading 1"].font.size = Pt(27)
    template.add_paragraph("Template sample text that must not reach the report")
    template.save(tmp_path / "org.docx")
    out = tmp_path / "b.docx"
    doc = Document(write_board_docx(report, out, template=tmp_path / "org.docx"))
    assert doc.styles["Heading 1"].font.size == Pt(27)
    assert "Template sample text" not in all_text(doc)
    assert any(p.style.name == "Heading 1" for p in doc.paragraphs)


@pytest.mark.parametrize("content, says", [
    (b"not a zip at all", "not a Word document"),
    (b"PK\x03\x04 broken zip", "not a Word document"),
])
def test_bad_template_is_refused_naming_it(rf, review_path, tmp_path, capsys, content, says):
    populate(rf)
    rf.close()
    bad = tmp_path / "corp.docx"
    bad.write_bytes(content)
    out = tmp_path / "b.docx"
    assert main(["export", str(review_path), "--docx", str(out),
                 "--docx-template", str(bad)]) != 0
    err = capsys.readouterr().err
    assert str(bad) in err and says in err and "Traceback" not in err
    assert not out.exists()


def test_huge_template_is_refused_unread(rf, review_path, tmp_path, capsys):
    populate(rf)
    rf.close()
    huge = tmp_path / "huge.docx"
    with open(huge, "wb") as f:
        f.truncate(25 * 1024 * 1024)
    assert main(["export", str(review_path), "--docx", str(tmp_path / "b.docx"),
                 "--docx-template", str(huge)]) != 0
    err = capsys.readouterr().err
    assert str(huge) in err and "refused" in err


def test_export_docx_from_the_command_line(rf, review_path, tmp_path):
    populate(rf)
    rf.close()
    out = tmp_path / "b.docx"
    assert main(["export", str(review_path), "--docx", str(out), "--quiet"]) == 0
    assert zipfile.is_zipfile(out)
    assert Document(out).core_properties.title.startswith("Testshire")


def test_the_sample_re_review_prints_no_internal_ids(tmp_path):
    """The demo's re-review with its comparison, in both board reports."""
    from pypdf import PdfReader

    assert main(["demo", "--out-dir", str(tmp_path)]) == 0
    first, second = sorted(tmp_path.glob("*.sitreview"))
    assert main(["export", str(second), "--pdf", str(tmp_path / "b.pdf"), "--docx",
                 str(tmp_path / "b.docx"), "--compare", str(first), "--quiet"]) == 0
    pdf = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "b.pdf").pages)
    assert not internal_ids(" ".join(pdf.split()))
    assert not internal_ids(all_text(Document(tmp_path / "b.docx")))
