"""The workbook as partners use it: edited after the export, opened in Excel or LibreOffice."""

import datetime as dt

import pytest
from openpyxl import load_workbook

from exports.workbook.kit import EDIT_ROWS, LINE_HEIGHT, text_lines
from exports.workbook.review import REC_STATUS_CHOICES, write_workbook
from maturity.report import build_report
from maturity.reviewfile import ReviewFile
from maturity.wording import SCORE_BANDS
from tests.reviews import populate

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def wb(rf, tmp_path):
    populate(rf)
    return load_workbook(write_workbook(build_report(rf.review, TODAY), tmp_path / "w.xlsx"))


def last_row(ref):
    return int(str(ref).split(":")[-1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def band_ends(ws):
    return {last_row(rng) for cf in ws.conditional_formatting for rule in cf.rules
            if rule.formula and rule.formula[0].startswith("MOD(ROW()")
            for rng in str(cf.sqref).split()}


def test_recommendations_get_a_status_drop_down_and_banding_as_far_as_it_goes(wb):
    ws = wb["Recommendations"]
    [dv] = ws.data_validations.dataValidation
    assert dv.type == "list" and str(dv.sqref).startswith("B2:")
    for choice in REC_STATUS_CHOICES:
        assert choice in dv.formula1
    assert band_ends(ws) == {last_row(dv.sqref)} and last_row(dv.sqref) >= EDIT_ROWS


def test_action_plan_banding_reaches_every_row_its_drop_downs_reach(wb):
    ws = wb["Action plan"]
    ends = {last_row(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert band_ends(ws) == ends


def test_rag_and_overdue_are_coloured_by_what_they_say(wb):
    ws = wb["Action plan"]
    rules = {(str(cf.sqref), rule.formula[0]) for cf in ws.conditional_formatting
             for rule in cf.rules}
    end = max(band_ends(ws))
    for word in "RAG":
        assert (f"J2:J{end}", f'J2="{word}"') in rules
    assert (f"K2:K{end}", 'K2="OVERDUE"') in rules
    # no fixed fill that would stay red once the action is done
    assert ws["K2"].fill.fgColor.rgb in (None, "00000000")


def wrapped_rows_short_of_height(wb):
    """Each wrapped text cell whose row is too short for it, and how many were checked."""
    short, checked = [], 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type != "s" or not c.alignment.wrap_text:
                    continue
                lines = text_lines(c.value, ws.column_dimensions[c.column_letter].width)
                if lines > 1:
                    height = ws.row_dimensions[c.row].height
                    if height is None or height < lines * LINE_HEIGHT:
                        short.append((ws.title, c.coordinate, lines, height))
                    checked += 1
    return short, checked


def test_every_wrapped_row_is_tall_enough_for_its_text(wb):
    short, checked = wrapped_rows_short_of_height(wb)
    assert not short and checked > 5


def test_framework_notes_under_each_domain_never_run_over_the_next_row(rich_path, tmp_path):
    """Common findings and the tools list sit below each domain's table on the real framework."""
    with ReviewFile.open(rich_path, readonly=True) as f:
        report = build_report(f.review, TODAY)
    wb = load_workbook(write_workbook(report, tmp_path / "w.xlsx"))
    short, checked = wrapped_rows_short_of_height(wb)
    assert not short, short[:5]
    assert checked > 100


def test_a_long_word_wraps_onto_its_own_lines():
    assert text_lines("a " + "x" * 30, 10) == 1 + 3     # 11 characters a line
    assert text_lines("one two three", 100) == 1
    assert text_lines("one\ntwo", 100) == 2


def test_print_header_sits_above_row_one(wb):
    for ws in wb.worksheets:
        m = ws.page_margins
        assert m.top >= m.header + 0.4, ws.title       # room for a 9 pt header line
        assert ws.oddHeader.left.size <= 9


def test_score_colours_are_the_apps_bands(wb):
    ws = wb["1 Alpha Domain"]
    fills = {rule.dxf.fill.fgColor.rgb[-6:] for cf in ws.conditional_formatting
             for rule in cf.rules if rule.dxf is not None and rule.dxf.fill is not None
             and not (rule.formula and rule.formula[0].startswith("MOD("))}
    assert {b.fill.lstrip("#").upper() for b in SCORE_BANDS} <= {f.upper() for f in fills}
