"""The parking lot: issues raised to come back to, open or closed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.models.table import Column, RecordTable, RecordTableModel
from forms.widgets import Coalesced, FittedRows, accessible, role_label
from maturity import edits
from maturity.commands import Command
from maturity.review import ParkingItem, Review
from maturity.wording import fmt_date

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


def parking_columns(review: Callable[[], Review | None],
                    edit: Callable[..., object]) -> list[Column[ParkingItem]]:
    """Status (a tick box: ticked is closed) and text are edited in place through ``edit``."""
    return [
        Column("Status", lambda p: "Closed" if p.status == "closed" else "Open",
               tooltip=lambda p: "Ticked means closed", checked=lambda p: p.status == "closed",
               set_checked=lambda p, closed: bool(edit(edits.set_parking_status, p.id,
                                                      "closed" if closed else "open"))),
        Column("Issue", lambda p: p.text,
               edit=lambda p, text: bool(edit(edits.edit_parking, p.id, text))),
        Column("Raised at", lambda p: where_text(review(), p.item_id), 300,
               tooltip=lambda p: "Enter or double-click goes to this item" if p.item_id else ""),
        Column("When", lambda p: f"{fmt_date(p.raised_at)} {p.raised_at:%H:%M}"),
    ]


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

        self.model = RecordTableModel(parking_columns(lambda: self.session.review,
                                                      session.edit),
                                      key=lambda p: p.id, parent=self)
        self.table = RecordTable(self.model, "Parking lot",
                                 "Space ticks an item closed; F2 edits its text; Enter on "
                                 "'Raised at' goes to that item", editable=True)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(P_STATUS, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(P_TEXT, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(P_RAISED, QHeaderView.ResizeMode.ResizeToContents)
        self._fitted_rows = FittedRows(self.table)
        self.table.activated.connect(self._on_activated)

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
        self.model.set_writable(writable)
        if review is None:
            self.model.set_records([])
            self.counts.setText("")
            return
        open_items = [p for p in review.parking if p.status == "open"]
        show_all = self.show_box.currentData() == "all"
        self.model.set_records(review.parking if show_all else open_items)
        self.table.resizeRowsToContents()
        n_open = len(open_items)
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

    def toggle_selected(self) -> bool:
        parking_id = self.table.selected_key()
        item = self.session.review.get("parking", parking_id) if parking_id else None
        if item is None:
            return False
        return self.session.edit(edits.set_parking_status, item.id,
                                 "open" if item.status == "closed" else "closed")

    def remove_selected(self) -> bool:
        parking_id = self.table.selected_key()
        if parking_id is None:
            return False
        return self.session.edit(edits.remove_parking, parking_id)

    def _on_activated(self, index: QModelIndex) -> None:
        item = self.model.record(index.row())
        if index.column() == P_WHERE and item is not None and item.item_id:
            self.item_activated.emit(item.item_id)
