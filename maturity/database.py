"""The one door to a review database: every reader and writer opens review files through here.

A ``.sitreview`` file arrives by email or from a shared drive, so it is treated as untrusted, as
SQLite's own advice for application files describes: it must be a plain file (never a FIFO or a
device, which would hang or never end), its schema must be exactly the schema this version
writes for its format, it must pass ``quick_check``, and the connection runs with
``trusted_schema=OFF``, defensive mode where the Python build offers it, ``cell_size_check``,
tight limits, and a step budget that stops a runaway query with a plain error. The schema is
compared before anything else is read, so no trigger, view or default from the file ever runs.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from .fileformat import SUFFIX as SUFFIX  # re-exported: where the file format is defined
from .fileformat import ReviewFileError
from .filekinds import describe_mode

APPLICATION_ID = 0x53495452  # "SITR"
FORMAT_VERSION = 2
SQLITE_MAGIC = b"SQLite format 3\x00"
MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024
"""The hard limit on one embedded file; larger ones are refused with this limit in the message."""
ATTACHMENT_WARN_BYTES = 25 * 1024 * 1024
"""Above this the app asks before embedding a file: it travels in every copy of the review."""

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
FORMAT_1_HISTORY = ("CREATE TABLE history (seq INTEGER PRIMARY KEY, label TEXT NOT NULL, "
                    "changes TEXT NOT NULL, done INTEGER NOT NULL)")

# Opening and sharing a 300-KLOE review with 3,000 undo steps fits in 100,000 VM steps (big
# attachments cost pages, not steps); 50 million is ample headroom, and stops a runaway query
# in about a second.
STEP_BUDGET = 50_000_000
_STEPS_PER_CALL = 10_000
_LIMITS = {
    "SQLITE_LIMIT_LENGTH": MAX_ATTACHMENT_BYTES + 64 * 1024 * 1024,
    "SQLITE_LIMIT_SQL_LENGTH": 100_000,
    "SQLITE_LIMIT_COLUMN": 100,
    "SQLITE_LIMIT_EXPR_DEPTH": 100,
    "SQLITE_LIMIT_COMPOUND_SELECT": 3,
    "SQLITE_LIMIT_VDBE_OP": 25_000,
    "SQLITE_LIMIT_FUNCTION_ARG": 8,
    "SQLITE_LIMIT_ATTACHED": 1,  # VACUUM attaches its scratch copy
    "SQLITE_LIMIT_LIKE_PATTERN_LENGTH": 100,
    "SQLITE_LIMIT_VARIABLE_NUMBER": 1_000,
    "SQLITE_LIMIT_TRIGGER_DEPTH": 1,
}


DatabaseError = ReviewFileError


# The file itself ------------------------------------------------------------------------------
def read_header(path: Path) -> bytes:
    """The first 100 bytes of a plain file; anything else is refused before it is opened.

    ``stat`` follows a symlink, so a link to ``/dev/zero`` or a FIFO is refused here too, and the
    open is non-blocking so a FIFO swapped in meanwhile cannot hang the read.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise DatabaseError(f"{path}: no such file") from None
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise DatabaseError(f"{path}: is a folder, not a review file")
    if not stat.S_ISREG(st.st_mode):
        raise DatabaseError(f"{path}: is {describe_mode(st.st_mode)}, not a review file; "
                            f"it was not opened")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise DatabaseError(f"{path}: is not a regular file, not a review file; "
                                f"it was not opened")
        head = os.read(fd, 100)
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    return head


def check_header(path: Path) -> int:
    """The file's format version, after checking it is a review database this version reads."""
    head = read_header(path)
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise DatabaseError(f"{path}: not a SIT Maturity review file (it is not a database; "
                            f"was another kind of file given?)")
    if int.from_bytes(head[68:72], "big") != APPLICATION_ID:
        raise DatabaseError(f"{path}: not a SIT Maturity review file (a database made by "
                            f"another program)")
    version = int.from_bytes(head[60:64], "big")
    if version > FORMAT_VERSION:
        raise DatabaseError(
            f"{path}: made by a newer version of SIT Maturity (file format {version}; this "
            f"version reads up to format {FORMAT_VERSION}). Update SIT Maturity to open it; "
            f"the file has not been changed.")
    return version


def journal_path(path: Path) -> Path:
    """Where SQLite keeps an unfinished change: beside the real file, whatever its name."""
    real = Path(os.path.realpath(path))
    return real.with_name(f"{real.name}-journal")


def has_hot_journal(path: Path) -> bool:
    """A rollback journal left beside the file, i.e. a change interrupted by a crash."""
    try:
        st = os.lstat(journal_path(path))
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_size > 0


# The connection -------------------------------------------------------------------------------
class _Budget:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return 1 if self.calls * _STEPS_PER_CALL > STEP_BUDGET else 0


class ReviewConnection(sqlite3.Connection):
    """A connection whose every statement gets a fresh step budget."""

    budget: _Budget

    def execute(self, *args, **kwargs):  # type: ignore[override]
        self.budget.calls = 0
        return super().execute(*args, **kwargs)

    def executemany(self, *args, **kwargs):  # type: ignore[override]
        self.budget.calls = 0
        return super().executemany(*args, **kwargs)


def harden(con: sqlite3.Connection) -> None:
    """Apply SQLite's advice for untrusted database files to a fresh connection."""
    if hasattr(con, "setconfig") and hasattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE"):
        con.setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)  # Python 3.12 and later
    for name, value in _LIMITS.items():
        if hasattr(sqlite3, name):
            con.setlimit(getattr(sqlite3, name), value)
    budget = _Budget()
    if isinstance(con, ReviewConnection):
        con.budget = budget
    con.set_progress_handler(budget, _STEPS_PER_CALL)
    con.execute("PRAGMA trusted_schema = OFF")
    con.execute("PRAGMA cell_size_check = ON")
    con.execute("PRAGMA foreign_keys = ON")


