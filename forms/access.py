"""Keyboard and screen helpers: dates that take one Tab stop, Enter that adds a line instead of
closing the dialog, and windows kept on the screen they open on."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDateEdit, QLineEdit, QPlainTextEdit, QWidget

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class DateField(QDateEdit):
    """A date edit that is one Tab stop: Tab leaves it rather than stepping through day,
    month and year (the arrow keys still move between them)."""

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 (Qt's name)
        return QWidget.focusNextPrevChild(self, forward)


class _EnterStays(QObject):
    def __init__(self, field: QWidget, on_enter: Callable[[], object] | None):
        super().__init__(field)
        self._on_enter = on_enter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and event.key() in ENTER_KEYS:
            if isinstance(watched, QPlainTextEdit):
                return False  # a new line, as typed; the dialog never sees it
            if self._on_enter is not None:
                self._on_enter()
            return True  # used here: the dialog's default button is not pressed
        return False


def enter_stays(field: QLineEdit | QPlainTextEdit,
                on_enter: Callable[[], object] | None = None) -> QWidget:
    """Enter in this field does ``on_enter`` (adds the note, the next attendee…) or nothing;
    it never submits the dialog around it."""
    field.installEventFilter(_EnterStays(field, on_enter))
    return field


def keep_on_screen(window: QWidget) -> None:
    """Move and shrink a restored window so all of it is on a screen it can be seen on (a
    layout saved on a bigger or another screen, or at another scale, reopens whole)."""
    frame = window.frameGeometry()
    screen = QGuiApplication.screenAt(frame.center()) or window.screen() \
        or QGuiApplication.primaryScreen()
    if screen is None:
        return
    room: QRect = screen.availableGeometry()
    extra_w = frame.width() - window.width()
    extra_h = frame.height() - window.height()
    width = min(window.width(), room.width() - extra_w)
    height = min(window.height(), room.height() - extra_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(max(width, 200), max(height, 150))
    frame = window.frameGeometry()
    x = min(max(frame.x(), room.left()), room.right() + 1 - frame.width())
    y = min(max(frame.y(), room.top()), room.bottom() + 1 - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, room.left()), max(y, room.top()))
