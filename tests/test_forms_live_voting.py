"""Live voting in the app: the facilitator's keys, the projector panel, and phones voting over
loopback while the UI thread writes (each phone request runs on its own thread, as phones do)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.conftest import REPO
from tests.voting_support import Phone

NONE = Qt.KeyboardModifier.NoModifier


def press(qtbot, key):
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, NONE)


def in_thread(qtbot, fn):
    """Run a phone's request off the UI thread and wait for its answer, keeping Qt running."""
    box: list = []
    worker = threading.Thread(target=lambda: box.append(fn()))
    worker.start()
    qtbot.waitUntil(lambda: bool(box), timeout=15000)
    worker.join(5)
    return box[0]


def start_workshop(qtbot, window):
    window.review_page.navigator.view.setFocus()
    press(qtbot, Qt.Key.Key_F11)
    press(qtbot, Qt.Key.Key_Return)
    assert window.workshop.is_running()
    return window.live_voting


def test_the_facilitator_turns_voting_on_the_room_votes_and_the_reveal_shows_the_spread(
        qtbot, make_window, review_path, answers):
    window = make_window(review_path)
    live = start_workshop(qtbot, window)
    live.ask_address = lambda: "127.0.0.1"
    first = window.workshop.current_kloe()

    press(qtbot, Qt.Key.Key_V)
    assert live.running and live.url.startswith("http://127.0.0.1:")
    panel = live.panel
    assert panel.isVisible() and panel.qr.isVisible() and panel.qr.text == live.url
    assert panel.address.text() == live.url
    assert panel.code.text().startswith("Session code")
    assert panel.count.text() == "0 voted"

    phone = Phone(live.url)
    state = in_thread(qtbot, phone.state)[1]
    assert state["kloe"]["id"] == first and state["open"]
    votes = [("a", "Education", 1), ("b", "Education", 1), ("c", "VCSE", 3), ("d", "VCSE", 4),
             ("a", "Education", 0)]
    for voter, group, value in votes:
        status, data = in_thread(qtbot, lambda v=voter, g=group, x=value: phone.vote(
            v, g, x, kloe=first))
        assert status == 200 and data["saved"], data
    review = window.session.review
    assert review.kloe(first).votes == {"Education": {"0": 1, "1": 1}, "VCSE": {"3": 1, "4": 1}}
    qtbot.waitUntil(lambda: panel.count.text() == "4 voted")
    assert window.act_undo.text() == (f"&Undo Room's vote: "
                                       f"{review.framework.name_of(first)} (4 votes)")

    # R reveals the votes by level and group, the spread and the flag; the agreed score is
    # still the facilitator's one key.
    assert not panel.chart.isVisible()
    press(qtbot, Qt.Key.Key_R)
    assert panel.chart.isVisible() and not panel.qr.isVisible()
    assert panel.chart.counts == {"0": 1, "1": 1, "2": 0, "3": 1, "4": 1, "na": 0}
    assert panel.groups.text() == "Education: 0.5  (2 votes, 0–1)\nVCSE: 3.5  (2 votes, 3–4)"
    assert panel.flag.text() == "Spread between groups 3  ≠ groups disagree"
    press(qtbot, Qt.Key.Key_3)
    assert review.kloe(first).rating == 3

    # Moving on closes voting on the KLOE just left; the reveal starts hidden again.
    press(qtbot, Qt.Key.Key_Right)
    second = window.workshop.current_kloe()
    assert second != first and not panel.chart.isVisible()
    status, data = in_thread(qtbot, lambda: phone.vote("a", "Education", 4, kloe=first))
    assert status == 409
    assert in_thread(qtbot, lambda: phone.vote("a", "Education", 2, kloe=second))[0] == 200
    assert review.kloe(first).votes == {"Education": {"0": 1, "1": 1}, "VCSE": {"3": 1, "4": 1}}
    assert review.kloe(second).votes == {"Education": {"2": 1}}

    # Undo takes back the round on this KLOE, and the tally on the phones starts from the file.
    window.session.undo()
    assert review.kloe(second).votes == {}
    assert in_thread(qtbot, lambda: phone.vote("z", "VCSE", 1, kloe=second))[0] == 200
    assert review.kloe(second).votes == {"VCSE": {"1": 1}}

    # Back on the Review page, the KLOE shows the room's vote under the groups' scores.
    window.review_page.select(first)
    line = window.room_vote_line
    assert line.text() == ("Room's vote (4):  0: 1  ·  1: 1  ·  3: 1  ·  4: 1\n"
                           "Typical by group: Education 0.5, VCSE 3.5  →  spread 3  ≠ disagree")

    # V stops voting: the server is gone and the panel with it.
    port = live.server.port
    press(qtbot, Qt.Key.Key_V)
    assert not live.running and live.panel is None
    phone.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    assert answers.errors == []


def test_leaving_workshop_mode_stops_voting_and_keeps_every_saved_vote(
        qtbot, make_window, review_path, answers):
    window = make_window(review_path)
    live = start_workshop(qtbot, window)
    live.start("127.0.0.1", 0)
    kloe = window.workshop.current_kloe()
    phone = Phone(live.url)
    assert in_thread(qtbot, lambda: phone.vote("p", "Primary care", "na"))[0] == 200
    phone.close()
    press(qtbot, Qt.Key.Key_Escape)
    assert not window.in_workshop() and not live.running
    assert window.session.review.kloe(kloe).votes == {"Primary care": {"na": 1}}


def test_a_read_only_review_refuses_live_voting_with_the_reason(
        qtbot, make_window, review_path, answers):
    os.chmod(review_path, 0o444)
    window = make_window(review_path)
    live = start_workshop(qtbot, window)
    live.ask_address = lambda: "127.0.0.1"
    press(qtbot, Qt.Key.Key_V)
    assert not live.running
    assert answers.errors[-1][0] == "Live voting could not start"
    assert "read-only" in answers.errors[-1][1]


def _cli(*args, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    return subprocess.run([sys.executable, "-m", "maturity.cli", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def test_live_voting_options_that_do_not_fit_are_refused_in_one_line(review_path, tmp_path):
    for args, complaint in [
        (["--view", "dashboard", "--live-voting"], "--live-voting runs in workshop mode"),
        (["--bind", "127.0.0.1"], "--bind and --port go with --live-voting"),
        (["--live-voting", "--bind", "203.0.113.7", "--port", "0"],
         "live voting cannot listen on 203.0.113.7"),
    ]:
        done = _cli("open", str(review_path), *args, tmp_path=tmp_path)
        assert done.returncode == 1, (args, done.stderr)
        assert complaint in done.stderr and "Traceback" not in done.stderr
        assert done.stdout == ""
    done = _cli("open", str(review_path), "--live-voting", "--port", "70000", tmp_path=tmp_path)
    assert done.returncode == 2 and "not a port number" in done.stderr
    os.chmod(review_path, 0o444)
    done = _cli("open", str(review_path), "--live-voting", "--bind", "127.0.0.1", "--port", "0",
                tmp_path=tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    ours = [line for line in done.stderr.splitlines() if line.startswith("sit-maturity:")]
    assert ours == ["sit-maturity: votes cannot be recorded: this review is read-only (the file "
                    "is marked read-only)"]


def test_the_networks_offered_are_this_computers_ipv4_addresses_with_loopback_last(qtbot):
    from forms.livevoting import network_addresses

    offered = network_addresses()
    assert offered[-1] == ("127.0.0.1", "this computer only")
    for ip, _name in offered[:-1]:
        parts = ip.split(".")
        assert len(parts) == 4 and all(p.isdigit() for p in parts) and parts[0] != "127"
