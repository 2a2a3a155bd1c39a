"""The live-voting web server: a small WSGI app served by waitress on its own threads.

Only three addresses exist, each under the session's random token: the participant page, the
state of the vote (the open KLOE and the scale, nothing else of the review) and the vote itself.
Every request is rate-limited per client address and size-limited; a request without the token
or with a bad body is refused with a 4xx and changes nothing.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import secrets
import socket
import threading
import time
from collections.abc import Callable
from importlib.resources import files
from typing import Any

from .ballot import Ballot, VoteRefused

TOKEN_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud and typed
TOKEN_LENGTH = 8
MAX_BODY = 1024
VOTER_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
BURST = 60
PER_SECOND = 10.0
MAX_CLIENTS = 4096
SECURITY_HEADERS = [
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
]
PAGE_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
               "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
               "frame-ancestors 'none'")
STATUS_TEXT = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
               409: "Conflict", 411: "Length Required", 413: "Content Too Large",
               415: "Unsupported Media Type", 422: "Unprocessable Content",
               429: "Too Many Requests", 503: "Service Unavailable"}


class LiveServerError(Exception):
    """The server could not start; the message is for the facilitator."""


def new_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def session_code(token: str) -> str:
    """The token as read aloud: two groups of four."""
    return f"{token[:4]}-{token[4:]}" if len(token) == 8 else token


def participant_page() -> bytes:
    return files("maturity").joinpath("participant.html").read_bytes()


class RateLimit:
    """A token bucket per client address (the table is bounded: idle clients are forgotten)."""

    def __init__(self, burst: int = BURST, per_second: float = PER_SECOND,
                 clock: Callable[[], float] = time.monotonic):
        self.burst, self.per_second, self.clock = burst, per_second, clock
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, client: str) -> bool:
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(client, (float(self.burst), now))
            tokens = min(self.burst, tokens + (now - last) * self.per_second)
            if len(self._buckets) >= MAX_CLIENTS and client not in self._buckets:
                full = [c for c, (t, s) in self._buckets.items()
                        if t + (now - s) * self.per_second >= self.burst]
                for c in full:
                    del self._buckets[c]
                if len(self._buckets) >= MAX_CLIENTS:
                    return False
            if tokens < 1:
                self._buckets[client] = (tokens, now)
                return False
            self._buckets[client] = (tokens - 1, now)
            return True


class VotingApp:
    """The WSGI application. ``on_vote`` is called (on the server's thread) after each vote is
    counted, so the host can schedule the write; the request then waits until it is saved."""

    def __init__(self, ballot: Ballot, token: str, on_vote: Callable[[], None],
                 rate: RateLimit | None = None):
        self.ballot, self.token, self.on_vote = ballot, token, on_vote
        self.rate = rate or RateLimit()
        self._page = participant_page()

    def __call__(self, environ: dict, start_response: Callable) -> list[bytes]:
        status, headers, body = self.handle(environ)
        start_response(f"{status} {STATUS_TEXT.get(status, '')}",
                       [*headers, *SECURITY_HEADERS, ("Content-Length", str(len(body)))])
        return [body]

    def handle(self, environ: dict) -> tuple[int, list[tuple[str, str]], bytes]:
        try:
            if not self.rate.allow(environ.get("REMOTE_ADDR", "")):
                return _error(429, "too many requests; wait a moment", [("Retry-After", "2")])
            parts = environ.get("PATH_INFO", "").split("/")
            if len(parts) < 2 or not hmac.compare_digest(parts[1].encode("utf-8", "replace"),
                                                         self.token.encode()):
                return _error(404, "not found: scan the QR code or type the whole address "
                                   "shown on the screen")
            route = "/".join(parts[2:])
            method = environ.get("REQUEST_METHOD", "")
            if route in ("", "state"):
                if method not in ("GET", "HEAD"):
                    return _error(405, "use GET", [("Allow", "GET, HEAD")])
                if route == "":
                    return 200, [("Content-Type", "text/html; charset=utf-8"),
                                 ("Content-Security-Policy", PAGE_POLICY)], self._page
                return _json(200, self.ballot.state())
            if route == "vote":
                if method != "POST":
                    return _error(405, "use POST", [("Allow", "POST")])
                return self._vote(environ)
            return _error(404, "not found")
        except VoteRefused as exc:
            return _error(exc.status, str(exc))

    def _vote(self, environ: dict) -> tuple[int, list[tuple[str, str]], bytes]:
        kind = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        if kind != "application/json":
            raise VoteRefused(415, "send the vote as application/json")
        try:
            length = int(environ.get("CONTENT_LENGTH") or "")
        except ValueError:
            raise VoteRefused(411, "the vote needs a Content-Length") from None
        if not 0 < length <= MAX_BODY:
            raise VoteRefused(413, f"a vote is at most {MAX_BODY} bytes")
        raw = environ["wsgi.input"].read(length)
        try:
            data: Any = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise VoteRefused(400, "the vote is not JSON") from None
        if not isinstance(data, dict) or not {"voter", "group", "value"} <= data.keys() \
                or not data.keys() <= {"voter", "group", "value", "kloe"}:
            raise VoteRefused(400, 'a vote is {"voter": ID, "group": GROUP, "value": 0-4 or '
                                   '"na"} (and optionally "kloe")')
        voter, group, kloe = data["voter"], data["group"], data.get("kloe")
        if not isinstance(voter, str) or not VOTER_ID.fullmatch(voter):
            raise VoteRefused(400, "voter must be 1-64 letters, digits, - or _")
        if not isinstance(group, str) or (kloe is not None and not isinstance(kloe, str)):
            raise VoteRefused(400, "group and kloe must be text")
        ticket = self.ballot.cast(voter, group, data["value"], kloe)
        self.on_vote()
        problem = self.ballot.wait_saved(ticket)
        if problem is not None:
            raise VoteRefused(503, problem)
        return _json(200, {"saved": True, "kloe": self.ballot.kloe_id, "value": data["value"]})


def _json(status: int, data: object,
          extra: list[tuple[str, str]] = ()) -> tuple[int, list[tuple[str, str]], bytes]:
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return status, [("Content-Type", "application/json; charset=utf-8"), *extra], body


def _error(status: int, message: str,
           extra: list[tuple[str, str]] = ()) -> tuple[int, list[tuple[str, str]], bytes]:
    return _json(status, {"error": message}, extra)


class LiveServer:
    """Serves ``VotingApp`` on ``host:port`` (port 0: any free port) until ``stop``."""

    def __init__(self, ballot: Ballot, host: str, port: int, on_vote: Callable[[], None], *,
                 token: str | None = None, threads: int = 64, rate: RateLimit | None = None):
        self.token = token or new_token()
        self.app = VotingApp(ballot, self.token, on_vote, rate)
        self.host, self.port, self.threads = host, port, threads
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/{self.token}"

    def start(self) -> None:
        from waitress.server import create_server
        from waitress.task import ThreadedTaskDispatcher

        # Requests wait for their vote to be written, so a queue behind busy threads is
        # expected in a full room, not a fault worth a warning on the console.
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)

        # Our own dispatcher: when the port is taken, waitress has already started its worker
        # threads, and only we can stop them again.
        # The socket is bound here, not by waitress, so a port already taken is closed again
        # at once instead of being left open until the garbage collector finds it.
        sock = socket.socket(socket.AF_INET6 if ":" in self.host else socket.AF_INET,
                             socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, self.port))
        except (OSError, OverflowError, ValueError) as exc:
            sock.close()
            why = getattr(exc, "strerror", None) or str(exc)
            raise LiveServerError(f"live voting cannot listen on {self.host} port {self.port} "
                                  f"({why}); choose another address or port") from None
        dispatcher = ThreadedTaskDispatcher()
        dispatcher.set_thread_count(self.threads)
        try:
            self._server = create_server(
                self.app, _dispatcher=dispatcher, sockets=[sock], threads=self.threads,
                connection_limit=300, channel_timeout=30, cleanup_interval=10,
                max_request_header_size=8192, max_request_body_size=MAX_BODY * 4,
                asyncore_use_poll=True, ident="", expose_tracebacks=False)
        except (OSError, ValueError) as exc:
            sock.close()
            dispatcher.shutdown(cancel_pending=True, timeout=2)
            why = getattr(exc, "strerror", None) or str(exc)
            raise LiveServerError(f"live voting cannot listen on {self.host} port {self.port} "
                                  f"({why}); choose another address or port") from None
        self.port = int(self._server.effective_port)
        self._thread = threading.Thread(target=self._loop, name="live-voting", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        from waitress import wasyncore

        server = self._server
        workers = [t for t in threading.enumerate() if t.name.startswith("waitress-")]
        try:
            while not self._stopping.is_set():
                wasyncore.loop(timeout=0.2, map=server._map, use_poll=True, count=1)
        finally:
            for channel in list(server._map.values()):
                try:
                    channel.close()
                except OSError:
                    pass  # already gone: the phone hung up
            server.task_dispatcher.shutdown(cancel_pending=True, timeout=2)
            # The dispatcher stops waiting once each worker has left its loop, a moment before
            # the thread ends: wait for the threads, so stopping leaves nothing running.
            for worker in workers:
                worker.join(1)

    def stop(self) -> None:
        """Stop listening and end every connection; returns once the threads have ended."""
        if self._thread is None:
            return
        self._stopping.set()
        self._thread.join(5)
        self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()
