"""The record lists drawn by the one table model: each passes qtmodeltester, reads its rows
from the core's rules, and keeps the user's place when the core changes under it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from forms import style
from forms.pages.recommendations import R_PRIORITY, R_STATUS, R_TEXT, RecommendationsPage
from maturity import edits, recommend
from maturity.recommend import item_id, reevaluate
from tests.tables import cell, column_texts, row_count

INK = Qt.ItemDataRole.ForegroundRole
FILL = Qt.ItemDataRole.BackgroundRole


def scored(session):
    for kloe, value in (("alpha.e1.k1", 1), ("alpha.e1.k2", 1), ("beta.e1.k1", 2)):
        session.edit(edits.score_kloe, kloe, value)
    session.edit(edits.set_indicator, "alpha.dna", 14)


# Recommendations ----------------------------------------------------------------------------
def test_recommendations_model_passes_qtmodeltester_and_greys_what_is_set_aside(
        qtbot, qtmodeltester, session):
    page = RecommendationsPage(session)
    qtbot.addWidget(page)
    qtmodeltester.check(page.model)
    scored(session)
    assert page.reevaluate()
    qtbot.waitUntil(lambda: row_count(page.table) == 2)
    qtmodeltester.check(page.model)
    rejected = item_id("alpha.r2")
    assert session.edit(recommend.reject_recommendation, rejected, "Already funded")
    qtbot.waitUntil(lambda: "Rejected" in column_texts(page.table, R_STATUS))
    row = page.model.row_of(rejected)
    kept = 1 - row
    assert cell(page.table, row, R_TEXT, INK).color().name() == style.NHS_DARK_GREY.lower()
    assert cell(page.table, kept, R_TEXT, INK) is None
    fill, ink = style.RAG_COLOURS[recommend.PRIORITY_RAG[
        session.review.get("recommendation", rejected).priority]]
    assert cell(page.table, row, R_PRIORITY, FILL).color().name() == fill.lower()
    assert cell(page.table, row, R_PRIORITY, INK).color().name() == ink.lower()
    assert page.model.rowCount() == len(session.review.recommendations)


def test_recommendations_follow_the_core_filter_and_keep_the_selection(qtbot, session):
    scored(session)
    session.edit(reevaluate)
    page = RecommendationsPage(session)
    qtbot.addWidget(page)
    assert page.select(item_id("alpha.r2"))
    for key in recommend.SHOWS:
        page.show_box.setCurrentIndex(page.show_box.findData(key))
        expected = recommend.shown_recommendations(session.review.recommendations, key)
        assert page.model.records == tuple(expected), key
    page.show_box.setCurrentIndex(page.show_box.findData("all"))
    # A decision on another row re-sorts nothing away from the user: the selection stays.
    assert page.select(item_id("alpha.r2"))
    assert session.edit(recommend.accept_recommendation, item_id("alpha.r1"))
    qtbot.waitUntil(lambda: "Accepted" in column_texts(page.table, R_STATUS))
    assert page.selected_id() == item_id("alpha.r2")
    assert page.title.text().startswith(recommend.PRIORITY_WORDS[
        session.review.get("recommendation", item_id("alpha.r2")).priority])
