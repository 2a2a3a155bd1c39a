"""Benchmarks: each figure is printed beside a baseline measured in the same run.

Usage: python bench/run.py [core ...]   (default: every group)
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

GROUPS = ["core", "benchmark", "exports", "app", "start", "voting", "packs"]


def main(argv: list[str]) -> int:
    groups = argv or GROUPS
    rows: list[tuple[str, float, float, str]] = []

    def report(figure: str, ours: float, baseline: float, goal: str) -> None:
        rows.append((figure, ours, baseline, goal))
        ratio = ours / baseline if baseline else float("inf")
        print(f"{figure:<48} {ours:>10.2f} {baseline:>10.2f} {ratio:>7.2f}x  {goal}", flush=True)

    print(f"{'figure':<48} {'ours':>10} {'baseline':>10} {'ratio':>8}  goal")
    for name in groups:
        module = importlib.import_module(f"bench.{name}")
        module.run(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
