"""Who has a review open: a lock that belongs to the file, not to the name it was opened by.

Two signals, both tied to the file itself:

* a sidecar lock file beside the file's *real* path (symlinks resolved), naming who holds it
  (like office suites' ``.~lock`` files, so a colleague sees who has it open) and recording the
  file's device and inode, so a hard link in the same folder finds it by scanning its siblings;
* where the system offers open-file-description locks (Linux), a lock on a byte of the review
  file far from the bytes SQLite locks: it is held by the inode, so a hard link anywhere on the
  same computer or share is detected, and it vanishes by itself when its holder dies.

A lock file is read without following symlinks; one that is a symlink or not a regular file is
not trusted (never followed, never written through), and the review opens read-only.
"""

from __future__ import annotations

import datetime as dt
import errno
import getpass
import json
import os
import socket
import stat
import struct
import uuid
from dataclasses import dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_INODE_LOCK_OFFSET = 0x40000000 + 0x10000  # past SQLite's lock bytes at 1 GiB
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_MAX_LOCK_BYTES = 64 * 1024


class UntrustedLock(Exception):
    """A lock file that is a symlink or not a regular file."""


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
        return f"{self.user} on {self.host} since {when}" if when else \
            f"{self.user} on {self.host}"


UNKNOWN = LockHolder("someone", "an unknown computer", -1, "")
OTHER_NAME = LockHolder("someone", "this computer (under another name for the same file)", -1,
                        "")


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def lock_path(path: Path) -> Path:
    real = Path(os.path.realpath(path))
    return real.with_name(f".~lock.{real.name}#")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_lock(path: Path) -> dict | None:
    """A lock file's content; None if there is none. Never follows a symlink."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UntrustedLock(f"its lock file {path.name} is a symbolic link; it was not "
                                f"trusted. If nobody has the review open, delete it") from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UntrustedLock(f"its lock file {path.name} is not a regular file; it was not "
                                f"trusted. If nobody has the review open, delete it")
        raw = os.read(fd, _MAX_LOCK_BYTES)
    finally:
        os.close(fd)
    try:
        data = json.loads(raw.decode("utf-8"))
        return data if isinstance(data, dict) else {}
    except ValueError:
        return {}


def _holder(data: dict) -> LockHolder:
    try:
        return LockHolder(str(data["user"]), str(data["host"]), int(data["pid"]),
                          str(data["since"]))
    except (KeyError, TypeError, ValueError):
        return UNKNOWN


def is_stale(holder: LockHolder) -> bool:
    return holder.host == socket.gethostname() and holder.pid > 0 and not _pid_alive(holder.pid)


class FileLock:
    """The lock on one review file (whatever name it was given by)."""

    def __init__(self, path: Path):
        self.review = Path(path)
        self.path = lock_path(path)
        self.owned = False
        self._inode_fd: int | None = None
        self._mine: tuple[int, int] | None = None

    def _identity(self) -> tuple[int, int]:
        st = os.stat(self.review)
        return st.st_dev, st.st_ino

    def holder(self) -> LockHolder | None:
        """Who holds the lock by its lock file; raises ``UntrustedLock`` for a planted one."""
        data = _read_lock(self.path)
        return None if data is None else _holder(data)

    def _sibling_holder(self, identity: tuple[int, int]) -> LockHolder | None:
        """A live lock on the same file under another name in its folder (a hard link)."""
        try:
            entries = list(os.scandir(self.path.parent))
        except OSError:
            return None
        for entry in entries:
            if not (entry.name.startswith(".~lock.") and entry.name.endswith("#")) \
                    or entry.name == self.path.name:
                continue
            try:
                data = _read_lock(Path(entry.path))
            except (UntrustedLock, OSError):
                continue
            if data and [data.get("dev"), data.get("ino")] == list(identity):
                found = _holder(data)
                if not is_stale(found):
                    return found
        return None

    def _lock_inode(self) -> bool:
        """Take the byte lock on the file itself; False if another opener holds it."""
        if fcntl is None or not hasattr(fcntl, "F_OFD_SETLK"):
            return True
        try:
            fd = os.open(self.review, os.O_RDWR | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            return True  # cannot tell this way; the lock file still speaks
        try:
            lock = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, _INODE_LOCK_OFFSET, 1, 0)
            fcntl.fcntl(fd, fcntl.F_OFD_SETLK, lock)
        except OSError as exc:
            os.close(fd)
            return exc.errno not in (errno.EAGAIN, errno.EACCES)
        self._inode_fd = fd
        return True

    def _unlock_inode(self) -> None:
        if self._inode_fd is not None:
            os.close(self._inode_fd)
            self._inode_fd = None

    def acquire(self) -> LockHolder | None:
        """Take the lock; return the other holder if someone else has it.

        Raises ``UntrustedLock`` if the lock file is planted, ``OSError`` if none can be made.
        """
        identity = self._identity()
        if not self._lock_inode():
            named = self.holder() or self._sibling_holder(identity)
            return named if named is not None and not is_stale(named) else OTHER_NAME
        try:
            other = self._sibling_holder(identity)
            if other is not None:
                self._unlock_inode()
                return other
            for _ in range(3):
                if self._create(identity):
                    self.owned = True
                    return None
                other = self.holder()
                if other is None:
                    continue  # released between our attempt and our look: try again
                if is_stale(other):
                    self.path.unlink(missing_ok=True)  # left by a crashed process here
                    continue
                self._unlock_inode()
                return other
            self._unlock_inode()
            return self.holder() or UNKNOWN
        except BaseException:
            self._unlock_inode()
            raise

    def _create(self, identity: tuple[int, int]) -> bool:
        me = json.dumps({"user": getpass.getuser(), "host": socket.gethostname(),
                         "pid": os.getpid(), "since": _now(),
                         "dev": identity[0], "ino": identity[1]})
        flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | _NOFOLLOW
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.{uuid.uuid4().hex}")
        try:
            fd = os.open(tmp, flags, 0o644)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(me)
            try:
                os.link(tmp, self.path)  # never replaces: the name is taken atomically or not
            except FileExistsError:
                return False
            except OSError:
                # Some shares have no hard links: fall back to an exclusive create.
                try:
                    fd = os.open(self.path, flags, 0o644)
                except FileExistsError:
                    return False
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(me)
        finally:
            tmp.unlink(missing_ok=True)
        st = os.lstat(self.path)
        self._mine = (st.st_dev, st.st_ino)
        return True

    def release(self) -> None:
        if self.owned:
            try:
                st = os.lstat(self.path)
                if (st.st_dev, st.st_ino) == self._mine:  # never remove what someone put there
                    self.path.unlink(missing_ok=True)
            except FileNotFoundError:
                pass
            self.owned = False
        self._unlock_inode()
