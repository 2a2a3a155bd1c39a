"""Adding or editing one action of the plan: every field, with dates that may be left empty."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from forms.access import DateField, OnScreen, enter_stays
from forms.models.table import Column, RecordTable, RecordTableModel, TickList
from forms.panels.plain_words import plain_words_field
from forms.widgets import accessible, ok_cancel, role_label
from maturity import plan
from maturity.recommend import linkable_recommendations, recommendation_label
from maturity.review import ACTION_STATUSES, Action, Review
from maturity.wording import fmt_date, shorten

A_ACTION, A_OWNERS, A_LEAD, A_DUE, A_STATUS, A_RAG, A_DOMAIN = range(7)

RAG_CHOICES = [(None, "Not rated"), ("R", "Red"), ("A", "Amber"), ("G", "Green")]


class ActionDialog(OnScreen, QDialog):
    """Every field of an action on one form; ``value()`` gives the fields for the core."""

    def __init__(self, review: Review, action: Action | None, parent: QWidget | None = None,
                 preset: dict | None = None):
        super().__init__(parent)
        self.review = review
        self.setWindowTitle("Edit action" if action else "Add action")
        self.setAccessibleName(self.windowTitle())
        self.resize(780, 720)
        preset = preset or {}

        self.description = accessible(QPlainTextEdit(), "Action", "What will be done")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(70)
        self.plain = plain_words_field()
        self.owners = TickList(review.organisations, lambda o: f"{o.name} ({o.sector})",
                               "Owner organisations",
                               "Tick every organisation that owns the action (joint "
                               "ownership allowed)")
        self.owners.setFixedHeight(110)
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
        self.recs = TickList(linkable_recommendations(review.recommendations),
                             lambda r: recommendation_label(r.text, 110),
                             "Linked recommendations", tooltip=lambda r: r.text[:1000])
        self.recs.setFixedHeight(100)
        fw = review.framework
        linked = set(action.kloe_ids) if action else set()
        kloes = sorted((k for _d, _e, k in fw.kloes()), key=lambda k: k.id not in linked)
        self.kloes = TickList(kloes, lambda k: fw.name_of(k.id, 90),
                              "Linked KLOEs", "Tick the KLOEs this action answers; with none "
                              "ticked, the KLOEs of the linked recommendations are used",
                              tooltip=lambda k: k.statement)
        self.kloes.setFixedHeight(110)
        self.notes_model = RecordTableModel(
            [Column("", lambda n: f"{fmt_date(n[1])}: {shorten(n[2], 200)}",
                    tooltip=lambda n: n[2][:2000])], key=lambda n: n[0], parent=self)
        self.notes = RecordTable(self.notes_model, "Progress notes", headings=False)
        self.notes.setFixedHeight(90)
        self.note_date = DateField(QDate.currentDate())
        self.note_date.setCalendarPopup(True)
        self.note_date.setDisplayFormat("dd MMM yyyy")
        accessible(self.note_date, "Date of the new progress note")
        self.note_text = accessible(QLineEdit(), "New progress note")
        self.note_text.setPlaceholderText("What happened (press Enter to add)")
        enter_stays(self.note_text, self.add_note)
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
        buttons = ok_cancel(self, self._on_ok)
        # The fields scroll, the message and the buttons stay: the form is taller than a
        # 1024×768 screen or a laptop at 200 %.
        fields = QWidget()
        fields.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidget(fields)
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields are the Tab stops
        scroll.setAccessibleName("Action fields")
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        self._notes: list[tuple[dt.date, str]] = []
        self._other_kloes: list[str] = []
        if action is not None:
            self.set_action(action)
            if plan.is_overdue(action, dt.date.today()):
                self.message.setText(f"Overdue since {fmt_date(action.due)}: the plan shows it "
                                     f"red until it is done or dropped.")
        else:
            self.description.setPlainText(preset.get("description", ""))
            for rid in preset.get("recommendation_ids", ()):
                self.recs.tick(rid)

    def set_action(self, a: Action) -> None:
        self.description.setPlainText(a.description)
        for org_id in a.owners:
            self.owners.tick(org_id)
        self.lead.setText(a.lead)
        self.start.set_date(a.start)
        self.due.set_date(a.due)
        self.status.setCurrentIndex(self.status.findData(a.status))
        self.rag.setCurrentIndex(max(0, self.rag.findData(a.rag)))
        self.success.setPlainText(a.success_measure)
        self.plain.setText(a.plain)
        for rid in a.recommendation_ids:
            self.recs.tick(rid)
        # ids this framework lacks stay linked as they were, never dropped unseen
        self._other_kloes = [k for k in a.kloe_ids if not self.kloes.tick(k)]
        self._notes = [(n.date, n.text) for n in a.notes]
        self._show_notes()

    def _show_notes(self) -> None:
        self.notes_model.set_records([(n, day, text) for n, (day, text) in enumerate(self._notes)])

    def add_note(self) -> None:
        text = self.note_text.text().strip()
        if not text:
            return
        self._notes.append((self.note_date.date().toPython(), text))
        self._notes.sort(key=lambda n: n[0])
        self.note_text.clear()
        self._show_notes()

    def remove_note(self) -> None:
        row = self.notes.currentIndex().row()
        if 0 <= row < len(self._notes):
            del self._notes[row]
            self._show_notes()

    def value(self) -> dict:
        kloes = [*self.kloes.ticked_keys(), *self._other_kloes]
        if self.note_text.text().strip():
            self.add_note()
        return {
            "description": self.description.toPlainText(),
            "owners": self.owners.ticked_keys(),
            "lead": self.lead.text(),
            "start": self.start.date(),
            "due": self.due.date(),
            "status": self.status.currentData(),
            "rag": self.rag.currentData(),
            "success_measure": self.success.toPlainText(),
            "plain": self.plain.text(),
            "recommendation_ids": self.recs.ticked_keys(),
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
        self.edit = accessible(DateField(QDate.currentDate()), name)
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
