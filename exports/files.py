"""Writing output files safely: one mechanism for the workbook, the PDFs, JSON and the CSV folder.

An output is checked before anything is written: it may not be, or lead to, a review file (by
name, by being the same file as a review being read, or by content), nor a FIFO, a device or a
socket, nor a folder where a file is wanted. It is then written to a temporary file beside its
name and renamed over that name, so a reader never sees half a file and a symbolic link at the
name is replaced by the file, never written through. The temporary file is created with the
user's normal permissions (0666 less the umask), as any program's new file would be. Every
failure names the output it could not write, and no temporary file is left behind.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from maturity.reviewfile import APPLICATION_ID, SQLITE_MAGIC

_REVIEW_NAME = re.compile(r"\.sitreview(-wal|-shm|-journal)?$|^\.~lock\..*\.sitreview#$",
                          re.IGNORECASE)
_SPECIAL = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a device"),
            (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))
_TEMP_NAME_CHARS = 200
NEVER = "an export never replaces a review"


class OutputError(OSError):
    """An output that may not or could not be written; the message names it."""

    def __init__(self, path: str | Path, reason: str, code: int = 0):
        super().__init__(code, reason, str(path))

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


def _for(option: str) -> str:
    return f" (for {option})" if option else ""


def is_review_name(path: Path) -> bool:
    """A review file's name, or the name of one of its journal or lock files."""
    return bool(_REVIEW_NAME.search(path.name))


def holds_a_review(path: Path) -> bool:
    """Whether the regular file at ``path`` starts as a review file does.

    Opened without blocking and checked to be a regular file before a byte is read, so a FIFO
    swapped in at the name cannot hang the check."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        head = os.read(fd, 100)
    finally:
        os.close(fd)
    return (len(head) >= 72 and head.startswith(SQLITE_MAGIC)
            and int.from_bytes(head[68:72], "big") == APPLICATION_ID)


def check_output(path: str | Path, *, folder: bool = False, option: str = "") -> Path:
    """Refuse an output that would replace what it must not; return it as a ``Path``.

    ``folder``: the output is a folder of files (the CSV export). ``option`` names the output
    in messages (a command-line option such as ``--xlsx``)."""
    path = Path(path)
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise OutputError(path, f"cannot be checked ({exc.strerror or exc})", exc.errno) from None
    linked = found is not None and stat.S_ISLNK(found.st_mode)
    if linked:
        try:
            found = os.stat(path)
        except OSError:
            found = None  # a dangling link: the output replaces the link
    if found is not None:
        through = " (through a link)" if linked else ""
        for test, kind in _SPECIAL:
            if test(found.st_mode):
                raise OutputError(path, f"is {kind}{through}; outputs are written only as "
                                        f"ordinary files{_for(option)}")
        if stat.S_ISDIR(found.st_mode) and not folder:
            raise OutputError(path, f"is a folder; give a file name{_for(option)}")
        if folder and not stat.S_ISDIR(found.st_mode):
            raise OutputError(path, f"{option or 'the CSV export'} needs a folder, and this "
                                    f"is a file")
    if is_review_name(path):
        reason = "is a review file" if found is not None else "has a review file's name"
        raise OutputError(path, f"{reason}; {NEVER}{_for(option)}")
    if linked and is_review_name(Path(os.path.realpath(path))):
        raise OutputError(path, f"is a link to a review file; {NEVER}{_for(option)}")
    if found is not None and stat.S_ISREG(found.st_mode):
        try:
            review = holds_a_review(path)
        except OSError as exc:
            raise OutputError(path, f"cannot be read to check that it is not a review file "
                                    f"({exc.strerror or exc}), so it is left as it is",
                              exc.errno) from None
        if review:
            through = " (through a link)" if linked else ""
            raise OutputError(path, f"is a review file{through}; {NEVER}{_for(option)}")
    if not path.parent.is_dir():
        raise OutputError(path.parent, f"no such folder{_for(option)}")
    return path


def _identity(path: Path) -> tuple:
    """What names one output: its folder with links resolved, and its name."""
    return (os.path.normcase(os.path.realpath(path.parent)), os.path.normcase(path.name))


def _inode(path: Path, follow: bool) -> tuple[int, int] | None:
    try:
        st = os.stat(path) if follow else os.lstat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def check_distinct(outputs: Mapping[str, Path], sources: Iterable[str | Path] = ()) -> None:
    """Refuse two outputs of one run that are the same file, and an output that is a source.

    ``outputs`` maps a label (shown in messages) to each file the run will write."""
    sources = [Path(s) for s in sources]
    seen: dict[tuple, str] = {}
    for label, path in outputs.items():
        path = Path(path)
        for source in sources:
            same = _inode(path, True)
            if _identity(path) == _identity(source) or (
                    same is not None and same == _inode(source, True)):
                raise OutputError(path, f"is {source}, a review being read; {NEVER}")
        for key in (_identity(path), _inode(path, False)):
            if key is None:
                continue
            if key in seen:
                raise OutputError(path, f"is given for both {seen[key]} and {label}; give each "
                                        f"output its own name")
            seen[key] = label


def _temp_beside(path: Path) -> Path:
    """A new, empty temporary file in the output's folder, made with the user's permissions.

    ``os.open`` with mode 0666 lets the system apply the umask (and any default access list),
    as for any new file; ``tempfile.mkstemp`` would make it 0600."""
    stem = path.name[:_TEMP_NAME_CHARS]
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = path.with_name(f".{stem}.{secrets.token_hex(4)}.part")
        try:
            os.close(os.open(tmp, flags, 0o666))
        except FileExistsError:
            continue
        return tmp


def _write_failed(path: Path, exc: OSError) -> OutputError:
    return OutputError(path, f"could not be written ({exc.strerror or exc})", exc.errno or 0)


def save_atomic(path: str | Path, save: Callable[[str], None]) -> None:
    """Check ``path``, have ``save`` write a temporary file beside it, then rename it in.

    Any failure removes the temporary file; a system error comes back as an ``OutputError``
    naming ``path``; anything else ``save`` raises passes through unchanged."""
    path = check_output(path)
    try:
        tmp = _temp_beside(path)
    except OSError as exc:
        raise _write_failed(path, exc) from None
    try:
        save(str(tmp))
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise _write_failed(path, exc) from None
        raise


def make_folder(path: str | Path) -> Path:
    """Check a folder output and create it (with any missing parents) if it does not exist."""
    path = Path(path)
    for folder in ([path.parent] if not is_review_name(path) else []) + [path]:
        if folder == path:
            check_output(path, folder=True)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(folder, f"could not make the folder ({exc.strerror or exc})",
                              exc.errno or 0) from None
    return path
