"""Core figures: one durable score edit, and opening a review to its roll-ups."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

from maturity import edits
from maturity.reviewfile import ReviewFile
from maturity.scoring import rollup

from .common import build_review, median, p99, synthetic_framework, timings


def run(report) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        fw = synthetic_framework()
        path = build_review(Path(tmp) / "bench.sitreview", fw)
        ids = [k.id for _, _, k in fw.kloes()]

        # Baseline: the floor for a durable edit, one row replaced and committed by bare sqlite3
        # with the same journal mode and sync level.
        raw = Path(tmp) / "raw.db"
        con = sqlite3.connect(raw, isolation_level=None)
        con.execute("PRAGMA journal_mode = DELETE")
        con.execute("PRAGMA synchronous = FULL")
        con.execute("CREATE TABLE r (k TEXT PRIMARY KEY, v TEXT)")
        counter = iter(range(10**9))

        def raw_edit():
            n = next(counter)
            con.execute("BEGIN IMMEDIATE")
            con.execute("INSERT OR REPLACE INTO r VALUES (?, ?)",
                        (ids[n % len(ids)], json.dumps({"rating": n % 5})))
            con.execute("COMMIT")

        base = timings(raw_edit, 1000)
        con.close()

        rf = ReviewFile.open(path)
        n_iter = iter(range(10**9))

        def our_edit():
            n = next(n_iter)
            rf.execute(edits.score_kloe(rf.review, ids[n % len(ids)], n % 5))

        ours = timings(our_edit, 1000)
        rf.close()
        report("score edit durable, median (ms)", median(ours), median(base), "<= 5 ms")
        report("score edit durable, p99 (ms)", p99(ours), p99(base), "<= 20 ms")

        def raw_open():
            c = sqlite3.connect(path)
            rows = c.execute("SELECT data FROM record").fetchall()
            [json.loads(r[0]) for r in rows]
            json.loads(c.execute("SELECT json FROM framework").fetchone()[0])
            c.close()

        def our_open():
            with ReviewFile.open(path) as f:
                rollup(f.review)

        base_open = timings(raw_open, 30)
        ours_open = timings(our_open, 30)
        report("open 300-KLOE review to roll-ups (ms)", median(ours_open), median(base_open),
               "<= 50 ms")
