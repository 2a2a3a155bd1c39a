"""Benchmark across systems: 500 review files read and summarised, against bare sqlite3 reads.

The files are generated here: one template review made through ``ReviewFile.create``, then
copied, with each copy's review details and KLOE scores rewritten by sqlite3, so generating
500 reviews takes seconds rather than minutes.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from maturity.benchmark import benchmark
from maturity.edits import new_review_info
from maturity.framework import Framework
from maturity.review import KloeAssessment
from maturity.reviewfile import ReviewFile

from .common import synthetic_framework


def generate(folder: Path, count: int, framework: Framework, seed: int = 1) -> list[Path]:
    """``count`` fully scored reviews of different systems, with varied scores."""
    rng = random.Random(seed)
    template = folder / "template.sitreview.tmp"
    info = new_review_info("Template", dt.date(2026, 1, 15))
    records = [KloeAssessment(kloe_id=k.id, rating=2, narrative="Evidence narrative. " * 25,
                              confidence="medium") for _, _, k in framework.kloes()]
    ReviewFile.create(template, framework, info, records).close()
    ids = [k.id for _, _, k in framework.kloes()]
    paths = []
    for n in range(count):
        path = folder / f"system-{n:04d}.sitreview"
        shutil.copyfile(template, path)
        con = sqlite3.connect(path, isolation_level=None)
        con.execute("PRAGMA synchronous = OFF")
        con.execute("BEGIN")
        data = json.loads(con.execute(
            "SELECT data FROM record WHERE kind = 'info'").fetchone()[0])
        data.update(review_id=f"r{n:06d}", system=f"System {n:04d}",
                    review_date=(dt.date(2025, 1, 1) + dt.timedelta(days=n % 365)).isoformat())
        con.execute("UPDATE record SET data = ? WHERE kind = 'info'", (json.dumps(data),))
        base = rng.uniform(0.5, 3.5)
        rows = []
        for kid in ids:
            rating = max(0, min(4, round(base + rng.gauss(0, 0.9))))
            rating_value: object = "na" if rng.random() < 0.02 else rating
            rows.append((json.dumps({"kloe_id": kid, "rating": rating_value,
                                     "narrative": "Evidence narrative. " * 25,
                                     "confidence": "medium"}), kid))
        con.executemany("UPDATE record SET data = ? WHERE kind = 'kloe' AND key = ?", rows)
        con.execute("COMMIT")
        con.close()
        paths.append(path)
    template.unlink()
    return paths


def _baseline(paths: list[Path]) -> None:
    """The floor: open each file read-only and decode the same record rows as JSON."""
    for p in paths:
        con = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True)
        json.loads(con.execute("SELECT json FROM framework WHERE id = 1").fetchone()[0])
        for _, _, data in con.execute("SELECT kind, key, data FROM record "
                                      "WHERE kind IN ('info', 'kloe')"):
            json.loads(data)
        con.close()


def _time(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def run(report) -> None:
    fw = synthetic_framework()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        paths = generate(folder, 500, fw)
        made = time.perf_counter() - t0
        print(f"(generated {len(paths)} reviews of {fw.kloe_count} KLOEs in {made:.1f} s)")
        small = folder / "first100"
        small.mkdir()
        for p in paths[:100]:
            p.rename(small / p.name)

        def ours_all() -> None:
            result = benchmark([folder])
            assert result.systems == 500, result.systems

        def ours_100() -> None:
            result = benchmark([small])
            assert result.systems == 100, result.systems

        all_paths = sorted(folder.rglob("*.sitreview"))
        small_paths = sorted(small.glob("*.sitreview"))
        t_all = _time(ours_all)
        t_100 = _time(ours_100)
        base_all = _time(lambda: _baseline(all_paths))
        base_100 = _time(lambda: _baseline(small_paths))
        report("benchmark, 500 reviews (s)", t_all, base_all, "<= 5 s")
        report("benchmark, 100 reviews (s)", t_100, base_100, "linear: 500 <= ~5x 100")
        report("benchmark, 500 vs 100 reviews (time ratio)", t_all / t_100, 5.0,
               "about 5 (linear)")
