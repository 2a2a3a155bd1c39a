"""Windows kept on the screen they open on: light to import (no Qt enums), so the main window
can use it before its first frame."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def keep_on_screen(window: QWidget) -> None:
    """Move and shrink a restored window so all of it is on a screen it can be seen on (a
    layout saved on a bigger or another screen, or at another scale, reopens whole)."""
    frame = window.frameGeometry()
    screen = QGuiApplication.screenAt(frame.center()) or window.screen() \
        or QGuiApplication.primaryScreen()
    if screen is None:
        return
    room = screen.availableGeometry()
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
