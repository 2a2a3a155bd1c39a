"""The open review as seen by the views: one object every panel listens to.

``ReviewSession`` wraps the core ``ReviewFile`` so that views never call the core directly to
write: they hand it a command (or an edit function and its arguments), and every applied command
— including undo and redo — comes back to all of them through ``changed``. Errors never raise
into a view; they go to ``report_error(title, message)``, which the main window points at a
dialog and tests point at a list.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from maturity.fileformat import ReviewFileError

if TYPE_CHECKING:
    from maturity.commands import Command
    from maturity.review import Review
    from maturity.reviewfile import ReviewFile

# The review's models (and pydantic) load with the first file opened, not with the window, so
# the window can be on screen before them. A ``ReviewError`` exists only once they are loaded.
ErrorReporter = Callable[[str, str], None]


def _user_errors() -> tuple[type[Exception], ...]:
    from maturity.review import ReviewError

    return (ReviewError, ReviewFileError)


def _print_error(title: str, message: str) -> None:
    print(f"{title}: {message}", file=sys.stderr)


class EditResult:
    """What an edit did: the command applied (``None`` when refused or failed)."""

    __slots__ = ("command",)

    def __init__(self, command: Command | None) -> None:
        self.command = command

    def __repr__(self) -> str:
        return f"EditResult({self.command!r})"

    def __bool__(self) -> bool:
        return self.command is not None

    @property
    def new_id(self) -> str | None:
        """The key of the first record the edit created, if it created one."""
        if self.command is None:
            return None
        return next((c.key for c in self.command.changes
                     if c.before is None and c.after is not None), None)


class ReviewSession(QObject):
    """The review being worked on (or none), its edits, and its undo stack."""

    changed = Signal(object)
    """A command was applied (an edit, an undo or a redo); carries the command applied."""
    file_changed = Signal()
    """Another file was opened, or the file was closed."""
    about_to_close = Signal()
    """The file is about to be closed or replaced: views commit any typing they hold now."""
    pending_changed = Signal(bool)
    """Typing not yet committed started (True) or was committed or dropped (False)."""

    def __init__(self, parent: QObject | None = None, *,
                 report_error: ErrorReporter | None = None):
        super().__init__(parent)
        self._file: ReviewFile | None = None
        self._pending: set[object] = set()
        self.report_error: ErrorReporter = report_error or _print_error

    # What is open --------------------------------------------------------------------------
    @property
    def file(self) -> ReviewFile | None:
        return self._file

    @property
    def review(self) -> Review | None:
        return self._file.review if self._file is not None else None

    @property
    def path(self) -> Path | None:
        return self._file.path if self._file is not None else None

    @property
    def readonly(self) -> bool:
        return self._file is None or self._file.readonly

    @property
    def readonly_reason(self) -> str | None:
        return self._file.readonly_reason if self._file is not None else None

    def open(self, path: str | Path, *, readonly: bool = False) -> bool:
        """Open a review file in place of the current one; False (and reported) on failure."""
        from maturity.reviewfile import ReviewFile

        try:
            new = ReviewFile.open(path, readonly=readonly)
        except ReviewFileError as exc:
            self.report_error("The review could not be opened", str(exc))
            return False
        except OSError as exc:
            self.report_error("The review could not be opened",
                              f"{path}: {exc.strerror or exc}")
            return False
        self.set_file(new)
        return True

    def set_file(self, review_file: ReviewFile | None) -> None:
        """Adopt an already opened file (e.g. one just created); closes the current one."""
        old = self._file
        if old is review_file:
            return
        if old is not None:
            self.about_to_close.emit()
            old.unsubscribe(self._on_command_applied)
            old.close()
        self._file = review_file
        if review_file is not None:
            review_file.subscribe(self._on_command_applied)
        self.file_changed.emit()

    def close(self) -> None:
        self.set_file(None)

    # Editing -------------------------------------------------------------------------------
    def execute(self, command: Command) -> bool:
        """Make an edit durable and tell every view; False (and reported) if it was not made."""
        if self._file is None:
            return False
        return self._guard(lambda: self._file.execute(command))

    def edit(self, function: Callable[..., Command], *args: Any, **kwargs: Any) -> EditResult:
        """Build a command with a core edit function (``function(review, *args)``) and run it;
        says what it did (true when it was applied), so a page can select what was added.

        The function's own checks (``ReviewError``) are reported like failed writes.
        """
        if self._file is None:
            return EditResult(None)
        review = self._file.review
        applied: list[Command] = []
        if not self._guard(lambda: applied.append(
                self._file.execute(function(review, *args, **kwargs)))):
            return EditResult(None)
        return EditResult(applied[0])

    def undo(self) -> bool:
        if self._file is None:
            return False
        return self._guard(self._file.undo)

    def redo(self) -> bool:
        if self._file is None:
            return False
        return self._guard(self._file.redo)

    def undo_label(self) -> str | None:
        if self._file is None or self._file.readonly:
            return None
        return self._guard_value(self._file.undo_label)

    def redo_label(self) -> str | None:
        if self._file is None or self._file.readonly:
            return None
        return self._guard_value(self._file.redo_label)

    def add_attachment(self, data: bytes, name: str, digest: str | None = None) -> str | None:
        """Embed a file's bytes in the review; its SHA-256, or None (reported) on failure."""
        if self._file is None:
            return None
        try:
            return self._file.add_attachment(data, name, digest=digest)
        except _user_errors() as exc:
            self.report_error("The file was not attached", str(exc))
            return None

    def attachment(self, digest: str) -> bytes | None:
        if self._file is None:
            return None
        try:
            return self._file.attachment(digest)
        except _user_errors() as exc:
            self.report_error("The attachment could not be read", str(exc))
            return None

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def set_pending(self, owner: object, pending: bool) -> None:
        """A view says it holds typing it will commit shortly (so the status is honest)."""
        before = bool(self._pending)
        if pending:
            self._pending.add(owner)
        else:
            self._pending.discard(owner)
        if bool(self._pending) != before:
            self.pending_changed.emit(bool(self._pending))

    # Internals -----------------------------------------------------------------------------
    def _guard(self, action: Callable[[], object]) -> bool:
        from maturity.review import ReviewError

        try:
            action()
        except ReviewError as exc:
            self.report_error("That change could not be made", str(exc))
            return False
        except ReviewFileError as exc:
            self.report_error("The change was not saved", str(exc))
            return False
        return True

    def _guard_value(self, action: Callable[[], Any]) -> Any:
        import sqlite3  # loaded with the review file, not with the window

        try:
            return action()
        except sqlite3.Error:  # a failing read of the history must not break a menu
            return None

    def _on_command_applied(self, command: Command) -> None:
        self.changed.emit(command)
