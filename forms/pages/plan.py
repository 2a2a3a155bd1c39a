"""The action plan page: the table with sorting and filters, and the action editor.

Sorting and filtering use the core's helpers, so the page lists actions exactly as the
exports do. An overdue action says so in words ("OVERDUE") as well as in red.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms import style
from forms.access import FlowRow
from forms.dialogs.action import ActionDialog
from forms.models.table import Column, RecordTable, RecordTableModel, clipped
from forms.widgets import (
    Coalesced,
    FittedRows,
    accessible,
    add_and_select,
    role_label,
    signals_blocked,
)
from maturity import plan
from maturity.commands import Command
from maturity.review import ACTION_STATUSES, Action, Review
from maturity.wording import fmt_date

A_ACTION, A_OWNERS, A_LEAD, A_DUE, A_STATUS, A_RAG, A_DOMAIN = range(7)
ACTION_MIN = 280
ACTION_MIN_NARROW = 200
SORTS = [("due", "Due date"), ("owner", "Owner"), ("status", "Status"), ("domain", "Domain"),
         ("rag", "RAG"), ("start", "Start date"), ("description", "Action")]


def _date_text(day: dt.date | None) -> str:
    return fmt_date(day)


def action_columns(review: Callable[[], Review | None],
                   today: Callable[[], dt.date]) -> list[Column[Action]]:
    """The action plan's columns; ``review`` and ``today`` are read when a cell is drawn."""

    def overdue(a: Action) -> bool:
        return plan.is_overdue(a, today())

    def rag(a: Action) -> str | None:
        return plan.effective_rag(a, today())

    def domains(a: Action) -> str:
        r = review()
        return ", ".join(r.framework.domain(d).label for d in plan.action_domains(r, a)) or "—"

    return [
        Column("Action", lambda a: clipped(a.description), tooltip=lambda a: a.description[:2000],
               sort="description"),
        Column("Owner(s)", lambda a: ", ".join(plan.owner_names(review(), a)) or "—", 220,
               sort="owner"),
        Column("Lead", lambda a: a.lead or "—", 180),
        Column("Due", lambda a: _date_text(a.due) + ("  OVERDUE" if overdue(a) else ""), 160,
               bold=overdue, ink=lambda a: style.NHS_DARK_RED if overdue(a) else None,
               sort="due"),
        Column("Status", lambda a: ACTION_STATUSES[a.status], 95, sort="status"),
        Column("RAG", lambda a: style.RAG_WORDS[rag(a)].capitalize()
               + (" (overdue)" if overdue(a) else ""), 115,
               colours=lambda a: style.RAG_COLOURS[rag(a)], bold=overdue, sort="rag"),
        Column("Domain", domains, 140, sort="domain"),
    ]


