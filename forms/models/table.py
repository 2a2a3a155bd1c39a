"""One table model for every list of core records the app shows.

Columns are declared as data (`Column`): how a record reads in a cell, its tooltip, colours,
weight and, for an editable cell, the edit to make. The page decides *which* records are shown
and in what order by calling the core's own rules (`plan.filter_actions`, `plan.sort_actions`,
…) and hands the result to `RecordTableModel.set_records`; the model never sorts or filters on
its own, so the app lists records exactly as the exports do.

`set_records` keeps the view's selection and scroll position: when the same records come back
in the same order only the changed cells are repainted; otherwise the model is reset and the
view re-selects the record it had (`RecordTable.select`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from forms import style
from forms.widgets import role_label

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
KEY_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its heading and how a record reads in it.

    ``edit`` makes a cell editable: it is called with the record and the typed text and returns
    whether the change was made (the core refuses bad values with a message the page shows).
    ``editable`` says whether a record's cell takes edits now (a read-only review takes none).
    ``sort`` names the core's sort key for this column, so a click on the heading can ask the
    page to sort by it. ``checked`` gives the cell a tick box; ``set_checked`` lets the user tick
    it (called with the record and the new state, returns whether the change was made).
    """

    title: str
    text: Callable[[R], str]
    width: int | None = None
    tooltip: Callable[[R], str | None] | None = None
    colours: Callable[[R], tuple[str, str] | None] | None = None  # (fill, ink)
    ink: Callable[[R], str | None] | None = None
    bold: Callable[[R], bool] | None = None
    edit: Callable[[R, str], bool] | None = None
    edit_text: Callable[[R], str] | None = None
    editable: Callable[[R], bool] | None = None
    align: Qt.AlignmentFlag | None = None
    sort: str | None = None
    description: str = ""
    checked: Callable[[R], bool] | None = None
    set_checked: Callable[[R, bool], bool] | None = None


