"""The action plan page: the table with sorting and filters, and the action editor.

Sorting and filtering use the core's helpers, so the page lists actions exactly as the
exports do. An overdue action says so in words ("OVERDUE") as well as in red.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forms import style
from forms.panels.plain_words import plain_words_field
from forms.widgets import Coalesced, FittedRows, accessible, role_label, signals_blocked
from maturity import plan
from maturity.commands import Command
from maturity.recommend import recommendation_label
from maturity.review import ACTION_STATUSES, Action, Review

A_ACTION, A_OWNERS, A_LEAD, A_DUE, A_STATUS, A_RAG, A_DOMAIN = range(7)
HEADERS = ["Action", "Owner(s)", "Lead", "Due", "Status", "RAG", "Domain"]
COLUMN_WIDTHS = {A_OWNERS: 220, A_LEAD: 180, A_DUE: 160, A_STATUS: 95, A_RAG: 115, A_DOMAIN: 140}
ACTION_MIN = 280
SORTS = [("due", "Due date"), ("owner", "Owner"), ("status", "Status"), ("domain", "Domain"),
         ("rag", "RAG"), ("start", "Start date"), ("description", "Action")]
RAG_CHOICES = [(None, "Not rated"), ("R", "Red"), ("A", "Amber"), ("G", "Green")]


def _date_text(day: dt.date | None) -> str:
    return day.strftime("%d %b %Y") if day else "—"


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

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        h = self.table.horizontalHeader()
        # Every column but the action has a set width and wraps; the action takes the rest,
        # never less than ACTION_MIN (the table scrolls sideways on a very narrow window).
        for column in range(len(HEADERS)):
            h.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        for column, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.table.viewport().installEventFilter(self)
        h.setSectionsClickable(True)
        h.sectionClicked.connect(self._on_header_clicked)
        accessible(self.table, "Action plan",
                   "Enter or double-click edits the action; click a heading to sort by it")
        self.table.itemActivated.connect(lambda _item: self.edit_selected())

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
        filters = QHBoxLayout()
        for label, w in (("Owner", self.owner_box), ("Status", self.status_box),
                         ("Domain", self.domain_box)):
            filters.addWidget(QLabel(label))
            filters.addWidget(w)
        filters.addWidget(self.overdue_box)
        filters.addStretch(1)
        layout.addLayout(filters)
        counts_and_sort = QHBoxLayout()
        counts_and_sort.addWidget(self.counts, 1)
        counts_and_sort.addWidget(QLabel("Sort by"))
        counts_and_sort.addWidget(self.sort_box)
        counts_and_sort.addWidget(self.descending_box)
        layout.addLayout(counts_and_sort)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
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
        others = sum(self.table.columnWidth(c) for c in range(len(HEADERS)) if c != A_ACTION)
        free = self.table.viewport().width() - others
        self.table.setColumnWidth(A_ACTION, max(ACTION_MIN, free))

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
        selected = self.selected_id()
        with signals_blocked(self.table):
            self.table.setRowCount(0)
            if review is None:
                self.counts.setText("")
                return
            today = self.today()
            shown = self.visible_actions()
            for a in shown:
                self._add_row(review, a, today)
            self.table.resizeRowsToContents()
        total = len(review.actions)
        overdue = sum(1 for a in review.actions if plan.is_overdue(a, today))
        self.counts.setText(f"Showing {len(shown)} of {total} actions · {overdue} overdue")
        if selected:
            self.select(selected)

    def _add_row(self, review: Review, a: Action, today: dt.date) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        overdue = plan.is_overdue(a, today)
        rag = plan.effective_rag(a, today)
        domains = plan.action_domains(review, a)
        cells = {
            A_ACTION: a.description if len(a.description) < 400 else a.description[:399] + "…",
            A_OWNERS: ", ".join(plan.owner_names(review, a)) or "—",
            A_LEAD: a.lead or "—",
            A_DUE: _date_text(a.due) + ("  OVERDUE" if overdue else ""),
            A_STATUS: ACTION_STATUSES[a.status],
            A_RAG: style.RAG_WORDS[rag].capitalize() + (" (overdue)" if overdue else ""),
            A_DOMAIN: ", ".join(review.framework.domain(d).label for d in domains) or "—",
        }
        for col, text in cells.items():
            item = QTableWidgetItem(text)
            if col == A_ACTION:
                item.setData(Qt.ItemDataRole.UserRole, a.id)
                item.setToolTip(a.description[:2000])
            self.table.setItem(row, col, item)
        fill, ink = style.RAG_COLOURS[rag]
        rag_item = self.table.item(row, A_RAG)
        rag_item.setBackground(QBrush(QColor(fill)))
        rag_item.setForeground(QBrush(QColor(ink)))
        if overdue:
            due = self.table.item(row, A_DUE)
            bold = QFont(due.font())
            bold.setBold(True)
            due.setFont(bold)
            due.setForeground(QBrush(QColor(style.NHS_DARK_RED)))
            rag_item.setFont(bold)

    # Selection -----------------------------------------------------------------------------
    def selected_id(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, A_ACTION) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def select(self, action_id: str) -> bool:
        for row in range(self.table.rowCount()):
            if self.table.item(row, A_ACTION).data(Qt.ItemDataRole.UserRole) == action_id:
                self.table.setCurrentCell(row, A_ACTION)
                return True
        return False

    def _on_header_clicked(self, section: int) -> None:
        key = {A_ACTION: "description", A_OWNERS: "owner", A_DUE: "due", A_STATUS: "status",
               A_RAG: "rag", A_DOMAIN: "domain"}.get(section)
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
        values = self.ask_action(None, preset)
        if values is None:
            return False
        before = {a.id for a in self.session.review.actions}
        if not self.session.edit(plan.add_action, **values):
            return False
        new = [a.id for a in self.session.review.actions if a.id not in before]
        self.refresh()
        if new:
            self.select(new[0])
        return True

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


class ActionDialog(QDialog):
    """Every field of an action on one form; ``value()`` gives the fields for the core."""

    def __init__(self, review: Review, action: Action | None, parent: QWidget | None = None,
                 preset: dict | None = None):
        super().__init__(parent)
        self.review = review
        self.setWindowTitle("Edit action" if action else "Add action")
        self.setAccessibleName(self.windowTitle())
        self.resize(760, 720)
        preset = preset or {}

        self.description = accessible(QPlainTextEdit(), "Action", "What will be done")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(70)
        self.plain = plain_words_field()
        self.owners = accessible(QListWidget(), "Owner organisations",
                                 "Tick every organisation that owns the action (joint "
                                 "ownership allowed)")
        self.owners.setFixedHeight(110)
        for org in review.organisations:
            item = QListWidgetItem(f"{org.name} ({org.sector})")
            item.setData(Qt.ItemDataRole.UserRole, org.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.owners.addItem(item)
        self.lead = accessible(QLineEdit(), "Named lead")
        self.start = _OptionalDate("Start date")
        self.due = _OptionalDate("Due date")
        self.status = accessible(QComboBox(), "Status")
        for key, label in ACTION_STATUSES.items():
            self.status.addItem(label, key)
        self.rag = accessible(QComboBox(), "RAG",
                              "The group's rating; an overdue action always shows red")
        for key, label in RAG_CHOICES:
            self.rag.addItem(label, key)
        self.success = accessible(QPlainTextEdit(), "Success measure",
                                  "How the partnership will know it worked")
        self.success.setTabChangesFocus(True)
        self.success.setFixedHeight(52)
        self.recs = accessible(QListWidget(), "Linked recommendations")
        self.recs.setFixedHeight(100)
        for r in review.recommendations:
            if r.status == "rejected":
                continue
            item = QListWidgetItem(recommendation_label(r.text, 110))
            item.setToolTip(r.text[:1000])
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.recs.addItem(item)
        self.kloes = accessible(QLineEdit(), "Linked KLOEs",
                                "KLOE ids separated by commas; left empty, the KLOEs of the "
                                "linked recommendations are used")
        self.notes = accessible(QListWidget(), "Progress notes")
        self.notes.setFixedHeight(90)
        self.note_date = QDateEdit(QDate.currentDate())
        self.note_date.setCalendarPopup(True)
        self.note_date.setDisplayFormat("dd MMM yyyy")
        accessible(self.note_date, "Date of the new progress note")
        self.note_text = accessible(QLineEdit(), "New progress note")
        self.note_text.setPlaceholderText("What happened (press Enter to add)")
        self.note_text.returnPressed.connect(self.add_note)
        add_note = accessible(QPushButton("Add note"), "Add progress note")
        add_note.setAutoDefault(False)
        add_note.clicked.connect(self.add_note)
        remove_note = accessible(QPushButton("Remove note"), "Remove the selected note")
        remove_note.setAutoDefault(False)
        remove_note.clicked.connect(self.remove_note)

        form = QFormLayout()
        form.addRow("Action", self.description)
        form.addRow("Owner(s)", self.owners)
        form.addRow("Named lead", self.lead)
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(QLabel("Due"))
        dates.addWidget(self.due)
        dates.addStretch(1)
        form.addRow("Start", dates)
        state = QHBoxLayout()
        state.addWidget(self.status)
        state.addWidget(QLabel("RAG"))
        state.addWidget(self.rag)
        state.addStretch(1)
        form.addRow("Status", state)
        form.addRow("Success measure", self.success)
        form.addRow("In plain words", self.plain)
        form.addRow("Recommendations", self.recs)
        form.addRow("KLOEs", self.kloes)
        form.addRow("Progress notes", self.notes)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note_date)
        note_row.addWidget(self.note_text, 1)
        note_row.addWidget(add_note)
        note_row.addWidget(remove_note)
        form.addRow("", note_row)
        self.message = role_label("", "warning")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        self._notes: list[tuple[dt.date, str]] = []
        if action is not None:
            self.set_action(action)
            if plan.is_overdue(action, dt.date.today()):
                self.message.setText(f"Overdue since {action.due:%d %b %Y}: the plan shows it "
                                     f"red until it is done or dropped.")
        else:
            self.description.setPlainText(preset.get("description", ""))
            for rid in preset.get("recommendation_ids", ()):
                self._check(self.recs, rid)

    @staticmethod
    def _check(widget: QListWidget, value: str) -> None:
        for i in range(widget.count()):
            if widget.item(i).data(Qt.ItemDataRole.UserRole) == value:
                widget.item(i).setCheckState(Qt.CheckState.Checked)

    @staticmethod
    def _checked(widget: QListWidget) -> list[str]:
        return [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
                if widget.item(i).checkState() == Qt.CheckState.Checked]

    def set_action(self, a: Action) -> None:
        self.description.setPlainText(a.description)
        for org_id in a.owners:
            self._check(self.owners, org_id)
        self.lead.setText(a.lead)
        self.start.set_date(a.start)
        self.due.set_date(a.due)
        self.status.setCurrentIndex(self.status.findData(a.status))
        self.rag.setCurrentIndex(max(0, self.rag.findData(a.rag)))
        self.success.setPlainText(a.success_measure)
        self.plain.setText(a.plain)
        for rid in a.recommendation_ids:
            self._check(self.recs, rid)
        self.kloes.setText(", ".join(a.kloe_ids))
        self._notes = [(n.date, n.text) for n in a.notes]
        self._show_notes()

    def _show_notes(self) -> None:
        self.notes.clear()
        for day, text in self._notes:
            self.notes.addItem(f"{day:%d %b %Y}: {text[:200]}")

    def add_note(self) -> None:
        text = self.note_text.text().strip()
        if not text:
            return
        self._notes.append((self.note_date.date().toPython(), text))
        self._notes.sort(key=lambda n: n[0])
        self.note_text.clear()
        self._show_notes()

    def remove_note(self) -> None:
        row = self.notes.currentRow()
        if 0 <= row < len(self._notes):
            del self._notes[row]
            self._show_notes()

    def value(self) -> dict:
        kloes = [k.strip() for k in self.kloes.text().replace(";", ",").split(",") if k.strip()]
        if self.note_text.text().strip():
            self.add_note()
        return {
            "description": self.description.toPlainText(),
            "owners": self._checked(self.owners),
            "lead": self.lead.text(),
            "start": self.start.date(),
            "due": self.due.date(),
            "status": self.status.currentData(),
            "rag": self.rag.currentData(),
            "success_measure": self.success.toPlainText(),
            "plain": self.plain.text(),
            "recommendation_ids": self._checked(self.recs),
            "kloe_ids": kloes or None,
            "notes": list(self._notes),
        }

    def _on_ok(self) -> None:
        if not self.description.toPlainText().strip():
            self.message.setText("An action needs a description.")
            self.description.setFocus()
            return
        start, due = self.start.date(), self.due.date()
        if start and due and due < start:
            self.message.setText("The due date is before the start date.")
            return
        self.accept()


class _OptionalDate(QWidget):
    """A date that may be left unset (a tick box says whether there is one)."""

    def __init__(self, name: str):
        super().__init__()
        self.enabled = accessible(QCheckBox(), f"{name} set", f"Untick for no {name.lower()}")
        self.edit = accessible(QDateEdit(QDate.currentDate()), name)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("dd MMM yyyy")
        self.edit.setEnabled(False)
        self.enabled.toggled.connect(self.edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.edit)

    def set_date(self, day: dt.date | None) -> None:
        self.enabled.setChecked(day is not None)
        if day is not None:
            self.edit.setDate(QDate(day.year, day.month, day.day))

    def date(self) -> dt.date | None:
        return self.edit.date().toPython() if self.enabled.isChecked() else None
