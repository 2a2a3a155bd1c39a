"""The ``.sitreview`` file: one SQLite database per review, written as each edit happens.

SQLite as an application file format gives atomic, durable edits without a Save step. The
database runs in rollback-journal mode (WAL needs shared memory, which network drives do not
offer) with ``synchronous=FULL``, so an edit reported as done survives a crash or power cut.
A sidecar lock file tells a second person who has the review open; they get it read-only.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
import shutil
import socket
import sqlite3
import stat
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .commands import Command, apply_to_review, load_record
from .framework import Framework
from .review import RECORD_KINDS, Record, Review, ReviewInfo

SUFFIX = ".sitreview"
APPLICATION_ID = 0x53495452  # "SITR"
FORMAT_VERSION = 2
SQLITE_MAGIC = b"SQLite format 3\x00"
MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE framework (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
CREATE TABLE record (kind TEXT NOT NULL, key TEXT NOT NULL, data TEXT NOT NULL,
                     PRIMARY KEY (kind, key)) WITHOUT ROWID;
CREATE TABLE history (seq INTEGER PRIMARY KEY, label TEXT NOT NULL, changes TEXT NOT NULL,
                      done INTEGER NOT NULL, at TEXT NOT NULL DEFAULT '');
CREATE TABLE attachment (sha256 TEXT PRIMARY KEY, name TEXT NOT NULL, size INTEGER NOT NULL,
                         data BLOB NOT NULL);
"""


class ReviewFileError(Exception):
    """A review file that cannot be opened or written; the message is for the user."""


class ReadOnlyError(ReviewFileError):
    pass


@dataclass(frozen=True)
class LockHolder:
    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        when = self.since
        try:
            when = dt.datetime.fromisoformat(self.since).strftime("%d %b %Y %H:%M")
        except ValueError:
            pass
        return f"{self.user} on {self.host} since {when}"


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def lock_path(path: Path) -> Path:
    return path.with_name(f".~lock.{path.name}#")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class FileLock:
    """An advisory sidecar lock naming who holds a review (like office suites' lock files)."""

    def __init__(self, path: Path):
        self.path = lock_path(path)
        self.owned = False

    def holder(self) -> LockHolder | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return LockHolder(str(data["user"]), str(data["host"]), int(data["pid"]),
                              str(data["since"]))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            return LockHolder("someone", "an unknown computer", -1, "")

    def acquire(self) -> LockHolder | None:
        """Take the lock; return the other holder if someone else has it."""
        for _ in range(3):
            me = {"user": getpass.getuser(), "host": socket.gethostname(), "pid": os.getpid(),
                  "since": _now()}
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.{uuid.uuid4().hex}")
            try:
                tmp.write_text(json.dumps(me), encoding="utf-8")
                try:
                    os.link(tmp, self.path)
                except FileExistsError:
                    pass
                except OSError:
                    # Some shares have no hard links: fall back to an exclusive create.
                    try:
                        fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
                    except FileExistsError:
                        pass
                    else:
                        with os.fdopen(fd, "w", encoding="utf-8") as fh:
                            fh.write(json.dumps(me))
                        self.owned = True
                        return None
                else:
                    self.owned = True
                    return None
            finally:
                tmp.unlink(missing_ok=True)
            other = self.holder()
            if other is None:
                continue  # released between our attempt and our look: try again
            if other.host == socket.gethostname() and other.pid > 0 and not _pid_alive(other.pid):
                self.path.unlink(missing_ok=True)  # left by a crashed process on this machine
                continue
            return other
        return self.holder()

    def release(self) -> None:
        if self.owned:
            self.path.unlink(missing_ok=True)
            self.owned = False


def _check_readable(path: Path) -> None:
    if not path.exists():
        raise ReviewFileError(f"{path}: no such file")
    if path.is_dir():
        raise ReviewFileError(f"{path}: is a folder, not a review file")
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise ReviewFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise ReviewFileError(f"{path}: not a SIT Maturity review file (it is not a database; "
                              f"was another kind of file given?)")
    app_id = int.from_bytes(head[68:72], "big")
    if app_id != APPLICATION_ID:
        raise ReviewFileError(f"{path}: not a SIT Maturity review file (a database made by "
                              f"another program)")
    version = int.from_bytes(head[60:64], "big")
    if version > FORMAT_VERSION:
        raise ReviewFileError(
            f"{path}: made by a newer version of SIT Maturity (file format {version}; this "
            f"version reads up to format {FORMAT_VERSION}). Update SIT Maturity to open it; "
            f"the file has not been changed.")


