"""Opening a review database: the checks before use, crash recovery and format upgrades.

``open_database`` is the single way ``ReviewFile`` reaches a review's database: it rolls back a
change a crash cut short (or says what to do when it may not write), checks the schema and the
pages before anything is read, and upgrades an older format in place, keeping a copy until the
upgrade commits, so an upgrade interrupted at any point completes on the next open.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

from .database import (
    FORMAT_VERSION,
    ReviewFileError,
    check_schema,
    closed_on_failure,
    connect,
    has_hot_journal,
    journal_path,
    open_checked,
    user_version,
)
from .filelock import FileLock, UntrustedLock, is_stale


def write_blocker(path: Path) -> str | None:
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


def write_failure(path: Path, exc: BaseException, what: str) -> ReviewFileError:
    """A failed write as a message that names the file and says what to do."""
    text = getattr(exc, "strerror", None) or str(exc)
    if "full" in text.lower() or getattr(exc, "errno", None) in (28, 27):
        return ReviewFileError(f"{path}: {what} because the disk is full; free some space and "
                               f"try again")
    if "disk I/O error" in text:
        return ReviewFileError(f"{path}: {what} because the disk could not be written (it may "
                               f"be full, or the drive was disconnected); try again")
    if "locked" in text or "busy" in text:
        return ReviewFileError(f"{path}: {what} because another program is writing the file; "
                               f"try again")
    return ReviewFileError(f"{path}: {what} ({text})")


# Each migration takes an open connection inside a transaction and upgrades one format step.
def _migrate_1_to_2(con: sqlite3.Connection) -> None:
    """Format 2 records when each edit was made, so the history can be shown with times."""
    con.execute("ALTER TABLE history ADD COLUMN at TEXT NOT NULL DEFAULT ''")


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _migrate_1_to_2}
_BACKUP = re.compile(r"\.format(\d+)\.bak$")


def _migrate(con: sqlite3.Connection, path: Path, version: int) -> None:
    """Upgrade an older file in place, keeping a byte-for-byte copy until the upgrade commits.

    An upgrade cut short (by a crash or a full disk) is rolled back by SQLite on the next open
    and simply runs again; a copy left after an upgrade that did commit is removed.
    """
    if version >= FORMAT_VERSION:
        for old in path.parent.glob(f"{glob_escape(path.name)}.format*.bak"):
            m = _BACKUP.search(old.name)
            if m and int(m.group(1)) < FORMAT_VERSION and old.is_file():
                old.unlink(missing_ok=True)
        return
    backup = path.with_name(f"{path.name}.format{version}.bak")
    try:
        shutil.copy2(path, backup)
    except OSError as exc:
        backup.unlink(missing_ok=True)
        raise write_failure(backup, exc, f"could not be written to upgrade {path.name}; the "
                                          f"review is unchanged") from None
    try:
        con.execute("BEGIN EXCLUSIVE")
        for step in range(version, FORMAT_VERSION):
            MIGRATIONS[step](con)
        con.execute(f"PRAGMA user_version = {FORMAT_VERSION}")
        con.execute("COMMIT")
    except Exception as exc:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise ReviewFileError(f"{path}: could not be upgraded from file format {version} "
                              f"({exc}); the original is unchanged") from None
    backup.unlink(missing_ok=True)


def glob_escape(name: str) -> str:
    return re.sub(r"([*?[])", r"[\1]", name)


def recover_journal(path: Path, reason: str) -> None:
    """A change cut short by a crash left its journal: roll it back, or say what to do."""
    lock = FileLock(path)
    try:
        holder = lock.holder()
    except (UntrustedLock, OSError):
        holder = None
    if holder is not None and not is_stale(holder):
        return  # someone is writing right now; SQLite waits for them
    why = None if reason == "opened read-only" else reason
    why = why or write_blocker(path)
    if why is None:
        try:
            other = lock.acquire()
        except (UntrustedLock, OSError) as exc:
            other, why = None, str(exc)
        if other is None and why is None:
            try:
                con = connect(path, readonly=False)
                try:
                    user_version(con, path)  # SQLite rolls the unfinished change back here
                finally:
                    con.close()
            except sqlite3.Error as exc:
                why = str(exc)
            finally:
                lock.release()
            if why is None and not has_hot_journal(path):
                return
    raise ReviewFileError(
        f"{path}: a change to it was cut short (SIT Maturity or the computer stopped while "
        f"saving), and the unfinished change is still in {journal_path(path).name} beside it. "
        f"The file was not read, so nothing half-saved is shown. Open it once where it can be "
        f"changed (not read-only) and it recovers to its last saved state; do not delete the "
        f"journal file.")


def open_database(path: Path, *, readonly: bool, reason: str | None) -> sqlite3.Connection:
    """A checked connection to a review at the current format (upgraded here if it may write)."""
    con, version = open_checked(path, readonly=readonly)
    with closed_on_failure(con, path):
        if readonly and version < FORMAT_VERSION:
            raise ReviewFileError(
                f"{path}: made by an older version and must be upgraded before it "
                f"can be read, but {reason}. Open it where it can be changed.")
        if not readonly:
            con.execute("PRAGMA journal_mode = DELETE")
            con.execute("PRAGMA synchronous = FULL")
            _migrate(con, path, version)
            if version < FORMAT_VERSION:
                check_schema(con, path, FORMAT_VERSION)
    return con




_HISTORY_ROWS = """
SELECT seq, CASE
    WHEN typeof(label) != 'text' THEN 'its label is not text'
    WHEN typeof(done) != 'integer' OR done NOT IN (0, 1) THEN 'it is neither done nor undone'
    WHEN typeof(changes) != 'text' THEN 'its changes are not text'
END AS problem FROM history WHERE problem IS NOT NULL ORDER BY seq LIMIT 1
"""


def history_problem(con: sqlite3.Connection) -> str | None:
    """The first undo step whose row is not well formed, found in one pass inside SQLite.

    What a step changes is only ever used by undo and redo, which check it in full (its JSON,
    its kinds, every record against the scale and the framework) before writing anything.
    """
    row = con.execute(_HISTORY_ROWS).fetchone()
    return None if row is None else f"undo step {row[0]}: {row[1]}"
