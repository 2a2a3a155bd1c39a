"""The board report as a board member reads it: the sample re-review with its comparison, in
PDF, Word and the workbook."""

import datetime as dt
import re
from collections import Counter

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from pypdf import PdfReader

from maturity.cli import main
from maturity.glossary import used_in
from maturity.loader import load_framework
from maturity.samples import build_reviews, sample_data
from maturity.wording import fmt_date
from tests.pdfs import outline_entries
from tests.reviews import internal_ids

SUMMARY_HEADINGS = ("Where we stand", "What changed since the last review", "What matters most",
                    "Actions: owners and dates", "What we ask the board")
LONG_DATE = re.compile(r"\b\d{1,2} (?:January|February|March|April|June|July|August|"
                       r"September|October|November|December) \d{4}\b|\b\d{4}-\d\d-\d\d\b")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("board")
    assert main(["demo", "--out-dir", str(out)]) == 0
    first, second = sorted(out.glob("*.sitreview"))
    assert main(["export", str(second), "--pdf", str(out / "b.pdf"), "--docx",
                 str(out / "b.docx"), "--xlsx", str(out / "b.xlsx"), "--compare", str(first),
                 "--quiet"]) == 0
    return out


def outline(reader):
    return [(e.title, e.page) for e in outline_entries(reader)]


def page_text(page):
    return " ".join(page.extract_text().split())


def test_body_before_the_appendices_is_at_most_25_pages(sample):
    reader = PdfReader(sample / "b.pdf")
    entries = outline(reader)
    first_appendix = min(p for t, p in entries if t.startswith("Appendix"))
    assert 12 <= first_appendix - 1 <= 25
    # and the detail is all there before it
    titles = [t for t, _ in entries]
    for section in ("How the review was done", "Recommendations", "Action plan",
                    "Since the last review", "Trend across reviews"):
        assert section in titles
        assert dict(entries)[section] < first_appendix


def test_the_first_two_pages_tell_the_story_and_the_third_how(sample):
    reader = PdfReader(sample / "b.pdf")
    first_two = page_text(reader.pages[0]) + " " + page_text(reader.pages[1])
    for heading in SUMMARY_HEADINGS:
        assert heading in first_two
    assert "against 1.9 at the last review on 14 Oct 2025" in first_two
    assert "overdue" in first_two  # the actions the board must see
    third = page_text(reader.pages[2])
    assert third.startswith("How the review was done")
    assert "Who took part, by sector" in third and "three half-day workshops" in third.lower()


def test_undecided_suggestions_are_counted_not_listed(sample):
    reader = PdfReader(sample / "b.pdf")
    text = " ".join(page_text(p) for p in reader.pages)
    assert re.search(r"\d+ suggestions are still to be decided", text)
    assert "Suggested or rejected" not in text


def test_common_findings_are_printed_once_in_an_appendix(sample):
    reader = PdfReader(sample / "b.pdf")
    entries = dict(outline(reader))
    start = entries["Appendix A: what reviews elsewhere often find"]
    before = " ".join(page_text(p) for p in reader.pages[:start - 1])
    assert "Common findings" not in before and "reviews elsewhere often find" not in before


def test_no_internal_ids_in_any_report(sample):
    pdf = " ".join(page_text(p) for p in PdfReader(sample / "b.pdf").pages)
    assert not internal_ids(pdf)
    doc = Document(sample / "b.docx")
    words = [p.text for p in doc.paragraphs]
    words += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert not internal_ids("\n".join(words))
    wb = load_workbook(sample / "b.xlsx", read_only=True)
    assert {"Comparison", "Trend", "Action plan", "Evidence"} <= set(wb.sheetnames)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str) and not value.startswith("="):
                    assert not internal_ids(value), (ws.title, value)


def test_dates_read_one_way_in_both_board_reports(sample):
    pdf = " ".join(page_text(p) for p in PdfReader(sample / "b.pdf").pages)
    doc = Document(sample / "b.docx")
    docx = " ".join([p.text for p in doc.paragraphs]
                    + [c.text for t in doc.tables for row in t.rows for c in row.cells])
    # the group's own words are quoted as written; every other date is in the one style
    quoted = " ".join(" ".join(t.split()) for t in _strings(sample_data()))
    for text in (pdf, docx):
        assert "13 Oct 2026" in text and "14 Oct 2025" in text
        for match in LONG_DATE.finditer(" ".join(text.split())):
            assert match.group(0) in quoted, match.group(0)
    assert fmt_date(dt.date(2025, 10, 4)) == "4 Oct 2025"
    ws = load_workbook(sample / "b.xlsx")["Action plan"]
    due = [ws.cell(r, 8) for r in range(2, ws.max_row + 1)
           if isinstance(ws.cell(r, 8).value, dt.datetime)]
    assert due and {c.number_format for c in due} == {"d mmm yyyy"}


