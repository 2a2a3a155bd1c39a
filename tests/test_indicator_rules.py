"""The one rule for an indicator's figure: a percentage runs 0-100, a count is never negative,
a figure cannot be dated in the future; typed, merged from another copy or read from a file."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3

import pytest

from maturity import edits
from maturity.framework import Indicator
from maturity.merge import MergeError, plan_merge
from maturity.reviewfile import ReviewFile
from maturity.rules import ReviewError, indicator_bounds, indicator_problem, indicator_warnings

TODAY = dt.date(2026, 6, 1)


def ind(unit: str) -> Indicator:
    return Indicator(id="x.y", name="A figure", unit=unit, direction="higher")


@pytest.mark.parametrize("unit, value, words", [
    ("%", 100.5, "outside 0–100%"),
    ("%", -0.1, "outside 0–100%"),
    ("CYP", -3, "negative"),
    ("contacts", -0.5, "negative"),
    ("days", -1, "negative"),
    ("% of target", -10, "negative"),
    ("out of 5", 5.5, "above 5"),
    ("out of 5", -1, "negative"),
])
def test_figures_the_unit_rules_out_are_named(unit, value, words):
    problem = indicator_problem(ind(unit), value)
    assert words in problem
    with pytest.raises(ReviewError, match=f"A figure: .*{words}"):
        from maturity.rules import check_indicator_value
        check_indicator_value(ind(unit), value, None)


@pytest.mark.parametrize("unit, value", [
    ("%", 0), ("%", 100), ("%", 37.5), ("CYP", 0), ("CYP", 1200), ("% of target", 140),
    ("% change", -25), ("% change", 250), ("out of 5", 5), ("weeks", 65),
])
def test_figures_the_unit_allows_pass(unit, value):
    assert indicator_problem(ind(unit), value) == ""


def test_bounds_follow_the_unit():
    assert indicator_bounds(ind("%")) == (0, 100)
    assert indicator_bounds(ind("% change")) == (None, None)
    assert indicator_bounds(ind("out of 5")) == (0, 5)
    assert indicator_bounds(ind("days")) == (0, None)


def test_a_date_after_today_is_refused_only_when_today_is_given():
    assert "in the future" in indicator_problem(ind("%"), 50, dt.date(2026, 6, 2), TODAY)
    assert indicator_problem(ind("%"), 50, TODAY, TODAY) == ""
    assert indicator_problem(ind("%"), 50, dt.date(2030, 1, 1)) == ""


@pytest.mark.parametrize("value, date, words", [
    ("101", None, "outside 0–100%"),
    ("150%", None, "outside 0–100%"),
    (-1, None, "outside 0–100%"),
    (12, dt.date(2026, 7, 1), "2026-07-01 is in the future"),
])
def test_typed_figures_are_refused_with_the_reason(rf, value, date, words):
    with pytest.raises(ReviewError, match=f"Missed appointments \\(DNA rate\\): .*{words}"):
        edits.set_indicator(rf.review, "alpha.dna", value, date=date, today=TODAY)
    assert rf.review.indicator_value("alpha.dna") is None


def test_a_negative_count_is_refused_and_a_sound_one_kept(rf):
    with pytest.raises(ReviewError, match="Waiting-list size: -4 CYP is negative"):
        edits.set_indicator(rf.review, "alpha.waitlist", -4, today=TODAY)
    rf.execute(edits.set_indicator(rf.review, "alpha.waitlist", 0, date=TODAY, today=TODAY))
    assert rf.review.indicator_value("alpha.waitlist").value == 0


def _store(path, key, value, date=None):
    """Write a figure straight into the file, as another program (or an older version) might."""
    con = sqlite3.connect(path)
    con.execute("UPDATE record SET data = json_set(data, '$.value', ?) WHERE key = ?",
                (value, key))
    if date:
        con.execute("UPDATE record SET data = json_set(data, '$.date', ?) WHERE key = ?",
                    (date, key))
    con.commit()
    con.close()


def test_a_file_holding_a_figure_the_rule_refuses_opens_and_is_flagged(review_path):
    with ReviewFile.open(review_path) as rf:
        rf.execute(edits.set_indicator(rf.review, "alpha.dna", 14, date=dt.date(2026, 2, 1)))
        rf.execute(edits.set_indicator(rf.review, "alpha.waitlist", 40))
    _store(review_path, "alpha.dna", 140, "2027-02-01")
    _store(review_path, "alpha.waitlist", -2)
    with ReviewFile.open(review_path, readonly=True) as rf:   # nothing saved is lost
        assert rf.review.indicator_value("alpha.dna").value == 140
        warnings = indicator_warnings(rf.review, TODAY)
    assert "140% is outside 0–100%" in warnings["alpha.dna"]
    assert "negative" in warnings["alpha.waitlist"]
    _store(review_path, "alpha.dna", 14)
    with ReviewFile.open(review_path, readonly=True) as rf:
        assert "2027-02-01 is in the future" in indicator_warnings(rf.review, TODAY)["alpha.dna"]


def test_merging_a_figure_the_rule_refuses_is_refused(review_path, tmp_path):
    with ReviewFile.open(review_path) as rf:
        rf.execute(edits.score_kloe(rf.review, "alpha.e1.k1", 1))
    other = tmp_path / "breakout-b.sitreview"
    shutil.copyfile(review_path, other)
    with ReviewFile.open(other) as rf:
        rf.execute(edits.set_indicator(rf.review, "alpha.dna", 14))
    _store(other, "alpha.dna", 250)
    with ReviewFile.open(review_path) as mine, ReviewFile.open(other, readonly=True) as theirs:
        with pytest.raises(MergeError, match="breakout-b.sitreview: .*250% is outside 0–100%"):
            plan_merge(mine, theirs)
        assert mine.review.indicator_value("alpha.dna") is None


def test_reports_and_the_command_line_flag_a_figure_the_rule_refuses(review_path, tmp_path,
                                                                      capsys):
    from openpyxl import load_workbook

    from exports.workbook.review import write_workbook
    from maturity.cli import main
    from maturity.report import build_report

    with ReviewFile.open(review_path) as rf:
        rf.execute(edits.set_indicator(rf.review, "alpha.dna", 5))
    _store(review_path, "alpha.dna", 120)
    with ReviewFile.open(review_path, readonly=True) as rf:
        report = build_report(rf.review, TODAY)
    [row] = [i for i in report.indicators if i.id == "alpha.dna"]
    assert row.rag is None and "120% is outside 0–100%" in row.problem
    out = tmp_path / "r.xlsx"
    write_workbook(report, out)
    ws = load_workbook(out)["Indicators"]
    rags = [ws.cell(row=r, column=9).value for r in range(2, ws.max_row + 1)]
    assert any(v and v.startswith("Check figure: 120%") for v in rags)
    assert main(["info", str(review_path)]) == 0
    assert "Check indicator Missed appointments (DNA rate): 120% is outside 0–100%" \
        in capsys.readouterr().out
