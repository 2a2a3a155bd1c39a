"""Rejecting a recommendation in the app: a reason is asked for, required, kept and shown; the
counts include the rejected ones; saving the wording does not accept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from forms.dialogs.reject import RejectReasonDialog
from forms.pages.recommendations import RecommendationsPage
from forms.session import ReviewSession
from maturity import edits
from maturity.recommend import item_id, reevaluate

R1, R2 = item_id("alpha.r1"), item_id("alpha.r2")


@pytest.fixture
def page(qtbot, review_path):
    errors = []
    s = ReviewSession(report_error=lambda title, message: errors.append((title, message)))
    s.errors = errors
    assert s.open(review_path)
    for kloe, value in (("alpha.e1.k1", 1), ("alpha.e1.k2", 1)):
        s.edit(edits.score_kloe, kloe, value)
    s.edit(edits.set_indicator, "alpha.dna", 14)
    s.edit(reevaluate)
    p = RecommendationsPage(s)
    qtbot.addWidget(p)
    yield p
    s.close()


def rec(page, rid):
    return page.session.review.get("recommendation", rid)


def test_cancelling_the_reason_rejects_nothing(qtbot, page):
    page.select(R1)
    page.ask_reject_reason = lambda r: None
    qtbot.mouseClick(page.reject_button, Qt.MouseButton.LeftButton)
    assert rec(page, R1).status == "suggested"


def test_reason_is_kept_shown_and_counted(qtbot, page, tmp_path):
    page.select(R1)
    assert "0 rejected" in page.counts.text()
    page.ask_reject_reason = lambda r: "Covered by the winter plan"
    qtbot.mouseClick(page.reject_button, Qt.MouseButton.LeftButton)
    assert rec(page, R1).rejection_reason == "Covered by the winter plan"
    qtbot.waitUntil(lambda: "1 rejected" in page.counts.text())
    assert "0 accepted" in page.counts.text() and "1 to decide" in page.counts.text()
    page.select(R1)
    assert "Rejected because: Covered by the winter plan" in page.reason.text()
    page.resize(1200, 700)
    page.show()
    page.grab().save(str(tmp_path / "recs.png"))
    page.session.undo()   # the reason goes with the rejection
    assert rec(page, R1).status == "suggested" and rec(page, R1).rejection_reason == ""


def test_saving_the_wording_does_not_accept(qtbot, page):
    page.select(R1)
    page.text.setPlainText("One tracking list, shared by every partner.")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    saved = rec(page, R1)
    assert saved.text.startswith("One tracking list") and saved.status == "suggested"
    assert page.accept_button.isEnabled()
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    assert rec(page, R1).status == "edited"


def test_the_dialog_will_not_close_without_a_reason(qtbot, tmp_path):
    dialog = RejectReasonDialog("Put a single tracking list in place.")
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Reject"
    dialog.reason.setText("   ")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() == 0
    assert "reason" in dialog.message.text() and dialog.message.isVisible()
    dialog.grab().save(str(tmp_path / "reject-empty.png"))
    dialog.reason.setText("Already funded")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.value() == "Already funded"
