"""End to end: the app started from the command line serves the voting page, a real headless
Chromium (phone-sized) picks a group and taps a score, and the review file records it."""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import time

import pytest

from tests.chromium_driver import Chromium, chromium_path
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(
    chromium_path() is None,
    reason="needs Debian's chromium package (apt-get install chromium; CI installs it)")


def read_line(proc: subprocess.Popen, timeout: float) -> str:
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sel.select(0.2):
            return proc.stdout.readline()
        if proc.poll() is not None:
            break
    raise AssertionError(f"the app printed no address: {proc.stderr.read() if proc.poll() else ''}")


def votes_in_file(path, kloe_id: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "maturity.cli", "info", str(path), "--json"],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    return next(k["votes"] for d in data["domains"] for e in d["elements"] for k in e["kloes"]
                if k["id"] == kloe_id)


def wait_for_votes(path, kloe_id: str, expected: dict) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if votes_in_file(path, kloe_id) == expected:
            return
        time.sleep(0.2)
    assert votes_in_file(path, kloe_id) == expected


def test_a_phone_browser_picks_its_group_votes_and_changes_its_mind(review_path, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    app = subprocess.Popen(
        [sys.executable, "-m", "maturity.cli", "open", str(review_path), "--view", "workshop",
         "--live-voting", "--bind", "127.0.0.1", "--port", "0"],
        cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    browser = None
    try:
        line = read_line(app, 60)
        assert line.startswith("Live voting: http://127.0.0.1:"), line
        url = line.removeprefix("Live voting: ").strip()
        first = "alpha.e1.k1"  # the first KLOE of the default agenda

        browser = Chromium(width=390, height=844)
        browser.open(url)
        browser.wait_for("document.querySelectorAll('#groups button').length === 8")
        browser.tap("#groups button:nth-child(5)")  # Education
        browser.wait_for("!document.getElementById('vote').hidden")
        assert browser.js("document.getElementById('who').textContent") == "You are: Education"
        assert browser.js("document.getElementById('statement').textContent") == \
            "Alpha one first statement holds."
        browser.tap("#scale button[data-value='3']")
        browser.wait_for("document.getElementById('status').textContent.includes('Saved')")
        wait_for_votes(review_path, first, {"Education": {"3": 1}})
        browser.screenshot(tmp_path / "phone.png")
        assert (tmp_path / "phone.png").stat().st_size > 10_000

        # Reloaded, the phone remembers its group and replaces its vote rather than adding one.
        browser.open(url)
        browser.wait_for("!document.getElementById('vote').hidden && "
                         "document.querySelectorAll('#scale button').length === 6")
        browser.tap("#scale button[data-value='na']")
        browser.wait_for("document.getElementById('status').textContent.includes('Saved')")
        wait_for_votes(review_path, first, {"Education": {"na": 1}})
        assert browser.js("document.querySelector('#scale button[aria-pressed=true]')"
                          ".dataset.value") == "na"
    finally:
        if browser is not None:
            browser.close()
        app.terminate()
        out, _err = app.communicate(timeout=30)
    assert out == "", "the app printed more than its one line"
