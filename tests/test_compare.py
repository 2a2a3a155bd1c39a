import json
import shutil

import pytest

from maturity.cli import main
from maturity.compare import CompareError, compare, compare_files
from maturity.loader import load_framework
from maturity.reviewfile import ReviewFile

from .conftest import MINI
from .history import build_first, build_history, build_second, changed_framework_dir


@pytest.fixture
def pair(tmp_path, mini_framework):
    return build_history(tmp_path, mini_framework, 2)


@pytest.fixture
def three(tmp_path, mini_framework):
    return build_history(tmp_path, mini_framework, 3)


def ids(rows):
    return [r.id for r in rows]


def test_pair_every_delta(pair):
    # Given in reverse order: the comparison puts them in date order.
    c = compare_files([pair[1], pair[0]])
    assert [r.file for r in c.reviews] == [str(pair[0]), str(pair[1])]
    assert [r.review_date.isoformat() for r in c.reviews] == ["2025-03-01", "2026-03-01"]
    domains = {r.id: (r.scores, r.change) for r in c.domains}
    assert domains == {"alpha": ((2.0, 2.25), 0.25), "beta": ((2.0, 2.25), 0.25)}
    elements = {r.id: (r.scores, r.change) for r in c.elements}
    assert elements == {"alpha.e1": ((1.5, 2.5), 1.0), "alpha.e2": ((2.5, 2.0), -0.5),
                        "beta.e1": ((2.0, 2.0), 0.0), "beta.e2": ((2.0, 2.5), 0.5)}
    kloes = {r.id: (r.scores, r.change) for r in c.kloes}
    assert kloes == {
        "alpha.e1.k1": ((1, 3), 2), "alpha.e1.k2": ((2, 2), 0), "alpha.e2.k1": ((2, 1), -1),
        "alpha.e2.k2": ((3, 3), 0), "alpha.e2.k3": ((None, 2), None),
        "beta.e1.k1": ((2, 3), 1), "beta.e1.k2": (("na", 1), None),
        "beta.e2.k1": ((3, 4), 1), "beta.e2.k2": ((1, 1), 0)}
    assert c.overall.scores == (2.0, 2.25) and c.overall.change == 0.25
    assert c.row("beta.e2.k1").reason == "The single PTL made waits visible"
    assert c.row("alpha.e1.k1").reason == ""


def test_pair_lists_coverage_confidence_indicators(pair):
    c = compare_files(pair)
    assert ids(c.improved) == ["alpha.e1.k1", "beta.e1.k1", "beta.e2.k1"]
    assert ids(c.declined) == ["alpha.e2.k1"]
    assert ids(c.unchanged) == ["alpha.e1.k2", "alpha.e2.k2", "beta.e2.k2"]
    assert ids(c.not_compared) == ["alpha.e2.k3", "beta.e1.k2"]
    assert c.overall.coverage == (7 / 8, 1.0)
    assert c.coverage_change == pytest.approx(0.125)
    assert {d.id: d.coverage for d in c.domains} == {"alpha": (0.8, 1.0), "beta": (1.0, 1.0)}
    first, last = c.confidence
    assert first.counts == {"low": 2, "medium": 3, "high": 2} and first.unrated == 0
    assert first.mean == pytest.approx(2.0)
    assert last.counts == {"low": 1, "medium": 2, "high": 5} and last.unrated == 1
    assert last.mean == pytest.approx(2.5)
    assert c.confidence_change == pytest.approx(0.5)
    inds = {i.id: i for i in c.indicators}
    dna = inds["alpha.dna"]
    assert dna.values == (14, 9.8) and dna.rags == ("R", "A")
    assert dna.change == pytest.approx(-4.2) and dna.movement == "better"
    eng = inds["beta.engagement"]
    assert eng.rags == ("R", "G") and eng.movement == "better"
    wait = inds["alpha.waitlist"]
    assert wait.rags == (None, None) and wait.change == 30 and wait.movement == "worse"