def _write_blocker(path: Path) -> str | None:
    """Why the file cannot be written, judged from its permission bits (even for root)."""
    try:
        if not path.stat().st_mode & stat.S_IWUSR:
            return "the file is marked read-only"
        if not path.parent.stat().st_mode & stat.S_IWUSR or not os.access(path.parent, os.W_OK):
            return "its folder is read-only"
        if not os.access(path, os.W_OK):
            return "you do not have permission to change it"
    except OSError as exc:
        return f"its permissions cannot be read ({exc.strerror or exc})"
    return None


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode={'ro' if readonly else 'rw'}"
    con = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                          timeout=5.0)
    con.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        con.execute("PRAGMA journal_mode = DELETE")
        con.execute("PRAGMA synchronous = FULL")
    return con


# Each migration takes an open connection inside a transaction and upgrades one format step.
def _migrate_1_to_2(con: sqlite3.Connection) -> None:
    """Format 2 records when each edit was made, so the history can be shown with times."""
    con.execute("ALTER TABLE history ADD COLUMN at TEXT NOT NULL DEFAULT ''")


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _migrate_1_to_2}


def _migrate(path: Path) -> None:
    """Upgrade an older file in place, keeping a byte-for-byte copy until the upgrade commits."""
    with path.open("rb") as fh:
        fh.seek(60)
        version = int.from_bytes(fh.read(4), "big")
    if version >= FORMAT_VERSION:
        return
    backup = path.with_name(f"{path.name}.format{version}.bak")
    shutil.copy2(path, backup)
    con = _connect(path, readonly=False)
    try:
        con.execute("BEGIN EXCLUSIVE")
        for step in range(version, FORMAT_VERSION):
            MIGRATIONS[step](con)
        con.execute(f"PRAGMA user_version = {FORMAT_VERSION}")
        con.execute("COMMIT")
    except Exception as exc:
        if con.in_transaction:
            con.execute("ROLLBACK")
        con.close()
        raise ReviewFileError(f"{path}: could not be upgraded from file format {version} "
                              f"({exc}); the original is unchanged") from None
    con.close()
    backup.unlink(missing_ok=True)


Listener = Callable[[Command], None]


