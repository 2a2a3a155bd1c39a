"""What the app does with an error nobody expected: say so in words, keep the details, go on.

A slot that raises would otherwise print a traceback to a terminal the user never sees (or, in
the bundle, to nowhere) and leave the window half-updated. The hook shows one message naming
what failed, writes the traceback to a log file the message names, and the app keeps running;
the review itself is safe because every edit is saved as it is made.
"""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

LOG_NAME = "sit-maturity-errors.log"
MAX_LOG_BYTES = 1_000_000


def log_dir() -> Path:
    from PySide6.QtCore import QStandardPaths

    where = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(where) if where else Path.home()


def write_log(details: str, folder: Path | None = None) -> Path | None:
    """Append ``details`` to the error log (started afresh past 1 MB); None if it can't be written."""
    try:
        folder = folder or log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOG_NAME
        mode = "a" if path.is_file() and path.stat().st_size < MAX_LOG_BYTES else "w"
        with path.open(mode, encoding="utf-8") as out:
            out.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n{details}\n")
        return path
    except OSError:
        return None


def describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 300 else text[:299] + "…"


class ErrorHook:
    """``sys.excepthook`` for the app: ``show(title, message)`` is the window's error dialog."""

    def __init__(self, show: Callable[[str, str], None], folder: Path | None = None):
        self.show = show
        self.folder = folder
        self.previous = sys.excepthook
        self._showing = False

    def install(self) -> ErrorHook:
        sys.excepthook = self
        return self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self.previous

    def __call__(self, kind: type[BaseException], exc: BaseException,
                 tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self.previous(kind, exc, tb)
            return
        details = "".join(traceback.format_exception(kind, exc, tb))
        log = write_log(details, self.folder)
        where = f"The details were written to {log}." if log else \
            "The details could not be written to a log file."
        message = (f"Something went wrong in the app: {describe(exc)}\n\nYour review is safe: "
                   f"every change is saved as it is made. {where}")
        if self._showing:  # an error while the message is up: keep it, don't stack dialogs
            return
        self._showing = True
        try:
            self.show("Unexpected error", message)
        except Exception:  # the dialog itself failed: the terminal is all that is left
            print(f"sit-maturity: {message}", file=sys.stderr)
        finally:
            self._showing = False