def test_pair_action_progress_and_effects(pair):
    c = compare_files(pair)
    statuses = {a.id: a.statuses for a in c.actions}
    assert statuses == {
        "act-ptl": ("in_progress", "done"), "act-jobplans": ("not_started", "done"),
        "act-leaflet": ("not_started", "not_started"),
        "act-warehouse": ("in_progress", "dropped"), "act-caseload": (None, "not_started")}
    assert ids(c.overdue) == ["act-leaflet"]
    assert ids(c.dropped) == ["act-warehouse"]
    assert sorted(ids(c.done)) == ["act-jobplans", "act-ptl"]
    assert c.progress() == {"not_started": 2, "in_progress": 0, "done": 2, "blocked": 0,
                            "dropped": 1, "total": 5, "overdue": 1, "done_since_first": 2,
                            "new": 1, "removed": 0}
    ptl = next(a for a in c.actions if a.id == "act-ptl")
    assert ptl.kloe_ids == ("alpha.e1.k1", "beta.e2.k1")
    assert ptl.owners == ("Anyshire ICB",)
    # Done, but its KLOE did not move.
    assert [(e.action.id, ids(e.unmoved)) for e in c.done_not_moved] == [
        ("act-jobplans", ["alpha.e2.k2"])]
    # Moved with nothing in progress or done behind it: a decline with no action, and a rise
    # whose only action was dropped.
    moved = [(m.kloe.id, m.kloe.change, m.linked_actions) for m in c.moved_without_action]
    assert moved == [("alpha.e2.k1", -1, ()), ("beta.e1.k1", 1, ("act-warehouse",))]


def test_three_reviews_trend(three):
    c = compare_files(three)
    assert c.has_trend
    trend = {r.id: r.scores for r in c.trend}
    # Third review: alpha.e1 (4+3)/2 = 3.5, alpha.e2 (2+3+3)/3 = 2.667 -> alpha 3.083;
    # beta.e1 (3+1)/2 = 2, beta.e2 (4+2)/2 = 3 -> beta 2.5.
    assert trend["alpha"] == pytest.approx((2.0, 2.25, (3.5 + 8 / 3) / 2))
    assert trend["beta"] == pytest.approx((2.0, 2.25, 2.5))
    assert c.row("beta").change == pytest.approx(0.5)
    assert c.overall.scores == pytest.approx((2.0, 2.25, ((3.5 + 8 / 3) / 2 + 2.5) / 2))
    assert {a.id: a.statuses[-1] for a in c.actions}["act-leaflet"] == "done"
    assert ids(c.overdue) == ["act-caseload"]
    # beta.e2.k1 was linked to the finished PTL action in the middle review: still explained.
    assert [m.kloe.id for m in c.moved_without_action] == ["alpha.e1.k2", "beta.e1.k1"]
    assert [(e.action.id, ids(e.unmoved)) for e in c.done_not_moved] == [
        ("act-jobplans", ["alpha.e2.k2"])]
    assert not compare_files(three[:2]).trend
    # Since the last review: beta.e2.k1 stayed at 4, the top of the scale, so the finished PTL
    # action is not faulted for it.
    since = c.since_last
    assert [r.review_date.year for r in since.reviews] == [2026, 2027]
    assert compare_files(three[1:]).to_json() == since.to_json()
    assert [(e.action.id, ids(e.unmoved)) for e in since.done_not_moved] == [
        ("act-jobplans", ["alpha.e2.k2"])]


def test_framework_version_change_reported_rest_compared(tmp_path, mini_framework):
    newer = load_framework(changed_framework_dir(tmp_path, MINI))
    first = build_first(tmp_path / "a.sitreview", mini_framework)
    second = build_second(first, tmp_path / "b.sitreview", newer)
    with ReviewFile.open(second) as rf:
        from maturity import edits
        rf.execute(edits.score_kloe(rf.review, "alpha.e1.k3", 1))
    c = compare_files([first, second])
    assert [(i, j) for i, j, _ in c.framework_changes] == [(0, 1)]
    step = c.framework_changes[0][2]
    assert (step.from_version, step.to_version) == ("1.0", "1.1")
    assert ids_of(step.added) == ["alpha.e1.k3"]
    assert ids_of(step.retired) == ["beta.e2.k2"]
    assert ids_of(step.reworded) == ["alpha.e2.k1"]
    kloes = {r.id: r for r in c.kloes}
    assert kloes["alpha.e1.k3"].scores == (None, 1) and kloes["alpha.e1.k3"].status == "added"
    assert kloes["beta.e2.k2"].scores == (1, None) and kloes["beta.e2.k2"].status == "retired"
    assert kloes["alpha.e2.k1"].status == "reworded" and kloes["alpha.e2.k1"].change == -1
    assert kloes["alpha.e1.k1"].change == 2 and kloes["alpha.e1.k1"].status == ""
    assert "beta.e2.k2" in ids(c.not_compared) and "alpha.e1.k3" in ids(c.not_compared)
    # Rolled up on each review's own framework: beta.e2 is now beta.e2.k1 alone (4).
    assert c.row("beta.e2").scores == (2.0, 4.0)
    # alpha.e1 in 1.1 holds k1 3, k2 2, k3 1.
    assert c.row("alpha.e1").scores == (1.5, 2.0)
    data = c.to_json()
    assert data["framework_changes"] == [{"from_review": 0, "to_review": 1,
                                          "from_version": "1.0", "to_version": "1.1",
                                          "added": ["alpha.e1.k3"], "retired": ["beta.e2.k2"],
                                          "reworded": ["alpha.e2.k1"]}]
    assert [r["framework_version"] for r in data["reviews"]] == ["1.0", "1.1"]


