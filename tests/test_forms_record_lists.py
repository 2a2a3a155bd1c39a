"""The record lists drawn by the one table model: each passes qtmodeltester, reads its rows
from the core's rules, and keeps the user's place when the core changes under it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from forms import style
from forms.dialogs.action import ActionDialog
from forms.pages.dashboard import DashboardPanel
from forms.pages.recommendations import R_PRIORITY, R_STATUS, R_TEXT, RecommendationsPage
from forms.pages.welcome import WelcomePage
from forms.panels.parking import P_STATUS, P_TEXT, P_WHERE, ParkingPanel
from forms.session import ReviewSession
from maturity import edits, recommend
from maturity.recommend import item_id, reevaluate
from tests.reviews import populate
from tests.tables import cell, column_texts, row_count
from tests.test_forms_plan import scored

INK = Qt.ItemDataRole.ForegroundRole
FILL = Qt.ItemDataRole.BackgroundRole
CHECK = Qt.ItemDataRole.CheckStateRole
EDITABLE = Qt.ItemFlag.ItemIsEditable
CHECKABLE = Qt.ItemFlag.ItemIsUserCheckable


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


# Parking lot --------------------------------------------------------------------------------
def test_parking_model_edits_in_place_through_the_core_with_undo(qtbot, qtmodeltester, session):
    panel = ParkingPanel(session)
    qtbot.addWidget(panel)
    qtmodeltester.check(panel.model)
    session.edit(edits.add_parking, "Ask schools about referrals", "alpha.e1")
    session.edit(edits.add_parking, "Room booking")
    qtbot.waitUntil(lambda: row_count(panel.table) == 2)
    qtmodeltester.check(panel.model)
    row = column_texts(panel.table, P_TEXT).index("Room booking")
    parked = panel.model.record(row)
    assert cell(panel.table, row, P_WHERE) == "—"
    assert cell(panel.table, row, P_WHERE, Qt.ItemDataRole.ToolTipRole) == ""
    text = panel.model.index(row, P_TEXT)
    assert panel.model.flags(text) & EDITABLE
    assert not panel.model.flags(panel.model.index(row, P_WHERE)) & EDITABLE
    assert panel.model.setData(text, "Book the hall for March")
    assert session.review.get("parking", parked.id).text == "Book the hall for March"
    qtbot.waitUntil(lambda: cell(panel.table, row, P_TEXT) == "Book the hall for March")
    # An empty text is refused with the core's words; the cell keeps what is saved.
    assert not panel.model.setData(text, "   ")
    assert session.errors[-1][1] == "a parking-lot item needs some text"
    assert cell(panel.table, row, P_TEXT) == "Book the hall for March"
    # Ticking the status box closes it (and it leaves the open list); undo brings it back.
    assert panel.model.setData(panel.model.index(row, P_STATUS), Qt.CheckState.Checked, CHECK)
    assert session.review.get("parking", parked.id).status == "closed"
    qtbot.waitUntil(lambda: row_count(panel.table) == 1)
    assert session.undo()
    qtbot.waitUntil(lambda: row_count(panel.table) == 2)
    assert panel.toggle_selected() is False  # nothing selected: nothing changes
    panel.table.setCurrentIndex(panel.model.index(panel.model.row_of(parked.id), P_TEXT))
    assert panel.toggle_selected()
    assert session.review.get("parking", parked.id).status == "closed"


def test_parking_in_a_read_only_review_offers_nothing_to_change(qtbot, review_path):
    with_items = ReviewSession(report_error=lambda *a: None)
    assert with_items.open(review_path)
    with_items.edit(edits.add_parking, "Ask schools about referrals", "alpha.e1")
    with_items.close()
    errors = []
    session = ReviewSession(report_error=lambda *a: errors.append(a))
    assert session.open(review_path, readonly=True) and session.readonly
    panel = ParkingPanel(session)
    qtbot.addWidget(panel)
    assert row_count(panel.table) == 1
    status, text = panel.model.index(0, P_STATUS), panel.model.index(0, P_TEXT)
    assert not panel.model.flags(text) & EDITABLE
    assert not panel.model.flags(status) & CHECKABLE
    assert cell(panel.table, 0, P_STATUS, CHECK) == Qt.CheckState.Unchecked
    assert not panel.model.setData(text, "Changed")
    assert not panel.model.setData(status, Qt.CheckState.Checked, CHECK)
    assert session.review.parking[0].text == "Ask schools about referrals"
    session.close()


# The action dialog --------------------------------------------------------------------------
def test_action_dialog_lists_tick_and_keep_their_order(qtbot, qtmodeltester, session):
    populate(session.file)
    review = session.review
    action = review.actions[0]
    dialog = ActionDialog(review, action)
    qtbot.addWidget(dialog)
    for table in (dialog.owners, dialog.recs, dialog.notes):
        qtmodeltester.check(table.model())
    linkable = recommend.linkable_recommendations(review.recommendations)
    assert dialog.recs.record_model().records == tuple(linkable)
    assert linkable and all(r.status != "rejected" for r in linkable)
    owners_before = action.owners
    assert row_count(dialog.owners) == len(review.organisations)
    # Ticking in the list is the value; the list's order decides the value's order.
    org_ids = [o.id for o in review.organisations]
    for org_id in org_ids:
        row = dialog.owners.record_model().row_of(org_id)
        dialog.owners.record_model().setData(dialog.owners.record_model().index(row, 0),
                                             Qt.CheckState.Checked, CHECK)
    assert dialog.value()["owners"] == org_ids
    first = dialog.owners.record_model().index(0, 0)
    assert first.data(CHECK) == Qt.CheckState.Checked
    dialog.owners.record_model().setData(first, Qt.CheckState.Unchecked, CHECK)
    assert dialog.value()["owners"] == org_ids[1:]
    assert session.review.actions[0].owners == owners_before  # saved only with the form
    # Progress notes are listed by date, and the selected one is the one removed.
    notes = [(n.date, n.text) for n in action.notes]
    dialog.note_date.setDate(dt.date(1999, 1, 2))
    dialog.note_text.setText("Earliest of all")
    dialog.add_note()
    assert cell(dialog.notes, 0, 0) == "2 Jan 1999: Earliest of all"
    assert row_count(dialog.notes) == len(notes) + 1
    dialog.notes.setCurrentIndex(dialog.notes.model().index(0, 0))
    dialog.remove_note()
    assert dialog.value()["notes"] == notes


# Dashboard and start page -------------------------------------------------------------------
def test_dashboard_lists_are_the_core_flag_rule_and_open_on_click(qtbot, qtmodeltester, session):
    from maturity.flags import DISAGREE, UNEVIDENCED, flagged_kloes
    from maturity.scoring import rollup

    dash = DashboardPanel(session)
    qtbot.addWidget(dash)
    dash.refresh()
    for flagged in (dash.disagreements, dash.unevidenced):
        qtmodeltester.check(flagged.model)
        assert row_count(flagged.table) == 0 and not flagged.empty.isHidden()
    session.edit(edits.score_kloe, "alpha.e1.k1", 4)
    session.edit(edits.score_kloe, "alpha.e2.k1", 3)
    session.edit(edits.set_group_score, "beta.e1.k1", "Commissioner", 3)
    session.edit(edits.set_group_score, "beta.e1.k1", "VCSE", 1)
    dash.refresh()
    roll = rollup(session.review)
    for flagged, flag in ((dash.disagreements, DISAGREE), (dash.unevidenced, UNEVIDENCED)):
        qtmodeltester.check(flagged.model)
        assert flagged.model.records == tuple(flagged_kloes(session.review, roll, flag))
        assert flagged.empty.isHidden()
    assert column_texts(dash.unevidenced.table, 0)[1].endswith("scored 3")
    assert dash.flags.text() == "3"
    opened = []
    dash.item_activated.connect(opened.append)
    dash.unevidenced.table.clicked.emit(dash.unevidenced.model.index(1, 0))
    assert opened == ["alpha.e2.k1"]


def test_recent_reviews_list_names_then_folders_and_opens_on_enter_only(qtbot, qtmodeltester,
                                                                        tmp_path):
    page = WelcomePage()
    qtbot.addWidget(page)
    qtmodeltester.check(page.recent.model)
    assert not page.recent.empty.isHidden() and page.recent.empty.text() == \
        "No recent reviews yet."
    paths = [str(tmp_path / "a" / "North.sitreview"), str(tmp_path / "South.sitreview")]
    page.set_recent(paths)
    qtmodeltester.check(page.recent.model)
    assert cell(page.recent.table, 0, 0) == f"North.sitreview\n{tmp_path / 'a'}"
    assert cell(page.recent.table, 1, 0, Qt.ItemDataRole.ToolTipRole) == paths[1]
    chosen = []
    page.recent_chosen.connect(chosen.append)
    page.recent.table.clicked.emit(page.recent.model.index(1, 0))
    assert chosen == []  # a click only selects
    page.recent.table.activated.emit(page.recent.model.index(1, 0))
    assert chosen == [paths[1]]
