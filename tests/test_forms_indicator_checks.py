"""Indicator figures in the domain panel: figures the rule rules out are refused with the
reason, figures a file holds anyway are flagged, and threshold and RAG stay in view at 1440 px."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea

from forms.panels.domain import IND_DATE, IND_RAG, IND_THRESHOLD, IND_VALUE
from maturity import edits
from tests.tables import cell


def row_of(panel, indicator_id):
    row = panel.indicators_model.row_of(indicator_id)
    if row < 0:
        raise KeyError(indicator_id)
    return row


@pytest.mark.parametrize("indicator, column, text, words", [
    ("alpha.dna", IND_VALUE, "140", "140% is outside 0–100%"),
    ("alpha.dna", IND_VALUE, "-5%", "-5% is outside 0–100%"),
    ("alpha.waitlist", IND_VALUE, "-12", "-12 CYP is negative"),
])
def test_a_figure_the_unit_rules_out_is_refused_with_the_reason(
        qtbot, make_window, review_path, answers, indicator, column, text, words):
    window = make_window(review_path)
    window.go_to_item("alpha")
    panel = window.review_page.domain_panel
    panel.set_indicator_cell(indicator, column, text)
    assert answers.errors and words in answers.errors[-1][1]
    assert window.session.review.indicator_value(indicator) is None
    qtbot.waitUntil(lambda: cell(panel.indicators, row_of(panel, indicator), IND_VALUE) == "")


def test_a_date_in_the_future_is_refused_and_the_figure_kept(qtbot, make_window, review_path,
                                                             answers):
    window = make_window(review_path)
    window.go_to_item("alpha")
    panel = window.review_page.domain_panel
    panel.set_indicator_cell("alpha.dna", IND_VALUE, "14")
    future = dt.date.today() + dt.timedelta(days=40)
    panel.set_indicator_cell("alpha.dna", IND_DATE, future.isoformat())
    assert f"{future.isoformat()} is in the future" in answers.errors[-1][1]
    assert window.session.review.indicator_value("alpha.dna").date is None
    assert window.session.review.indicator_value("alpha.dna").value == 14


def test_a_figure_the_file_holds_anyway_is_flagged_not_rated(qtbot, make_window, review_path):
    from maturity.reviewfile import ReviewFile

    with ReviewFile.open(review_path) as rf:
        rf.execute(edits.set_indicator(rf.review, "alpha.dna", 5))
    con = sqlite3.connect(review_path)
    con.execute("UPDATE record SET data = json_set(data, '$.value', 130) "
                "WHERE key = 'alpha.dna'")
    con.commit()
    con.close()
    window = make_window(review_path)
    window.go_to_item("alpha")
    panel = window.review_page.domain_panel
    row = row_of(panel, "alpha.dna")
    assert cell(panel.indicators, row, IND_VALUE) == "130"      # kept, not lost
    rag = cell(panel.indicators, row, IND_RAG)
    assert "Check" in rag and "130% is outside 0–100%" in cell(panel.indicators, row, IND_RAG,
                                                                 Qt.ItemDataRole.ToolTipRole)
    assert "G" not in rag
    assert "130% is outside" in cell(panel.indicators, row, IND_VALUE,
                                     Qt.ItemDataRole.ToolTipRole)


def test_threshold_and_rag_are_in_view_at_1440_pixels(qtbot, make_window, rich_path):
    window = make_window(rich_path)
    window.resize(1440, 900)
    window.show()
    window.go_to_item("access")   # the domain with the longest threshold notes
    panel = window.review_page.domain_panel
    window.session.edit(edits.set_indicator, "access.waiting-list", 1234,
                        date=dt.date(2026, 2, 1),
                        source="Trust extract from the community system, as of February")
    qtbot.waitUntil(lambda: cell(panel.indicators, row_of(panel, "access.waiting-list"),
                                 IND_VALUE) == "1234")
    table = panel.indicators
    assert table.horizontalScrollBar().maximum() == 0
    scroll = panel.findChild(QScrollArea)
    assert scroll.horizontalScrollBar().maximum() == 0
    right = table.horizontalHeader().sectionViewportPosition(IND_RAG) + table.columnWidth(IND_RAG)
    assert right <= table.viewport().width()
    row = row_of(panel, "access.first-assessment")
    assert cell(table, row, IND_THRESHOLD).startswith("≥ 100%")
    note = window.session.review.framework.indicator("access.first-assessment").threshold_note
    assert cell(table, row, IND_THRESHOLD, Qt.ItemDataRole.ToolTipRole) == note
    scroll.ensureWidgetVisible(table)
    window.grab().save(str(rich_path.parent / "domain-1440.png"))
