"""What every command shares about its arguments: the one-line error and file arguments that
are never empty."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the review file's module loads the models: only a command that opens one
    from .reviewfile import ReviewFile


class CliError(Exception):
    """Bad input reported as one line, exit 1."""


# The errors that are the user's input, not a fault: (module, class). Each is looked up only
# once its module is loaded (an error of a module never imported cannot have been raised).
USER_ERRORS = (("maturity.review", "ReviewError"), ("maturity.fileformat", "ReviewFileError"),
               ("maturity.loader", "FrameworkError"))


def loaded(*names: tuple[str, str]) -> tuple[type[BaseException], ...]:
    return tuple(getattr(sys.modules[module], cls) for module, cls in names
                 if module in sys.modules)


def user_problem(exc: BaseException) -> str | None:
    """The one line (without the program's name) that reports ``exc`` when it is the user's
    input at fault, or None when it is not."""
    if isinstance(exc, loaded(USER_ERRORS[2])):
        more = len(exc.problems) - 1
        return (str(exc.problems[0] if exc.problems else exc)
                + (f" (and {more} more problem{'s' if more != 1 else ''}: "
                   f"check-framework lists them all)" if more > 0 else ""))
    if isinstance(exc, (CliError, *loaded(*USER_ERRORS))):
        return str(exc)
    if isinstance(exc, BrokenPipeError):
        return None
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}"
    if isinstance(exc, UnicodeError):
        # A name with bytes that are not text in this locale, on a path that cannot carry them.
        name = getattr(exc, "object", "")
        name = name if isinstance(name, str) else ""
        return (f"{name[:300]}: the name holds characters that cannot be used here "
                f"({getattr(exc, 'reason', exc)}); rename it and try again")
    return None


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