def connect(path: Path, *, readonly: bool, create: bool = False) -> sqlite3.Connection:
    """A hardened connection (nothing from the file has been read yet)."""
    mode = "ro" if readonly else ("rwc" if create else "rw")
    uri = f"{Path(os.path.realpath(path)).as_uri()}?mode={mode}"
    con = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                          timeout=5.0, factory=ReviewConnection)
    try:
        harden(con)
    except BaseException:
        con.close()
        raise
    return con


def stopped(exc: sqlite3.Error) -> bool:
    return "interrupted" in str(exc)


# The schema -----------------------------------------------------------------------------------
_SPACE = re.compile(r"\s+")
_AROUND = re.compile(r"\s*([(),=])\s*")


def normalise_sql(sql: str | None) -> str | None:
    if sql is None:
        return None
    return _AROUND.sub(r"\1", _SPACE.sub(" ", sql.strip())).casefold()


def _master(con: sqlite3.Connection) -> dict[str, tuple[str, str, str | None]]:
    rows = con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {name: (type_, tbl, normalise_sql(sql)) for type_, name, tbl, sql in rows}


def _statements(version: int) -> list[str]:
    stmts = [s for s in SCHEMA.split(";") if s.strip()]
    if version == 1:
        stmts = [FORMAT_1_HISTORY if "CREATE TABLE history" in s else s for s in stmts]
    return stmts


@cache
def expected_schema(version: int) -> dict[str, set[tuple[str, str, str | None]]]:
    """Every object a file of ``version`` holds, as this version writes it.

    A file upgraded from an older format compares equal too: ``ALTER TABLE ... ADD COLUMN``
    appends the column's text, which normalises to the text a new file is written with.
    """
    con = sqlite3.connect(":memory:")
    try:
        for stmt in _statements(version):
            con.execute(stmt)
        return {name: {entry} for name, entry in _master(con).items()}
    finally:
        con.close()


def check_schema(con: sqlite3.Connection, path: Path, version: int) -> None:
    """Refuse any object the format does not have, or has differently, naming it."""
    try:
        found = _master(con)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: the review file is damaged and cannot be read "
                            f"({exc})") from None
    expected = expected_schema(version)
    altered = "; it may have been altered and was not opened"
    for name, (type_, _table, _sql) in sorted(found.items()):
        if name not in expected:
            raise DatabaseError(f"{path}: contains a {type_} {name!r} that a review file never "
                                f"has{altered}")
    for name, (type_, tbl, sql) in sorted(found.items()):
        if (type_, tbl, sql) not in expected[name]:
            kind = next(iter(expected[name]))[0]
            what = (f"a {type_} where a review file has its {kind}" if type_ != kind
                    else "changed columns or constraints")
            raise DatabaseError(f"{path}: its {kind} {name!r} is not as a review file has it "
                                f"({what}){altered}")
    for name in sorted(set(expected) - set(found)):
        kind = next(iter(expected[name]))[0]
        raise DatabaseError(f"{path}: the review file is damaged: its {kind} {name!r} is "
                            f"missing")


def quick_check(con: sqlite3.Connection, path: Path) -> None:
    try:
        rows = con.execute("PRAGMA quick_check(5)").fetchall()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: the review file is damaged and cannot be read "
                            f"({exc})") from None
    if [r[0] for r in rows] != ["ok"]:
        raise DatabaseError(f"{path}: the review file is damaged and cannot be read "
                            f"({rows[0][0]})")


def user_version(con: sqlite3.Connection, path: Path) -> int:
    """The format version as SQLite sees it (after it rolled back any interrupted change)."""
    try:
        return con.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: the review file is damaged and cannot be read "
                            f"({exc})") from None


def open_checked(path: Path, *, readonly: bool) -> tuple[sqlite3.Connection, int]:
    """The door every reader and writer uses: a hardened connection to a review database whose
    format, schema and pages have been checked, and its format version.

    SQLite rolls back a change a crash cut short as the version is read (when it may write);
    only then is ``sqlite_master`` compared, and only then does ``quick_check`` run.
    """
    try:
        con = connect(path, readonly=readonly)
    except sqlite3.Error as exc:
        raise ReviewFileError(f"{path}: the review file is damaged and cannot be read "
                              f"({exc})") from None
    with closed_on_failure(con, path):
        version = user_version(con, path)
        if version > FORMAT_VERSION or version < 1:
            raise ReviewFileError(f"{path}: not a review file this version can read (file "
                                  f"format {version}); the file has not been changed")
        check_schema(con, path, version)
        quick_check(con, path)
    return con, version


@contextmanager
def closed_on_failure(con: sqlite3.Connection, path: Path) -> Iterator[None]:
    """Close ``con`` if what follows fails; SQLite's errors become a message naming ``path``."""
    try:
        yield
    except sqlite3.Error as exc:
        con.close()
        raise read_failure(path, exc) from None
    except BaseException:
        con.close()
        raise


def read_failure(path: Path, exc: sqlite3.Error) -> ReviewFileError:
    if stopped(exc):
        return ReviewFileError(f"{path}: reading it took far longer than any review file needs, "
                               f"so it was stopped; it may have been altered and was not opened")
    return ReviewFileError(f"{path}: the review file is damaged and cannot be read ({exc})")
