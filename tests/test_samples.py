"""The bundled sample reviews build from their readable data, fully scored, a year apart."""

import subprocess
import sys

import pytest

from maturity.reviewfile import ReviewFile
from maturity.samples import SampleError, build_reviews, build_samples, sample_data
from maturity.scoring import rollup, spread

from .conftest import REPO


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    return build_samples(tmp_path_factory.mktemp("samples"))


def test_two_reviews_a_year_apart_fully_scored(samples):
    assert len(samples) == 2
    with ReviewFile.open(samples[0]) as first, ReviewFile.open(samples[1]) as second:
        a, b = first.review, second.review
        assert a.info.system == b.info.system
        assert "Anyshire" in a.info.system
        assert (b.info.review_date - a.info.review_date).days in range(350, 380)
        assert a.info.review_type == "first" and b.info.review_type == "re-review"
        assert b.info.previous.review_id == a.info.review_id
        for review in (a, b):
            r = rollup(review)
            assert r.coverage == 1.0
            for d in review.framework.domains:
                assert rollup(review).domain(d.id).coverage == 1.0, d.id
            # every indicator has a value, and some breach their thresholds
            fw = review.framework
            indicators = [i for d in fw.domains for i in d.indicators]
            assert all(review.indicator_value(i.id) for i in indicators)
            assert any(i.meets(review.indicator_value(i.id).value) is False for i in indicators)
            assert any(i.meets(review.indicator_value(i.id).value) for i in indicators)
            # stakeholder groups that disagree by two levels or more
            spreads = [spread(review.kloe(k.id).group_scores) for _, _, k in fw.kloes()]
            assert sum(1 for s in spreads if s is not None and s >= 2) >= 3
            assert len(review.all("evidence")) >= 5
            assert review.parking
            assert all(review.kloe(k.id).narrative for _, _, k in fw.kloes())
            assert {k.confidence for k in (review.kloe(x.id) for _, _, x in fw.kloes())} \
                >= {"low", "medium", "high"}
        # a plausible spread: some domains strong, some weak, some moving
        ra, rb = rollup(a), rollup(b)
        scores = [d.score for d in rb.domains]
        assert max(scores) - min(scores) >= 1.0
        moves = [rb.domain(d.id).score - ra.domain(d.id).score for d in a.framework.domains]
        assert max(moves) >= 0.5 and min(moves) < 0
        # the re-review shows last year's score beside each item
        k = next(k for _, _, k in b.framework.kloes())
        assert b.kloe(k.id).previous_rating == a.kloe(k.id).rating


def test_roster_covers_every_sector(samples):
    from maturity.review import SECTORS

    with ReviewFile.open(samples[0]) as rf:
        assert {o.sector for o in rf.review.organisations} == set(SECTORS)


def test_embedded_attachments_are_inside_the_file(samples):
    with ReviewFile.open(samples[0]) as rf:
        attached = [e for e in rf.review.all("evidence") if e.attachment]
        assert attached
        for e in attached:
            assert rf.attachment(e.attachment)


def test_demo_command_prints_paths_oldest_first(tmp_path):
    out = subprocess.run([sys.executable, "-m", "maturity.cli", "demo", "--out-dir",
                          str(tmp_path)], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0, out.stderr
    paths = out.stdout.split()
    assert len(paths) == 2 and paths[0].endswith("first-review.sitreview")
    dates = []
    for p in paths:
        with ReviewFile.open(p) as rf:
            dates.append(rf.review.info.review_date)
    assert dates == sorted(dates)
    # running it again replaces the files rather than failing
    again = subprocess.run([sys.executable, "-m", "maturity.cli", "demo", "--out-dir",
                            str(tmp_path)], capture_output=True, text=True, cwd=REPO)
    assert again.returncode == 0 and again.stdout.split() == paths


def test_sample_data_that_misses_a_kloe_is_refused(mini_framework):
    data = sample_data()
    spec = {"id": "x", "file": "x.sitreview", "review_date": data["reviews"][0]["review_date"],
            "elements": {}}
    with pytest.raises(SampleError, match="review x: element alpha.e1 has no scores"):
        build_reviews(mini_framework, {**data, "reviews": [spec]})


@pytest.mark.parametrize("path, bad, message", [
    (("organisations", 0, "sector"), "Pirates", "organisation .*: 'Pirates' must be one of"),
    (("reviews", 0, "evidence", 0, "type"), "rumour", "evidence\\[0\\]: 'rumour' must be one of"),
    (("reviews", 0, "actions", 0, "status"), "nearly", "'nearly' must be one of"),
    (("reviews", 0, "actions", 0, "owners"), ["nobody"], "unknown owners \\['nobody'\\]"),
])
def test_sample_values_are_checked(path, bad, message):
    import copy

    from maturity.loader import load_framework

    data = copy.deepcopy(sample_data())
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = bad
    with pytest.raises(SampleError, match=message):
        build_reviews(load_framework(), data)


def test_actions_recommendations_and_links(samples):
    with ReviewFile.open(samples[0]) as first, ReviewFile.open(samples[1]) as second:
        a, b = first.review, second.review
        assert len(a.actions) >= 8
        accepted = [r for r in a.recommendations if r.status == "accepted"]
        assert accepted and all(r.reason for r in accepted)
        # every action's recommendation is an accepted item of the same review
        for act in a.actions:
            for rid in act.recommendation_ids:
                assert a.get("recommendation", rid).status in ("accepted", "edited")
        # the re-review carries the whole action plan, with a year's progress
        carried = [x for x in b.actions if x.carried_from == a.info.review_id]
        assert {x.id for x in carried} == {x.id for x in a.actions}
        statuses = {x.status for x in carried}
        assert {"done", "dropped", "blocked", "in_progress"} <= statuses
        assert any(len(x.notes) > len(a.get("action", x.id).notes) for x in carried)
        assert any(not x.carried_from for x in b.actions)
        linked = [k for _, _, k in b.framework.kloes() if b.kloe(k.id).linked_actions]
        assert linked
        for k in linked:
            assert b.kloe(k.id).score != b.kloe(k.id).previous_rating
