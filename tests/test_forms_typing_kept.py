"""What a user types is never dropped: recommendation wording and notes are saved like every
other text, and the New review dialog keeps its form through Enter, an organisation typed but
not added, and a cancelled or failed save."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from forms.dialogs.newreview import NewReviewDialog
from forms.pages.recommendations import R_TEXT, RecommendationsPage
from maturity import edits
from maturity.recommend import item_id, reevaluate
from maturity.reviewfile import ReviewFile

REPO = Path(__file__).resolve().parent.parent
MINI = str(REPO / "tests" / "fixtures" / "framework-mini")


# Recommendations --------------------------------------------------------------------------------
@pytest.fixture
def session(session):
    """The shared session with three KLOEs scored and the suggestions they lead to."""
    for kloe, value in (("alpha.e1.k1", 1), ("alpha.e1.k2", 1), ("beta.e1.k1", 2)):
        session.edit(edits.score_kloe, kloe, value)
    session.edit(edits.set_indicator, "alpha.dna", 14)
    session.edit(reevaluate)
    return session


@pytest.fixture
def page(qtbot, session):
    page = RecommendationsPage(session)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def click_row(qtbot, page, rec_id: str) -> None:
    """Click another recommendation in the table, as the user does."""
    row = next(r for r in range(page.table.rowCount())
               if page.table.item(r, R_TEXT).data(Qt.ItemDataRole.UserRole) == rec_id)
    rect = page.table.visualItemRect(page.table.item(row, R_TEXT))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.selected_id() == rec_id


def rec(session, key):
    return session.review.get("recommendation", item_id(key))


def type_into(qtbot, box, text: str) -> None:
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)


def test_wording_typed_then_another_row_clicked_is_saved(qtbot, page, session):
    assert page.select(item_id("alpha.r1"))
    type_into(qtbot, page.text, "One tracking list, shared by every partner.")
    type_into(qtbot, page.note, "Agreed at workshop 2")
    click_row(qtbot, page, item_id("alpha.r2"))
    saved = rec(session, "alpha.r1")
    assert saved.text == "One tracking list, shared by every partner."
    assert saved.original_text == "Put a single tracking list in place."
    assert saved.status == "suggested"   # saving the wording decides nothing
    assert saved.note == "Agreed at workshop 2"
    assert page.text.toPlainText() == rec(session, "alpha.r2").text  # the new row's own words
    assert not session.pending and session.errors == []


def test_wording_is_saved_when_typing_pauses_and_a_trailing_space_survives(qtbot, page, session):
    assert page.select(item_id("alpha.r1"))
    type_into(qtbot, page.text, "Single list ")
    assert session.pending
    qtbot.waitUntil(lambda: not session.pending, timeout=3000)
    assert rec(session, "alpha.r1").text == "Single list"
    qtbot.waitUntil(lambda: "Single list" in texts_of(page))
    qtbot.keyClicks(page.text, "for all")  # typing goes on where it was
    assert page.text.toPlainText() == "Single list for all"
    page.note.setFocus()  # leaving the box saves at once
    assert rec(session, "alpha.r1").text == "Single list for all"


def texts_of(page):
    return [page.table.item(r, R_TEXT).text() for r in range(page.table.rowCount())]


def test_wording_typed_before_the_file_closes_is_saved(qtbot, page, session, review_path):
    assert page.select(item_id("alpha.r2"))
    type_into(qtbot, page.text, "Text reminders before every appointment")
    session.close()
    with ReviewFile.open(review_path) as rf:
        assert rf.review.get("recommendation", item_id("alpha.r2")).text == \
            "Text reminders before every appointment"


def test_clearing_the_wording_and_moving_on_keeps_the_old_wording_and_says_so(qtbot, page,
                                                                            session):
    assert page.select(item_id("alpha.r1"))
    before = rec(session, "alpha.r1").text
    page.text.setFocus()
    page.text.selectAll()
    qtbot.keyClick(page.text, Qt.Key.Key_Delete)
    qtbot.wait(1000)  # a pause while the box is empty is not a save of nothing
    assert session.errors == [] and rec(session, "alpha.r1").text == before
    click_row(qtbot, page, item_id("alpha.r2"))
    assert [t for t, _ in session.errors] == ["That change could not be made"]
    assert "needs some text" in session.errors[0][1]
    assert rec(session, "alpha.r1").text == before
    click_row(qtbot, page, item_id("alpha.r1"))
    assert page.text.toPlainText() == before


def test_reconsidering_after_typing_keeps_both_the_words_and_the_reconsideration(qtbot, page,
                                                                                 session):
    assert page.select(item_id("alpha.r1"))
    page.accept_selected()
    qtbot.waitUntil(page.reconsider_button.isEnabled)
    type_into(qtbot, page.text, "One list, checked again after the summer")
    qtbot.mouseClick(page.reconsider_button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)  # let the page refresh
    r = rec(session, "alpha.r1")
    assert r.status == "suggested" and r.text == "One list, checked again after the summer"


# New review ---------------------------------------------------------------------------------------
class Recorder:
    def __init__(self, paths, results=()):
        self.paths = list(paths)
        self.results = list(results)
        self.asked: list[str] = []
        self.created: list[tuple[Path, object]] = []

    def ask_path(self, suggested):
        self.asked.append(suggested)
        return self.paths.pop(0)

    def create(self, path, answers):
        self.created.append((path, answers))
        return self.results.pop(0) if self.results else True


@pytest.fixture
def dialog_with(qtbot):
    def make(recorder):
        dialog = NewReviewDialog(ask_path=recorder.ask_path, create=recorder.create)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog
    return make


def test_enter_in_a_field_moves_on_and_never_submits_half_a_form(qtbot, dialog_with):
    recorder = Recorder([])
    dialog = dialog_with(recorder)
    dialog.system.setFocus()
    qtbot.keyClicks(dialog.system, "Northshire")
    qtbot.keyClick(dialog.system, Qt.Key.Key_Return)
    assert dialog.isVisible() and recorder.asked == []
    assert QApplication.focusWidget() is not dialog.system  # on to the next field
    dialog.facilitator.setFocus()
    qtbot.keyClicks(dialog.facilitator, "Kim")
    qtbot.keyClick(dialog.facilitator, Qt.Key.Key_Enter)
    assert dialog.isVisible() and recorder.asked == []
    # Enter in the roster row adds the organisation (and still does not submit).
    dialog.org_name.setFocus()
    qtbot.keyClicks(dialog.org_name, "Northshire ICB")
    qtbot.keyClick(dialog.org_name, Qt.Key.Key_Return)
    assert dialog.orgs.rowCount() == 1 and dialog.isVisible() and recorder.asked == []
    dialog.grab().save("/tmp/newreview-after-enter.png")


def test_an_organisation_typed_but_not_added_joins_the_roster(qtbot, dialog_with, tmp_path):
    recorder = Recorder([str(tmp_path / "n.sitreview")])
    dialog = dialog_with(recorder)
    dialog.system.setText("Northshire")
    dialog.org_name.setText("Mind in Northshire")
    dialog.org_sector.setCurrentText("VCSE")
    dialog.org_people.setText("A. Person, B. Person")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    [(path, answers)] = recorder.created
    assert answers.organisations == [("Mind in Northshire", "VCSE", ["A. Person", "B. Person"])]
    assert dialog.result() == dialog.DialogCode.Accepted


def test_attendees_without_an_organisation_are_not_dropped(qtbot, dialog_with):
    recorder = Recorder([])
    dialog = dialog_with(recorder)
    dialog.system.setText("Northshire")
    dialog.org_people.setText("A. Person")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and recorder.asked == []
    assert "Type the organisation for those attendees" in dialog.error.text()
    assert dialog.org_people.text() == "A. Person"


def test_cancelling_where_to_save_returns_to_the_filled_form(qtbot, dialog_with, tmp_path):
    recorder = Recorder([None, str(tmp_path / "taken.sitreview"), str(tmp_path / "n.sitreview")],
                        results=[False, True])
    dialog = dialog_with(recorder)
    dialog.system.setText("Northshire & Co")
    dialog.facilitator.setText("Kim")
    dialog.date.setDate(dt.date(2026, 9, 1))
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)  # then cancels the save
    assert dialog.isVisible() and recorder.created == []
    assert "Not created yet" in dialog.error.text()
    assert (dialog.system.text(), dialog.facilitator.text()) == ("Northshire & Co", "Kim")
    dialog.grab().save("/tmp/newreview-save-cancelled.png")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)  # a file that fails
    assert dialog.isVisible() and len(recorder.created) == 1
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and len(recorder.created) == 2
    assert recorder.asked[0] == "Northshire Co 2026-09-01.sitreview"


def test_the_window_runs_the_dialog_to_a_created_review(qtbot, make_window, tmp_path, answers):
    """The real dialog from File › New: the save is cancelled once, then the review is made."""
    window = make_window()
    target = tmp_path / "northshire.sitreview"
    paths = [None, str(target)]
    window.ask_save_path = lambda title, suggested: paths.pop(0)
    state = {}

    def fill():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NewReviewDialog):
            QTimer.singleShot(20, fill)
            return
        dialog.system.setText("Northshire")
        dialog.framework.insertItem(1, MINI, MINI)
        dialog.framework.setCurrentIndex(1)
        dialog.org_name.setText("Northshire ICB")
        dialog.create_button.click()  # the save is cancelled: still open, still filled
        state["after_cancel"] = (dialog.isVisible(), dialog.system.text())
        dialog.create_button.click()

    QTimer.singleShot(0, fill)
    assert window.new_review()
    assert state["after_cancel"] == (True, "Northshire")
    assert window.session.path == target
    assert [o.name for o in window.session.review.organisations] == ["Northshire ICB"]
    assert answers.errors == []