def clipped(text: str, limit: int = 400) -> str:
    """A cell shows at most ``limit`` characters, and says so when it cut (the tooltip has more)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """A flat, read-mostly table over a sequence of core records, keyed by ``key``."""

    def __init__(self, columns: Sequence[Column[R]], key: Callable[[R], Hashable],
                 parent=None):
        super().__init__(parent)
        self.columns = tuple(columns)
        self._key = key
        self._records: list[R] = []
        self._keys: list[Hashable] = []
        self._writable = True

    def set_writable(self, writable: bool) -> None:
        """A read-only review offers no editable cell and no tick box to change."""
        if writable != self._writable:
            self._writable = writable
            if self._records:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._records) - 1,
                                                                   len(self.columns) - 1))

    # Records ------------------------------------------------------------------------------
    def set_records(self, records: Sequence[R]) -> None:
        records = list(records)
        keys = [self._key(r) for r in records]
        if keys == self._keys and records:
            self._records = records
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(records) - 1, len(self.columns) - 1))
            return
        self.beginResetModel()
        self._records, self._keys = records, keys
        self.endResetModel()

    @property
    def records(self) -> tuple[R, ...]:
        return tuple(self._records)

    def record(self, row: int) -> R | None:
        return self._records[row] if 0 <= row < len(self._records) else None

    def key(self, row: int) -> Hashable | None:
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def row_of(self, key: Hashable) -> int:
        try:
            return self._keys.index(key)
        except ValueError:
            return -1

    # Qt model -----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole and column.description:
            return column.description
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = self.columns[index.column()]
        record = self.record(index.row())
        if column.edit is not None and self._writable and record is not None \
                and (column.editable is None or column.editable(record)):
            base |= Qt.ItemFlag.ItemIsEditable
        if column.set_checked is not None and self._writable:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(record)
        if role == Qt.ItemDataRole.EditRole:
            return (column.edit_text or column.text)(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(record) if column.tooltip else None
        if role == Qt.ItemDataRole.CheckStateRole and column.checked is not None:
            return Qt.CheckState.Checked if column.checked(record) else Qt.CheckState.Unchecked
        if role == KEY_ROLE:
            return self._keys[index.row()]
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            pair = column.colours(record) if column.colours else None
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(pair[0])) if pair else None
            ink = pair[1] if pair else (column.ink(record) if column.ink else None)
            return QBrush(QColor(ink)) if ink else None
        if role == Qt.ItemDataRole.FontRole and column.bold and column.bold(record):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align is not None:
            return int(column.align | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not self._writable:
            return False
        record = self.record(index.row())
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and record is not None \
                and column.set_checked is not None and column.checked is not None:
            ticked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
            done = ticked != column.checked(record) and bool(column.set_checked(record, ticked))
        elif role != Qt.ItemDataRole.EditRole or record is None \
                or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        elif str(value) == (column.edit_text or column.text)(record):
            return False
        else:
            done = bool(column.edit(record, str(value)))
        if done and index.row() < len(self._records):
            self.dataChanged.emit(index, index)
        return done


class RecordTable(QTableView):
    """The view every record list uses: whole rows selected, wrapped text, keyed selection.

    ``activated_key`` fires with the record's key on Enter or double-click (when no cell of the
    row is editable, that opens the record). Without ``headings`` a one-column table reads as a
    plain list: no heading, the column fills the width.
    """

    activated_key = Signal(object)

    def __init__(self, model: RecordTableModel, name: str, description: str = "",
                 parent: QWidget | None = None, *, editable: bool = False,
                 headings: bool = True):
        super().__init__(parent)
        self.setModel(model)
        self.verticalHeader().setVisible(False)
        if not headings:
            self.horizontalHeader().setVisible(False)
            self.horizontalHeader().setStretchLastSection(True)
            self.setShowGrid(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)
        triggers = (QAbstractItemView.EditTrigger.DoubleClicked
                    | QAbstractItemView.EditTrigger.EditKeyPressed) if editable \
            else QAbstractItemView.EditTrigger.NoEditTriggers
        self.setEditTriggers(triggers)
        header = self.horizontalHeader()
        for number, column in enumerate(model.columns):
            header.setSectionResizeMode(number, QHeaderView.ResizeMode.Interactive)
            if column.width:
                self.setColumnWidth(number, column.width)
        self.setAccessibleName(name)
        if description:
            self.setAccessibleDescription(description)
        self.activated.connect(self._on_activated)
        model.modelAboutToBeReset.connect(self._remember)
        model.modelReset.connect(self._restore)
        self._kept: Hashable | None = None
        self._placeholder = ""

    def set_placeholder(self, text: str) -> None:
        """What the table says while it has no rows (drawn where the rows would be)."""
        self._placeholder = text
        self.viewport().update()

    def placeholder(self) -> str:
        return self._placeholder if self.record_model().rowCount() == 0 else ""

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        text = self.placeholder()
        if text:
            painter = QPainter(self.viewport())
            painter.setPen(QColor(style.PLACEHOLDER_TEXT))  # a sentence to read: 4.5:1
            painter.drawText(self.viewport().rect().adjusted(8, 6, -8, -6),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                                 | Qt.TextFlag.TextWordWrap), text)
            painter.end()

    def record_model(self) -> RecordTableModel:
        return self.model()  # type: ignore[return-value]

    def selected_key(self) -> Hashable | None:
        index = self.currentIndex()
        return self.record_model().key(index.row()) if index.isValid() else None

    def selected_record(self):
        index = self.currentIndex()
        return self.record_model().record(index.row()) if index.isValid() else None

    def select(self, key: Hashable, column: int = 0) -> bool:
        row = self.record_model().row_of(key)
        if row < 0:
            return False
        self.setCurrentIndex(self.record_model().index(row, column))
        return True

    def _remember(self) -> None:
        self._kept = self.selected_key()

    def _restore(self) -> None:
        if self._kept is not None:
            self.select(self._kept)
        self._kept = None

    def _on_activated(self, index: QModelIndex) -> None:
        if self.editTriggers() != QAbstractItemView.EditTrigger.NoEditTriggers \
                and index.flags() & Qt.ItemFlag.ItemIsEditable:
            return
        key = self.record_model().key(index.row())
        if key is not None:
            self.activated_key.emit(key)


class TickList(RecordTable):
    """A plain list of records with a tick box each, for a form: the ticked keys are its value
    (nothing is saved until the form is)."""

    def __init__(self, records: Sequence[R], text: Callable[[R], str], name: str,
                 description: str = "", *, tooltip: Callable[[R], str | None] | None = None,
                 key: Callable[[R], Hashable] = lambda r: r.id,  # type: ignore[attr-defined]
                 parent: QWidget | None = None):
        self.ticked: set[Hashable] = set()
        model: RecordTableModel = RecordTableModel(
            [Column("", text, tooltip=tooltip, checked=lambda r: key(r) in self.ticked,
                    set_checked=self._set)], key=key)
        super().__init__(model, name, description, parent, headings=False)
        model.setParent(self)
        model.set_records(records)
        self._key = key

    def _set(self, record: R, ticked: bool) -> bool:
        (self.ticked.add if ticked else self.ticked.discard)(self._key(record))
        return True

    def tick(self, key: Hashable) -> bool:
        model = self.record_model()
        return model.setData(model.index(model.row_of(key), 0), Qt.CheckState.Checked,
                             Qt.ItemDataRole.CheckStateRole)

    def ticked_keys(self) -> list[Hashable]:
        """The ticked records' keys, in the list's order."""
        model = self.record_model()
        return [k for k in (model.key(r) for r in range(model.rowCount())) if k in self.ticked]


class RecordList(QWidget):
    """A plain list of records (one table without headings), or a sentence saying there are
    none. Enter or double-click (and, with ``open_on_click``, a single click) sends the
    record's key on ``table.activated_key``."""

    def __init__(self, columns: Sequence[Column[R]], key: Callable[[R], Hashable], name: str,
                 description: str = "", empty: str = "", parent: QWidget | None = None, *,
                 open_on_click: bool = False):
        super().__init__(parent)
        self.model: RecordTableModel = RecordTableModel(columns, key=key, parent=self)
        self.table = RecordTable(self.model, name, description, headings=False)
        if open_on_click:
            self.table.clicked.connect(lambda index: self.table.activated_key.emit(
                self.model.key(index.row())))
        self.empty = role_label(empty, "secondary")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.set_records([])

    def set_records(self, records: Sequence[R]) -> None:
        self.model.set_records(records)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(records))
        self.empty.setVisible(not records)
