"""Live voting without the app: the tally in the review, the ballot box and the server, as phones
and a careless or hostile visitor on the network would use them."""

from __future__ import annotations

import json
import re
import sqlite3
import threading

import pytest

from maturity.edits import ReviewError, score_kloe
from maturity.liveserver import MAX_BODY, RateLimit
from maturity.review import KloeAssessment
from maturity.reviewfile import ReviewFile
from maturity.votes import record_room_vote, summarise
from tests.voting_support import Phone, Room

K1 = "alpha.e1.k1"
K2 = "alpha.e1.k2"


def history(path) -> list[tuple[str, int]]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT label, done FROM history ORDER BY seq").fetchall()
    finally:
        con.close()


# The record ------------------------------------------------------------------------------------
def test_a_kloe_saved_before_live_voting_still_loads_with_no_votes(rf, review_path):
    rf.execute(score_kloe(rf.review, K1, 2))
    rf.close()
    con = sqlite3.connect(review_path)
    data = json.loads(con.execute("SELECT data FROM record WHERE kind='kloe'").fetchone()[0])
    data.pop("votes")
    con.execute("UPDATE record SET data = ? WHERE kind = 'kloe'", (json.dumps(data),))
    con.commit()
    con.close()
    with ReviewFile.open(review_path) as again:
        assert again.review.kloe(K1).rating == 2
        assert again.review.kloe(K1).votes == {}
    assert KloeAssessment(kloe_id=K1).votes == {}


@pytest.mark.parametrize("tally, complaint", [
    ({"Martians": {"2": 1}}, "unknown stakeholder group 'Martians'"),
    ({"Education": {"7": 1}}, "vote level '7'"),
    ({"Education": {"2": -1}}, "vote count -1"),
    ({"Education": {"2": True}}, "vote count True"),
])
def test_a_tally_off_the_scale_or_of_unknown_groups_is_refused(rf, tally, complaint):
    with pytest.raises(ReviewError, match=complaint):
        record_room_vote(rf.review, K1, tally)


def test_groups_two_levels_apart_are_flagged_and_na_votes_do_not_count_as_scores(rf):
    votes = {"Education": {"1": 2, "2": 1}, "VCSE": {"3": 3, "na": 4}, "Commissioner": {"na": 1}}
    s = summarise(rf.review.framework, votes)
    assert s.total == 11 and s.scored == 6
    assert s.by_level == {"0": 0, "1": 2, "2": 1, "3": 3, "4": 0, "na": 5}
    assert s.group_medians == {"Education": 1.0, "VCSE": 3.0}
    assert s.spread == 2.0 and s.disagreement
    close = summarise(rf.review.framework, {"Education": {"2": 1}, "VCSE": {"3": 1}})
    assert close.spread == 1.0 and not close.disagreement


# Batches and undo ------------------------------------------------------------------------------
def test_a_round_written_in_batches_is_one_undo_step_and_undo_removes_the_whole_round(
        rf, review_path):
    rf.execute(score_kloe(rf.review, K1, 3))
    label = "Room's vote: Alpha element one › Alpha one first statement holds. ("
    rf.execute(record_room_vote(rf.review, K1, {"Education": {"2": 1}}), join_last=label)
    rf.execute(record_room_vote(rf.review, K1, {"Education": {"2": 2}}), join_last=label)
    rf.execute(record_room_vote(rf.review, K1, {"Education": {"2": 2}, "VCSE": {"4": 1}}),
               join_last=label)
    assert history(review_path) == [("Score 3: Alpha element one › Alpha one first statement holds.", 1),
                                    ("Room's vote: Alpha element one › Alpha one first statement holds. (3 votes)", 1)]
    rf.undo()
    assert rf.review.kloe(K1).votes == {} and rf.review.kloe(K1).rating == 3
    rf.redo()
    assert rf.review.kloe(K1).votes == {"Education": {"2": 2}, "VCSE": {"4": 1}}
    # An edit in between, or an undone round, starts a new entry rather than rewriting history.
    rf.execute(score_kloe(rf.review, K1, 2))
    rf.execute(record_room_vote(rf.review, K1, {"Education": {"2": 3}}), join_last=label)
    assert [h[0] for h in history(review_path)][-2:] == ["Score 2: Alpha element one › Alpha one first statement holds.",
                                                          "Room's vote: Alpha element one › Alpha one first statement holds. (3 votes)"]
    rf.undo()
    rf.execute(record_room_vote(rf.review, K1, {"Education": {"1": 1}}), join_last=label)
    assert history(review_path)[-1] == ("Room's vote: Alpha element one › Alpha one first statement holds. (1 vote)", 1)
    assert rf.review.kloe(K1).votes == {"Education": {"1": 1}}


