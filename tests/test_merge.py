"""Merging two copies of one review edited apart: the core, without Qt."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3

import pytest

from maturity import edits
from maturity.edits import new_review_info
from maturity.merge import MergeError, apply_merge, plan_merge, state_of
from maturity.review import Organisation
from maturity.reviewfile import ReviewFile, ReviewFileError

ALPHA = ["alpha.e1.k1", "alpha.e1.k2", "alpha.e2.k1", "alpha.e2.k2", "alpha.e2.k3"]
BETA = ["beta.e1.k1", "beta.e1.k2", "beta.e2.k1", "beta.e2.k2"]


def edit(path, *steps):
    """Open a copy, make each edit (a function of the review giving a command), close it."""
    with ReviewFile.open(path) as rf:
        for step in steps:
            if step == "undo":
                assert rf.undo() is not None
            elif step == "redo":
                assert rf.redo() is not None
            else:
                rf.execute(step(rf.review))


def score(kloe, value):
    return lambda review: edits.score_kloe(review, kloe, value)


def narrative(kloe, text):
    return lambda review: edits.set_narrative(review, kloe, text)


def records(path):
    with ReviewFile.open(path, readonly=True) as rf:
        return state_of(rf.review)


def kloe(path, kloe_id):
    with ReviewFile.open(path, readonly=True) as rf:
        return rf.review.kloe(kloe_id)


def plan(mine, other):
    with ReviewFile.open(mine) as a, ReviewFile.open(other, readonly=True) as b:
        return plan_merge(a, b)


def merge(mine, other, prefer="mine", choices=None):
    with ReviewFile.open(mine) as a, ReviewFile.open(other, readonly=True) as b:
        found = plan_merge(a, b)
        return found, apply_merge(a, b, found, choices, prefer)


@pytest.fixture
def copies(review_path, tmp_path):
    """FILE with a little history, and OTHER copied from it (as by email or a USB stick)."""
    edit(review_path, score("alpha.e1.k1", 1), narrative("alpha.e1.k1", "PTL covers the trust"))
    other = tmp_path / "breakout-b.sitreview"
    shutil.copyfile(review_path, other)
    return review_path, other


def test_breakout_groups_scoring_different_domains_merge_cleanly(review_path, tmp_path):
    other = tmp_path / "laptop-2.sitreview"
    shutil.copyfile(review_path, other)  # copied before anyone scored anything
    edit(review_path, *[score(k, n % 5) for n, k in enumerate(ALPHA)],
         lambda r: edits.add_evidence(r, "alpha.e1.k1", title="Waiting list extract"))
    edit(other, *[score(k, (n + 2) % 5) for n, k in enumerate(BETA)],
         lambda r: edits.set_group_score(r, "beta.e1.k1", "Commissioner", 3),
         lambda r: edits.add_parking(r, "Ask schools about data sharing", "beta.e1"))
    found, done = merge(review_path, other)
    assert found.conflicts == ()
    assert found.counts() == "4 KLOEs, 1 parked issue"
    after = records(review_path)
    theirs = records(other)
    for k in BETA:
        assert after[("kloe", k)] == theirs[("kloe", k)]
    assert [kloe(review_path, k).rating for k in ALPHA] == [0, 1, 2, 3, 4]
    assert kloe(review_path, "beta.e1.k1").group_scores == {"Commissioner": 3}
    # the other way round, the copies then hold the same review
    merge(other, review_path)
    assert records(other) == records(review_path)


def test_evidence_edit_and_score_edit_of_the_same_kloe_both_arrive(copies):
    mine, other = copies
    edit(mine, narrative("alpha.e1.k1", "PTL now covers the trust and the charity"))
    edit(other, score("alpha.e1.k1", 3), lambda r: edits.set_confidence(r, "alpha.e1.k1", "high"))
    found, _ = merge(mine, other)
    assert found.conflicts == ()
    assert found.incoming[0].fields == ("agreed score", "confidence")
    a = kloe(mine, "alpha.e1.k1")
    assert (a.rating, a.confidence, a.narrative) == (3, "high",
                                                     "PTL now covers the trust and the charity")


def test_the_same_field_changed_in_both_is_a_conflict_named_in_user_terms(copies):
    mine, other = copies
    edit(mine, score("alpha.e1.k1", 2), score("beta.e1.k1", 1))
    edit(other, score("alpha.e1.k1", 4), score("alpha.e2.k1", 3))
    before = records(mine)
    found = plan(mine, other)
    assert records(mine) == before  # planning changes nothing
    (c,) = found.conflicts
    assert c.what == "agreed score"
    assert c.where == "Alpha Domain › Alpha element one › “Alpha one first statement holds.”"
    assert (c.mine_text, c.theirs_text) == ("2 Developing", "4 Embedded")
    text = c.describe(found.other_name)
    assert "alpha.e1.k1" not in text and "breakout-b.sitreview has 4 Embedded" in text


@pytest.mark.parametrize("prefer, expected", [("mine", 2), ("theirs", 4)])
def test_prefer_settles_every_conflict_and_the_rest_still_arrives(copies, prefer, expected):
    mine, other = copies
    edit(mine, score("alpha.e1.k1", 2))
    edit(other, score("alpha.e1.k1", 4), score("alpha.e2.k1", 3))
    merge(mine, other, prefer=prefer)
    assert kloe(mine, "alpha.e1.k1").rating == expected
    assert kloe(mine, "alpha.e2.k1").rating == 3


def test_choices_per_conflict_override_the_default(copies):
    mine, other = copies
    edit(mine, score("alpha.e1.k1", 2), narrative("alpha.e2.k1", "ours"))
    edit(other, score("alpha.e1.k1", 4), narrative("alpha.e2.k1", "theirs"))
    found = plan(mine, other)
    assert len(found.conflicts) == 2
    pick = {found.conflicts[0].id: "theirs"}
    merge(mine, other, prefer="mine", choices=pick)
    assert kloe(mine, "alpha.e1.k1").rating == 4
    assert kloe(mine, "alpha.e2.k1").narrative == "ours"


def test_stakeholder_scores_merge_group_by_group(copies):
    mine, other = copies
    k = "beta.e1.k1"
    edit(mine, lambda r: edits.set_group_score(r, k, "Commissioner", 2),
         lambda r: edits.set_group_score(r, k, "Education", 1))
    edit(other, lambda r: edits.set_group_score(r, k, "NHS provider", 4),
         lambda r: edits.set_group_score(r, k, "Education", 3))
    found = plan(mine, other)
    (c,) = found.conflicts
    assert c.what == "score from Education" and (c.mine_text, c.theirs_text) == (
        "1 Emerging", "3 Established")
    merge(mine, other, prefer="theirs")
    assert kloe(mine, k).group_scores == {"Commissioner": 2, "Education": 3, "NHS provider": 4}


def test_an_item_deleted_in_one_copy_and_edited_in_the_other_is_a_conflict(copies):
    mine, other = copies
    edit(mine, lambda r: edits.add_parking(r, "Transition at 18"))
    shutil.copyfile(mine, other)
    with ReviewFile.open(mine, readonly=True) as rf:
        pid = rf.review.parking[0].id
    edit(mine, lambda r: edits.edit_parking(r, pid, "Transition at 18 and 25"))
    edit(other, lambda r: edits.remove_parking(r, pid))
    (c,) = plan(mine, other).conflicts
    assert c.field is None and c.where == "Parked issue “Transition at 18 and 25”"
    assert (c.mine_text, c.theirs_text) == ("kept, with its edits", "deleted")
    merge(mine, other, prefer="theirs")
    assert records(mine).get(("parking", pid)) is None


def test_undo_of_the_merge_restores_the_file_exactly(copies):
    mine, other = copies
    edit(mine, score("alpha.e1.k1", 2), narrative("beta.e2.k1", "ours"))
    edit(other, score("alpha.e1.k1", 4), score("beta.e2.k1", 1),
         lambda r: edits.add_organisation(r, "Anyshire Youth Voice", "CYP & families"))
    before = records(mine)
    merge(mine, other, prefer="theirs")
    assert records(mine) != before
    with ReviewFile.open(mine) as rf:
        assert rf.undo_label() == "Merge changes from breakout-b.sitreview"
        rf.undo()
        assert rf.undo_label() == "Edit evidence: Beta element two › Beta two first statement holds."  # one step undid the lot
    assert records(mine) == before


def test_attachments_come_with_their_evidence_once_per_content(copies, tmp_path):
    mine, other = copies
    shared_bytes, new_bytes = b"%PDF-1.4 board paper", b"%PDF-1.4 audit report"
    with ReviewFile.open(mine) as rf:
        known = rf.add_attachment(shared_bytes, "board.pdf")
        rf.execute(edits.add_evidence(rf.review, "alpha.e1.k1", title="Board paper",
                                      attachment=known, filename="board.pdf"))
    with ReviewFile.open(other) as rf:
        digests = [rf.add_attachment(data, name) for data, name in
                   ((shared_bytes, "board-copy.pdf"), (new_bytes, "audit.pdf"))]
        for n, digest in enumerate([*digests, digests[1]]):
            rf.execute(edits.add_evidence(rf.review, "beta.e1.k1", title=f"Item {n}",
                                          attachment=digest, filename="audit.pdf"))
    _, done = merge(mine, other)
    assert done.attachments_copied == 1  # the board paper is already here; the audit once
    with ReviewFile.open(mine, readonly=True) as rf:
        assert rf.attachment_digests() == set(digests)
        assert rf.attachment(digests[1]) == new_bytes
        assert len(rf.review.evidence_for("beta.e1.k1")) == 3


def test_a_separately_made_review_is_refused(review_path, tmp_path, mini_framework):
    other = tmp_path / "another.sitreview"
    ReviewFile.create(other, mini_framework,
                      new_review_info("Testshire", dt.date(2026, 3, 1))).close()
    with pytest.raises(MergeError, match="is another review .* not a copy of mini.sitreview"):
        plan(review_path, other)


def test_copies_with_no_common_history_are_refused(review_path, tmp_path, mini_framework):
    with ReviewFile.open(review_path, readonly=True) as rf:
        info = rf.review.info
    other = tmp_path / "forged.sitreview"  # same review id, but a different beginning
    ReviewFile.create(other, mini_framework, info,
                      [Organisation(id="o1", name="Anyshire ICB", sector="Commissioner")]).close()
    edit(review_path, score("alpha.e1.k1", 2))
    edit(other, score("beta.e1.k1", 2))
    before = records(review_path)
    with pytest.raises(MergeError, match="have no common history"):
        plan(review_path, other)
    assert records(review_path) == before


def test_an_undo_in_the_other_copy_of_an_edit_made_before_the_copy_arrives(copies):
    mine, other = copies  # both copies hold "alpha.e1.k1 scored 1" from before the copy
    edit(mine, score("beta.e1.k1", 2))
    edit(other, "undo", "undo")  # the narrative, then the score
    found, _ = merge(mine, other)
    assert found.conflicts == ()
    a = kloe(mine, "alpha.e1.k1")
    assert (a.rating, a.narrative) == (None, "")
    assert kloe(mine, "beta.e1.k1").rating == 2


def test_an_edit_undone_before_the_copy_stays_undone(review_path, tmp_path):
    edit(review_path, score("alpha.e1.k1", 1), score("alpha.e1.k2", 4), "undo")
    other = tmp_path / "copy.sitreview"
    shutil.copyfile(review_path, other)
    edit(review_path, score("beta.e1.k1", 2))  # a new edit drops the undone one here
    edit(other, score("beta.e2.k1", 3))  # ... and there, each its own new edit
    merge(review_path, other)
    assert [kloe(review_path, k).rating for k in ("alpha.e1.k2", "beta.e1.k1", "beta.e2.k1")] \
        == [None, 2, 3]


def test_nothing_to_bring_is_said_not_done(copies):
    mine, other = copies
    edit(mine, score("alpha.e2.k1", 2))
    assert plan(mine, other).nothing
    edit(other, score("alpha.e2.k1", 2))  # the same change made in both copies
    assert plan(mine, other).nothing


def _tamper(path, sql, *args):
    con = sqlite3.connect(path)
    con.execute(sql, args)
    con.commit()
    con.close()


BAD_HISTORY = [("[[", "edit 1 of its history .*cannot be read"),
               (json.dumps([["kloe", "alpha.e1.k1", None, {"kloe_id": 5, "x": 1}]]),
                "edit 1 of its history .* not valid"),
               (json.dumps([["secret", "k", None, None]]), "edit 1 of its history .*unknown kind"),
               (json.dumps({"kloe": 1}), "edit 1 of its history .*not a list")]


@pytest.mark.parametrize("changes, message", BAD_HISTORY)
def test_a_damaged_history_in_the_other_copy_is_refused(copies, changes, message):
    mine, other = copies
    _tamper(other, "UPDATE history SET changes = ? WHERE seq = 1", changes)
    before = records(mine)
    with pytest.raises(MergeError, match=f"breakout-b.sitreview: {message}"):
        plan(mine, other)
    assert records(mine) == before


BAD_RECORDS = [
    ("UPDATE record SET data = json_set(data, '$.rating', 99) WHERE key = 'alpha.e2.k1'",
     "score outside the scale"),
    ("UPDATE record SET data = json_set(data, '$.kloe_id', 'gamma.k9') WHERE kind = 'evidence'",
     "KLOE this review's framework does not have"),
    ("UPDATE record SET data = json_set(data, '$.attachment', '../../etc/passwd') "
     "WHERE kind = 'evidence'", "names its attached file wrongly"),
    ("UPDATE record SET data = json_set(data, '$.attachment', '" + "a" * 64 + "') "
     "WHERE kind = 'evidence'", "attached file the copy does not hold"),
]


@pytest.mark.parametrize("sql, message", BAD_RECORDS)
def test_untrusted_items_in_the_other_copy_are_refused_and_nothing_changes(copies, sql,
                                                                           message):
    mine, other = copies
    edit(other, score("alpha.e2.k1", 2),
         lambda r: edits.add_evidence(r, "alpha.e1.k1", title="Minutes"))
    _tamper(other, sql)
    before = records(mine)
    # A stricter open may refuse the item before the merge looks at it: either way, named.
    with pytest.raises((MergeError, ReviewFileError), match="breakout-b.sitreview") as caught:
        plan(mine, other)
    if isinstance(caught.value, MergeError):
        assert message in str(caught.value)
    assert records(mine) == before


def test_merging_again_later_brings_only_what_is_new(copies):
    mine, other = copies
    edit(other, score("alpha.e2.k1", 2), narrative("beta.e1.k1", "Schools data from May"))
    merge(mine, other)
    edit(mine, score("alpha.e2.k1", 3))  # the group moved on from the value it took in
    edit(other, score("beta.e2.k2", 1))
    found, _ = merge(mine, other)
    assert found.conflicts == () and [i.describe() for i in found.incoming] == [
        "Beta Domain › Beta element two › “Beta two second statement holds.”: agreed score"]
    assert kloe(mine, "alpha.e2.k1").rating == 3
    found, _ = merge(other, mine)  # and the other copy catches up without a conflict
    assert found.conflicts == ()
    assert records(other) == records(mine)
