"""Keyboard and screen helpers: dates that take one Tab stop, Enter that adds a line instead of
closing the dialog, dialogs kept on the screen they open on (``forms.screen``), and rows of
controls that wrap."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from forms.screen import keep_on_screen

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


class FlowRow(QLayout):
    """A row of controls that wraps onto the next line when the window is too narrow for it
    (large text, 200 % scaling, a small screen), instead of pushing the page sideways."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt's names)
        self._items.append(item)

    def add(self, *widgets: QWidget) -> FlowRow:
        """Add widgets that stay together on one line (a label and its box)."""
        if len(widgets) == 1:
            self.addWidget(widgets[0])
            return self
        group = QWidget()
        row = QHBoxLayout(group)
        row.setContentsMargins(0, 0, 0, 0)
        for w in widgets:
            row.addWidget(w)
        self.addWidget(group)
        return self

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        width = sum(i.sizeHint().width() for i in self._items) \
            + self.spacing() * max(0, len(self._items) - 1)
        height = max((i.sizeHint().height() for i in self._items), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect: QRect, *, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            w = min(hint.width(), rect.width())
            if x > rect.x() and x + w > rect.right() + 1:
                x, y, line = rect.x(), y + line + self.spacing(), 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(w, hint.height())))
            x += w + self.spacing()
            line = max(line, hint.height())
        return y + line - rect.y()


class OnScreen:
    """Mixed into a dialog (before ``QDialog``): it opens whole on the screen in use, shrunk
    to fit a small or scaled one."""

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)  # type: ignore[misc]
        keep_on_screen(self)  # type: ignore[arg-type]
