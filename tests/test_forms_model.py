"""The review tree model and the navigator's filters."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from forms.models.tree import (
    COVERAGE,
    FLAGS,
    FLAGS_ROLE,
    ID_ROLE,
    SCORE,
    TITLE,
    NavigatorFilter,
    ReviewTreeModel,
)
from forms.panels.navigator import NavigatorPanel
from forms.session import ReviewSession
from maturity import edits
from maturity.reviewfile import ReviewFile


def open_session(path, answers):
    session = ReviewSession(report_error=answers.error)
    assert session.open(path)
    return session


def test_model_passes_qtmodeltester_on_a_full_review(qtmodeltester, rich_path, answers):
    session = open_session(rich_path, answers)
    model = ReviewTreeModel(session)
    qtmodeltester.check(model)
    fw = session.review.framework
    assert model.rowCount() == len(fw.domains)
    first = model.index(0, 0)
    assert model.rowCount(first) == len(fw.domains[0].elements)
    session.close()


def test_model_passes_qtmodeltester_through_edits_and_file_changes(qtmodeltester, review_path,
                                                                   mini_rich_path, answers):
    """The tester stays attached after its first check and verifies every signal after."""
    session = open_session(review_path, answers)
    model = ReviewTreeModel(session)
    qtmodeltester.check(model, force_py=True)
    session.edit(edits.score_kloe, "alpha.e1.k1", 3)
    session.edit(edits.set_group_score, "alpha.e1.k1", "Commissioner", 4)
    session.edit(edits.set_group_score, "alpha.e1.k1", "VCSE", 1)
    session.undo()
    session.redo()
    assert session.open(mini_rich_path)
    assert model.rowCount() == 2
    session.close()
    assert model.rowCount() == 0


def test_columns_show_scores_coverage_and_flags(review_path, answers):
    session = open_session(review_path, answers)
    model = ReviewTreeModel(session)
    kloe = model.index_of("alpha.e1.k1")
    assert model.data(kloe.siblingAtColumn(SCORE)) == "—"
    assert model.data(kloe.siblingAtColumn(TITLE)) == "Alpha one first statement holds."
    session.edit(edits.score_kloe, "alpha.e1.k1", 3)
    assert model.data(kloe.siblingAtColumn(SCORE)) == "3"
    element = model.index_of("alpha.e1")
    domain = model.index_of("alpha")
    assert model.data(element.siblingAtColumn(SCORE)) == "3.0"
    assert model.data(element.siblingAtColumn(COVERAGE)) == "50%"
    assert model.data(domain.siblingAtColumn(COVERAGE)) == "20%"
    # Scored 3 with no evidence: flagged, with words for assistive technology.
    assert model.data(kloe.siblingAtColumn(FLAGS)) == "!"
    assert "no evidence" in model.data(kloe.siblingAtColumn(FLAGS),
                                       Qt.ItemDataRole.AccessibleTextRole)
    session.edit(edits.set_narrative, "alpha.e1.k1", "Seen the tracking list.")
    session.edit(edits.set_confidence, "alpha.e1.k1", "low")
    session.edit(edits.set_group_score, "alpha.e1.k1", "Commissioner", 4)
    session.edit(edits.set_group_score, "alpha.e1.k1", "VCSE", 1)
    assert model.data(kloe, FLAGS_ROLE) == {"disagree", "low"}
    assert model.data(kloe.siblingAtColumn(FLAGS)) == "≠ ?"
    assert model.data(domain.siblingAtColumn(FLAGS)) == "≠1 ?1"
    session.edit(edits.score_kloe, "alpha.e1.k2", "na")
    assert model.data(model.index_of("alpha.e1.k2").siblingAtColumn(SCORE)) == "N/A"
    assert model.data(element.siblingAtColumn(COVERAGE)) == "100%"
    session.close()


def test_an_edit_announces_only_the_rows_it_touched(qtbot, review_path, answers):
    session = open_session(review_path, answers)
    model = ReviewTreeModel(session)
    seen: list[str] = []
    resets: list[bool] = []
    model.dataChanged.connect(lambda top, bottom, roles: seen.append(top.data(ID_ROLE)))
    model.modelReset.connect(lambda: resets.append(True))
    model.layoutChanged.connect(lambda: resets.append(True))
    session.edit(edits.score_kloe, "beta.e1.k1", 2)
    assert sorted(seen) == ["beta", "beta.e1", "beta.e1.k1"]
    seen.clear()
    session.edit(edits.add_evidence, "alpha.e2.k3", title="Audit")
    assert sorted(seen) == ["alpha", "alpha.e2", "alpha.e2.k3"]
    seen.clear()
    session.undo()
    assert sorted(seen) == ["alpha", "alpha.e2", "alpha.e2.k3"]
    assert not resets
    session.close()


def test_filters_unscored_flagged_and_one_domain(qtbot, review_path, answers):
    session = open_session(review_path, answers)
    session.edit(edits.score_kloe, "alpha.e1.k1", 3)  # no evidence: flagged
    session.edit(edits.score_kloe, "alpha.e1.k2", 1)
    nav = NavigatorPanel(session)
    qtbot.addWidget(nav)
    all_ids = nav.visible_kloe_ids()
    assert len(all_ids) == session.review.framework.kloe_count
    nav.filter_box.setCurrentIndex(nav.filter_box.findData("unscored"))
    assert "alpha.e1.k1" not in nav.visible_kloe_ids()
    assert "alpha.e1.k2" not in nav.visible_kloe_ids()
    assert len(nav.visible_kloe_ids()) == len(all_ids) - 2
    nav.filter_box.setCurrentIndex(nav.filter_box.findData("flagged"))
    assert nav.visible_kloe_ids() == ["alpha.e1.k1"]
    nav.filter_box.setCurrentIndex(nav.filter_box.findData("all"))
    nav.domain_box.setCurrentIndex(nav.domain_box.findData("beta"))
    ids = nav.visible_kloe_ids()
    assert ids and all(k.startswith("beta.") for k in ids)
    assert nav.proxy.rowCount(QModelIndex()) == 1
    session.close()


def test_scored_rows_stay_until_the_filter_changes(qtbot, review_path, answers):
    """A facilitator working down the unscored list keeps their place as they score."""
    session = open_session(review_path, answers)
    nav = NavigatorPanel(session)
    qtbot.addWidget(nav)
    nav.filter_box.setCurrentIndex(nav.filter_box.findData("unscored"))
    nav.select("alpha.e1.k1")
    session.edit(edits.score_kloe, "alpha.e1.k1", 2)
    assert nav.current_id() == "alpha.e1.k1"
    assert "alpha.e1.k1" in nav.visible_kloe_ids()
    nav.proxy.set_filter("unscored")
    assert "alpha.e1.k1" not in nav.visible_kloe_ids()
    session.close()


def test_step_moves_through_visible_kloes(qtbot, review_path, answers):
    session = open_session(review_path, answers)
    nav = NavigatorPanel(session)
    qtbot.addWidget(nav)
    assert nav.current_id() == "alpha.e1.k1"
    assert nav.step_kloe(+1) == "alpha.e1.k2"
    assert nav.step_kloe(+1) == "alpha.e2.k1"
    assert nav.step_kloe(-1) == "alpha.e1.k2"
    nav.select("beta")
    assert nav.step_kloe(+1) == "beta.e1.k1"
    nav.select("beta")
    assert nav.step_kloe(-1) == "alpha.e2.k3"
    nav.select(nav.visible_kloe_ids()[-1])
    assert nav.step_kloe(+1) is None
    session.close()


def test_filter_rejects_unknown_mode():
    import pytest

    proxy = NavigatorFilter()
    with pytest.raises(ValueError):
        proxy.set_filter("everything")


def test_model_is_empty_without_a_review(qtmodeltester):
    session = ReviewSession()
    model = ReviewTreeModel(session)
    assert model.rowCount() == 0
    assert model.data(model.index(0, 0)) is None
    qtmodeltester.check(model)


def test_reopening_the_same_file_rebuilds_cleanly(qtmodeltester, review_path, answers):
    session = open_session(review_path, answers)
    model = ReviewTreeModel(session)
    rf = ReviewFile.open(review_path, readonly=True)
    session.set_file(rf)
    assert model.rowCount() == 2
    qtmodeltester.check(model)
    session.close()


def test_an_edit_says_what_it_did(qtbot, review_path, answers):
    from maturity.plan import add_action

    session = open_session(review_path, answers)
    done = session.edit(add_action, "Write the referral guide")
    assert done and done.command is not None
    assert done.new_id == session.review.actions[0].id
    done = session.edit(edits.score_kloe, "alpha.e1.k1", 3)
    assert done.new_id == "alpha.e1.k1"  # the KLOE's first score creates its record
    done = session.edit(edits.score_kloe, "alpha.e1.k1", 2)
    assert done and done.new_id is None  # changed, nothing added
    refused = session.edit(edits.score_kloe, "no.such.kloe", 3)
    assert not refused and refused.command is None and refused.new_id is None
    assert answers.errors
