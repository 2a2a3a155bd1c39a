"""Live voting over loopback: votes recorded per second by 60 phones at once, against the same
60 phones reading the vote's state (the server's pace with no write and no wait).

Each phone has its own loopback address (as each phone has its own on Wi-Fi) and is answered
only once its vote is on disk; the writer groups votes with the app's own window.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import threading
import time
from pathlib import Path

from maturity.edits import new_review_info
from maturity.reviewfile import ReviewFile

from .common import median, p99, synthetic_framework

PHONES = 60
ROUNDS = 10


def _drive(url: str, action) -> tuple[float, list[float]]:
    from tests.voting_support import Phone

    latencies: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(PHONES + 1, timeout=60)

    def phone_life(v: int) -> None:
        phone = Phone(url, source=f"127.0.{1 + v // 200}.{1 + v % 200}")
        try:
            start.wait()
            for r in range(ROUNDS):
                t0 = time.perf_counter()
                status = action(phone, v, r)
                with lock:
                    latencies.append((time.perf_counter() - t0) * 1000)
                assert status == 200, status
        finally:
            phone.close()

    threads = [threading.Thread(target=phone_life, args=(v,)) for v in range(PHONES)]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join(120)
    return time.perf_counter() - t0, latencies


def run(report) -> None:
    from forms.livevoting import FLUSH_MS
    from tests.voting_support import Room

    groups = ["Commissioner", "NHS provider", "Education", "VCSE", "CYP & families"]
    with tempfile.TemporaryDirectory() as tmp:
        fw = synthetic_framework()
        kloe = fw.kloes()[0][2].id
        path = Path(tmp) / "votes.sitreview"
        ReviewFile.create(path, fw, new_review_info("Benchshire", dt.date(2026, 1, 15))).close()
        with ReviewFile.open(path) as rf, Room(rf, window=FLUSH_MS / 1000) as room:
            room.open(kloe)
            base_s, base_lat = _drive(room.url, lambda p, v, r: p.state()[0])
            ours_s, ours_lat = _drive(
                room.url, lambda p, v, r: p.vote(f"phone{v}", groups[v % 5], (v + r) % 5,
                                                 kloe=kloe)[0])
            writes = room.writes
        with ReviewFile.open(path, readonly=True) as saved:
            counted = sum(sum(c.values()) for c in saved.review.kloe(kloe).votes.values())
        assert counted == PHONES, counted
    n = PHONES * ROUNDS
    report("live votes recorded per second (60 phones)", n / ours_s, n / base_s,
           ">= 60/s: a room of 60 in a second")
    report("live vote answered 'saved', median (ms)", median(ours_lat), median(base_lat),
           f"<= {2 * FLUSH_MS} ms")
    report("live vote answered 'saved', p99 (ms)", p99(ours_lat), p99(base_lat), "<= 1000 ms")
    report("live vote writes to disk per vote", writes / n, 1.0, "well below 1")