# The server, as phones use it ---------------------------------------------------------------
def test_a_phone_reads_only_the_open_kloe_and_the_scale_and_changes_its_vote(rf):
    with Room(rf) as room:
        phone = Phone(room.url)
        status, state = phone.state()
        assert status == 200 and state["open"] is False and state["kloe"] is None
        room.open(K1)
        status, state = phone.state()
        assert status == 200 and state["open"] is True
        assert state["kloe"] == {"id": K1, "statement": rf.review.framework.kloe(K1).statement}
        assert [(s["value"], s["label"]) for s in state["scale"]] == [
            (0, "Not in place"), (1, "Emerging"), (2, "Developing"), (3, "Established"),
            (4, "Embedded")]
        assert "Education" in state["groups"] and "CYP & families" in state["groups"]
        assert set(state) == {"kloe", "scale", "open", "groups"}
        status, page = phone.request("GET", phone.path)
        assert status == 200 and page["text"].startswith("<!doctype html>")
        # Self-contained: nothing fetched from anywhere else, so it works with no internet.
        assert not re.search(r"https?:|src=|href=|url\(|@import", page["text"])
        assert phone.vote("phone-1", "Education", 3) == (200, {"saved": True, "kloe": K1,
                                                               "value": 3})
        # Saved means written: another reader of the file already sees it.
        with ReviewFile.open(rf.path, readonly=True) as reader:
            assert reader.review.kloe(K1).votes == {"Education": {"3": 1}}
        assert phone.vote("phone-1", "Education", "na")[0] == 200
        assert phone.vote("phone-2", "VCSE", 0)[0] == 200
        phone.close()
    assert rf.review.kloe(K1).votes == {"Education": {"na": 1}, "VCSE": {"0": 1}}


BAD_BODIES = [
    (b"not json", 400),
    (b'["voter", "group", "value"]', 400),
    (json.dumps({"voter": "v", "group": "Education"}).encode(), 400),
    (json.dumps({"voter": "v", "group": "Education", "value": 2, "admin": 1}).encode(), 400),
    (json.dumps({"voter": "", "group": "Education", "value": 2}).encode(), 400),
    (json.dumps({"voter": "v/../x", "group": "Education", "value": 2}).encode(), 400),
    (json.dumps({"voter": "v" * 65, "group": "Education", "value": 2}).encode(), 400),
    (json.dumps({"voter": 7, "group": "Education", "value": 2}).encode(), 400),
    (json.dumps({"voter": "v", "group": ["Education"], "value": 2}).encode(), 400),
    (json.dumps({"voter": "v", "group": "Martians", "value": 2}).encode(), 422),
    (json.dumps({"voter": "v", "group": "Education", "value": 5}).encode(), 422),
    (json.dumps({"voter": "v", "group": "Education", "value": -1}).encode(), 422),
    (json.dumps({"voter": "v", "group": "Education", "value": "3"}).encode(), 422),
    (json.dumps({"voter": "v", "group": "Education", "value": 2.0}).encode(), 422),
    (json.dumps({"voter": "v", "group": "Education", "value": True}).encode(), 422),
    (json.dumps({"voter": "v", "group": "Education", "value": None}).encode(), 422),
    (json.dumps({"voter": "v", "group": "Education", "value": 2, "kloe": K2}).encode(), 409),
    ("{\"voter\": \"v\", \"group\": \"Educatio\u00f1\", \"value\": 2}".encode("latin-1"), 400),
]


