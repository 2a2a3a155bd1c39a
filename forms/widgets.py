"""Small building blocks shared by the panels."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from forms import style


@contextmanager
def signals_blocked(*objects) -> Iterator[None]:
    """Push model values into widgets without them writing back (no echo)."""
    previous = [o.blockSignals(True) for o in objects]
    try:
        yield
    finally:
        for o, was in zip(objects, previous):
            o.blockSignals(was)


def accessible(widget: QWidget, name: str, description: str = "") -> QWidget:
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
        if not widget.toolTip():
            widget.setToolTip(description)
    return widget


def role_label(text: str = "", role: str = "", *, wrap: bool = True,
               selectable: bool = False) -> QLabel:
    label = QLabel(text)
    if role:
        label.setProperty("role", role)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def big_figure(name: str) -> tuple[QLabel, QLabel]:
    """A headline figure (its accessible name says what it is) and the note under it."""
    value = role_label("", "big-number", wrap=False)
    value.setAccessibleName(name)
    return value, role_label("", "secondary")


def figure_card(title: str, value_widget: QWidget, note: QWidget) -> QFrame:
    """A card: the figure's title, the figure, and its note."""
    card = QFrame()
    card.setObjectName("card")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(12, 8, 12, 8)
    layout.setSpacing(2)
    layout.addWidget(role_label(title, "secondary"))
    layout.addWidget(value_widget)
    layout.addWidget(note)
    return card


def bullets(items) -> str:
    from html import escape

    if not items:
        return ""
    return "<ul style='margin:0; -qt-list-indent: 1;'>" + "".join(
        f"<li style='margin-bottom:3px'>{escape(i)}</li>" for i in items) + "</ul>"


