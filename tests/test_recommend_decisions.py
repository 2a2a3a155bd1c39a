"""Deciding on recommendations: rewording decides nothing, rejecting needs a reason that is
kept with the decision (and undone with it), and files saved before reasons existed still open."""

from __future__ import annotations

import json
import sqlite3

import pytest

from maturity import edits
from maturity.edits import ReviewError
from maturity.recommend import (
    accept_recommendation,
    edit_recommendation,
    item_id,
    reconsider_recommendation,
    reevaluate,
    reject_recommendation,
)
from maturity.report import build_report
from maturity.reviewfile import ReviewFile

R1, R2 = item_id("alpha.r1"), item_id("alpha.r2")


@pytest.fixture
def suggested(rf):
    rf.execute(edits.score_kloe(rf.review, "alpha.e1.k1", 1))
    rf.execute(edits.set_indicator(rf.review, "alpha.dna", 20))
    rf.execute(reevaluate(rf.review))
    return rf


def rec(rf, rid):
    return rf.review.get("recommendation", rid)


def test_rewording_a_suggestion_leaves_it_to_be_decided(suggested):
    rf = suggested
    rf.execute(edit_recommendation(rf.review, R1, "Our own wording of tracking."))
    assert rec(rf, R1).status == "suggested"
    assert rec(rf, R1).original_text == "Put a single tracking list in place."
    rf.execute(accept_recommendation(rf.review, R1))
    assert rec(rf, R1).status == "edited"
    # rewording an accepted one keeps it accepted, and says whether it is the framework's text
    rf.execute(edit_recommendation(rf.review, R1, "Put a single tracking list in place."))
    assert rec(rf, R1).status == "accepted" and rec(rf, R1).original_text == ""


def test_rewording_a_rejected_one_keeps_it_rejected(suggested):
    rf = suggested
    rf.execute(reject_recommendation(rf.review, R1, "Covered by the winter plan"))
    rf.execute(edit_recommendation(rf.review, R1, "Something else"))
    assert rec(rf, R1).status == "rejected"
    assert rec(rf, R1).rejection_reason == "Covered by the winter plan"


@pytest.mark.parametrize("reason", ["", "   ", "\n\t", "\x00\x01"])
def test_rejecting_needs_a_reason(suggested, reason):
    with pytest.raises(ReviewError, match="reason for rejecting"):
        reject_recommendation(suggested.review, R1, reason)
    assert rec(suggested, R1).status == "suggested"


def test_a_long_reason_is_refused_naming_the_limit(suggested):
    with pytest.raises(ReviewError, match="too long"):
        reject_recommendation(suggested.review, R1, "x" * 5000)


def test_reason_is_kept_on_one_line_and_undone_with_the_rejection(suggested):
    rf = suggested
    rf.execute(reject_recommendation(rf.review, R2, "  Already\nfunded\x07 "))
    assert rec(rf, R2).status == "rejected"
    assert rec(rf, R2).rejection_reason == "Already funded"
    rf.undo()
    assert rec(rf, R2).status == "suggested" and rec(rf, R2).rejection_reason == ""
    rf.redo()
    assert rec(rf, R2).rejection_reason == "Already funded"
    rf.close()
    with ReviewFile.open(rf.path, readonly=True) as again:   # saved, as part of the file
        assert again.review.get("recommendation", R2).rejection_reason == "Already funded"


def test_reconsidering_or_accepting_drops_the_reason(suggested):
    rf = suggested
    rf.execute(reject_recommendation(rf.review, R1, "Not now"))
    rf.execute(reconsider_recommendation(rf.review, R1))
    assert rec(rf, R1).rejection_reason == ""
    rf.execute(reject_recommendation(rf.review, R1, "Not now"))
    rf.execute(accept_recommendation(rf.review, R1))
    assert rec(rf, R1).status == "accepted" and rec(rf, R1).rejection_reason == ""


def test_a_review_saved_before_reasons_existed_still_opens(suggested):
    rf = suggested
    rf.execute(reject_recommendation(rf.review, R1, "Not now"))
    path = rf.path
    rf.close()
    con = sqlite3.connect(path)
    (data,) = con.execute("SELECT data FROM record WHERE kind = 'recommendation' AND key = ?",
                          (R1,)).fetchone()
    old = json.loads(data)
    del old["rejection_reason"]
    con.execute("UPDATE record SET data = ? WHERE kind = 'recommendation' AND key = ?",
                (json.dumps(old), R1))
    con.commit()
    con.close()
    with ReviewFile.open(path, readonly=True) as again:
        item = again.review.get("recommendation", R1)
        assert item.status == "rejected" and item.rejection_reason == ""
        row = {r.id: r for r in build_report(again.review).recommendations}[R1]
        assert row.rejection_reason == ""


def test_the_workbook_shows_the_reason(suggested, tmp_path):
    from openpyxl import load_workbook

    from exports.workbook.review import write_workbook

    rf = suggested
    rf.execute(reject_recommendation(rf.review, R2, "Already in the trust's plan"))
    rf.execute(accept_recommendation(rf.review, R1))
    out = tmp_path / "review.xlsx"
    write_workbook(build_report(rf.review), out)
    ws = load_workbook(out)["Recommendations"]
    headers = [c.value for c in ws[1]]
    col = headers.index("Reason for rejecting")
    by_status = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=col + 1).value
                 for r in range(2, 4)}
    assert by_status["Rejected"] == "Already in the trust's plan"
    assert not by_status["Accepted"]
