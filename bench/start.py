"""Start-up costs beyond the window: CLI start, peak memory, typing stalls, install footprint.

Each process figure comes from fresh processes alternated with its baseline, as medians.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from packaging.requirements import Requirement

from .app import _READY, child_env, sample_review

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 11

# Peak RSS with the full sample review and the comparison page open.
MEMORY = _READY.replace("    QApplication.processEvents()\n", (
    "    QApplication.processEvents()\n"
    "    w = next(x for x in QApplication.topLevelWidgets() if hasattr(x, 'comparison_page'))\n"
    "    w.show_page(w.comparison_page)\n"
    "    w.comparison_page.view().wait()\n"
    "    QApplication.processEvents()\n"
    "    import resource\n"
    "    print('rss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)\n"
)) + "import sys\nfrom maturity.cli import main\nmain(['open', sys.argv[1]])\n"

BARE_MEMORY = (
    "import resource\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication(['bare'])\n"
    "w = QMainWindow(); w.resize(1280, 800); w.show(); app.processEvents()\n"
    "print('rss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)\n"
)

# 2,000 characters typed at 50 a second into a plain-text box, with a stall meter: a 2 ms timer
# whose longest gap between ticks, less its interval, is the longest the event loop was blocked.
# Moving the focus into the box (what a click there does: what loses the focus repaints) is
# metered on its own for 300 ms before the first key, and the meter stops at the last key, before
# the window closes (and saves): neither is typing.
_TYPE = (
    "from PySide6.QtCore import QElapsedTimer, QTimer, Qt\n"
    "from PySide6.QtTest import QTest\n"
    "def type_into(box, app, count=2000):\n"
    "    clock = QElapsedTimer(); clock.start()\n"
    "    state = {'last': 0, 'worst': 0, 'typed': 0, 'focus': 0}\n"
    "    def tick():\n"
    "        now = clock.elapsed()\n"
    "        state['worst'] = max(state['worst'], now - state['last'] - 2)\n"
    "        state['last'] = now\n"
    "    def key():\n"
    "        QTest.keyClick(box, 'abcdefghij klmnopq.'[state['typed'] % 19])\n"
    "        state['typed'] += 1\n"
    "        if state['typed'] >= count:\n"
    "            meter.stop()\n"
    "            app.quit()\n"
    "    def begin():\n"
    "        state['focus'], state['worst'] = state['worst'], 0\n"
    "        keys.start(20)\n"
    "    meter = QTimer(); meter.setTimerType(Qt.TimerType.PreciseTimer)\n"
    "    meter.timeout.connect(tick); meter.start(2)\n"
    "    keys = QTimer(); keys.setTimerType(Qt.TimerType.PreciseTimer)\n"
    "    keys.timeout.connect(key)\n"
    "    QTimer.singleShot(0, box.setFocus)\n"
    "    QTimer.singleShot(300, begin)\n"
    "    state['last'] = clock.elapsed()\n"
    "    _exec()\n"
    "    print('stall', state['worst'], state['typed'], state['focus'], flush=True)\n"
)

TYPING = (
    "from PySide6.QtWidgets import QApplication, QPlainTextEdit\n"
    "_exec = QApplication.exec\n" + _TYPE +
    "def _run(*a, **k):\n"
    "    app = QApplication.instance()\n"
    "    w = next(x for x in app.topLevelWidgets() if hasattr(x, 'review_page'))\n"
    "    fw = w.session.review.framework\n"
    "    w.go_to_item(fw.kloes()[0][2].id)\n"
    "    app.processEvents()\n"
    "    type_into(w.review_page.kloe_panel.narrative, app)\n"
    "    return 0\n"
    "QApplication.exec = _run\n"
    "import sys\nfrom maturity.cli import main\nmain(['open', sys.argv[1]])\n"
)

BARE_TYPING = (
    "from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit\n"
    "_exec = QApplication.exec\n" + _TYPE +
    "app = QApplication(['bare'])\n"
    "w = QMainWindow(); box = QPlainTextEdit(); w.setCentralWidget(box)\n"
    "w.resize(1280, 800); w.show(); app.processEvents()\n"
    "type_into(box, app)\n"
)


def _timed(args: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=tempfile.gettempdir(), env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    return (time.perf_counter() - t0) * 1000


def _line(code: str, args: list[str], env: dict[str, str], tag: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300).stdout
    found = next((ln.split()[1:] for ln in out.splitlines() if ln.startswith(tag + " ")), None)
    if found is None:
        raise RuntimeError(f"the {tag} child gave no figure")
    return found


def footprint_mb(name: str = "sit-maturity") -> tuple[float, float]:
    """(runtime, Qt floor) in MB: the installed files of the project's runtime dependencies,
    followed without extras (what ``pip install .`` brings, less pip itself), and of
    PySide6-Essentials with shiboken6 alone."""
    seen: dict[str, float] = {}
    todo = [name]
    while todo:
        dist_name = todo.pop()
        key = dist_name.lower().replace("_", "-")
        if key in seen:
            continue
        try:
            dist = distribution(dist_name)
        except PackageNotFoundError:
            continue
        seen[key] = sum((f.size or 0) for f in dist.files or ())
        for req in dist.requires or ():
            r = Requirement(req)
            if r.marker is None or r.marker.evaluate({"extra": ""}):
                todo.append(r.name)
    mb = 1_000_000
    qt = sum(v for k, v in seen.items() if k in ("pyside6-essentials", "shiboken6"))
    return sum(seen.values()) / mb, qt / mb


def run(report) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        review = sample_review(tmp_path)
        env = child_env(tmp_path)
        cli = ["-m", "maturity.cli", "info", str(review), "--json"]
        cli_env = dict(env, PYTHONPATH=str(ROOT))
        # Cold: the file checked in full, as on its first run; warm: the file unchanged since
        # the last run, answered from the user's cache (the first run below fills it).
        cold_env = dict(cli_env, SIT_MATURITY_NO_CACHE="1")
        _timed(cli, cli_env)
        warm, cold, base = [], [], []
        for _ in range(REPEAT):
            base.append(_timed(["-c", "import sqlite3, json"], cli_env))
            warm.append(_timed(cli, cli_env))
            cold.append(_timed(cli, cold_env))
        python = f"python {min(base):.0f}-{max(base):.0f}"
        report("CLI start: info --json, file unchanged (ms)", statistics.median(warm),
               statistics.median(base),
               f"<= 4.0x  (spread {min(warm):.0f}-{max(warm):.0f}; {python})")
        report("CLI start: info --json, first run on it (ms)", statistics.median(cold),
               statistics.median(base),
               f"<= 4.0x  (spread {min(cold):.0f}-{max(cold):.0f}; {python})")

        # A regional script's folder of reviews, each checked in full, in one run.
        folder = tmp_path / "region"
        folder.mkdir()
        copies = [str(shutil.copyfile(review, folder / f"r{i:02}.sitreview")) for i in range(40)]
        many = [_timed(["-m", "maturity.cli", "info", *copies, "--json"], cold_env) / len(copies)
                for _ in range(3)]
        report(f"  info --json over {len(copies)} files in one run, per file (ms)",
               statistics.median(many), statistics.median(base), "(no goal; checked in full)")

        rss = int(_line(MEMORY, [str(review)], env, "rss")[0]) / 1024
        bare_rss = int(_line(BARE_MEMORY, [], env, "rss")[0]) / 1024
        report("peak RSS, sample + comparison page (MiB)", rss, bare_rss, "<= 150 MiB")

        stall, typed, focus = _line(TYPING, [str(review)], env, "stall")
        bare_stall, _, bare_focus = _line(BARE_TYPING, [], env, "stall")
        report(f"longest stall typing {typed} chars at 50/s (ms)", float(stall),
               float(bare_stall), "<= 16 ms")
        report("  longest stall moving the focus into the box (ms)", float(focus),
               float(bare_focus), "(no goal)")

    runtime, qt = footprint_mb()
    report("install footprint, runtime packages (MB)", runtime, qt,
           "<= 320 MB  (baseline: PySide6-Essentials + shiboken6)")