def ids_of(changes):
    return [c.kloe_id for c in changes]


def test_refuses_other_systems_and_frameworks(tmp_path, pair, mini_framework):
    other = tmp_path / "other.sitreview"
    shutil.copyfile(pair[1], other)
    with ReviewFile.open(other) as rf:
        from maturity import edits
        rf.execute(edits.set_details(rf.review, system="Boroughshire Partnership"))
    with pytest.raises(CompareError, match=r"different systems: .*anyshire-2025.sitreview is "
                                           r"of “Anyshire CYP MH Partnership” but "
                                           r".*other.sitreview is of “Boroughshire"):
        compare_files([pair[0], other])
    fw2 = mini_framework.model_copy(update={"id": "adult", "title": "Adult MH"})
    with ReviewFile.open(pair[0], readonly=True) as a, ReviewFile.open(pair[1],
                                                                       readonly=True) as b:
        from maturity.review import Review
        b2 = Review(fw2, b.review.info, b.review.records)
        with pytest.raises(CompareError, match="different frameworks: x uses “mini”.*y uses "
                                               "“adult” \\(Adult MH\\)"):
            compare([("x", a.review), ("y", b2)])
        with pytest.raises(CompareError, match="at least two"):
            compare([("x", a.review)])
    with pytest.raises(CompareError, match="given twice"):
        compare_files([pair[0], pair[0]])


def test_cli_compare_json_shape(pair, capsys):
    assert main(["compare", str(pair[1]), str(pair[0]), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data)[:4] == ["reviews", "domains", "elements", "kloes"]
    assert [list(r)[:3] for r in data["reviews"]] == [["file", "system", "review_date"]] * 2
    assert [r["review_date"] for r in data["reviews"]] == ["2025-03-01", "2026-03-01"]
    for key in ("domains", "elements", "kloes"):
        for row in data[key]:
            assert list(row)[:4] == ["id", "title", "scores", "change"]
    assert data["domains"][0] == {**data["domains"][0], "id": "alpha", "title": "Alpha Domain",
                                  "scores": [2.0, 2.25], "change": 0.25}
    k = {r["id"]: r for r in data["kloes"]}
    assert k["alpha.e1.k1"]["scores"] == [1, 3] and k["alpha.e1.k1"]["change"] == 2
    assert k["beta.e1.k2"]["scores"] == ["na", 1] and k["beta.e1.k2"]["change"] is None
    assert data["improved"] == ["alpha.e1.k1", "beta.e1.k1", "beta.e2.k1"]


def test_cli_compare_text_and_errors(tmp_path, pair, capsys):
    assert main(["compare", str(pair[0]), str(pair[1])]) == 0
    out = capsys.readouterr().out
    assert "Anyshire CYP MH Partnership" in out and "Alpha Domain" in out
    assert "Done, but the linked KLOEs did not move" in out and "act-jobplans" not in out
    assert "Job plans with a complexity scale" in out
    assert main(["compare", str(pair[0])]) == 2
    capsys.readouterr()
    bad = tmp_path / "bad.sitreview"
    bad.write_text("not a review")
    assert main(["compare", str(pair[0]), str(bad)]) == 1
    assert "not a SIT Maturity review file" in capsys.readouterr().err


def test_find_earlier_follows_the_chain(three, tmp_path):
    from maturity.compare import find_earlier

    with ReviewFile.open(three[2], readonly=True) as rf:
        assert find_earlier(three[2], rf.review) == [three[0], three[1]]
    with ReviewFile.open(three[0], readonly=True) as rf:
        assert find_earlier(three[0], rf.review) == []
    # A different review under the previous file's name is not taken for it.
    three[0].unlink()
    shutil.copyfile(three[2], three[0])
    with ReviewFile.open(three[2], readonly=True) as rf:
        assert find_earlier(three[2], rf.review) == [three[1]]
    three[1].unlink()
    with ReviewFile.open(three[2], readonly=True) as rf:
        assert find_earlier(three[2], rf.review) == []
