"""A live-voting server on loopback with a writer thread standing in for the app's UI thread,
and a plain HTTP client for phones (stdlib ``http.client``)."""

from __future__ import annotations

import http.client
import json
import threading
import time
from urllib.parse import urlsplit

from maturity.ballot import Ballot, flush
from maturity.liveserver import LiveServer, RateLimit
from maturity.reviewfile import ReviewFile


class Room:
    """Server + ballot + a writer that groups votes like the app (a short window per batch)."""

    def __init__(self, rf: ReviewFile, *, window: float = 0.05, rate: RateLimit | None = None):
        self.rf = rf
        self.ballot = Ballot(rf.review)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()  # one writer at a time, as the app's single UI thread
        self.writes = 0
        self.server = LiveServer(self.ballot, "127.0.0.1", 0, self._wake.set, rate=rate)
        self.window = window
        self.writer = threading.Thread(target=self._write_loop, name="test-writer", daemon=True)

    def __enter__(self) -> Room:
        self.server.start()
        self.writer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.writer.join(10)
        self.server.stop()

    def _write_loop(self) -> None:
        while not self._stop.is_set():
            if self._wake.wait(0.05):
                self._wake.clear()
                time.sleep(self.window)
                self.flush()
                self.writes += 1

    def flush(self) -> None:
        with self._lock:
            flush(self.ballot, self.rf.review,
                  lambda command, join: self.rf.execute(command, join_last=join))

    def open(self, kloe_id: str) -> None:
        """The facilitator moves to a KLOE (the previous one closes)."""
        self.flush()
        self.ballot.open(kloe_id, self.rf.review.framework.kloe(kloe_id).statement,
                         self.rf.review.kloe(kloe_id).votes)

    @property
    def url(self) -> str:
        return self.server.url


class Phone:
    """One participant's phone: its own loopback address (as each phone has its own on Wi-Fi)."""

    def __init__(self, url: str, source: str = "127.0.0.1"):
        parts = urlsplit(url)
        self.path = parts.path
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20,
                                               source_address=(source, 0))

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, dict]:
        self.conn.request(method, path, body=body, headers=headers or {})
        response = self.conn.getresponse()
        raw = response.read()
        try:
            data = json.loads(raw) if raw and response.getheader("Content-Type", "").startswith(
                "application/json") else {"text": raw.decode("utf-8", "replace")}
        except ValueError:
            data = {"text": raw.decode("utf-8", "replace")}
        return response.status, data

    def state(self) -> tuple[int, dict]:
        return self.request("GET", f"{self.path}/state")

    def vote(self, voter: str, group: str, value: object, **extra) -> tuple[int, dict]:
        body = json.dumps({"voter": voter, "group": group, "value": value, **extra}).encode()
        return self.request("POST", f"{self.path}/vote", body,
                            {"Content-Type": "application/json"})

    def close(self) -> None:
        self.conn.close()
