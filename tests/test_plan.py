import datetime as dt

import pytest

from maturity import edits
from maturity.edits import ReviewError
from maturity.plan import (
    action_domains,
    add_action,
    add_progress_note,
    edit_progress_note,
    effective_rag,
    filter_actions,
    is_overdue,
    owner_names,
    remove_action,
    remove_progress_note,
    sort_actions,
    update_action,
)
from maturity.recommend import add_recommendation

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def orgs(rf):
    rf.execute(edits.add_organisation(rf.review, "Anyshire ICB", "Commissioner"))
    rf.execute(edits.add_organisation(rf.review, "Anyshire Council", "Local authority"))
    return {o.name: o.id for o in rf.review.organisations}


def test_add_with_joint_owners_and_all_fields(rf, orgs):
    rf.execute(add_action(
        rf.review, "Single patient-tracking list", kloe_ids=["alpha.e1.k1"],
        owners=[orgs["Anyshire ICB"], orgs["Anyshire Council"]], lead="Sam Lead",
        start="2026-04-01", due=dt.date(2026, 9, 30), status="in_progress", rag="amber",
        success_measure="Every waiting child on one list"))
    [a] = rf.review.actions
    assert a.owners == (orgs["Anyshire ICB"], orgs["Anyshire Council"])
    assert a.start == dt.date(2026, 4, 1) and a.due == dt.date(2026, 9, 30)
    assert a.rag == "A" and a.status == "in_progress"
    assert owner_names(rf.review, a) == ["Anyshire ICB", "Anyshire Council"]
    assert action_domains(rf.review, a) == ("alpha",)


def test_kloes_come_from_the_recommendation(rf):
    rf.execute(add_recommendation(rf.review, "Fix beta", element_ids=["beta.e2"]))
    rec = rf.review.recommendations[0]
    rf.execute(add_action(rf.review, "Do it", recommendation_ids=[rec.id]))
    a = rf.review.actions[0]
    assert a.kloe_ids == ("beta.e2.k1", "beta.e2.k2")
    assert action_domains(rf.review, a) == ("beta",)


def test_bad_inputs_are_refused_with_a_named_reason(rf, orgs):
    with pytest.raises(ReviewError, match="needs a description"):
        add_action(rf.review, "  ")
    with pytest.raises(ReviewError, match="not an organisation on the roster"):
        add_action(rf.review, "x", owners=["ghost"])
    with pytest.raises(ReviewError, match="is not a date"):
        add_action(rf.review, "x", due="31/12/2026")
    with pytest.raises(ReviewError, match="before the start date"):
        add_action(rf.review, "x", start="2026-05-01", due="2026-04-01")
    with pytest.raises(ReviewError, match="status 'finished'"):
        add_action(rf.review, "x", status="finished")
    with pytest.raises(ReviewError, match="RAG 'purple'"):
        add_action(rf.review, "x", rag="purple")
    with pytest.raises(ReviewError, match="unknown KLOE"):
        add_action(rf.review, "x", kloe_ids=["no.such"])
    with pytest.raises(ReviewError, match="no action"):
        update_action(rf.review, "nope", status="done")


def test_update_keeps_other_fields_and_is_undoable(rf, orgs):
    rf.execute(add_action(rf.review, "Write the plan", lead="Ali", due="2026-07-01"))
    aid = rf.review.actions[0].id
    cmd = update_action(rf.review, aid, status="done")
    assert cmd.label == "Mark “Write the plan” done"
    rf.execute(cmd)
    a = rf.review.get("action", aid)
    assert a.status == "done" and a.lead == "Ali" and a.due == dt.date(2026, 7, 1)
    rf.execute(update_action(rf.review, aid, due=None, owners=[orgs["Anyshire ICB"]]))
    assert rf.review.get("action", aid).due is None
    rf.undo()
    assert rf.review.get("action", aid).due == dt.date(2026, 7, 1)


def test_overdue_shows_red_until_done_or_dropped(rf):
    rf.execute(add_action(rf.review, "Late one", due="2026-05-01", rag="G"))
    a = rf.review.actions[0]
    assert is_overdue(a, TODAY) and effective_rag(a, TODAY) == "R"
    assert not is_overdue(a, dt.date(2026, 5, 1))  # due today is not late
    rf.execute(update_action(rf.review, a.id, status="dropped"))
    a = rf.review.actions[0]
    assert not is_overdue(a, TODAY) and effective_rag(a, TODAY) == "G"


