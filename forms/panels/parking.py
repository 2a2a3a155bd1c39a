"""The parking lot: issues raised to come back to, open or closed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forms.widgets import Coalesced, FittedRows, accessible, role_label, signals_blocked
from maturity import edits
from maturity.commands import Command

P_STATUS, P_TEXT, P_WHERE, P_RAISED = range(4)


def where_text(review, item_id: str) -> str:
    if not item_id:
        return "—"
    fw = review.framework
    kind = fw.kind_of(item_id)
    if kind == "domain":
        d = fw.domain(item_id)
        return f"{d.number}. {d.label}"
    if kind == "element":
        return fw.element(item_id).title
    if kind == "kloe":
        domain, element = fw.parents(item_id)
        number = [k.id for k in element.kloes].index(item_id) + 1
        return f"{domain.label} › {element.title}, KLOE {number}"
    return item_id


class ParkingPanel(QWidget):
    """Quick add at the top; the list with a status per item (closed items can be hidden)."""

    item_activated = Signal(str)

    def __init__(self, session, current_item=lambda: "", parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.current_item = current_item
        self.schedule_refresh = Coalesced(self, lambda: self.refresh())

        self.quick = accessible(QLineEdit(), "New parking-lot item",
                                "Type an issue to come back to and press Enter")
        self.quick.setPlaceholderText("Park an issue to come back to, then press Enter "
                                      "(Ctrl+Shift+P or F8 from anywhere)")
        self.quick.returnPressed.connect(self.add_from_box)
        self.add_button = accessible(QPushButton("Park it"), "Park it",
                                     "Add the typed issue to the parking lot")
        self.add_button.setProperty("role", "primary")
        self.add_button.clicked.connect(self.add_from_box)

        self.show_box = accessible(QComboBox(), "Show", "Show open items only, or all items")
        self.show_box.addItem("Open items", "open")
        self.show_box.addItem("All items", "all")
        self.show_box.currentIndexChanged.connect(self.refresh)
        self.counts = role_label("", "secondary")

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Status", "Issue", "Raised at", "When"])
        self.table.verticalHeader().setVisible(False)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(P_STATUS, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(P_TEXT, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(P_WHERE, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(P_WHERE, 300)
        h.setSectionResizeMode(P_RAISED, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self._fitted_rows = FittedRows(self.table)
        self.table.setEditTriggers(QTableWidget.EditTrigger.DoubleClicked
                                   | QTableWidget.EditTrigger.EditKeyPressed)
        accessible(self.table, "Parking lot",
                   "Space ticks an item closed; F2 edits its text; Enter on 'Raised at' "
                   "goes to that item")
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.itemActivated.connect(self._on_activated)

        self.toggle_button = accessible(QPushButton("Close / reopen"), "Close or reopen",
                                        "Mark the selected item closed, or open again")
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.remove_button = accessible(QPushButton("Remove"), "Remove parked item")
        self.remove_button.clicked.connect(self.remove_selected)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.addWidget(role_label("Parking lot", "page-title"))
        add = QHBoxLayout()
        add.addWidget(self.quick, 1)
        add.addWidget(self.add_button)
        layout.addLayout(add)
        bar = QHBoxLayout()
        bar.addWidget(self.show_box)
        bar.addWidget(self.counts, 1)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.toggle_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.setAccessibleName("Parking lot")

        session.file_changed.connect(self.refresh)
        session.changed.connect(self._on_review_changed)
        self.refresh()

    def _on_review_changed(self, command: Command) -> None:
        if "parking" in command.kinds:
            self.schedule_refresh()

    def refresh(self) -> None:
        review = self.session.review
        writable = review is not None and not self.session.readonly
        for w in (self.quick, self.add_button, self.toggle_button, self.remove_button):
            w.setEnabled(writable)
        with signals_blocked(self.table):
            self.table.setRowCount(0)
            if review is None:
                self.counts.setText("")
                return
            items = review.parking
            show_all = self.show_box.currentData() == "all"
            for p in items:
                if not show_all and p.status != "open":
                    continue
                row = self.table.rowCount()
                self.table.insertRow(row)
                status = QTableWidgetItem("Closed" if p.status == "closed" else "Open")
                status.setData(Qt.ItemDataRole.UserRole, p.id)
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                status.setFlags(flags | (Qt.ItemFlag.ItemIsUserCheckable if writable
                                         else Qt.ItemFlag.NoItemFlags))
                status.setCheckState(Qt.CheckState.Checked if p.status == "closed"
                                     else Qt.CheckState.Unchecked)
                status.setToolTip("Ticked means closed")
                text = QTableWidgetItem(p.text)
                text.setFlags(flags | (Qt.ItemFlag.ItemIsEditable if writable
                                       else Qt.ItemFlag.NoItemFlags))
                where = QTableWidgetItem(where_text(review, p.item_id))
                where.setData(Qt.ItemDataRole.UserRole, p.item_id)
                where.setFlags(flags)
                where.setToolTip("Enter or double-click goes to this item" if p.item_id else "")
                raised = QTableWidgetItem(p.raised_at.strftime("%d %b %Y %H:%M"))
                raised.setFlags(flags)
                for col, item in ((P_STATUS, status), (P_TEXT, text), (P_WHERE, where),
                                  (P_RAISED, raised)):
                    self.table.setItem(row, col, item)
            self.table.resizeRowsToContents()
        n_open = sum(1 for p in review.parking if p.status == "open")
        n_closed = len(review.parking) - n_open
        self.counts.setText(f"{n_open} open, {n_closed} closed")

    # Acting --------------------------------------------------------------------------------
    def add(self, text: str, item_id: str | None = None) -> bool:
        item_id = self.current_item() if item_id is None else item_id
        return self.session.edit(edits.add_parking, text, item_id or "")

    def add_from_box(self) -> bool:
        if self.add(self.quick.text()):
            self.quick.clear()
            return True
        return False

    def _row_id(self, row: int) -> str | None:
        item = self.table.item(row, P_STATUS)
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def toggle_selected(self) -> bool:
        parking_id = self._row_id(self.table.currentRow())
        if parking_id is None:
            return False
        item = self.session.review.get("parking", parking_id)
        return self.session.edit(edits.set_parking_status, parking_id,
                                 "open" if item.status == "closed" else "closed")

    def remove_selected(self) -> bool:
        parking_id = self._row_id(self.table.currentRow())
        if parking_id is None:
            return False
        return self.session.edit(edits.remove_parking, parking_id)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        parking_id = self._row_id(item.row())
        if parking_id is None:
            return
        current = self.session.review.get("parking", parking_id)
        if item.column() == P_STATUS:
            status = "closed" if item.checkState() == Qt.CheckState.Checked else "open"
            if status != current.status:
                self.session.edit(edits.set_parking_status, parking_id, status)
        elif item.column() == P_TEXT and item.text() != current.text:
            if not self.session.edit(edits.edit_parking, parking_id, item.text()):
                self.schedule_refresh()

    def _on_activated(self, item: QTableWidgetItem) -> None:
        if item.column() == P_WHERE:
            target = item.data(Qt.ItemDataRole.UserRole)
            if target:
                self.item_activated.emit(target)
