"""The ``.sitreview`` file: one SQLite database per review, written as each edit happens.

SQLite as an application file format gives atomic, durable edits without a Save step. The
database runs in rollback-journal mode (WAL needs shared memory, which network drives do not
offer) with ``synchronous=FULL``, so an edit reported as done survives a crash or power cut.
A sidecar lock file tells a second person who has the review open; they get it read-only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path

from .commands import Change, Command, apply_to_review, dump
from .database import (
    APPLICATION_ID,
    ATTACHMENT_WARN_BYTES,
    FORMAT_VERSION,
    MAX_ATTACHMENT_BYTES,
    SCHEMA,
    SQLITE_MAGIC,
    SUFFIX,
    ReviewFileError,
    check_header,
    connect,
    has_hot_journal,
    journal_path,
    read_failure,
)
from .filelock import FileLock, LockHolder, UntrustedLock, lock_path
from .framework import Framework
from .review import RECORD_KINDS, Record, Review, ReviewInfo
from .reviewdb import (
    MIGRATIONS,
    history_problem,
    open_database,
    recover_journal,
    write_blocker,
    write_failure,
)
from .rules import ReviewError, check_links, load_stored, parse_history

__all__ = ["APPLICATION_ID", "ATTACHMENT_WARN_BYTES", "FORMAT_VERSION", "MAX_ATTACHMENT_BYTES",
           "MIGRATIONS", "SCHEMA", "SQLITE_MAGIC", "SUFFIX", "FileLock", "LockHolder",
           "ReadOnlyError",
           "ReviewFile", "ReviewFileError", "lock_path"]


class ReadOnlyError(ReviewFileError):
    pass


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _check_readable(path: Path) -> None:
    check_header(path)


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
               records: list[Record] = (), attachments: list[tuple[str, bytes]] = ()
               ) -> ReviewFile:
        """Write a new review file (with any embedded files); refuses to overwrite anything."""
        path = Path(path)
        if os.path.lexists(path):
            raise ReviewFileError(f"{path}: already exists; choose another name")
        if not path.parent.is_dir():
            raise ReviewFileError(f"{path.parent}: no such folder")
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.creating")
        try:
            con = connect(tmp, readonly=False, create=True)
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
                for name, data in attachments:
                    con.execute("INSERT OR IGNORE INTO attachment VALUES (?, ?, ?, ?)",
                                (hashlib.sha256(data).hexdigest(), name, len(data),
                                 sqlite3.Binary(data)))
                con.execute("COMMIT")
            finally:
                con.close()
            os.link(tmp, path)  # fails rather than overwrite a file made meanwhile
        except FileExistsError:
            raise ReviewFileError(f"{path}: already exists; choose another name") from None
        except (OSError, sqlite3.Error) as exc:
            raise write_failure(path, exc, "cannot be written") from None
        finally:
            tmp.unlink(missing_ok=True)
            journal_path(tmp).unlink(missing_ok=True)
        return cls.open(path)

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False) -> ReviewFile:
        """Open a review for editing, or read-only when asked, locked by someone, or unwritable.

        Nothing the file holds is used before it has passed every check: a plain file with a
        review header, the exact schema of its format, ``quick_check``, and every record valid.
        """
        path = Path(path)
        check_header(path)
        real = Path(os.path.realpath(path))  # a link's target is what is written, and where
        reason = "opened read-only" if readonly else write_blocker(real)
        lock = holder = None
        if reason is None:
            lock = FileLock(path)
            try:
                holder = lock.acquire()
            except UntrustedLock as exc:
                reason, lock = str(exc), None
            except OSError as exc:
                reason = (f"a lock file cannot be made beside it ({lock.path}: "
                          f"{exc.strerror or exc})")
                lock = None
            else:
                if holder is not None:
                    reason = f"it is open by {holder.describe()}"
                    lock = None
        try:
            if reason is not None and has_hot_journal(real):
                recover_journal(real, reason)
            con = open_database(real, readonly=reason is not None, reason=reason)
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
        command = self._history_command(row).inverted()
        self._write(command, history=("undo", row[0]))
        return command

    def redo(self) -> Command | None:
        self._require_writable()
        row = self._con.execute(
            "SELECT seq, label, changes FROM history WHERE done = 0 ORDER BY seq ASC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        command = self._history_command(row)
        self._write(command, history=("redo", row[0]))
        return command

    def _history_command(self, row: tuple) -> Command:
        """A stored undo step, checked as strictly as a typed edit before anything is written."""
        seq, label, text = row
        try:
            changes = parse_history(self.framework, seq, label, text)
        except ReviewError as exc:
            raise ReviewFileError(f"{self.path.name}: {exc}; it may have been altered, so it "
                                  f"was not applied and the review is unchanged") from None
        return Command(label, tuple(Change(k, key, dump(b), dump(a))
                                    for k, key, b, a in changes))

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
        except sqlite3.Error as exc:
            raise write_failure(self.path, exc, "the edit was not saved") from None
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
    def add_attachment(self, data: bytes, name: str, digest: str | None = None) -> str:
        """Store a file's bytes inside the review (once per content) and return its SHA-256.

        ``digest`` may be passed when the caller already hashed ``data`` (the app hashes large
        files off the UI thread); it must look like a SHA-256, and every read checks it again.
        """
        self._require_writable()
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise ReviewFileError(f"{name}: too large to embed ({len(data) / (1024 * 1024):.0f} MB;"
                                  f" the limit is {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB). "
                                  f"Add it as a link instead.")
        if digest is None:
            digest = hashlib.sha256(data).hexdigest()
        elif not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise ValueError(f"not a SHA-256 digest: {digest!r}")
        try:
            self._con.execute("BEGIN IMMEDIATE")
            self._con.execute("INSERT OR IGNORE INTO attachment VALUES (?, ?, ?, ?)",
                              (digest, name, len(data), sqlite3.Binary(data)))
            self._con.execute("COMMIT")
        except sqlite3.Error as exc:
            if self._con.in_transaction:
                self._con.execute("ROLLBACK")
            raise write_failure(self.path, exc, f"{name} could not be stored in the review"
                                 ) from None
        return digest

    def attachment_names(self) -> dict[str, tuple[str, int]]:
        """Each embedded file's digest, with its name and size."""
        return {d: (n, z) for d, n, z in
                self._con.execute("SELECT sha256, name, size FROM attachment")}

    def history_size(self) -> int:
        return self._con.execute("SELECT count(*) FROM history").fetchone()[0]

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

    # History, read-only ---------------------------------------------------------------------
    def history_rows(self) -> list[tuple[object, ...]]:
        """Every undo-history row as stored (seq, label, changes, done, at), oldest first.

        Read by the merge of two copies, which finds their common past in these rows and
        checks each value itself: the rows are returned unvalidated.
        """
        try:
            return self._con.execute("SELECT seq, label, changes, done, at FROM history "
                                     "ORDER BY seq").fetchall()
        except sqlite3.DatabaseError as exc:
            raise ReviewFileError(f"{self.path}: the review's history is damaged and cannot "
                                  f"be read ({exc})") from None

    def integrity_ok(self) -> bool:
        return self._con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _read_review(con: sqlite3.Connection, path: Path) -> Review:
    """Every stored value, validated as a typed one would be; a failure names record and field."""
    from pydantic import ValidationError

    from .framework import stored_framework

    try:
        head = con.execute("SELECT json FROM framework WHERE id = 1").fetchone()
        rows = con.execute("SELECT kind, key, data FROM record").fetchall()
        history = history_problem(con)
    except sqlite3.Error as exc:
        raise read_failure(path, exc) from None
    if head is None:
        raise ReviewFileError(f"{path}: the review file is damaged: it holds no framework")
    try:
        framework = stored_framework(head[0])
    except (ValidationError, ValueError, TypeError) as exc:
        count = exc.error_count() if isinstance(exc, ValidationError) else 1
        raise ReviewFileError(f"{path}: the framework stored in the review is damaged "
                              f"({count} problems)") from None
    records: dict[str, dict[str, Record]] = {k: {} for k in RECORD_KINDS}
    try:
        for kind, key, data in rows:
            records.setdefault(kind, {})[key] = load_stored(framework, kind, key, data)
        check_links(records)
        if history is not None:
            raise ReviewError(history)
    except ReviewError as exc:
        raise ReviewFileError(f"{path}: {exc}; it may have been altered and was not opened"
                              ) from None
    info = records["info"].pop("review", None)
    if info is None or records["info"]:
        raise ReviewFileError(f"{path}: the review file is damaged: it has no review details")
    return Review(framework, info, records)  # type: ignore[arg-type]
