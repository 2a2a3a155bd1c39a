"""App start-up: first paint and the full sample review shown, each against a bare PySide6
window started the same way in the same run.

Both are fresh processes, alternated. First paint is the time from spawn to the timestamp the
process writes when its first window is first exposed (the app records it through
``SIT_MATURITY_FIRST_PAINT``, watching its window's surface; the bare window the same way).
Full review shown is spawn until the window has been shown and its first events (layout,
paint) processed. Ours goes through the real ``sit-maturity open`` command, so the command
line, the core, the review file and every page built at start-up are all counted.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 11

# Replacing exec() with "process pending events, say ready" lets the real launch path run
# unchanged and stop once the window is up.
_READY = (
    "from PySide6.QtWidgets import QApplication\n"
    "def _ready(*a, **k):\n"
    "    QApplication.processEvents()\n"
    "    print('ready', flush=True)\n"
    "    return 0\n"
    "QApplication.exec = _ready\n"
)

# The same first-expose watch the app puts on its window's surface (forms/launch.py), for the
# bare window.
_BARE_EXPOSE = (
    "import os, time\n"
    "from PySide6.QtCore import QEvent, QObject\n"
    "class _First(QObject):\n"
    "    def eventFilter(self, obj, event):\n"
    "        if event.type() == QEvent.Type.Expose and handle.isExposed():\n"
    "            open(os.environ['SIT_MATURITY_FIRST_PAINT'], 'w').write(f'{time.time():.6f}')\n"
    "            handle.removeEventFilter(self)\n"
    "        return False\n"
)

BARE = _READY + _BARE_EXPOSE + (
    "from PySide6.QtWidgets import QMainWindow\n"
    "app = QApplication(['bare'])\n"
    "w = QMainWindow()\n"
    "w.resize(1280, 800)\n"
    "w.show()\n"
    "handle = w.windowHandle()\n"
    "_first = _First(w)\n"
    "handle.installEventFilter(_first)\n"
    "app.exec()\n"
)

# For scale: the bare window plus importing the core the full review runs on (its models, with
# pydantic under them, and the roll-ups). The command line itself no longer loads them to start.
FLOOR = "import maturity.reviewfile, maturity.scoring\n" + BARE

# The same, with the core imported on a second thread while the window is built and shown: what
# overlapping the two would give if the import did not hold the interpreter's lock.
THREADED_FLOOR = (
    "import threading\n"
    "def _core():\n"
    "    import maturity.reviewfile, maturity.scoring\n"
    "_import = threading.Thread(target=_core)\n"
    "_import.start()\n"
) + BARE.replace("app.exec()\n", "_import.join()\napp.exec()\n")

OURS = _READY + (
    "import sys\n"
    "from maturity.cli import main\n"
    "sys.exit(main(['open', sys.argv[1]]))\n"
)

HEAVY = _READY + (
    "import sys\n"
    "from maturity.cli import main\n"
    "main(['open', sys.argv[1]])\n"
    "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'reportlab'))\n"
    "print('heavy', ' '.join(heavy), flush=True)\n"
)


def _launch(code: str, args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(first paint, shown) in ms from spawn."""
    stamp = Path(env["HOME"]) / "first-paint.txt"
    stamp.unlink(missing_ok=True)
    env = dict(env, SIT_MATURITY_FIRST_PAINT=str(stamp))
    wall0 = time.time()
    t0 = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = child.stdout.readline()
    elapsed = (time.perf_counter() - t0) * 1000
    child.stdout.read()
    child.wait(timeout=60)
    if line.strip() != "ready":
        raise RuntimeError(f"the app did not start (exit {child.returncode})")
    if not stamp.exists():
        raise RuntimeError("the window was never exposed (no first-paint timestamp)")
    return (float(stamp.read_text()) - wall0) * 1000, elapsed


def sample_review(folder: Path) -> Path:
    """The newer sample review (or a synthetic one if the samples cannot be built)."""
    try:
        from maturity.samples import build_samples

        return Path(build_samples(folder)[-1])
    except Exception:  # noqa: BLE001 - any failure: measure on a synthetic review instead
        from .common import build_review

        return build_review(folder / "synthetic.sitreview")


def child_env(home: Path) -> dict[str, str]:
    """A child's environment: offscreen Qt, and settings and data kept in ``home``."""
    return dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
                XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"),
                PYTHONDONTWRITEBYTECODE="")


def run(report) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        review = sample_review(tmp_path)
        env = child_env(tmp_path)
        # Warm both once (disk cache, .pyc files), then alternate so drift hits both alike.
        _launch(BARE, [], env)
        _launch(OURS, [str(review)], env)
        bare, ours, floor, threaded = [], [], [], []
        for _ in range(REPEAT):
            bare.append(_launch(BARE, [], env))
            ours.append(_launch(OURS, [str(review)], env))
            floor.append(_launch(FLOOR, [], env))
            threaded.append(_launch(THREADED_FLOOR, [], env))

        def med(runs, i):
            return statistics.median(r[i] for r in runs)

        def spread(runs, i):
            return f"spread {min(r[i] for r in runs):.0f}-{max(r[i] for r in runs):.0f}"

        report("app first paint, sample review (ms)", med(ours, 0), med(bare, 0),
               f"<= 1.5x  ({spread(ours, 0)}; bare {spread(bare, 0)})")
        report("app full review shown (ms)", med(ours, 1), med(bare, 1),
               f"<= 2.5x  ({spread(ours, 1)}; bare {spread(bare, 1)})")
        report("  for scale: bare window + core import (ms)", med(floor, 1), med(bare, 1),
               "(no goal)")
        report("  the same, core imported on a second thread (ms)", med(threaded, 1),
               med(bare, 1), "(no goal)")
        child = subprocess.run([sys.executable, "-c", HEAVY, str(review)], cwd=ROOT, env=env,
                               capture_output=True, text=True, timeout=60)
        heavy = next((ln for ln in child.stdout.splitlines() if ln.startswith("heavy")), "")
        loaded = heavy.split()[1:]
        print(f"  export libraries loaded at start-up: {', '.join(loaded) or 'none'}")