def _strings(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for v in data.values():
            yield from _strings(v)
    elif isinstance(data, list):
        for v in data:
            yield from _strings(v)


def test_type_is_large_enough(sample):
    """Running text and table cells at 9.5 pt or more; nothing drawn below 8 pt."""
    reader = PdfReader(sample / "b.pdf")
    sizes: Counter = Counter()
    for page in reader.pages[:25]:
        def visit(text, cm, tm, font, size):
            if text.strip():
                sizes[round(size * tm[0], 1)] += len(text.strip())
        page.extract_text(visitor_text=visit)
    assert sizes and min(sizes) >= 8, sorted(sizes)
    total = sum(sizes.values())
    assert sum(n for s, n in sizes.items() if s >= 9.5) / total >= 0.85, sorted(sizes.items())


def test_glossary_lists_the_abbreviations_the_report_uses(sample):
    reader = PdfReader(sample / "b.pdf")
    entries = dict(outline(reader))
    start = entries["Appendix D: abbreviations"]
    glossary = page_text(reader.pages[start - 1])
    for word in ("PTL", "CAMHS", "MHSDS", "EPR", "CYP"):
        assert word in glossary
    assert used_in(["The PTLs and KPIs", "not PTLX"]) == [
        ("KPI", "key performance indicator"), ("PTL", "patient tracking list")]


def test_word_report_has_the_comparison_and_trend_with_alt_text(sample):
    doc = Document(sample / "b.docx")
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    for heading in SUMMARY_HEADINGS + ("How the review was done", "Since the last review",
                                       "Trend across reviews"):
        assert heading in headings
    alts = [pr.get("descr") for pr in doc.element.body.iter(qn("wp:docPr"))]
    assert len(alts) == 2 and all(alts)
    assert any(a.startswith("Line chart") and "14 Oct 2025" in a for a in alts)
    for t in doc.tables:
        assert t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert doc.core_properties.language == "en-GB"
    assert "Appendix D: abbreviations" in headings


def test_carried_parking_items_keep_the_date_they_were_raised():
    built = build_reviews(load_framework(), sample_data())
    (_, first, _), (_, second, _) = built
    carried = [p for p in second.parking if p.text.startswith("Carried from 2025")]
    assert carried
    for p in carried:
        assert p.raised_at.date() == first.info.review_date
    new = [p for p in second.parking if not p.text.startswith("Carried")]
    assert all(p.raised_at.date() == second.info.review_date for p in new)


def test_comparison_sheet_gives_each_table_its_header_and_filter(sample):
    ws = load_workbook(sample / "b.xlsx")["Comparison"]
    assert ws.auto_filter.ref  # the scores table at the top
    names = set(ws.tables)
    assert {"WhatMoved", "DidActionsWork", "Indicators", "ActionProgress"} <= names
    for name in names:
        t = ws.tables[name]
        first = t.ref.split(":")[0]
        head = ws[first].row
        assert t.autoFilter is not None and t.autoFilter.ref == t.ref
        assert [c.name for c in t.tableColumns] == [
            ws.cell(head, i).value for i in range(1, len(t.tableColumns) + 1)]
    ind = ws.tables["Indicators"]
    head = ws[ind.ref.split(":")[0]].row
    values = [ws.cell(r, 3).value for r in range(head + 1, head + 6)]
    assert all(isinstance(v, (int, float)) for v in values)
    assert any("%" in ws.cell(r, 3).number_format for r in range(head + 1, head + 20))


def test_trend_chart_keeps_every_legend_entry_whole(sample):
    reader = PdfReader(sample / "b.pdf")
    page = reader.pages[dict(outline(reader))["Trend across reviews"] - 1]
    text = page_text(page)
    trend = text[text.index("Trend across reviews"):]
    for d in load_framework().domains:
        assert f"{d.number}. {d.label}" in trend
    assert "…" not in trend
    doc = Document(sample / "b.docx")
    alt = [pr.get("descr") for pr in doc.element.body.iter(qn("wp:docPr"))][-1]
    for d in load_framework().domains:
        assert d.title in alt


def test_long_notes_are_cut_at_a_word_on_the_method_page_and_given_whole(rf, tmp_path):
    from exports.docx.board import write_board_docx
    from exports.pdf.board import write_board_report
    from maturity import edits
    from maturity.report import build_report
    from tests.reviews import populate

    populate(rf)
    words = " ".join(f"workshop{n} notes" for n in range(400))
    rf.execute(edits.set_details(rf.review, notes=words + " THE-END"))
    report = build_report(rf.review, dt.date(2026, 6, 1))
    reader = PdfReader(write_board_report(report, tmp_path / "b.pdf"))
    entries = dict(outline(reader))
    method = " ".join(page_text(p) for p in reader.pages[entries["How the review was done"] - 1:
                                                        entries["Scores at a glance"] - 1])
    assert "… (the notes continue in full in the appendix)" in method
    assert "THE-END" not in method
    cut = method[:method.index("… (the notes")].split()[-1]
    assert re.fullmatch(r"workshop\d+|notes", cut)  # a whole word before the cut
    rest = " ".join(page_text(p) for p in reader.pages[entries["Scores at a glance"]:])
    assert "THE-END" in rest
    doc = Document(write_board_docx(report, tmp_path / "b.docx"))
    assert any("THE-END" in p.text for p in doc.paragraphs)


def test_the_word_report_lists_every_evidence_item_in_an_appendix(sample):
    from maturity.reviewfile import ReviewFile

    second = sorted(sample.glob("*.sitreview"))[1]
    with ReviewFile.open(second, readonly=True) as rf:
        titles = {e.title for e in rf.review.all("evidence")}
    assert titles
    doc = Document(sample / "b.docx")
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert any(h.endswith(": evidence items") for h in headings)
    listed = set()
    for t in doc.tables:
        if [c.text for c in t.rows[0].cells] == ["Key line of enquiry", "Type", "Evidence",
                                                 "Date"]:
            listed |= {row.cells[2].text.split("\n")[0] for row in t.rows[1:]}
    assert titles <= listed, titles - listed
