import datetime as dt
import hashlib

import pytest

from maturity import edits
from maturity.cli import main
from maturity.edits import ReviewError
from maturity.framework import Framework
from maturity.loader import load_framework
from maturity.rereview import RereviewError, framework_changes, start_rereview
from maturity.reviewfile import ReviewFile

from .conftest import MINI
from .history import (
    FIRST_SCORES,
    SECOND_DATE,
    SYSTEM,
    build_first,
    changed_framework_dir,
)


@pytest.fixture
def first(tmp_path, mini_framework):
    return build_first(tmp_path / "first.sitreview", mini_framework)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_rereview_carries_the_plan_and_previous_scores(tmp_path, first, mini_framework):
    before = digest(first)
    new = tmp_path / "second.sitreview"
    result = start_rereview(first, new, mini_framework, review_date=SECOND_DATE)
    assert digest(first) == before
    assert not result.changes
    with ReviewFile.open(new) as rf:
        review = rf.review
        info = review.info
        assert info.review_type == "re-review" and info.system == SYSTEM
        assert info.review_date == SECOND_DATE and info.facilitator == "Fran Facilitator"
        assert info.review_id != "review-2025"
        assert info.previous.file_name == "first.sitreview"
        assert info.previous.review_id == "review-2025"
        assert info.previous.review_date == dt.date(2025, 3, 1)
        assert info.previous.framework_version == "1.0"
        assert info.previous.kloe_changes == ()
        assert {o.id: o.name for o in review.organisations} == {
            "org-icb": "Anyshire ICB", "org-trust": "Anyshire NHS Trust"}
        assert review.target("alpha.e1") == 4
        assert [p.id for p in review.parking] == ["park-open"]
        assert {r.id for r in review.recommendations} == {"rec-accepted"}
        actions = {a.id: a for a in review.actions}
        assert set(actions) == {"act-ptl", "act-jobplans", "act-leaflet", "act-warehouse"}
        ptl = actions["act-ptl"]
        assert ptl.status == "in_progress" and ptl.lead == "Sam Lead"
        assert ptl.notes[0].text == "Data sharing agreed"
        assert ptl.recommendation_ids == ("rec-accepted",)
        assert all(a.carried_from == "review-2025" for a in actions.values())
        assert all(review.get("org", o) is not None for a in actions.values() for o in a.owners)
        for kid, rating in FIRST_SCORES.items():
            k = review.kloe(kid)
            assert k.previous_rating == rating, kid
            assert k.rating is None, kid
        ptl_kloe = review.kloe("alpha.e1.k1")
        assert ptl_kloe.previous_narrative.startswith("PTL covers the trust only")
        assert "PTL extract (Data, 2025-02-01)" in ptl_kloe.previous_narrative
        assert review.indicator_value("alpha.dna") is None
        assert review.evidence_for("alpha.e1.k1") == []
    assert result.carried["action"] == 4 and result.carried["previous"] == 8


def test_prefill_copies_scores_as_a_starting_point(tmp_path, first, mini_framework):
    new = tmp_path / "second.sitreview"
    result = start_rereview(first, new, mini_framework, review_date=SECOND_DATE, prefill=True)
    with ReviewFile.open(new, readonly=True) as rf:
        for kid, rating in FIRST_SCORES.items():
            assert rf.review.kloe(kid).rating == rating
    assert result.carried["prefilled"] == 8


def test_framework_version_change_is_matched_by_id(tmp_path, first):
    newer = load_framework(changed_framework_dir(tmp_path, MINI))
    new = tmp_path / "second.sitreview"
    result = start_rereview(first, new, newer, review_date=SECOND_DATE, prefill=True)
    changes = result.changes
    assert (changes.from_version, changes.to_version) == ("1.0", "1.1")
    assert [c.kloe_id for c in changes.added] == ["alpha.e1.k3"]
    assert [c.kloe_id for c in changes.retired] == ["beta.e2.k2"]
    assert changes.retired[0].previous_rating == 1
    assert [c.kloe_id for c in changes.reworded] == ["alpha.e2.k1"]
    reworded = changes.reworded[0]
    assert reworded.previous_statement == "Alpha two first statement holds."
    assert reworded.statement.endswith("across every provider.")
    text = "\n".join(result.summary_lines())
    assert "added     alpha.e1.k3" in text and "retired   beta.e2.k2" in text
    assert "reworded  alpha.e2.k1" in text
    with ReviewFile.open(new, readonly=True) as rf:
        review = rf.review
        assert review.framework.version == "1.1"
        assert review.info.previous.kloe_changes == changes.kloes
        assert review.kloe("alpha.e2.k1").previous_rating == 2
        assert review.kloe("alpha.e2.k1").rating == 2
        assert review.kloe("alpha.e1.k3").previous_rating is None
        assert review.get("kloe", "beta.e2.k2") is None