class ScoreOption(QAbstractButton):
    """One level of the scale as a button: the number in a box, the label, the descriptor.

    Painted rather than styled so the descriptor can wrap and the chosen state keeps
    4.5:1 contrast; the number is always shown, so colour is never the only signal.
    """

    def __init__(self, value: str, label: str, descriptor: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.value_text = value
        self.label = label
        self.descriptor = descriptor
        self.setCheckable(True)
        self.setText(f"{value} {label}")
        self.setAccessibleName(f"Score {value}: {label}" if value.isdigit() else label)
        if descriptor:
            self.setAccessibleDescription(descriptor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _metrics(self) -> tuple[QFont, QFont, QFont]:
        base = self.font()
        number = QFont(base)
        number.setBold(True)
        number.setPointSizeF(base.pointSizeF() * 1.35)
        bold = QFont(base)
        bold.setBold(True)
        return number, bold, base

    def _box(self) -> int:
        return QFontMetrics(self._metrics()[0]).height() + 12

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        _, bold, base = self._metrics()
        text_w = max(40, width - self._box() - 26)
        h = QFontMetrics(bold).height()
        if self.descriptor:
            h += 2 + QFontMetrics(base).boundingRect(
                QRect(0, 0, text_w, 10_000), Qt.TextFlag.TextWordWrap, self.descriptor).height()
        return max(self._box() + 10, h + 14)

    def sizeHint(self) -> QSize:
        return QSize(320, self.heightForWidth(320))

    def minimumSizeHint(self) -> QSize:
        return QSize(160, self._box() + 10)

    def paintEvent(self, event) -> None:
        number_font, bold, base = self._metrics()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self.rect().adjusted(1, 1, -1, -1)
        chosen = self.isChecked()
        enabled = self.isEnabled()
        bg = QColor(style.NHS_DARK_BLUE if chosen else style.NHS_WHITE)
        if self.underMouse() and not chosen and enabled:
            bg = QColor(style.NHS_LIGHT_BLUE_BG)
        fg = QColor(style.NHS_WHITE if chosen else style.NHS_BLACK)
        sub = QColor(style.NHS_WHITE if chosen else style.NHS_DARK_GREY)
        if not enabled and not chosen:
            fg = QColor(style.NHS_DARK_GREY)
        border = QColor(style.NHS_DARK_BLUE if chosen else style.NHS_MID_GREY)
        p.setPen(QPen(border, 1))
        p.setBrush(bg)
        p.drawRoundedRect(r, 4, 4)
        if self.hasFocus():
            p.setPen(QPen(QColor(style.NHS_WARM_YELLOW if chosen else style.NHS_BLACK), 3))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(r.adjusted(1, 1, -1, -1), 4, 4)
        box = self._box()
        badge = QRect(r.left() + 8, r.top() + (min(r.height(), box + 10) - box) // 2 + 0, box, box)
        badge.moveTop(r.top() + 5)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(style.NHS_WHITE if chosen else style.NHS_PALE_GREY))
        p.drawRoundedRect(badge, 3, 3)
        p.setFont(number_font)
        p.setPen(QColor(style.NHS_DARK_BLUE if chosen else style.NHS_BLACK))
        p.drawText(badge, Qt.AlignmentFlag.AlignCenter, self.value_text)
        x = badge.right() + 12
        text_w = r.right() - x - 8
        p.setFont(bold)
        p.setPen(fg)
        fm_b = QFontMetrics(bold)
        p.drawText(QRect(x, r.top() + 6, text_w, fm_b.height()),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.label)
        if self.descriptor:
            p.setFont(base)
            p.setPen(sub)
            p.drawText(QRect(x, r.top() + 8 + fm_b.height(), text_w, r.height()),
                       Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
                       | Qt.AlignmentFlag.AlignTop, self.descriptor)
        p.end()

    def enterEvent(self, event) -> None:
        self.update()
        super().enterEvent(event)

    def leaveEvent(self, event) -> None:
        self.update()
        super().leaveEvent(event)


class Disclosure(QWidget):
    """A titled section that opens and closes (the domain's background, kept out of the way)."""

    toggled = Signal(bool)

    def __init__(self, title: str, content: QWidget, *, expanded: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.button = QToolButton()
        self.button.setProperty("role", "disclosure")
        self.button.setText(title)
        self.button.setCheckable(True)
        self.button.setChecked(expanded)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        accessible(self.button, title, "Show or hide this section")
        self.content = content
        content.setVisible(expanded)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.button)
        layout.addWidget(content)
        self.button.toggled.connect(self._on_toggled)

    def set_expanded(self, expanded: bool) -> None:
        self.button.setChecked(expanded)

    def is_expanded(self) -> bool:
        return self.button.isChecked()

    def _on_toggled(self, on: bool) -> None:
        self.button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.content.setVisible(on)
        self.toggled.emit(on)


class TextCommitter(QObject):
    """Commits a text box to the review when typing pauses, focus leaves, or the file closes.

    Committing every keystroke would bury undo under one entry per letter; committing only on
    leaving would risk typing on a crash. The session is told while typing is held back, so the
    status line never claims "All changes saved" over uncommitted text.
    """

    def __init__(self, session, editor: QPlainTextEdit | QLineEdit,
                 commit: Callable[[str], None], delay_ms: int = 800):
        super().__init__(editor)
        self.session = session
        self.editor = editor
        self._commit = commit
        self.dirty = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.flush)
        if isinstance(editor, QPlainTextEdit):
            editor.textChanged.connect(self._on_typed)
        else:
            editor.textEdited.connect(self._on_typed)
            editor.editingFinished.connect(self.flush)
        editor.installEventFilter(self)
        session.about_to_close.connect(self.flush)

    def text(self) -> str:
        if isinstance(self.editor, QPlainTextEdit):
            return self.editor.toPlainText()
        return self.editor.text()

    def set_text(self, text: str) -> None:
        """Show the review's value (model → view): no echo, and drops stale typing."""
        self.discard()
        if text == self.text():
            return
        with signals_blocked(self.editor):
            if isinstance(self.editor, QPlainTextEdit):
                cursor = self.editor.textCursor().position()
                self.editor.setPlainText(text)
                c = self.editor.textCursor()
                c.setPosition(min(cursor, len(text)))
                self.editor.setTextCursor(c)
            else:
                self.editor.setText(text)

    def _on_typed(self, *args) -> None:
        self.dirty = True
        self.session.set_pending(self, True)
        self.timer.start()

    def flush(self) -> None:
        if not self.dirty:
            return
        self.dirty = False
        self.timer.stop()
        self.session.set_pending(self, False)
        self._commit(self.text())

    def hold(self) -> None:
        """Keep the typing pending (not ready to commit yet): it commits when focus leaves."""
        self._on_typed()

    def discard(self) -> None:
        self.dirty = False
        self.timer.stop()
        self.session.set_pending(self, False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return False


class RefreshWhenShown:
    """For panels that follow the review: an edit refreshes a panel on screen at once, and one
    out of sight the next time it is shown, so edits elsewhere stay cheap.

    Mix in before the Qt class (``class DomainPanel(RefreshWhenShown, QWidget)``), define
    ``refresh()``, and call ``refresh_when_shown()`` from the panel's change handlers."""

    _stale = False

    def refresh_when_shown(self, now: Callable[[], object] | None = None) -> None:
        if self.isVisible():  # type: ignore[attr-defined]
            (now or self.refresh)()  # type: ignore[attr-defined]
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        if self._stale:
            self._stale = False
            self.refresh()  # type: ignore[attr-defined]
        super().showEvent(event)  # type: ignore[misc]


def ok_cancel(dialog: QDialog, on_ok: Callable[[], object] | None = None,
              ok_text: str = "") -> QDialogButtonBox:
    """A dialog's OK and Cancel buttons: OK runs ``on_ok`` (which checks and then accepts) or
    simply accepts; Cancel rejects."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    if ok_text:
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def add_and_select(page, session, command: Callable, values: dict | None) -> bool:
    """Record a new item the user described (``values`` None: they cancelled), then refresh
    ``page`` and select the new record there. True when something was added."""
    if values is None:
        return False
    done = session.edit(command, **values)
    if not done:
        return False
    page.refresh()
    if done.new_id:
        page.select(done.new_id)
    return True


def fill_with_scroll(page: QWidget, body: QWidget, *, frame: bool = True,
                     name: str = "") -> QScrollArea:
    """Lay ``page`` out as ``body`` in a scroll area filling it edge to edge; the scroll area
    is a Tab stop (so a page of text scrolls from the keyboard) named after the page."""
    scroll = QScrollArea()
    scroll.setAccessibleName(name or page.accessibleName() or "Page")
    scroll.setAccessibleDescription("Scrolls with the arrow keys")
    scroll.setWidgetResizable(True)
    scroll.setWidget(body)
    if not frame:
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(scroll)
    return scroll


class LazyPage(QWidget):
    """A page built the first time it is shown (or asked for), so start-up builds only what
    the user sees first."""

    def __init__(self, factory: Callable[[], QWidget], parent: QWidget | None = None):
        super().__init__(parent)
        self._factory = factory
        self._widget: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def widget(self) -> QWidget:
        if self._widget is None:
            self._widget = self._factory()
            self._layout.addWidget(self._widget)
            if self._widget.accessibleName():
                self.setAccessibleName(self._widget.accessibleName())
        return self._widget

    def is_built(self) -> bool:
        return self._widget is not None

    def showEvent(self, event) -> None:
        self.widget()
        super().showEvent(event)


class FittedRows(QObject):
    """Keeps a table's row heights fitted to its wrapped text.

    Row heights depend on column widths, which are known only once the table is laid out, so
    they are refitted shortly after the table is shown or a column is resized, not per change.
    """

    def __init__(self, table: QTableView):
        super().__init__(table)
        self._table = table
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(50)
        self.timer.setObjectName("row heights")
        self.timer.timeout.connect(table.resizeRowsToContents)
        table.horizontalHeader().sectionResized.connect(self._on_columns_resized)
        table.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._table:
            if event.type() == QEvent.Type.Show:
                self.timer.start()
            elif event.type() == QEvent.Type.Hide:
                self.timer.stop()
        return False

    def _on_columns_resized(self, *_args) -> None:
        if self._table.isVisible():
            self.timer.start()


class Coalesced:
    """Calls ``fn`` once, back in the event loop, however often it was asked for meanwhile.

    Panels refresh this way after a review change: an edit made from a table cell must not
    rebuild that table while the cell's own signal is still running, and a burst of changes
    (undoing a multi-record edit) costs one rebuild, not one per record.
    """

    def __init__(self, owner: QObject, fn: Callable[[], object]):
        self._owner = owner
        self._fn = fn
        self.pending = False

    def __call__(self) -> None:
        if not self.pending:
            self.pending = True
            QTimer.singleShot(0, self._owner, self._run)

    def _run(self) -> None:
        self.pending = False
        self._fn()
