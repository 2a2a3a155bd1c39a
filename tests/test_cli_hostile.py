"""Every command given the wrong kind of argument: one plain line, exit 1, never a hang.

Each case runs the real command in a child process with a timeout, so a regression that
hangs (a FIFO read, an endless walk) fails the test instead of stalling the suite.
"""

import os
import shutil
import subprocess
import sys

import pytest

from .conftest import MINI, REPO

LONG = "x" * 5000  # longer than any file name the system allows


@pytest.fixture(scope="module")
def place(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    subprocess.run([sys.executable, "-m", "maturity.cli", "new", str(root / "ok.sitreview"),
                    "--system", "Okshire", "--framework", str(MINI)], check=True, cwd=REPO,
                   capture_output=True)
    (root / "folder").mkdir()
    os.mkfifo(root / "pipe")
    fw = root / "fw-pipe"
    shutil.copytree(MINI, fw)
    (fw / "01-alpha.toml").unlink()
    os.mkfifo(fw / "01-alpha.toml")
    return root


CASES = [
    # (arguments, a phrase the one line must hold)
    (["new", "{folder}", "--system", "S"], "already exists"),
    (["new", "", "--system", "S"], "FILE: an empty name"),
    (["new", "{root}/n.sitreview", "--system", "S", "--framework", ""], "--framework: an empty"),
    (["new", "{root}/n.sitreview", "--system", "S", "--framework", "{pipe}"], "not a folder"),
    (["new", "{root}/n.sitreview", "--system", "S", "--framework", "{fw_pipe}"],
     "is a named pipe (FIFO), not a framework file"),
    (["new", "{root}/n.sitreview", "--system", "S", "--framework", LONG], "File name too long"),
    (["new", f"{{root}}/{LONG}.sitreview", "--system", "S"], "File name too long"),
    (["score", "{folder}", "alpha.e1.k1", "2"], "is a folder"),
    (["score", "", "alpha.e1.k1", "2"], "FILE: an empty name"),
    (["score", "{ok}", "alpha.e1.k1", ""], "an empty score was given"),
    (["score", "{ok}", LONG, "2"], "unknown KLOE id"),
    (["info", "{folder}"], "is a folder"),
    (["info", ""], "FILE: an empty name"),
    (["info", LONG], "File name too long"),
    (["framework", "{pipe}"], "not a folder"),
    (["framework", ""], "DIR: an empty name"),
    (["framework", "{fw_pipe}"], "is a named pipe (FIFO)"),
    (["demo", "--out-dir", ""], "--out-dir: an empty name"),
    (["demo", "--out-dir", "{pipe}"], "exists and is not a folder"),
    (["rereview", "{folder}", "{root}/rr.sitreview"], "is a folder"),
    (["rereview", "", "{root}/rr.sitreview"], "PREVIOUS: an empty name"),
    (["rereview", "{ok}", ""], "NEW: an empty name"),
    (["rereview", "{ok}", "{root}/rr.sitreview", "--framework", "{fw_pipe}"], "named pipe"),
    (["undo", "{folder}"], "is a folder"),
    (["redo", ""], "FILE: an empty name"),
    (["recommend", "{folder}"], "is a folder"),
    (["recommend", ""], "FILE: an empty name"),
    (["export", "{folder}"], "is a folder"),
    (["export", ""], "FILE: an empty name"),
    (["export", "{ok}", "--xlsx", ""], "--xlsx: an empty name"),
    (["export", "{ok}", "--csv", ""], "--csv: an empty name"),
    (["export", "{ok}", "--compare", "{folder}"], "is a folder"),
    (["export", "{ok}", "--compare", ""], "--compare: an empty name"),
    (["compare", "{ok}", "{folder}"], "is a folder"),
    (["compare", "{ok}", ""], "FILE: an empty name"),
    (["benchmark", ""], "PATH: an empty name"),
    (["benchmark", "{pipe}"], "is a named pipe (FIFO), not a review file"),
    (["benchmark", LONG], "File name too long"),
    (["benchmark", "{ok}", "--highlight", "{folder}"], "cannot be highlighted: is a folder"),
    (["benchmark", "{ok}", "--highlight", "{pipe}"], "cannot be highlighted: is a named pipe"),
    (["benchmark", "{ok}", "--highlight", ""], "--highlight: an empty name"),
    (["benchmark", "{ok}", "--min-systems", "2"], "at least 3 systems"),
    (["benchmark", "{ok}", "--xlsx", ""], "--xlsx: an empty name"),
    (["open", "{folder}"], "is a folder, not a review file"),
    (["open", ""], "FILE: an empty name"),
    (["open-sample", "--screenshot", ""], "--screenshot: an empty name"),
]


@pytest.mark.parametrize("args, phrase", CASES, ids=lambda v: " ".join(v)[:60]
                         if isinstance(v, list) else None)
def test_wrong_argument_is_one_line_exit_1(place, args, phrase):
    subst = {"root": place, "ok": place / "ok.sitreview", "folder": place / "folder",
             "pipe": place / "pipe", "fw_pipe": place / "fw-pipe"}
    argv = [a.format(**subst) if "{" in a else a for a in args]
    before = (place / "ok.sitreview").read_bytes()
    proc = subprocess.run([sys.executable, "-m", "maturity.cli", *argv], capture_output=True,
                          text=True, cwd=REPO, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sit-maturity: "), proc.stderr
    assert phrase in lines[0]
    assert (place / "ok.sitreview").read_bytes() == before