class ReviewFile:
    """An open review: its in-memory state, its database, its undo history, and its lock."""

    def __init__(self, path: Path, con: sqlite3.Connection, review: Review, *,
                 readonly_reason: str | None, lock: FileLock | None,
                 holder: LockHolder | None):
        self.path = path
        self._con = con
        self.review = review
        self.readonly_reason = readonly_reason
        self.lock_holder = holder
        self._lock = lock
        self._listeners: list[Listener] = []

    # Opening and creating ------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | Path, framework: Framework, info: ReviewInfo,
               records: list[Record] = ()) -> ReviewFile:
        """Write a new review file; refuses to overwrite anything."""
        path = Path(path)
        if path.exists():
            raise ReviewFileError(f"{path}: already exists; choose another name")
        if not path.parent.is_dir():
            raise ReviewFileError(f"{path.parent}: no such folder")
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.creating")
        try:
            con = sqlite3.connect(tmp, isolation_level=None)
            try:
                con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                con.execute(f"PRAGMA user_version = {FORMAT_VERSION}")
                con.execute("PRAGMA journal_mode = DELETE")
                con.execute("PRAGMA synchronous = FULL")
                con.execute("BEGIN")
                for stmt in SCHEMA.split(";"):
                    if stmt.strip():
                        con.execute(stmt)
                con.execute("INSERT INTO meta VALUES ('created_by', 'SIT Maturity')")
                con.execute("INSERT INTO framework VALUES (1, ?)",
                            (framework.model_dump_json(),))
                rows = [(r.kind, r.key, r.model_dump_json()) for r in (info, *records)]
                con.executemany("INSERT INTO record VALUES (?, ?, ?)", rows)
                con.execute("COMMIT")
            finally:
                con.close()
            os.link(tmp, path)  # fails rather than overwrite a file made meanwhile
        except FileExistsError:
            raise ReviewFileError(f"{path}: already exists; choose another name") from None
        except OSError as exc:
            raise ReviewFileError(f"{path}: cannot be written ({exc.strerror or exc})") from None
        except sqlite3.Error as exc:
            raise ReviewFileError(f"{path}: cannot be written ({exc})") from None
        finally:
            tmp.unlink(missing_ok=True)
        return cls.open(path)

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False) -> ReviewFile:
        """Open a review for editing, or read-only when asked, locked by someone, or unwritable."""
        path = Path(path)
        _check_readable(path)
        reason = "opened read-only" if readonly else _write_blocker(path)
        lock = holder = None
        if reason is None:
            lock = FileLock(path)
            try:
                holder = lock.acquire()
            except OSError as exc:
                reason = f"a lock file cannot be made beside it ({exc.strerror or exc})"
                lock = None
            else:
                if holder is not None:
                    reason = f"it is open by {holder.describe()}"
                    lock = None
        try:
            if reason is None:
                _migrate(path)
            else:
                with path.open("rb") as fh:
                    fh.seek(60)
                    if int.from_bytes(fh.read(4), "big") < FORMAT_VERSION:
                        raise ReviewFileError(
                            f"{path}: made by an older version and must be upgraded before it "
                            f"can be read, but {reason}. Open it where it can be changed.")
            try:
                con = _connect(path, readonly=reason is not None)
            except sqlite3.DatabaseError as exc:
                raise ReviewFileError(f"{path}: the review file is damaged and cannot be read "
                                      f"({exc})") from None
            try:
                review = _read_review(con, path)
            except BaseException:
                con.close()
                raise
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return cls(path, con, review, readonly_reason=reason, lock=lock, holder=holder)

    def close(self) -> None:
        try:
            self._con.close()
        finally:
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> ReviewFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def readonly(self) -> bool:
        return self.readonly_reason is not None

    @property
    def framework(self) -> Framework:
        return self.review.framework

    # Editing -------------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _require_writable(self) -> None:
        if self.readonly_reason is not None:
            raise ReadOnlyError(f"{self.path.name} is read-only: {self.readonly_reason}")

    def execute(self, command: Command, *, join_last: str = "") -> Command:
        """Make an edit durable, then apply it to the review and tell listeners.

        With ``join_last``, an edit whose newest history entry (not undone) has a label starting
        with it joins that entry, so a stream of like edits (a room's votes) is one undo step.
        """
        self._require_writable()
        if not command.changes:
            return command
        self._write(command, history=("join", join_last) if join_last else ("new", command))
        return command

    def undo(self) -> Command | None:
        self._require_writable()
        row = self._con.execute(
            "SELECT seq, label, changes FROM history WHERE done = 1 ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        command = Command.from_json(row[1], row[2]).inverted()
        self._write(command, history=("undo", row[0]))
        return command

    def redo(self) -> Command | None:
        self._require_writable()
        row = self._con.execute(
            "SELECT seq, label, changes FROM history WHERE done = 0 ORDER BY seq ASC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        command = Command.from_json(row[1], row[2])
        self._write(command, history=("redo", row[0]))
        return command

    def undo_label(self) -> str | None:
        row = self._con.execute(
            "SELECT label FROM history WHERE done = 1 ORDER BY seq DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def redo_label(self) -> str | None:
        row = self._con.execute(
            "SELECT label FROM history WHERE done = 0 ORDER BY seq ASC LIMIT 1").fetchone()
        return row[0] if row else None

    def _write(self, command: Command, history: tuple[str, object]) -> None:
        con = self._con
        try:
            con.execute("BEGIN IMMEDIATE")
            try:
                for c in command.changes:
                    if c.after is None:
                        con.execute("DELETE FROM record WHERE kind = ? AND key = ?",
                                    (c.kind, c.key))
                    else:
                        con.execute("INSERT OR REPLACE INTO record VALUES (?, ?, ?)",
                                    (c.kind, c.key, json.dumps(c.after, ensure_ascii=False,
                                                               separators=(",", ":"))))
                how, what = history
                if how == "join":
                    how = "new" if not self._join_history(command, str(what)) else "joined"
                if how == "new":
                    con.execute("DELETE FROM history WHERE done = 0")
                    con.execute("INSERT INTO history (label, changes, done, at) "
                                "VALUES (?, ?, 1, ?)", (command.label, command.to_json(), _now()))
                elif how in ("undo", "redo"):
                    con.execute("UPDATE history SET done = ? WHERE seq = ?",
                                (0 if how == "undo" else 1, what))
                con.execute("COMMIT")
            except BaseException:
                if con.in_transaction:
                    con.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if "locked" in text or "busy" in text:
                raise ReviewFileError(f"{self.path.name}: the edit was not saved because another "
                                      f"program is writing the file; try again") from None
            if "full" in text:
                raise ReviewFileError(f"{self.path.name}: the edit was not saved because the disk "
                                      f"is full; free some space and try again") from None
            raise ReviewFileError(f"{self.path.name}: the edit was not saved ({text})") from None
        except sqlite3.DatabaseError as exc:
            raise ReviewFileError(f"{self.path.name}: the edit was not saved ({exc})") from None
        apply_to_review(self.review, command)
        for listener in list(self._listeners):
            listener(command)

    def _join_history(self, command: Command, prefix: str) -> bool:
        """Fold ``command`` into the newest history entry if it is done and labelled ``prefix``…"""
        row = self._con.execute("SELECT seq, label, changes, done FROM history "
                                "ORDER BY seq DESC LIMIT 1").fetchone()
        if row is None or row[3] != 1 or not row[1].startswith(prefix):
            return False
        joined = Command.from_json(row[1], row[2]).joined(command)
        self._con.execute("UPDATE history SET label = ?, changes = ?, at = ? WHERE seq = ?",
                          (joined.label, joined.to_json(), _now(), row[0]))
        return True

    # Attachments ---------------------------------------------------------------------------
    def add_attachment(self, data: bytes, name: str) -> str:
        """Store a file's bytes inside the review (once per content) and return its SHA-256."""
        self._require_writable()
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise ReviewFileError(f"{name}: too large to embed ({len(data) // (1024 * 1024)} MB; "
                                  f"the limit is {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB). "
                                  f"Add it as a link instead.")
        digest = hashlib.sha256(data).hexdigest()
        try:
            self._con.execute("BEGIN IMMEDIATE")
            self._con.execute("INSERT OR IGNORE INTO attachment VALUES (?, ?, ?, ?)",
                              (digest, name, len(data), sqlite3.Binary(data)))
            self._con.execute("COMMIT")
        except sqlite3.Error as exc:
            if self._con.in_transaction:
                self._con.execute("ROLLBACK")
            raise ReviewFileError(f"{name}: could not be stored in the review ({exc})") from None
        return digest

    def attachment(self, digest: str) -> bytes:
        row = self._con.execute("SELECT data FROM attachment WHERE sha256 = ?",
                                (digest,)).fetchone()
        if row is None:
            raise ReviewFileError(f"{self.path.name}: the attached file {digest[:12]}… is missing")
        data = bytes(row[0])
        if hashlib.sha256(data).hexdigest() != digest:
            raise ReviewFileError(f"{self.path.name}: the attached file {digest[:12]}… is damaged")
        return data

    def attachment_digests(self) -> set[str]:
        return {r[0] for r in self._con.execute("SELECT sha256 FROM attachment")}

    def integrity_ok(self) -> bool:
        return self._con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _read_review(con: sqlite3.Connection, path: Path) -> Review:
    try:
        head = con.execute("SELECT json FROM framework WHERE id = 1").fetchone()
        rows = con.execute("SELECT kind, key, data FROM record").fetchall()
    except sqlite3.DatabaseError as exc:
        raise ReviewFileError(f"{path}: the review file is damaged and cannot be read ({exc})") \
            from None
    if head is None:
        raise ReviewFileError(f"{path}: the review file is damaged: it holds no framework")
    try:
        framework = Framework.model_validate_json(head[0])
    except ValidationError as exc:
        raise ReviewFileError(f"{path}: the framework stored in the review is damaged "
                              f"({exc.error_count()} problems)") from None
    records: dict[str, dict[str, Record]] = {k: {} for k in RECORD_KINDS}
    info = None
    for kind, key, data in rows:
        if kind not in RECORD_KINDS:
            raise ReviewFileError(f"{path}: holds records of an unknown kind {kind!r}; it may "
                                  f"have been made by a newer version of SIT Maturity")
        try:
            record = load_record(kind, json.loads(data))
        except (ValidationError, ValueError) as exc:
            raise ReviewFileError(f"{path}: the {kind} record {key!r} is damaged "
                                  f"({str(exc).splitlines()[0]})") from None
        if kind == "info":
            info = record
        else:
            records[kind][key] = record  # type: ignore[index]
    if info is None:
        raise ReviewFileError(f"{path}: the review file is damaged: it has no review details")
    return Review(framework, info, records)  # type: ignore[arg-type]