def test_framework_changes_ignore_whitespace_only_edits(mini_framework):
    data = mini_framework.model_dump()
    data["domains"][0]["elements"][0]["kloes"][0]["statement"] = \
        "Alpha  one first\nstatement holds."
    assert not framework_changes(mini_framework, Framework.model_validate(data))


def test_rereview_refusals(tmp_path, first, mini_framework):
    other = mini_framework.model_copy(update={"id": "adult", "title": "Adult MH"})
    with pytest.raises(RereviewError, match="framework 'mini'.*framework 'adult'"):
        start_rereview(first, tmp_path / "x.sitreview", other)
    with pytest.raises(RereviewError, match="before the previous review's date 2025-03-01"):
        start_rereview(first, tmp_path / "y.sitreview", mini_framework,
                       review_date=dt.date(2024, 1, 1))
    with pytest.raises(RereviewError, match="already exists"):
        start_rereview(first, first, mini_framework)
    with pytest.raises(RereviewError, match="must end in .sitreview"):
        start_rereview(first, tmp_path / "z.xlsx", mini_framework)
    assert not (tmp_path / "x.sitreview").exists() and not (tmp_path / "y.sitreview").exists()


def test_explain_change_records_reason_and_actions(tmp_path, first, mini_framework):
    new = tmp_path / "second.sitreview"
    start_rereview(first, new, mini_framework, review_date=SECOND_DATE)
    with ReviewFile.open(new) as rf:
        rf.execute(edits.score_kloe(rf.review, "alpha.e1.k1", 3))
        rf.execute(edits.explain_change(rf.review, "alpha.e1.k1", reason="PTL now covers all",
                                        linked_actions=["act-ptl", "act-ptl"]))
        k = rf.review.kloe("alpha.e1.k1")
        assert k.change_reason == "PTL now covers all" and k.linked_actions == ("act-ptl",)
        assert k.rating == 3 and k.previous_rating == 1
        with pytest.raises(ReviewError, match="no action 'act-nope'"):
            edits.explain_change(rf.review, "alpha.e1.k1", linked_actions=["act-nope"])
        rf.execute(edits.explain_change(rf.review, "alpha.e1.k1", linked_actions=[]))
        assert rf.review.kloe("alpha.e1.k1").change_reason == "PTL now covers all"
        assert rf.review.kloe("alpha.e1.k1").linked_actions == ()
        rf.undo()
        assert rf.review.kloe("alpha.e1.k1").linked_actions == ("act-ptl",)
    with ReviewFile.open(new, readonly=True) as rf:
        assert rf.review.kloe("alpha.e1.k1").linked_actions == ("act-ptl",)


def test_cli_rereview(tmp_path, first, capsys):
    new = tmp_path / "second.sitreview"
    newer = changed_framework_dir(tmp_path, MINI)
    assert main(["rereview", str(first), str(new), "--prefill", "--framework", str(newer),
                 "--date", "2026-03-01"]) == 0
    out = capsys.readouterr().out
    assert f"Created {new}" in out and "re-review of" in out
    assert "retired   beta.e2.k2" in out and "added     alpha.e1.k3" in out
    with ReviewFile.open(new, readonly=True) as rf:
        assert rf.review.kloe("alpha.e1.k1").rating == 1
    assert main(["rereview", str(first), str(new), "--framework", str(MINI)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["rereview", str(tmp_path / "nope.sitreview"), str(tmp_path / "n.sitreview"),
                 "--framework", str(MINI)]) == 1
    assert "no such file" in capsys.readouterr().err
