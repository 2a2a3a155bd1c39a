"""What ``info --json`` printed for a review file's exact bytes, kept so that asking again about
an unchanged file needs neither the models nor the file's full check.

A regional script runs ``info --json`` over the same folder of reviews night after night; most
files have not changed since the last run. Each entry is keyed by a SHA-256 of: this cache's
format, the app's version, a fingerprint of the code that produced the answer (the core's
sources and the validating library's files), and every byte of the review file. Only what a
strict open accepted is ever stored, so an entry is a proof already made: the same bytes, read by
the same code, give the same answer. Anything the key does not cover turns the cache off for
that run: a rollback journal or write-ahead log beside the file (the file's content is then
more than its bytes), a file that is not a plain file, or a file larger than ``MAX_FILE_BYTES``.

Entries live in the user's own cache folder (``$XDG_CACHE_HOME/sit-maturity/info``, or the
platform's equivalent), a folder only the user may write, each written whole (a temporary file
renamed over it) with mode 0600. An entry that is not exactly what this module writes (wrong
key, not JSON, not an answer's shape, not in canonical form, too large, a link) is ignored and
replaced by the answer worked out afresh. ``SIT_MATURITY_NO_CACHE=1`` or ``info --no-cache``
turns the cache off.

This module imports nothing heavier than ``hashlib``: a hit must not pay for the models.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import tempfile
from pathlib import Path

from .version import __version__

FORMAT = b"sit-maturity info cache 1"
NO_CACHE_ENV = "SIT_MATURITY_NO_CACHE"
MAX_FILE_BYTES = 512 * 1024 * 1024  # larger files are read afresh each time
MAX_ENTRY_BYTES = 8 * 1024 * 1024
MAX_ENTRIES = 2000  # beyond this many, the oldest are removed (down to PRUNE_TO)
PRUNE_TO = 1500
ANSWER_KEYS = ("system", "review_date", "framework", "overall", "domains")
_CHUNK = 1024 * 1024


def cache_dir() -> Path:
    """Where this user's entries live (the folder need not exist yet)."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "sit-maturity" / "cache" / "info"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "sit-maturity" / "info"
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "sit-maturity" / "info"


def enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "").strip().lower() in ("", "0", "no", "false")


# The key -------------------------------------------------------------------------------------
_fingerprint: bytes | None = None


def code_fingerprint() -> bytes:
    """A digest of the code whose answer is stored: every source file of the core (by content),
    and the files of pydantic and pydantic-core (by name, size and time), which do the checking.
    A frozen bundle carries no sources: its executable (size and time) stands for them."""
    global _fingerprint
    if _fingerprint is None:
        h = hashlib.sha256()
        h.update(sys.version.encode())
        core = Path(__file__).resolve().parent
        sources = sorted(core.glob("*.py"))
        if not sources or getattr(sys, "frozen", False):
            st = os.stat(sys.executable)
            h.update(f"frozen {sys.executable} {st.st_size} {st.st_mtime_ns}".encode())
        for src in sources:
            h.update(src.name.encode() + b"\0" + src.read_bytes() + b"\0")
        for package in ("pydantic", "pydantic_core"):
            h.update(_package_stamp(package))
        _fingerprint = h.digest()
    return _fingerprint


def _package_stamp(name: str) -> bytes:
    from importlib.util import find_spec

    spec = find_spec(name)  # finds the package without importing it
    if spec is None or not spec.origin:
        return f"{name} missing".encode()
    folder = Path(spec.origin).parent
    parts = [str(folder)]
    try:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.is_file(follow_symlinks=False):
                st = entry.stat(follow_symlinks=False)
                parts.append(f"{entry.name} {st.st_size} {st.st_mtime_ns}")
    except OSError:  # inside a bundle's archive, say: the executable's stamp covers it
        parts.append("not listable")
    return "\n".join(parts).encode()