def test_progress_notes_are_dated_and_ordered(rf):
    rf.execute(add_action(rf.review, "Recruit"))
    aid = rf.review.actions[0].id
    rf.execute(add_progress_note(rf.review, aid, "Second", "2026-05-02"))
    rf.execute(add_progress_note(rf.review, aid, "First", "2026-04-02"))
    notes = rf.review.get("action", aid).notes
    assert [(n.date.isoformat(), n.text) for n in notes] == [("2026-04-02", "First"),
                                                            ("2026-05-02", "Second")]
    rf.execute(edit_progress_note(rf.review, aid, 0, "First, revised"))
    assert rf.review.get("action", aid).notes[0].text == "First, revised"
    rf.execute(remove_progress_note(rf.review, aid, 1))
    assert len(rf.review.get("action", aid).notes) == 1
    with pytest.raises(ReviewError, match="no progress note number 5"):
        remove_progress_note(rf.review, aid, 4)
    with pytest.raises(ReviewError, match="needs some text"):
        add_progress_note(rf.review, aid, "")


def test_sort_and_filter(rf, orgs):
    icb, council = orgs["Anyshire ICB"], orgs["Anyshire Council"]
    rf.execute(add_action(rf.review, "C beta", kloe_ids=["beta.e1.k1"], owners=[council],
                          due="2026-03-01", status="in_progress"))
    rf.execute(add_action(rf.review, "A alpha", kloe_ids=["alpha.e1.k1"], owners=[icb],
                          due="2026-08-01"))
    rf.execute(add_action(rf.review, "B none", owners=[icb, council], status="done",
                          due="2026-01-01"))
    rf.execute(add_action(rf.review, "D undated"))
    acts = rf.review.actions
    names = lambda xs: [a.description for a in xs]  # noqa: E731
    assert names(sort_actions(rf.review, acts, "due", today=TODAY)) == [
        "B none", "C beta", "A alpha", "D undated"]
    assert names(sort_actions(rf.review, acts, "due", today=TODAY, descending=True)) == [
        "A alpha", "C beta", "B none", "D undated"]
    assert names(sort_actions(rf.review, acts, "domain", today=TODAY))[:2] == ["A alpha",
                                                                               "C beta"]
    assert names(sort_actions(rf.review, acts, "status", today=TODAY))[0] in ("A alpha",
                                                                              "D undated")
    assert names(sort_actions(rf.review, acts, "owner", today=TODAY))[-1] == "D undated"
    assert names(sort_actions(rf.review, acts, "rag", today=TODAY))[0] == "C beta"
    assert names(filter_actions(rf.review, acts, today=TODAY, owner=icb)) == ["B none",
                                                                              "A alpha"]
    assert names(filter_actions(rf.review, acts, today=TODAY, overdue=True)) == ["C beta"]
    assert names(filter_actions(rf.review, acts, today=TODAY, domain="beta")) == ["C beta"]
    assert names(filter_actions(rf.review, acts, today=TODAY, status="done")) == ["B none"]
    assert names(filter_actions(rf.review, acts, today=TODAY,
                                due_before=dt.date(2026, 4, 1))) == ["B none", "C beta"]
    with pytest.raises(ValueError, match="cannot sort"):
        sort_actions(rf.review, acts, "colour", today=TODAY)


def test_removed_owner_is_named_not_crashing(rf, orgs):
    rf.execute(add_action(rf.review, "x", owners=[orgs["Anyshire Council"]]))
    rf.execute(edits.remove_organisation(rf.review, orgs["Anyshire Council"]))
    assert owner_names(rf.review, rf.review.actions[0]) == ["(removed organisation)"]


def test_remove_action(rf):
    rf.execute(add_action(rf.review, "Gone soon"))
    aid = rf.review.actions[0].id
    rf.execute(remove_action(rf.review, aid))
    assert rf.review.actions == []
    rf.undo()
    assert rf.review.actions[0].id == aid


def test_update_replaces_notes_in_one_step(rf):
    rf.execute(add_action(rf.review, "Recruit", notes=[("2026-04-02", "Advert out")]))
    aid = rf.review.actions[0].id
    rf.execute(update_action(rf.review, aid, status="in_progress",
                             notes=[(dt.date(2026, 5, 1), "Interviews"),
                                    ("2026-04-02", "Advert out")]))
    a = rf.review.get("action", aid)
    assert [n.text for n in a.notes] == ["Advert out", "Interviews"]
    assert a.status == "in_progress"
    with pytest.raises(ReviewError, match="progress note 1 needs a date"):
        update_action(rf.review, aid, notes=[("", "x")])
    with pytest.raises(ReviewError, match="progress note 2 needs some text"):
        update_action(rf.review, aid, notes=[("2026-01-01", "x"), ("2026-01-02", " ")])
    rf.undo()
    assert len(rf.review.get("action", aid).notes) == 1
