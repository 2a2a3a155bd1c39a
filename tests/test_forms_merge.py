"""File › Merge a copy… in the app: the dialog's choices and the whole flow through the window."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from forms.dialogs.merge import MergeDialog
from maturity import edits
from maturity.edits import new_review_info
from maturity.merge import plan_merge
from maturity.reviewfile import ReviewFile
from tests.tables import column_texts

from .test_merge import edit, narrative, records, score


@pytest.fixture
def copies(review_path, tmp_path):
    edit(review_path, score("alpha.e1.k1", 1))
    other = tmp_path / "breakout B.sitreview"
    shutil.copyfile(review_path, other)
    edit(review_path, score("alpha.e1.k1", 2), narrative("alpha.e2.k1", "ours"))
    edit(other, score("alpha.e1.k1", 4), narrative("alpha.e2.k1", "theirs"),
         score("beta.e2.k1", 3),
         lambda r: edits.add_evidence(r, "beta.e2.k1", title="Schools survey"))
    return review_path, other


def make_plan(mine, other):
    with ReviewFile.open(mine, readonly=True) as a, ReviewFile.open(other, readonly=True) as b:
        return plan_merge(a, b)


def test_the_dialog_lists_what_comes_in_and_lets_each_conflict_be_chosen(qtbot, qtmodeltester,
                                                                         copies):
    plan = make_plan(*copies)
    dialog = MergeDialog(plan)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.incoming_model)
    texts = column_texts(dialog.incoming, 0)
    assert texts == [i.describe() for i in plan.incoming] and len(texts) == 4
    assert any(t.startswith("New: Evidence “Schools survey” on Beta Domain") for t in texts)
    assert not dialog.conflict_section.isHidden() and len(dialog.cards) == 2
    assert set(dialog.choices().values()) == {"mine"}  # nothing is taken unless chosen
    score_card = next(c for c in dialog.cards if c.conflict.what == "agreed score")
    assert "4 Embedded" in score_card.theirs.text() and "2 Developing" in score_card.mine.text()
    dialog.all_theirs.click()
    assert set(dialog.choices().values()) == {"theirs"}
    score_card.mine.click()
    assert dialog.choices()[score_card.conflict.id] == "mine"
    dialog.all_mine.click()
    assert set(dialog.choices().values()) == {"mine"}
    assert dialog.merge_button.text() == "Merge 4 items"


def test_without_conflicts_the_choice_section_is_hidden(qtbot, review_path, tmp_path):
    other = tmp_path / "copy.sitreview"
    shutil.copyfile(review_path, other)
    edit(other, score("beta.e1.k1", 2))
    dialog = MergeDialog(make_plan(review_path, other))
    qtbot.addWidget(dialog)
    assert dialog.conflict_section.isHidden() and dialog.cards == []


def test_merging_through_the_window_is_one_undoable_edit(make_window, answers, copies):
    mine, other = copies
    before = records(mine)
    window = make_window(mine)
    assert window.act_merge.isEnabled()
    window.merge.ask_path = lambda: str(other)

    def choose(plan):
        dialog = MergeDialog(plan, window)
        dialog.all_theirs.click()
        next(c for c in dialog.cards if c.conflict.what == "evidence narrative").mine.click()
        return dialog.choices()

    window.merge.ask_choices = choose
    window.act_merge.trigger()
    assert answers.errors == []
    review = window.session.review
    assert review.kloe("alpha.e1.k1").rating == 4 and review.kloe("alpha.e2.k1").narrative == "ours"
    assert review.kloe("beta.e2.k1").rating == 3 and len(review.evidence_for("beta.e2.k1")) == 1
    assert window.act_undo.text() == "&Undo Merge changes from breakout B.sitreview"
    window.act_undo.trigger()
    assert window.session.review.kloe("beta.e2.k1").rating is None
    window.session.close()
    assert records(mine) == before


def test_cancelling_the_dialog_changes_nothing(make_window, answers, copies):
    mine, other = copies
    before = records(mine)
    window = make_window(mine)
    window.merge.ask_path = lambda: str(other)
    window.merge.ask_choices = lambda plan: None
    assert window.merge.start() is False
    window.session.close()
    assert records(mine) == before and answers.errors == []


def test_another_review_is_refused_with_the_reason(make_window, answers, copies, tmp_path,
                                                   mini_framework):
    mine, _ = copies
    stranger = tmp_path / "stranger.sitreview"
    ReviewFile.create(stranger, mini_framework,
                      new_review_info("Otherside", dt.date(2026, 1, 1))).close()
    window = make_window(mine)
    window.merge.ask_path = lambda: str(stranger)
    window.merge.ask_choices = lambda plan: pytest.fail("no dialog for a refused copy")
    assert window.merge.start() is False
    ((title, message),) = answers.errors
    assert title == "The copy could not be merged"
    assert message.startswith("stranger.sitreview is another review (Otherside")


def test_nothing_to_merge_is_said(make_window, answers, review_path, tmp_path):
    other = tmp_path / "copy.sitreview"
    shutil.copyfile(review_path, other)
    window = make_window(review_path)
    window.merge.ask_path = lambda: str(other)
    assert window.merge.start() is False
    assert answers.errors == [("Nothing to merge", "copy.sitreview holds no change that "
                                                   "mini.sitreview does not already have.")]


def test_the_menu_entry_needs_a_review_that_can_be_changed(make_window, review_path):
    window = make_window()
    assert not window.act_merge.isEnabled()
    assert window.act_merge in window.file_menu.actions()
    window.open_path(review_path)
    assert window.act_merge.isEnabled()
    window.session.open(review_path, readonly=True)
    assert not window.act_merge.isEnabled()