def _open_plain_file(path: Path, limit: int, *, follow_links: bool = True) -> int | None:
    """A descriptor on ``path`` if it is a regular file of at most ``limit`` bytes, else None.
    Opened without blocking, so a FIFO put in its place cannot hang the read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError):  # ValueError: a name Python cannot pass to the system
        return None
    try:
        st = os.fstat(fd)
        if stat.S_ISREG(st.st_mode) and st.st_size <= limit:
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def file_key(path: Path) -> str | None:
    """The entry's key for the review at ``path``, or None when the cache cannot vouch for it
    (then the file is opened and checked in full, which names any problem)."""
    try:
        code = code_fingerprint()
    except (OSError, ValueError):  # sources that cannot be read: no proof of what answered
        return None
    for sidecar in ("-journal", "-wal"):
        if os.path.lexists(f"{os.path.realpath(path)}{sidecar}"):
            return None
    fd = _open_plain_file(path, MAX_FILE_BYTES)
    if fd is None:
        return None
    try:
        h = hashlib.sha256(FORMAT + b"\0" + __version__.encode() + b"\0" + code)
        read = 0
        while chunk := os.read(fd, _CHUNK):
            read += len(chunk)
            if read > MAX_FILE_BYTES:
                return None
            h.update(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
    return h.hexdigest()


# Entries -------------------------------------------------------------------------------------
class InfoCache:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or cache_dir()

    @classmethod
    def for_user(cls) -> InfoCache | None:
        """This user's cache, or None when the cache is turned off or no home folder is known."""
        if not enabled():
            return None
        try:
            return cls()
        except (RuntimeError, OSError, KeyError):  # no home folder: nowhere to keep answers
            return None

    def _usable_folder(self, create: bool) -> bool:
        """The folder exists (made if asked), is a real folder of this user's, and no one else
        may write in it."""
        try:
            if create:
                os.makedirs(self.folder, mode=0o700, exist_ok=True)
            st = os.lstat(self.folder)
        except (OSError, ValueError):
            return False
        if not stat.S_ISDIR(st.st_mode) or st.st_mode & 0o022:
            return False
        return not hasattr(os, "getuid") or st.st_uid == os.getuid()

    def _entry(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def get(self, key: str) -> dict | None:
        """The stored answer for ``key``, or None if there is none fit to use."""
        if not self._usable_folder(create=False):
            return None
        fd = _open_plain_file(self._entry(key), MAX_ENTRY_BYTES, follow_links=False)
        if fd is None:
            return None
        try:
            raw = os.read(fd, MAX_ENTRY_BYTES + 1)
        except OSError:
            return None
        finally:
            os.close(fd)
        return _answer(raw, key)

    def put(self, key: str, answer: dict) -> None:
        """Store ``answer`` under ``key``; a cache that cannot be written is simply not used."""
        try:
            text = _canonical({"key": key, "info": answer})
        except (ValueError, TypeError, RecursionError):  # not plain JSON data: not kept
            return
        if len(text) > MAX_ENTRY_BYTES or not self._usable_folder(create=True):
            return
        try:
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".entry-", suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(text)
            os.replace(tmp, self._entry(key))
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            return
        self._prune()

    def _prune(self) -> None:
        try:
            entries = [e for e in os.scandir(self.folder)
                       if e.name.endswith(".json") and e.is_file(follow_symlinks=False)]
            if len(entries) <= MAX_ENTRIES:
                return
            entries.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime_ns)
            for old in entries[:len(entries) - PRUNE_TO]:
                os.unlink(old.path)
        except OSError:
            return


def _canonical(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=True, allow_nan=False).encode("ascii")


def _answer(raw: bytes, key: str) -> dict | None:
    """The answer in an entry that is exactly what ``put`` writes for ``key``."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or set(data) != {"key", "info"} or data["key"] != key:
        return None
    answer = data["info"]
    if not isinstance(answer, dict) or tuple(answer) != ANSWER_KEYS:
        return None
    try:
        if _canonical(data) != raw:
            return None
    except (ValueError, RecursionError):
        return None
    return answer