def test_every_bad_request_is_refused_with_a_4xx_and_changes_nothing(rf, review_path):
    with Room(rf) as room:
        room.open(K1)
        phone = Phone(room.url)
        assert phone.vote("first", "Education", 1)[0] == 200
        before = (history(review_path), rf.review.kloe(K1).votes)
        token = room.server.token
        good = json.dumps({"voter": "v", "group": "Education", "value": 2}).encode()
        json_type = {"Content-Type": "application/json"}
        refused = []
        wrong_last = "y" if token.endswith("x") else "x"  # a token one character off
        for path in ("/", "/state", "/vote", f"/{token[:-1]}{wrong_last}/state", f"/{token}x/state",
                     f"/x/{token}/state", f"/{token}/../state", f"/{token}/admin",
                     "/%00", f"/{token.upper()}/state"):
            method = "POST" if path.endswith("vote") else "GET"
            refused.append((path, phone.request(method, path, good, json_type)[0]))
        refused.append(("no token vote", phone.request("POST", "/vote", good, json_type)[0]))
        for body, expected in BAD_BODIES:
            status, data = phone.request("POST", f"/{token}/vote", body, json_type)
            assert status == expected, (body, status, data)
            assert data["error"]
        refused += [
            ("GET vote", phone.request("GET", f"/{token}/vote")[0]),
            ("POST state", phone.request("POST", f"/{token}/state", good, json_type)[0]),
            ("form post", phone.request("POST", f"/{token}/vote", good,
                                        {"Content-Type": "text/plain"})[0]),
            ("too big", phone.request("POST", f"/{token}/vote",
                                      good[:-1] + b"," + b" " * MAX_BODY + b"}", json_type)[0]),
            ("huge", phone.request("POST", f"/{token}/vote", b"{" + b" " * 100_000 + b"}",
                                   json_type)[0]),
        ]
        for what, status in refused:
            assert 400 <= status < 500, (what, status)
        # Voting closed (the facilitator is on the agenda) refuses a vote too.
        room.ballot.close()
        assert phone.vote("late", "Education", 2)[0] == 409
        phone.close()
        assert (history(review_path), rf.review.kloe(K1).votes) == before


def test_moving_on_closes_the_previous_kloe_to_late_votes(rf):
    with Room(rf) as room:
        room.open(K1)
        phone = Phone(room.url)
        assert phone.vote("a", "Education", 1, kloe=K1)[0] == 200
        room.open(K2)
        status, data = phone.vote("a", "Education", 4, kloe=K1)
        assert status == 409 and "moved on" in data["error"]
        assert phone.vote("a", "Education", 4, kloe=K2)[0] == 200
        phone.close()
    assert rf.review.kloe(K1).votes == {"Education": {"1": 1}}
    assert rf.review.kloe(K2).votes == {"Education": {"4": 1}}


def test_a_client_that_floods_is_slowed_while_others_still_vote():
    now = [0.0]
    limit = RateLimit(burst=5, per_second=1.0, clock=lambda: now[0])
    assert [limit.allow("10.0.0.9") for _ in range(7)] == [True] * 5 + [False] * 2
    assert limit.allow("10.0.0.8")
    now[0] += 2.0
    assert [limit.allow("10.0.0.9") for _ in range(3)] == [True, True, False]


def test_a_flood_over_the_network_gets_429_and_counts_nothing(rf, review_path):
    with Room(rf, rate=RateLimit(burst=10, per_second=0.001)) as room:
        room.open(K1)
        phone = Phone(room.url)
        statuses = [phone.vote(f"v{i}", "Education", 2)[0] for i in range(14)]
        phone.close()
    assert statuses[:10] == [200] * 10 and statuses[10:] == [429] * 4
    assert rf.review.kloe(K1).votes == {"Education": {"2": 10}}


