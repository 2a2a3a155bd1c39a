"""What every command shares about its arguments: the one-line error and file arguments that
are never empty."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the review file's module loads the models: only a command that opens one
    from .reviewfile import ReviewFile


class CliError(Exception):
    """Bad input reported as one line, exit 1."""


def path_arg(what: str) -> Callable[[str], str]:
    """An argparse type for a file or folder: an empty name (an unset shell variable, say) is
    refused with exit 1, never taken as the current folder."""

    def check(text: str) -> str:
        if not text.strip():
            raise CliError(f"{what}: an empty name was given; name a file or folder")
        return text

    return check


def open_for_edit(path: str) -> ReviewFile:
    """Open a review a command will change; a read-only one is refused with the reason."""
    from .reviewfile import ReviewFile

    rf = ReviewFile.open(path)
    if rf.readonly:
        reason = rf.readonly_reason
        rf.close()
        raise CliError(f"{path}: cannot be changed: {reason}")
    return rf