class ActionsPage(QWidget):
    """The action plan as a sortable, filterable table with add, edit and remove."""

    def __init__(self, session, today: Callable[[], dt.date] = dt.date.today,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.today = today
        self.schedule_refresh = Coalesced(self, lambda: self.refresh())

        self.owner_box = accessible(QComboBox(), "Filter by owner")
        self.status_box = accessible(QComboBox(), "Filter by status")
        self.domain_box = accessible(QComboBox(), "Filter by domain")
        self.overdue_box = accessible(QCheckBox("Overdue only"), "Show overdue actions only")
        self.sort_box = accessible(QComboBox(), "Sort by")
        for key, label in SORTS:
            self.sort_box.addItem(label, key)
        self.descending_box = accessible(QCheckBox("Reverse"), "Reverse the sort order")
        for w in (self.owner_box, self.status_box, self.domain_box, self.sort_box):
            w.currentIndexChanged.connect(self.refresh)
            # Long organisation names show in full in the drop-down, not by widening the
            # window past what a laptop or projector screen can show.
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            w.setMinimumContentsLength(10)
        for w in (self.overdue_box, self.descending_box):
            w.toggled.connect(self.refresh)
        self.counts = role_label("", "secondary")

        for box in (self.owner_box, self.status_box, self.domain_box, self.sort_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(8)  # long names shrink with the window, not push it
        self.model = RecordTableModel(action_columns(lambda: self.session.review, today),
                                      key=lambda a: a.id, parent=self)
        # Every column but the action has a set width and wraps; the action takes the rest,
        # never less than ACTION_MIN (the table scrolls sideways on a very narrow window).
        self.table = RecordTable(self.model, "Action plan",
                                 "Enter or double-click edits the action; click a heading to "
                                 "sort by it")
        self._set_widths: dict[int, int] | None = None
        self.table.viewport().installEventFilter(self)
        h = self.table.horizontalHeader()
        h.setSectionsClickable(True)
        h.sectionClicked.connect(self._on_header_clicked)
        self.table.activated_key.connect(lambda _key: self.edit_selected())

        self.add_button = accessible(QPushButton("Add action…"), "Add action")
        self.add_button.setProperty("role", "primary")
        self.add_button.clicked.connect(self.add_action)
        self.edit_button = accessible(QPushButton("Edit…"), "Edit the selected action")
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button = accessible(QPushButton("Remove"), "Remove the selected action")
        self.remove_button.clicked.connect(self.remove_selected)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.addWidget(role_label("Action plan", "page-title"))
        filters = FlowRow()
        for label, w in (("Owner", self.owner_box), ("Status", self.status_box),
                         ("Domain", self.domain_box)):
            filters.add(QLabel(label), w)
        filters.add(self.overdue_box)
        filters.add(QLabel("Sort by"), self.sort_box, self.descending_box)
        layout.addLayout(filters)
        self.counts.setWordWrap(True)
        layout.addWidget(self.counts)
        layout.addWidget(self.table, 1)
        layout.addLayout(FlowRow().add(self.add_button).add(self.edit_button)
                         .add(self.remove_button))
        self._fitted_rows = FittedRows(self.table)
        self.setAccessibleName("Action plan")

        session.file_changed.connect(self._on_file_changed)
        session.changed.connect(self._on_review_changed)
        self._on_file_changed()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_action_column()
        return super().eventFilter(watched, event)

    def _fit_action_column(self) -> None:
        """The action takes the room the other columns leave; on a narrow window (1024 wide,
        large text) the others give up to a third of their width first, so the last columns
        (RAG, domain) stay in sight without scrolling sideways where that can be done."""
        columns = [c for c in range(self.model.columnCount()) if c != A_ACTION]
        if self._set_widths is None:
            self._set_widths = {c: self.table.columnWidth(c) for c in columns}
        room = self.table.viewport().width() - ACTION_MIN_NARROW
        wanted = sum(self._set_widths.values())
        scale = 1.0 if wanted <= room else max(2 / 3, room / max(wanted, 1))
        for c in columns:
            self.table.setColumnWidth(c, int(self._set_widths[c] * scale))
        others = sum(self.table.columnWidth(c) for c in columns)
        free = self.table.viewport().width() - others
        self.table.setColumnWidth(A_ACTION, max(ACTION_MIN if scale == 1.0 else ACTION_MIN_NARROW,
                                                free))

    # Dialogs (view methods, answered by tests) ---------------------------------------------
    def ask_action(self, action: Action | None, preset: dict | None = None) -> dict | None:
        dialog = ActionDialog(self.session.review, action, self, preset=preset)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.value()

    def ask_yes_no(self, title: str, question: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        return QMessageBox.question(self, title, question) == QMessageBox.StandardButton.Yes

    # Model -> view -------------------------------------------------------------------------
    def _on_file_changed(self) -> None:
        self._fill_filters()
        self.refresh()

    def _on_review_changed(self, command: Command) -> None:
        if command.kinds & {"action", "org", "recommendation"}:
            if "org" in command.kinds:
                self._fill_filters()
            self.schedule_refresh()

    def _fill_filters(self) -> None:
        review = self.session.review
        boxes = (self.owner_box, self.status_box, self.domain_box)
        with signals_blocked(*boxes):
            keep = [b.currentData() for b in boxes]
            for b in boxes:
                b.clear()
                b.addItem("Any", None)
            if review is not None:
                for org in review.organisations:
                    self.owner_box.addItem(org.name, org.id)
                for key, label in ACTION_STATUSES.items():
                    self.status_box.addItem(label, key)
                for d in review.framework.domains:
                    self.domain_box.addItem(f"{d.number}. {d.label}", d.id)
            for b, value in zip(boxes, keep):
                i = b.findData(value)
                b.setCurrentIndex(max(0, i))
                b.view().setMinimumWidth(b.view().sizeHintForColumn(0) + 24)

    def visible_actions(self) -> list[Action]:
        review = self.session.review
        if review is None:
            return []
        today = self.today()
        shown = plan.filter_actions(
            review, review.actions, today=today, owner=self.owner_box.currentData(),
            status=self.status_box.currentData(), domain=self.domain_box.currentData(),
            overdue=True if self.overdue_box.isChecked() else None)
        return plan.sort_actions(review, shown, self.sort_box.currentData() or "due",
                                 today=today, descending=self.descending_box.isChecked())

    def refresh(self) -> None:
        review = self.session.review
        writable = review is not None and not self.session.readonly
        self.add_button.setEnabled(writable)
        self.edit_button.setEnabled(review is not None)
        self.remove_button.setEnabled(writable)
        if review is None:
            self.model.set_records([])
            self.counts.setText("")
            return
        today = self.today()
        shown = self.visible_actions()
        self.model.set_records(shown)
        self.table.resizeRowsToContents()
        total = len(review.actions)
        overdue = sum(1 for a in review.actions if plan.is_overdue(a, today))
        self.counts.setText(f"Showing {len(shown)} of {total} actions · {overdue} overdue")

    # Selection -----------------------------------------------------------------------------
    def selected_id(self) -> str | None:
        return self.table.selected_key()  # type: ignore[return-value]

    def select(self, action_id: str) -> bool:
        return self.table.select(action_id, A_ACTION)

    def _on_header_clicked(self, section: int) -> None:
        key = self.model.columns[section].sort
        if key is None:
            return
        if self.sort_box.currentData() == key:
            self.descending_box.setChecked(not self.descending_box.isChecked())
        else:
            self.sort_box.setCurrentIndex(self.sort_box.findData(key))

    # Acting --------------------------------------------------------------------------------
    def add_action(self, preset: dict | None = None) -> bool:
        if self.session.review is None or self.session.readonly:
            return False
        return add_and_select(self, self.session, plan.add_action, self.ask_action(None, preset))

    def edit_selected(self) -> bool:
        action_id = self.selected_id()
        review = self.session.review
        if action_id is None or review is None:
            return False
        action = review.get("action", action_id)
        values = self.ask_action(action)  # type: ignore[arg-type]
        if values is None or self.session.readonly:
            return False
        return self.session.edit(plan.update_action, action_id, **values)

    def remove_selected(self) -> bool:
        action_id = self.selected_id()
        if action_id is None or self.session.readonly:
            return False
        action = self.session.review.get("action", action_id)
        if not self.ask_yes_no("Remove action", f"Remove “{action.description[:80]}” from the "
                                                "action plan? (Undo brings it back.)"):
            return False
        return self.session.edit(plan.remove_action, action_id)