def test_sixty_phones_vote_on_every_kloe_of_a_domain_with_exact_counts(rf, review_path):
    """60 phones at once, each on its own loopback address; some change their minds."""
    fw = rf.review.framework
    kloes = [k.id for e in fw.domain("alpha").elements for k in e.kloes]
    groups = ["Commissioner", "NHS provider", "Education", "VCSE", "CYP & families"]
    levels = [0, 1, 2, 3, 4, "na"]
    expected: dict[str, dict[str, dict[str, int]]] = {}
    for n, kloe in enumerate(kloes):
        tally: dict[str, dict[str, int]] = {}
        for v in range(60):
            final = levels[(v + n) % 6]
            counts = tally.setdefault(groups[v % 5], {})
            counts[str(final)] = counts.get(str(final), 0) + 1
        expected[kloe] = tally
    failures: list[str] = []
    with Room(rf) as room:
        ready = threading.Barrier(61, timeout=60)

        def phone_life(v: int) -> None:
            phone = Phone(room.url, source=f"127.0.{1 + v // 200}.{1 + v % 200}")
            try:
                for n, kloe in enumerate(kloes):
                    ready.wait()  # the facilitator has opened this KLOE
                    if v % 4 == 0:  # first a different answer, then the final one
                        first = phone.vote(f"phone{v}", groups[v % 5], levels[(v + n + 3) % 6],
                                           kloe=kloe)
                        if first[0] != 200:
                            failures.append(f"{v} {kloe} first {first}")
                    status, data = phone.vote(f"phone{v}", groups[v % 5], levels[(v + n) % 6],
                                              kloe=kloe)
                    if status != 200 or not data.get("saved"):
                        failures.append(f"{v} {kloe} {status} {data}")
                    ready.wait()  # every phone has its answer saved
            except Exception as exc:  # reported below, not lost in the thread
                failures.append(f"{v}: {exc!r}")
                ready.abort()
            finally:
                phone.close()

        threads = [threading.Thread(target=phone_life, args=(v,)) for v in range(60)]
        for t in threads:
            t.start()
        for kloe in kloes:
            room.open(kloe)
            ready.wait()
            ready.wait()
        for t in threads:
            t.join(60)
        assert not any(t.is_alive() for t in threads)
    assert failures == []
    with ReviewFile.open(review_path, readonly=True) as saved:
        for kloe in kloes:
            assert saved.review.kloe(kloe).votes == expected[kloe], kloe
        names = [saved.framework.name_of(k) for k in kloes]
    labels = [label for label, _ in history(review_path)]
    assert labels == [f"Room's vote: {n} (60 votes)" for n in names]


def test_info_json_gives_each_kloes_group_scores_and_the_rooms_votes(rf, review_path, capsys):
    from maturity.cli import main
    from maturity.edits import set_group_score

    rf.execute(set_group_score(rf.review, K1, "NHS provider", 1))
    rf.execute(set_group_score(rf.review, K1, "CYP & families", 3))
    rf.execute(record_room_vote(rf.review, K1, {"Education": {"2": 4, "na": 1}}))
    assert main(["info", str(review_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    kloes = {k["id"]: k for d in data["domains"] for e in d["elements"] for k in e["kloes"]}
    assert kloes[K1]["groups"] == {"NHS provider": 1, "CYP & families": 3}
    assert kloes[K1]["votes"] == {"Education": {"2": 4, "na": 1}}
    assert kloes[K2]["groups"] == {} and kloes[K2]["votes"] == {}


def test_a_port_already_taken_leaves_no_thread_behind():
    """waitress starts its workers before it binds: a refused port must not orphan them."""
    import socket
    import threading

    from maturity.liveserver import LiveServer, LiveServerError

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        before = len(threading.enumerate())
        server = LiveServer(object(), "127.0.0.1", taken.getsockname()[1], lambda: None)
        with pytest.raises(LiveServerError, match="cannot listen"):
            server.start()
        left = [t.name for t in threading.enumerate()]
        assert len(left) <= before, left
    finally:
        taken.close()
