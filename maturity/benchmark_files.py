"""Which files a benchmark reads, and which of them count: found safely, each review once.

Folders given to a benchmark come from shared drives and other organisations. They are walked
without following links to folders (a link loop cannot make the walk endless) and without
recursion (depth cannot exhaust the stack); only regular files are read, so a FIFO or a device
named ``x.sitreview`` is reported instead of hanging the run. Every file not counted is kept
with the full reason for the operator, and a short kind that a report may show.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .filekinds import describe_mode
from .reviewfile import SUFFIX

# What a report may say about a file it did not count (never its name or its system).
MISSING = "no such file or folder"
NOT_REVIEW = "not a review file"
DAMAGED = "damaged"
NEWER = "made by a newer version"
UNREADABLE = "could not be read"
OTHER_FRAMEWORK = "another framework"
EARLIER = "an earlier review of a counted system"
COPY = "a copy of a review already counted"
HIGHLIGHTED_SYSTEM = "another review of the highlighted system"


@dataclass(frozen=True)
class Skipped:
    """A file not counted: ``reason`` in full is for the operator only; ``kind`` is what a
    report may say about it."""

    file: str
    reason: str
    kind: str = UNREADABLE


def kind_of(reason: str) -> str:
    """The short kind of a reader's refusal, for reports that must not quote it."""
    text = reason.casefold()
    if "not a sit maturity review file" in text or "is a folder" in text:
        return NOT_REVIEW
    if "newer version" in text:
        return NEWER
    if "damaged" in text or "altered" in text or "malformed" in text:
        return DAMAGED
    return UNREADABLE


def tally(skipped: Iterable[Skipped]) -> dict[str, int]:
    """How many files of each kind, most common first."""
    return dict(Counter(s.kind for s in skipped).most_common())


def tally_text(skipped: Sequence[Skipped], verb: str) -> str:
    """``3 files skipped: 2 damaged, 1 not a review file``."""
    n = len(skipped)
    parts = ", ".join(f"{count} {kind}" for kind, count in tally(skipped).items())
    return f"{n} file{'s' if n != 1 else ''} {verb}: {parts}"


def _mode(path: Path, skipped: list[Skipped], missing: str) -> int | None:
    """The file's type bits (following links), or None with the reason added to ``skipped``."""
    try:
        return os.stat(path).st_mode
    except FileNotFoundError:
        skipped.append(Skipped(str(path), missing, MISSING))
    except OSError as exc:
        skipped.append(Skipped(str(path), f"cannot be read ({exc.strerror or exc})",
                               UNREADABLE))
    return None


def regular_file(path: Path, found: list[Path], skipped: list[Skipped],
                 mode: int | None = None) -> None:
    """Add ``path`` to ``found`` if it is a regular file, else to ``skipped`` with why."""
    mode = mode if mode is not None else _mode(path, skipped, "no such file (a broken link?)")
    if mode is None:
        return
    if stat.S_ISREG(mode):
        found.append(path)
    else:
        skipped.append(Skipped(str(path), f"is {describe_mode(mode)}, not a review file; it was "
                                          f"not read", NOT_REVIEW))


def _walk(root: Path, found: list[Path], skipped: list[Skipped]) -> None:
    """Review files under ``root``, depth first, without following links to folders."""
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name, reverse=True)
        except OSError as exc:
            skipped.append(Skipped(str(folder), f"folder cannot be read "
                                                f"({exc.strerror or exc})", UNREADABLE))
            continue
        for entry in entries:
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                pending.append(Path(entry.path))
            elif entry.name.endswith(SUFFIX):
                regular_file(Path(entry.path), found, skipped)


def review_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Skipped]]:
    """Files as given, folders searched (recursively) for review files; each file once."""
    found: list[Path] = []
    skipped: list[Skipped] = []
    for p in paths:
        p = Path(p)
        mode = _mode(p, skipped, "no such file or folder")
        if mode is None:
            continue
        here: list[Path] = []
        if stat.S_ISDIR(mode):
            _walk(p, here, skipped)
        else:
            regular_file(p, here, skipped, mode)
        found.extend(sorted(here))
    unique: list[Path] = []
    seen: set[tuple[int, int]] = set()
    for f in found:
        try:
            st = os.stat(f)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) not in seen:  # one file, whatever names and links reach it
            seen.add((st.st_dev, st.st_ino))
            unique.append(f)
    return unique, skipped


def same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def modified(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0
