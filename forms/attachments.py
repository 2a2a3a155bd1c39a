"""Files going into a review and coming out of it.

In: ``read_for_embedding`` reads and hashes a chosen file in steps (it runs off the UI thread
and can be cancelled between steps), after ``size_check`` has refused one above the limit.
Out: the review keeps the bytes; ``temporary_copy`` writes a copy another program can open, in a
private temporary folder for this run of the app that is removed on exit, once per content and
name.
"""

from __future__ import annotations

import atexit
import hashlib
import re
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from maturity.reviewfile import ATTACHMENT_WARN_BYTES, MAX_ATTACHMENT_BYTES

CHUNK = 1024 * 1024
MB = 1024 * 1024


class AttachError(Exception):
    """A file that cannot be attached; the message is for the user."""


def megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB" if size < 10 * MB else f"{size // MB:,} MB"


def size_check(path: str | Path) -> int:
    """The size of a file that may be attached (raises ``AttachError`` for one that may not,
    before a byte of it is read); callers ask the user first above ``ATTACHMENT_WARN_BYTES``."""
    path = Path(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise AttachError(f"{path}: {exc.strerror or exc}. Check the file exists and you can "
                          f"read it, then try again.") from None
    if not stat.S_ISREG(info.st_mode):
        raise AttachError(f"{path}: not an ordinary file (a folder, device or pipe cannot be "
                          f"attached)")
    if info.st_size > MAX_ATTACHMENT_BYTES:
        raise AttachError(f"{path.name} is {megabytes(info.st_size)}, above the "
                          f"{MAX_ATTACHMENT_BYTES // MB} MB limit for a file kept inside a "
                          f"review. Add it as a link to where it is shared instead.")
    return info.st_size


def is_large(size: int) -> bool:
    return size > ATTACHMENT_WARN_BYTES


def read_for_embedding(path: str | Path,
                       progress: Callable[[float, str], None]) -> tuple[bytes, str]:
    """The file's bytes and SHA-256, read in steps; ``progress`` may raise to stop early."""
    path = Path(path)
    size = size_check(path)
    digest = hashlib.sha256()
    chunks: list[bytes] = []
    done = 0
    progress(0.0, f"Reading {path.name}…")
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            done += len(chunk)
            if done > MAX_ATTACHMENT_BYTES:  # it grew after it was measured
                raise AttachError(f"{path.name} grew above the {MAX_ATTACHMENT_BYTES // MB} MB "
                                  f"limit while it was being read; it was not attached")
            digest.update(chunk)
            chunks.append(chunk)
            progress(done / size if size else 1.0,
                     f"Reading {path.name}: {megabytes(done)} of {megabytes(max(size, done))}")
    return b"".join(chunks), digest.hexdigest()

_folder: Path | None = None
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _base() -> Path:
    global _folder
    if _folder is None or not _folder.is_dir():
        _folder = Path(tempfile.mkdtemp(prefix="sit-maturity-"))
        atexit.register(shutil.rmtree, _folder, True)
    return _folder


def safe_name(name: str) -> str:
    name = _UNSAFE.sub("_", Path(name).name).strip(" .")
    return name[:150] or "attachment"


def is_temporary_copy(path: Path) -> bool:
    """A file this run of the app wrote for opening (and nothing else on the computer)."""
    if _folder is None:
        return False
    try:
        return path.resolve().is_relative_to(_folder.resolve()) and path.is_file()
    except OSError:
        return False


def temporary_copy(data: bytes, name: str, digest: str) -> Path:
    """Write ``data`` under its own name in a folder keyed by its hash; return the path."""
    folder = _base() / digest[:16]
    folder.mkdir(exist_ok=True)
    path = folder / safe_name(name)
    if not path.exists() or path.stat().st_size != len(data):
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
    return path
