"""Time from process start to the drawn main window: the bundle against the venv (`make run`).

Both open the same sample review with ``open FILE --screenshot`` (offscreen), which shows the
window, draws it, saves it and says "Saved"; the time is taken at that line, so both pay for the
same work and neither for shutting down. Alternating runs after a warm-up, median of each.

    .venv/bin/python .ci/dist/launch_time.py dist/sit-maturity-VERSION-linux-x86_64
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPEAT = 7


def launch(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True)
    line = child.stdout.readline()
    elapsed = time.perf_counter() - t0
    child.communicate(timeout=120)
    if not line.startswith("Saved"):
        raise SystemExit(f"{cmd[0]} did not draw the window (exit {child.returncode})")
    return elapsed * 1000


def main() -> int:
    bundle = Path(sys.argv[1]).resolve()
    venv_cli = Path(sys.executable).with_name("sit-maturity")
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, HOME=tmp, QT_QPA_PLATFORM="offscreen",
                   XDG_CONFIG_HOME=f"{tmp}/config", XDG_DATA_HOME=f"{tmp}/data")
        out = subprocess.run([str(venv_cli), "demo", "--out-dir", tmp], env=env, check=True,
                             capture_output=True, text=True).stdout.split()
        sample = out[-1]
        shot = f"{tmp}/shot.png"
        runs = {"bundle": [str(bundle / "sit-maturity"), "open", sample, "--screenshot", shot],
                "venv (make run)": [str(venv_cli), "open", sample, "--screenshot", shot]}
        times: dict[str, list[float]] = {name: [] for name in runs}
        for cmd in runs.values():
            launch(cmd, env)
        for _ in range(REPEAT):
            for name, cmd in runs.items():
                times[name].append(launch(cmd, env))
    for name, values in times.items():
        print(f"{name:<16} median {statistics.median(values):6.0f} ms  "
              f"(min {min(values):.0f}, max {max(values):.0f}, n={len(values)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
