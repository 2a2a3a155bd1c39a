import datetime as dt

import pytest
from openpyxl import load_workbook

from exports.workbook.kit import sheet_title
from exports.workbook.review import write_workbook
from maturity.report import build_report
from tests.reviews import HOSTILE, LONG, assert_only_our_formulas, populate

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def book(rf, tmp_path):
    populate(rf)
    report = build_report(rf.review, TODAY)
    path = write_workbook(report, tmp_path / "out.xlsx")
    return load_workbook(path), report


def rows_of(ws, header_row=1):
    headers = [c.value for c in ws[header_row]]
    return [dict(zip(headers, (c.value for c in row)))
            for row in ws.iter_rows(min_row=header_row + 1) if any(c.value for c in row)]


def test_sheets_in_order(book):
    wb, _ = book
    assert wb.sheetnames == ["Dashboard", "1 Alpha Domain", "2 Beta Domain", "Indicators",
                             "Recommendations", "Action plan", "Evidence", "Parking lot"]


def test_every_kloe_row_with_its_score(book, mini_framework):
    wb, report = book
    seen = {}
    for name in ("1 Alpha Domain", "2 Beta Domain"):
        ws = wb[name]
        assert ws.freeze_panes == "E5"
        for row in ws.iter_rows(min_row=5, values_only=True):
            if row[2] and str(row[2]).count(".") == 2:
                seen[row[2]] = (row[4], row[5])
    # KLOEs are numbered as readers count them (domain.element.line), never by their ids
    assert set(seen) == {k.ref for d in report.domains for k in d.kloes}
    assert len(seen) == len(list(mini_framework.kloes()))
    assert seen["1.1.1"] == (1, "1 Emerging")      # alpha.e1.k1
    assert seen["1.2.2"] == (None, "N/A")          # alpha.e2.k2
    assert seen["2.2.1"] == (0, "0 Not in place")  # beta.e2.k1


def test_dashboard_has_native_radar_with_fixed_axis(book):
    wb, _ = book
    ws = wb["Dashboard"]
    charts = ws._charts
    assert len(charts) == 1
    chart = charts[0]
    assert chart.tagname == "radarChart"
    assert chart.y_axis.scaling.min == 0 and chart.y_axis.scaling.max == 4
    assert len(chart.series) == 2
    values = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value
              for r in range(1, 30)}
    assert values["1. Alpha Domain"] == pytest.approx(2.25)


def test_action_plan_dropdown_and_real_dates(book):
    wb, _ = book
    ws = wb["Action plan"]
    [status, rag] = ws.data_validations.dataValidation
    assert status.type == "list" and "In progress" in status.formula1
    assert "I2" in str(status.sqref)
    actions = rows_of(ws)
    first = next(a for a in actions if a["Action"].startswith("Set up one"))
    assert first["Due"].date() == dt.date(2026, 4, 30)
    assert ws.cell(row=2, column=8).is_date
    assert first["Status"] == "In progress"
    assert first["Owner(s)"] == "Anyshire ICB, Anyshire NHS Trust"
    # overdue and RAG are worked out by the spreadsheet from this row's due date and status,
    # so marking the action Done clears them
    row = 2 + actions.index(first)
    assert first["Overdue"] == (f'=IF(AND(ISNUMBER(H{row}),H{row}<TODAY(),'
                                f'ISNA(MATCH(I{row},{{"Done","Dropped"}},0))),"OVERDUE","")')
    assert first["RAG"] == f'=IF(K{row}="OVERDUE","R","A")'
    assert "20 Mar 2026: Specification agreed" in first["Progress notes"]


def test_print_setup_and_frozen_headers(book):
    wb, _ = book
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
    for name in ("Indicators", "Recommendations", "Action plan", "Parking lot"):
        assert wb[name].freeze_panes == "A2"
        assert wb[name]["A2"].alignment.wrap_text


def test_scores_have_conditional_colours_and_show_numbers(book):
    wb, _ = book
    ws = wb["1 Alpha Domain"]
    ranges = {str(r.sqref) for r in ws.conditional_formatting}
    assert any(r.startswith("E5") for r in ranges)
    assert ws["E5"].number_format == "0"


def test_indicators_and_recommendations(book):
    wb, _ = book
    inds = {r["Indicator"]: r for r in rows_of(wb["Indicators"])}
    dna = inds["Missed appointments (DNA rate)"]
    assert dna["Value"] == 14 and dna["RAG"] == "Red" and dna["Threshold"] == "≤ 10%"
    assert dna["As at"].date() == dt.date(2026, 2, 1)
    assert inds["Waiting-list size"]["RAG"] == "No value"
    recs = rows_of(wb["Recommendations"])
    tracking = next(r for r in recs if r["Recommendation"].startswith("Put a single"))
    assert tracking["Why"] == "Alpha Domain › Alpha element one scored 1.0, target 3"
    assert tracking["Priority"] == "High" and tracking["Status"] == "Accepted"


def test_resources_are_hyperlinks(book):
    wb, _ = book
    links = [c.hyperlink.target for row in wb["1 Alpha Domain"].iter_rows() for c in row
             if c.hyperlink]
    assert "https://example.org/alpha" in links
    ev_links = [c.hyperlink.target for row in wb["Evidence"].iter_rows() for c in row
                if c.hyperlink]
    assert "https://example.org/paper" in ev_links


def test_hostile_text_is_inert_and_kept(rf, tmp_path):
    populate(rf, hostile=True)
    path = write_workbook(build_report(rf.review, TODAY), tmp_path / "hostile.xlsx")
    wb = load_workbook(path)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str)]
    texts = {c.value for c in cells}
    for text in HOSTILE:
        assert text in texts, text
    assert_only_our_formulas(wb)
    for c in cells:
        if c.data_type == "f":
            continue
        if c.value.startswith(("=", "+", "-", "@", "\t")):
            assert c.quotePrefix, (c.parent.title, c.coordinate, c.value)
    formula = next(c for c in cells if c.value == HOSTILE[0])
    assert formula.data_type == "s"
    assert "bellnulescvtend" in texts  # control characters gone, text kept
    longest = max(cells, key=lambda c: len(c.value))
    assert len(longest.value) == 32_767
    assert longest.value.startswith(LONG[:1000]) and "100,000 characters" in longest.value


def test_sheet_titles_are_legal_and_unique():
    used = set()
    assert sheet_title("Data: [quality]/flow?", used) == "Data   quality  flow"
    assert sheet_title("x" * 40, used) == "x" * 31
    assert sheet_title("x" * 40, used) == "x" * 27 + " (2)"
