"""Our workbook saver writes what openpyxl's own save writes, part by part."""

import datetime as dt
import re
import zipfile
from xml.etree.ElementTree import canonicalize

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font

from exports.workbook.benchmark import build_benchmark_workbook
from exports.workbook.comparison import build_comparison_workbook
from exports.workbook.kit import put
from exports.workbook.review import build_workbook
from exports.workbook.save import save_workbook
from maturity.benchmark import benchmark
from maturity.compare import compare_files
from maturity.report import build_report
from tests.reviews import HOSTILE, populate

from .history import build_history
from .test_benchmark import ALPHA, BETA, make

_STAMPS = re.compile(rb"<dcterms:(created|modified)[^<]*</dcterms:\w+>")


def parts(path):
    with zipfile.ZipFile(path) as z:
        return {name: _STAMPS.sub(b"", z.read(name)) for name in z.namelist()}


def assert_same_as_openpyxl(build, tmp_path):
    """Two builds of the same workbook: one saved by openpyxl, one by us."""
    ours, theirs = tmp_path / "ours.xlsx", tmp_path / "theirs.xlsx"
    save_workbook(build(), ours)
    build().save(theirs)
    a, b = parts(ours), parts(theirs)
    assert list(a) == list(b)
    for name in b:
        if a[name] != b[name]:
            assert canonicalize(a[name].decode()) == canonicalize(b[name].decode()), name
    return ours


def test_review_workbook_with_hostile_text_and_comparison(rf, tmp_path, mini_framework):
    populate(rf, hostile=True)
    report = build_report(rf.review, dt.date(2026, 6, 1))
    comparison = compare_files(build_history(tmp_path, mini_framework, 3))
    path = assert_same_as_openpyxl(lambda: build_workbook(report, comparison=comparison),
                                   tmp_path)
    wb = load_workbook(path)
    assert "Comparison" in wb.sheetnames and "Trend" in wb.sheetnames
    cells = [c for row in wb["Evidence"].iter_rows() for c in row]
    assert any(c.value == HOSTILE[0] and c.data_type == "s" and c.quotePrefix for c in cells)
    assert any(c.hyperlink and c.hyperlink.target == "https://example.org/paper"
               for c in cells)


def test_comparison_and_benchmark_workbooks(tmp_path, mini_framework):
    comparison = compare_files(build_history(tmp_path, mini_framework, 3))
    assert_same_as_openpyxl(lambda: build_comparison_workbook(comparison), tmp_path)
    root = tmp_path / "region"
    root.mkdir()
    names = [f"Benchtown {i}" for i in range(len(ALPHA))]
    names[4] = HOSTILE[0]  # the highlighted system heads a column
    files = [make(root / f"r{i}.sitreview", mini_framework, name, a, b)
             for i, (name, a, b) in enumerate(zip(names, ALPHA, BETA))]
    (root / "junk.sitreview").write_text("junk")
    result = benchmark([root], highlight=files[4])
    path = assert_same_as_openpyxl(lambda: build_benchmark_workbook(result), tmp_path)
    head = load_workbook(path)["Benchmark"].cell(4, 9)
    assert head.value == HOSTILE[0] and head.data_type == "s" and head.quotePrefix


def every_kind_of_cell(iso_dates=False):
    wb = Workbook(iso_dates=iso_dates)
    ws = wb.active
    ws["A1"] = "plain"
    ws["B1"] = "  leading and trailing  "
    ws["C1"] = "   "
    ws["D1"] = "a & b < c > d \" e ' f\nsecond line\r\n\ttabbed"
    ws["E1"] = "Emoji 😀 and Welsh ŵ"
    ws["A2"] = 7
    ws["B2"] = 2.5
    ws["C2"] = 1 / 3
    ws["D2"] = -1e-20
    ws["E2"] = True
    ws["F2"] = False
    ws["G2"] = 10**15 + 1
    ws["A3"] = dt.date(2026, 3, 12)
    ws["B3"] = dt.datetime(2026, 3, 12, 14, 30, 5)
    ws["C3"] = dt.time(9, 15)
    ws["D3"] = dt.timedelta(days=1, hours=6)
    ws["A4"] = "#N/A"
    ws["B4"].font = Font(bold=True)  # styled, no value
    ws["C4"] = ""
    ws["C4"].alignment = Alignment(wrap_text=True)
    ws["D4"] = "link"
    ws["D4"].hyperlink = "https://example.org/a?b=1&c=2"
    ws.row_dimensions[4].height = 40
    ws.row_dimensions[9].height = 20  # a row with a height and no cells
    ws.row_dimensions[10].hidden = True
    put(ws, 5, 1, "=1+1")
    put(ws, 5, 2, "-2 weeks", font=Font(italic=True))
    put(ws, 5, 3, "#N/A")  # typed text, not an error value
    other = wb.create_sheet("Formulas")
    other["A1"] = 2
    other["A2"] = "=A1*2"
    other["B1"] = CellRichText(["plain ", TextBlock(InlineFont(b=True), "bold")])
    other["B1"].hyperlink = "https://example.org/rich"
    notes = wb.create_sheet("Notes")
    notes["A1"] = "noted"
    notes["A1"].comment = Comment("A note", "Author")
    return wb


@pytest.mark.parametrize("iso_dates", [False, True])
def test_every_kind_of_cell(tmp_path, iso_dates):
    path = assert_same_as_openpyxl(lambda: every_kind_of_cell(iso_dates), tmp_path)
    wb = load_workbook(path, rich_text=True)
    ws = wb.active
    assert ws["B1"].value == "  leading and trailing  "
    assert ws["D1"].value.startswith("a & b < c > d \" e ' f\nsecond line")
    assert [ws["A2"].value, ws["B2"].value, ws["E2"].value, ws["G2"].value] == [
        7, 2.5, True, 10**15 + 1]
    assert str(ws["A3"].value)[:10] == "2026-03-12"
    assert ws["D4"].hyperlink.target == "https://example.org/a?b=1&c=2"
    assert ws.row_dimensions[4].height == 40 and ws.row_dimensions[9].height == 20
    assert ws["A5"].value == "=1+1" and ws["A5"].data_type == "s" and ws["A5"].quotePrefix
    assert ws["B5"].font.italic and ws["B5"].quotePrefix
    assert ws["C5"].value == "#N/A" and ws["C5"].data_type == "s"
    assert ws["A4"].data_type == "e"  # what openpyxl makes of it, written the same way
    # Sheets with what the fast path leaves to openpyxl keep their formulas, rich text and notes.
    assert wb["Formulas"]["A2"].value == "=A1*2"
    assert isinstance(wb["Formulas"]["B1"].value, CellRichText)
    assert wb["Formulas"]["B1"].hyperlink.target == "https://example.org/rich"
    assert wb["Notes"]["A1"].comment.text == "A note"


def test_a_timezone_is_refused_as_openpyxl_does(tmp_path):
    wb = Workbook()
    wb.active["A1"] = dt.datetime(2026, 3, 12, tzinfo=dt.UTC)
    with pytest.raises(TypeError, match="timezones"):
        save_workbook(wb, tmp_path / "tz.xlsx")
