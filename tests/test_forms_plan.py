"""Recommendations, action plan and export in the app: each view both ways, and the export
running off the UI thread."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import Qt

from forms.dialogs.action import ActionDialog
from forms.dialogs.export import ExportDialog
from forms.pages.plan import A_ACTION, A_DUE, A_RAG, ActionsPage
from forms.pages.recommendations import (
    R_REASON,
    R_STATUS,
    OwnRecommendationDialog,
    RecommendationsPage,
)
from maturity import edits
from maturity.plan import add_action
from maturity.recommend import item_id, reevaluate
from maturity.reviewfile import ReviewFile
from tests.reviews import populate
from tests.tables import cell, column_texts, is_bold, row_count

TODAY = dt.date(2026, 6, 1)




def scored(session):
    for kloe, value in (("alpha.e1.k1", 1), ("alpha.e1.k2", 1), ("beta.e1.k1", 2)):
        session.edit(edits.score_kloe, kloe, value)
    session.edit(edits.set_indicator, "alpha.dna", 14)


def texts(table, col):
    return column_texts(table, col)


# Recommendations ----------------------------------------------------------------------------
def test_reevaluate_lists_suggestions_with_reasons(qtbot, session):
    page = RecommendationsPage(session)
    qtbot.addWidget(page)
    assert row_count(page.table) == 0 and "No recommendations yet" in page.counts.text()
    scored(session)
    assert page.reevaluate()
    qtbot.waitUntil(lambda: row_count(page.table) == 2)
    reasons = texts(page.table, R_REASON)
    assert "Alpha Domain › Alpha element one scored 1.0, target 3" in reasons
    assert "Missed appointments (DNA rate) 14%, threshold ≤ 10%" in reasons
    assert cell(page.table, 0, 0) == "High (5.5)"
    assert "2 to decide" in page.counts.text()


def test_accept_edit_reject_reconsider_through_the_page(qtbot, session):
    scored(session)
    session.edit(reevaluate)
    page = RecommendationsPage(session)
    qtbot.addWidget(page)
    assert page.select(item_id("alpha.r1"))
    page.text.setPlainText("One tracking list, shared by every partner.")
    page.note.setPlainText("Agreed at workshop 2")
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    rec = session.review.get("recommendation", item_id("alpha.r1"))
    assert rec.status == "edited" and rec.text.startswith("One tracking list")
    assert rec.original_text == "Put a single tracking list in place."
    assert rec.note == "Agreed at workshop 2"
    qtbot.waitUntil(lambda: "Accepted (edited)" in texts(page.table, R_STATUS))
    assert page.select(item_id("alpha.r2"))
    page.note.setPlainText("Raised by the trust")
    asked = []
    page.ask_reject_reason = lambda r: asked.append(r.id) or "Already in the trust's plan"
    qtbot.mouseClick(page.reject_button, Qt.MouseButton.LeftButton)
    rec = session.review.get("recommendation", item_id("alpha.r2"))
    assert asked == [item_id("alpha.r2")]
    assert rec.status == "rejected" and rec.rejection_reason == "Already in the trust's plan"
    assert rec.note == "Raised by the trust"
    qtbot.waitUntil(lambda: "Rejected because: Already in the trust's plan"
                    in page.reason.text())
    qtbot.waitUntil(lambda: page.selected_id() == item_id("alpha.r2")
                    and not page.reject_button.isEnabled())
    qtbot.mouseClick(page.reconsider_button, Qt.MouseButton.LeftButton)
    assert session.review.get("recommendation", item_id("alpha.r2")).status == "suggested"
    # a core change shows in the view
    session.undo()
    qtbot.waitUntil(lambda: "Rejected" in texts(page.table, R_STATUS))


def test_scores_moving_marks_without_losing_the_decision(qtbot, session):
    scored(session)
    session.edit(reevaluate)
    page = RecommendationsPage(session)
    qtbot.addWidget(page)
    page.select(item_id("alpha.r1"))
    page.accept_selected()
    session.edit(edits.score_kloe, "alpha.e1.k1", 4)
    session.edit(edits.score_kloe, "alpha.e1.k2", 4)
    page.reevaluate()
    qtbot.waitUntil(lambda: any("trigger no longer holds" in t
                                for t in texts(page.table, R_STATUS)))
    rec = session.review.get("recommendation", item_id("alpha.r1"))
    assert rec.status == "accepted" and not rec.trigger_holds
    page.show_box.setCurrentIndex(page.show_box.findData("stale"))
    assert row_count(page.table) == 1


def test_own_recommendation_added_and_removed(qtbot, session):
    page = RecommendationsPage(session)
    qtbot.addWidget(page)
    page.ask_own = lambda: {"text": "Hold a joint waiting-list review", "domain_id": "beta",
                            "priority": "high", "note": ""}
    assert page.add_own()
    [rec] = session.review.recommendations
    assert rec.domain_id == "beta" and rec.status == "accepted" and rec.priority == "high"
    assert page.selected_id() == rec.id and page.remove_button.isEnabled()
    assert page.remove_selected()
    assert session.review.recommendations == []


def test_own_recommendation_dialog_needs_text_and_returns_what_was_typed(qtbot, session):
    dialog = OwnRecommendationDialog(session.review)
    qtbot.addWidget(dialog)
    dialog._on_ok()
    assert dialog.result() != dialog.DialogCode.Accepted and "Write" in dialog.message.text()
    dialog.text.setPlainText("Hold a joint waiting-list review")
    dialog.domain.setCurrentIndex(dialog.domain.findData("beta"))
    dialog.note.setPlainText("From the parking lot")
    dialog._on_ok()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.value() == {"text": "Hold a joint waiting-list review", "domain_id": "beta",
                              "priority": dialog.priority.currentData(),
                              "note": "From the parking lot"}


# Action plan --------------------------------------------------------------------------------
@pytest.fixture
def plan_session(session):
    populate(session.file)
    return session


def test_action_plan_lists_and_highlights_overdue_in_words(qtbot, plan_session):
    page = ActionsPage(plan_session, today=lambda: TODAY)
    qtbot.addWidget(page)
    assert row_count(page.table) == 2
    row = texts(page.table, A_ACTION).index("Set up one patient-tracking list across partners")
    assert cell(page.table, row, A_DUE) == "30 Apr 2026  OVERDUE"
    assert cell(page.table, row, A_RAG) == "Red (overdue)"
    assert is_bold(page.table, row, A_DUE)
    assert "1 overdue" in page.counts.text()


def test_long_leads_and_owners_wrap_so_the_action_keeps_its_room(qtbot, plan_session):
    s = plan_session
    org = s.review.organisations[0].id
    s.execute(add_action(s.review, "Agree one route in for schools", owners=[org],
                         lead="Gemma Holloway, Service Manager, Anytown Community CAMHS, "
                              "and deputy for the Northvale locality team"))
    page = ActionsPage(s, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    widths = [page.table.columnWidth(c) for c in range(page.table.model().columnCount())]
    assert widths[A_ACTION] >= 0.25 * sum(widths), widths


def test_sort_and_filter_by_owner_status_domain_due(qtbot, plan_session):
    s = plan_session
    trust = next(o.id for o in s.review.organisations if o.name == "Anyshire NHS Trust")
    icb = next(o.id for o in s.review.organisations if o.name == "Anyshire ICB")
    s.edit(add_action, "Beta work", kloe_ids=["beta.e1.k1"], owners=[icb], status="blocked",
           due=dt.date(2026, 5, 20))
    page = ActionsPage(s, today=lambda: TODAY)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: row_count(page.table) == 3)
    assert texts(page.table, A_ACTION) == ["Set up one patient-tracking list across partners",
                                           "Beta work", "Text reminders before appointments"]
    page.descending_box.setChecked(True)
    assert texts(page.table, A_ACTION)[0] == "Text reminders before appointments"
    page.descending_box.setChecked(False)
    page.owner_box.setCurrentIndex(page.owner_box.findData(trust))
    assert set(texts(page.table, A_ACTION)) == {
        "Set up one patient-tracking list across partners", "Text reminders before appointments"}
    page.owner_box.setCurrentIndex(0)
    page.status_box.setCurrentIndex(page.status_box.findData("blocked"))
    assert texts(page.table, A_ACTION) == ["Beta work"]
    page.status_box.setCurrentIndex(0)
    page.domain_box.setCurrentIndex(page.domain_box.findData("beta"))
    assert texts(page.table, A_ACTION) == ["Beta work"]
    page.domain_box.setCurrentIndex(0)
    page.overdue_box.setChecked(True)
    assert texts(page.table, A_ACTION) == ["Set up one patient-tracking list across partners",
                                           "Beta work"]
    page.overdue_box.setChecked(False)
    page.sort_box.setCurrentIndex(page.sort_box.findData("status"))
    assert texts(page.table, A_ACTION)[0] == "Text reminders before appointments"  # not started


def test_add_edit_remove_through_the_page(qtbot, plan_session):
    s = plan_session
    page = ActionsPage(s, today=lambda: TODAY)
    qtbot.addWidget(page)
    orgs = [o.id for o in s.review.organisations]
    page.ask_action = lambda action, preset=None: {
        "description": "Joint training for school staff", "owners": orgs[:2], "lead": "Kim",
        "start": dt.date(2026, 6, 1), "due": dt.date(2026, 12, 1), "status": "not_started",
        "rag": "G", "success_measure": "80% trained", "recommendation_ids": [],
        "kloe_ids": ["beta.e1.k1"], "notes": [(dt.date(2026, 6, 2), "Venue booked")]}
    assert page.add_action()
    new = next(a for a in s.review.actions if a.description.startswith("Joint training"))
    assert new.owners == tuple(orgs[:2]) and new.notes[0].text == "Venue booked"
    assert page.selected_id() == new.id
    captured = {}

    def edit(action, preset=None):
        captured["action"] = action
        return {"description": action.description, "owners": [orgs[2]], "lead": "Kim",
                "start": action.start, "due": action.due, "status": "in_progress",
                "rag": "A", "success_measure": action.success_measure,
                "recommendation_ids": [], "kloe_ids": None,
                "notes": [(n.date, n.text) for n in action.notes]
                + [(dt.date(2026, 7, 1), "First session run")]}
    page.ask_action = edit
    assert page.edit_selected()
    assert captured["action"].id == new.id
    changed = s.review.get("action", new.id)
    assert changed.status == "in_progress" and changed.owners == (orgs[2],)
    assert [n.text for n in changed.notes] == ["Venue booked", "First session run"]
    assert s.undo_label() == "Edit action “Joint training for school staff”"
    page.ask_yes_no = lambda title, q: True
    assert page.remove_selected()
    assert s.review.get("action", new.id) is None


def test_bad_action_input_is_reported_not_raised(qtbot, plan_session):
    page = ActionsPage(plan_session, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.ask_action = lambda action, preset=None: {
        "description": "x", "owners": [], "lead": "", "start": None, "due": None,
        "status": "not_started", "rag": None, "success_measure": "",
        "recommendation_ids": [], "kloe_ids": ["no.such.kloe"], "notes": []}
    assert not page.add_action()
    assert "unknown KLOE 'no.such.kloe'" in plan_session.errors[-1][1]


def test_action_dialog_round_trips_every_field(qtbot, plan_session):
    review = plan_session.review
    action = review.actions[0]
    dialog = ActionDialog(review, action)
    qtbot.addWidget(dialog)
    value = dialog.value()
    assert value["description"] == action.description
    assert value["owners"] == list(action.owners)
    assert value["due"] == action.due and value["start"] == action.start
    assert value["status"] == "in_progress" and value["rag"] == "A"
    assert value["recommendation_ids"] == list(action.recommendation_ids)
    assert value["notes"] == [(n.date, n.text) for n in action.notes]
    dialog.due.enabled.setChecked(False)
    dialog.note_text.setText("Typed but not added")
    value = dialog.value()
    assert value["due"] is None
    assert value["notes"][-1][1] == "Typed but not added"
    dialog.grab().save("/tmp/sit-action-dialog.png")


# Export -------------------------------------------------------------------------------------
def test_export_runs_off_the_ui_thread_with_progress(qtbot, plan_session, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dialog = ExportDialog(plan_session, folder=out)
    qtbot.addWidget(dialog)
    for key, box in dialog.boxes.items():
        # The accessible PDF needs LibreOffice, present on some machines and not others; its
        # own tests cover it (tests/test_export_accessible.py).
        box.setChecked(key != "accessible")
    seen = []
    original = dialog._on_progress
    dialog._on_progress = lambda f, m: (seen.append((f, threading.get_ident())), original(f, m))
    opened = []
    dialog.open_path = lambda p: opened.append(p) or True
    with qtbot.waitSignal(dialog.export_finished, timeout=60_000) as blocker:
        assert dialog.start()
        job = dialog.job
        assert not dialog.close_button.isEnabled() and not dialog.export_button.isEnabled()
    paths = blocker.args[0]
    assert len(paths) == 10  # workbook, two PDFs, Word, JSON, five CSV files
    assert all((out / p).exists() for p in paths)
    assert job.thread_id is not None and job.thread_id != threading.get_ident()
    assert seen and seen[-1][0] == 1.0 and len(seen) > 5
    assert {thread for _, thread in seen} == {threading.get_ident()}  # delivered on UI thread
    assert dialog.progress.value() == 100 and "Done: 10 files" in dialog.status.text()
    assert dialog.open_button.isEnabled()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert opened == [paths[0]]
    dialog.grab().save("/tmp/sit-export-dialog.png")


def test_export_failure_is_reported_in_words(qtbot, plan_session, tmp_path):
    dialog = ExportDialog(plan_session, folder=tmp_path / "missing")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.export_failed, timeout=5000) as blocker:
        assert not dialog.start()
    assert "no such folder" in blocker.args[0]
    dialog.folder.setText(str(tmp_path))
    blocked = dialog.targets()["xlsx"]
    blocked.mkdir()  # a folder where the workbook should go: the worker's write fails
    dialog.ask_overwrite = lambda names: True
    with qtbot.waitSignal(dialog.export_failed, timeout=60_000) as blocker:
        assert dialog.start()
    assert "The export failed" in dialog.status.text()
    assert "Traceback" not in dialog.status.text()
    assert dialog.export_button.isEnabled()


def test_overwrite_is_asked_first(qtbot, plan_session, tmp_path):
    dialog = ExportDialog(plan_session, folder=tmp_path)
    qtbot.addWidget(dialog)
    for key, box in dialog.boxes.items():
        box.setChecked(key == "json")
    target = dialog.targets()["json"]
    target.write_text("keep me")
    asked = []
    dialog.ask_overwrite = lambda names: asked.append(names) or False
    assert not dialog.start()
    assert asked == [[target.name]] and target.read_text() == "keep me"


# In the main window ----------------------------------------------------------------------
def test_pages_and_export_are_reachable_from_the_window(qtbot, make_window, review_path):
    with ReviewFile.open(review_path) as rf:
        populate(rf)
    window = make_window(review_path)
    titles = [window.pages.tabText(i) for i in range(window.pages.count())]
    assert "Recommendations" in titles and "Action plan" in titles
    assert window.act_export.isEnabled()
    window.act_export.trigger()
    assert window.export_dialog is not None and window.export_dialog.isVisible()
    window.export_dialog.close()
    # "Plan an action" on a recommendation opens the action editor preset from it
    presets = []
    window.action_plan.ask_action = lambda action, preset=None: presets.append(preset) or None
    window.show_page(window.recommendations)
    window.recommendations.select(item_id("alpha.r1"))
    qtbot.mouseClick(window.recommendations.plan_button, Qt.MouseButton.LeftButton)
    assert presets[0]["recommendation_ids"] == [item_id("alpha.r1")]
    assert window.pages.tabText(window.pages.currentIndex()) == "Action plan"
    assert window.action_plan.isVisible()
