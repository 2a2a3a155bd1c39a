import pytest

from maturity import edits
from maturity.framework import Indicator
from maturity.scoring import rag, rollup, spread


def score(rf, kloe, value):
    rf.execute(edits.score_kloe(rf.review, kloe, value))


def test_empty_review_has_no_scores(rf):
    r = rollup(rf.review)
    assert r.score is None and r.coverage == 0.0
    assert r.domain("alpha").score is None
    assert r.element("alpha.e1").gap is None


def test_hand_computed_rollup(rf):
    # alpha.e1: 2, 3 -> 2.5 ; alpha.e2: 4, na, (unscored) -> 4.0 ; alpha -> 3.25
    # beta.e1: 1 -> 1.0 ; beta.e2: nothing ; beta -> 1.0 ; overall (3.25 + 1.0) / 2 = 2.125
    for kloe, v in [("alpha.e1.k1", 2), ("alpha.e1.k2", 3), ("alpha.e2.k1", 4),
                    ("alpha.e2.k2", "na"), ("beta.e1.k1", 1)]:
        score(rf, kloe, v)
    r = rollup(rf.review)
    assert r.element("alpha.e1").score == pytest.approx(2.5)
    assert r.element("alpha.e1").gap == pytest.approx(0.5)
    assert r.element("alpha.e2").score == pytest.approx(4.0)
    assert r.element("alpha.e2").coverage == pytest.approx(1 / 2)  # na excluded
    assert r.element("alpha.e2").gap == pytest.approx(0.0)  # target 4
    assert r.domain("alpha").score == pytest.approx(3.25)
    assert r.domain("alpha").coverage == pytest.approx(3 / 4)
    assert r.domain("beta").score == pytest.approx(1.0)
    assert r.domain("beta").coverage == pytest.approx(1 / 4)
    assert r.score == pytest.approx(2.125)
    assert r.coverage == pytest.approx(4 / 8)


def test_all_na_element_has_no_coverage(rf):
    for k in ("beta.e2.k1", "beta.e2.k2"):
        score(rf, k, "na")
    r = rollup(rf.review)
    assert r.element("beta.e2").score is None
    assert r.element("beta.e2").coverage is None
    assert r.domain("beta").coverage == 0.0


def test_target_changes_gap(rf):
    score(rf, "beta.e1.k1", 1)
    rf.execute(edits.set_target(rf.review, "beta.e1", 4))
    assert rollup(rf.review).element("beta.e1").gap == pytest.approx(3.0)


def test_spread_and_disagreement(rf):
    assert spread({}) is None and spread({"a": 2}) is None
    assert spread({"a": 1, "b": 3, "c": 2}) == 2
    rf.execute(edits.set_group_score(rf.review, "alpha.e1.k1", "NHS provider", 1))
    rf.execute(edits.set_group_score(rf.review, "alpha.e1.k1", "CYP & families", 2))
    assert rollup(rf.review).kloe("alpha.e1.k1").disagreement is False
    rf.execute(edits.set_group_score(rf.review, "alpha.e1.k1", "Education", 3))
    k = rollup(rf.review).kloe("alpha.e1.k1")
    assert k.spread == 2 and k.disagreement is True


def test_unevidenced_high_scores(rf):
    score(rf, "alpha.e1.k1", 3)
    assert rollup(rf.review).kloe("alpha.e1.k1").unevidenced_high
    rf.execute(edits.add_evidence(rf.review, "alpha.e1.k1", title="Board paper"))
    assert not rollup(rf.review).kloe("alpha.e1.k1").unevidenced_high


def test_rag_against_threshold_and_direction():
    low = Indicator(id="x", name="DNA", unit="%", direction="lower", threshold=10)
    assert rag(low, 14) == "R" and rag(low, 10) == "A" and rag(low, 5) == "G"
    assert rag(low, None) is None
    high = Indicator(id="y", name="Seen", unit="%", direction="higher", threshold=92)
    assert rag(high, 91.9) == "R" and rag(high, 93) == "A" and rag(high, 99) == "G"
    strict = Indicator(id="z", name="Eng", direction="higher", threshold=4.0, inclusive=False)
    assert rag(strict, 4.0) == "R" and rag(strict, 4.5) == "G"
    none = Indicator(id="w", name="List", direction="lower")
    assert rag(none, 300) is None


def test_group_scores_are_listed_alphabetically_whatever_their_case():
    from maturity.scoring import group_scores_in_order

    assert group_scores_in_order({"vcse": 1, "Commissioner": 4, "education": 2, "Education": 3}) \
        == [("Commissioner", 4), ("Education", 3), ("education", 2), ("vcse", 1)]
    assert group_scores_in_order({}) == []
