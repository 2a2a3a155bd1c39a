
import pytest

from maturity import edits
from maturity.edits import ReviewError
from maturity.recommend import (
    accept_recommendation,
    add_recommendation,
    edit_recommendation,
    evaluate,
    item_id,
    reconsider_recommendation,
    reevaluate,
    reject_recommendation,
    remove_recommendation,
    set_priority,
)


def score(rf, kloe, value):
    rf.execute(edits.score_kloe(rf.review, kloe, value))


def test_nothing_scored_suggests_nothing(rf):
    assert evaluate(rf.review) == []
    assert reevaluate(rf.review).changes == ()


def test_low_element_triggers_with_reason_and_priority(rf):
    score(rf, "alpha.e1.k1", 1)
    score(rf, "alpha.e1.k2", 1)
    [s] = evaluate(rf.review)
    assert s.source_id == "alpha.r1"
    assert s.reason == "Alpha Domain › Alpha element one scored 1.0, target 3"
    # gap 2 -> 4.0, plus the high-impact flag 1.5
    assert s.priority_score == pytest.approx(5.5)
    assert s.priority == "high"
    assert s.kloe_ids == ("alpha.e1.k1", "alpha.e1.k2")


def test_element_at_trigger_level_does_not_trigger(rf):
    score(rf, "alpha.e1.k1", 3)
    assert evaluate(rf.review) == []


def test_indicator_breach_triggers_with_threshold_in_words(rf):
    rf.execute(edits.set_indicator(rf.review, "alpha.dna", 14))
    [s] = evaluate(rf.review)
    assert s.source_id == "alpha.r2"
    assert s.reason == "Missed appointments (DNA rate) 14%, threshold ≤ 10%"
    assert s.priority == "medium"  # breach 2 + severity 0.4
    assert s.priority_score == pytest.approx(2.4)
    rf.execute(edits.set_indicator(rf.review, "alpha.dna", 10))
    assert evaluate(rf.review) == []


def test_priority_bands_follow_gap(rf):
    score(rf, "alpha.e1.k1", 2)
    score(rf, "alpha.e1.k2", 3)  # 2.5, gap 0.5 -> 1.0 + 1.5 high impact = 2.5 medium
    [s] = evaluate(rf.review)
    assert (s.priority, s.priority_score) == ("medium", pytest.approx(2.5))


def test_reevaluate_adds_then_marks_without_losing_decisions(rf):
    score(rf, "alpha.e1.k1", 1)
    rf.execute(edits.set_indicator(rf.review, "alpha.dna", 20))
    cmd = reevaluate(rf.review)
    assert "2 new" in cmd.label
    rf.execute(cmd)
    assert {r.source_id for r in rf.review.recommendations} == {"alpha.r1", "alpha.r2"}
    rid = item_id("alpha.r1")
    rf.execute(edit_recommendation(rf.review, rid, "Our own wording of tracking."))
    rf.execute(reject_recommendation(rf.review, item_id("alpha.r2"), "Already funded"))
    # scores move: alpha.r1 no longer holds
    score(rf, "alpha.e1.k1", 4)
    rf.execute(edits.set_indicator(rf.review, "alpha.dna", 30))
    cmd = reevaluate(rf.review)
    assert "1 no longer triggered" in cmd.label
    rf.execute(cmd)
    r1 = rf.review.get("recommendation", rid)
    assert r1.trigger_holds is False
    assert r1.text == "Our own wording of tracking."
    assert r1.status == "suggested"     # rewording decided nothing
    assert r1.original_text == "Put a single tracking list in place."
    assert "no longer holds" in r1.reason and "scored 4.0" in r1.reason
    assert "scored 1.0" in r1.reason
    r2 = rf.review.get("recommendation", item_id("alpha.r2"))
    assert r2.status == "rejected" and r2.rejection_reason == "Already funded"
    assert r2.reason == "Missed appointments (DNA rate) 30%, threshold ≤ 10%"
    # and again: nothing new to do
    assert reevaluate(rf.review).changes == ()
    # trigger returns: holds again, decisions still kept
    score(rf, "alpha.e1.k1", 0)
    rf.execute(reevaluate(rf.review))
    r1 = rf.review.get("recommendation", rid)
    assert r1.trigger_holds is True and r1.text == "Our own wording of tracking."
    assert r1.reason == "Alpha Domain › Alpha element one scored 0.0, target 3"


def test_reevaluate_is_undoable(rf):
    score(rf, "alpha.e1.k1", 1)
    rf.execute(reevaluate(rf.review))
    assert rf.review.recommendations
    rf.undo()
    assert rf.review.recommendations == []


def test_accept_edit_reconsider(rf):
    score(rf, "alpha.e1.k1", 1)
    rf.execute(reevaluate(rf.review))
    rid = item_id("alpha.r1")
    rf.execute(accept_recommendation(rf.review, rid))
    assert rf.review.get("recommendation", rid).status == "accepted"
    rf.execute(edit_recommendation(rf.review, rid, "Put a single tracking list in place."))
    assert rf.review.get("recommendation", rid).status == "accepted"
    rf.execute(reconsider_recommendation(rf.review, rid))
    assert rf.review.get("recommendation", rid).status == "suggested"
    with pytest.raises(ReviewError, match="needs some text"):
        edit_recommendation(rf.review, rid, "  ")
    with pytest.raises(ReviewError, match="reject it instead"):
        remove_recommendation(rf.review, rid)
    with pytest.raises(ReviewError, match="cannot be set by hand"):
        set_priority(rf.review, rid, "low")


def test_own_recommendation_and_removal_unlinks_actions(rf):
    from maturity.plan import add_action

    cmd = add_recommendation(rf.review, "Hold a joint waiting-list review.",
                             element_ids=["beta.e1"], priority="high")
    rf.execute(cmd)
    [own] = rf.review.recommendations
    assert own.domain_id == "beta" and own.status == "accepted" and own.priority == "high"
    rf.execute(add_action(rf.review, "Book the review", recommendation_ids=[own.id]))
    rf.execute(set_priority(rf.review, own.id, "low"))
    rf.execute(remove_recommendation(rf.review, own.id))
    assert rf.review.recommendations == []
    assert rf.review.actions[0].recommendation_ids == ()
    rf.undo()
    assert rf.review.actions[0].recommendation_ids == (own.id,)


def test_bad_inputs_name_the_problem(rf):
    with pytest.raises(ReviewError, match="no recommendation 'nope'"):
        accept_recommendation(rf.review, "nope")
    with pytest.raises(ReviewError, match="unknown element 'zzz'"):
        add_recommendation(rf.review, "x", domain_id="alpha", element_ids=["zzz"])
    with pytest.raises(ReviewError, match="not in domain"):
        add_recommendation(rf.review, "x", domain_id="alpha", element_ids=["beta.e1"])
    with pytest.raises(ReviewError, match="priority 'urgent'"):
        add_recommendation(rf.review, "x", priority="urgent")
