"""Review details and the roster: who the review is for and who took part."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from forms.access import DateField
from forms.models.table import Column, RecordTable, RecordTableModel
from forms.widgets import (
    Coalesced,
    TextCommitter,
    accessible,
    fill_with_scroll,
    role_label,
    signals_blocked,
)
from maturity import edits
from maturity.commands import Command
from maturity.review import SECTORS, Organisation
from maturity.wording import fmt_date

ORG_NAME, ORG_SECTOR, ORG_ATTENDEES = range(3)


def split_names(text: str) -> list[str]:
    parts = text.replace(";", ",").replace("\n", ",").split(",")
    return [p.strip() for p in parts if p.strip()]


class SectorDelegate(QStyledItemDelegate):
    """Edits a roster row's sector with the fixed list (a combo box only while editing)."""

    def createEditor(self, parent, option, index):
        editor = QComboBox(parent)
        editor.addItems(SECTORS)
        editor.setAccessibleName("Sector")
        return editor

    def setEditorData(self, editor, index):
        editor.setCurrentText(index.data() or SECTORS[0])

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentText())


def roster_columns(edit: Callable[..., bool],
                   writable: Callable[[], bool]) -> list[Column[Organisation]]:
    """The roster's columns; ``edit(org_id, **fields)`` changes an organisation."""

    def may_edit(_org: Organisation) -> bool:
        return writable()

    return [
        Column("Organisation", lambda o: o.name, tooltip=lambda o: o.name,
               edit=lambda o, text: edit(o.id, name=text), editable=may_edit),
        Column("Sector", lambda o: o.sector,
               tooltip=lambda _o: "F2 or double-click to choose another sector",
               edit=lambda o, text: edit(o.id, sector=text), editable=may_edit),
        Column("Attendees (comma separated)", lambda o: ", ".join(o.attendees),
               edit=lambda o, text: edit(o.id, attendees=split_names(text)),
               editable=may_edit),
    ]


class DetailsPanel(QWidget):
    """System, date and facilitator; the organisations and attendees; editable at any time."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.schedule_refresh = Coalesced(self, lambda: self.refresh())

        self.system = accessible(QLineEdit(), "System", "The partnership or system under review")
        self.system_commit = TextCommitter(session, self.system, self._commit_system)
        self.date = accessible(DateField(), "Review date", "The date of the review")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd MMM yyyy")
        self.date.editingFinished.connect(self._commit_date)
        self.date.dateChanged.connect(self._on_date_changed)
        self.facilitator = accessible(QLineEdit(), "Facilitator", "Who is running the review")
        self.facilitator_commit = TextCommitter(session, self.facilitator,
                                                self._commit_facilitator)
        self.review_type = role_label("", "secondary")
        self.framework = role_label("", "secondary")
        self.notes = accessible(QPlainTextEdit(), "Review notes",
                                "Anything to record about the review as a whole")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(90)
        self.notes_commit = TextCommitter(session, self.notes, self._commit_notes)

        self.orgs_model = RecordTableModel(
            roster_columns(self._edit_organisation,
                           lambda: self.session.review is not None and not self.session.readonly),
            key=lambda o: o.id, parent=self)
        self.orgs = RecordTable(self.orgs_model, "Roster",
                                "Participating organisations; F2 or double-click edits a name "
                                "or attendees", editable=True)
        h = self.orgs.horizontalHeader()
        h.setSectionResizeMode(ORG_NAME, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(ORG_SECTOR, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(ORG_ATTENDEES, QHeaderView.ResizeMode.Stretch)
        self.orgs.setMinimumHeight(220)
        self.orgs.setItemDelegateForColumn(ORG_SECTOR, SectorDelegate(self.orgs))
        self.roster_summary = role_label("", "hint")

        self.new_name = accessible(QLineEdit(), "New organisation name")
        self.new_name.setPlaceholderText("Organisation name")
        self.new_sector = accessible(QComboBox(), "New organisation sector")
        self.new_sector.addItems(SECTORS)
        self.new_attendees = accessible(QLineEdit(), "New organisation attendees",
                                        "Names, separated by commas (optional)")
        self.new_attendees.setPlaceholderText("Attendees, comma separated (optional)")
        self.add_button = accessible(QPushButton("Add organisation"), "Add organisation")
        self.add_button.setProperty("role", "primary")
        self.add_button.clicked.connect(self.add_organisation)
        self.new_name.returnPressed.connect(self.add_organisation)
        self.new_attendees.returnPressed.connect(self.add_organisation)
        self.remove_button = accessible(QPushButton("Remove selected"), "Remove organisation",
                                        "Remove the selected organisation from the roster")
        self.remove_button.clicked.connect(self.remove_selected)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow("&System", self.system)
        form.addRow("Review &date", self.date)
        form.addRow("&Facilitator", self.facilitator)
        form.addRow("Review type", self.review_type)
        form.addRow("Framework", self.framework)
        form.addRow("&Notes", self.notes)

        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(18, 12, 18, 12)
        outer.addWidget(role_label("Review details", "page-title"))
        outer.addLayout(form)
        outer.addWidget(role_label("Roster", "section"))
        outer.addWidget(self.roster_summary)
        outer.addWidget(self.orgs, 1)
        add = QHBoxLayout()
        add.addWidget(self.new_name, 3)
        add.addWidget(self.new_sector, 2)
        add.addWidget(self.new_attendees, 4)
        add.addWidget(self.add_button)
        outer.addLayout(add)
        row = QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addStretch(1)
        outer.addLayout(row)
        fill_with_scroll(self, body, name="Details and roster")
        self.setAccessibleName("Review details and roster")
        for a, b in ((self.system, self.date), (self.date, self.facilitator),
                     (self.facilitator, self.notes), (self.notes, self.orgs),
                     (self.orgs, self.new_name), (self.new_name, self.new_sector),
                     (self.new_sector, self.new_attendees), (self.new_attendees, self.add_button),
                     (self.add_button, self.remove_button)):
            QWidget.setTabOrder(a, b)

        session.file_changed.connect(self.refresh)
        session.changed.connect(self._on_review_changed)
        self.refresh()

    def _on_review_changed(self, command: Command) -> None:
        if command.kinds & {"info", "org"}:
            self.schedule_refresh()

    def refresh(self) -> None:
        review = self.session.review
        writable = review is not None and not self.session.readonly
        for w in (self.system, self.facilitator):
            w.setReadOnly(not writable)
        self.notes.setReadOnly(not writable)
        for w in (self.date, self.new_name, self.new_sector, self.new_attendees, self.add_button,
                  self.remove_button):
            w.setEnabled(writable)
        if review is None:
            self.orgs_model.set_records([])
            return
        info = review.info
        self.system_commit.set_text(info.system)
        self.facilitator_commit.set_text(info.facilitator)
        self.notes_commit.set_text(info.notes)
        with signals_blocked(self.date):
            self.date.setDate(QDate(info.review_date.year, info.review_date.month,
                                    info.review_date.day))
        if info.review_type == "re-review" and info.previous is not None:
            self.review_type.setText(f"Re-review of {info.previous.system}, "
                                     f"{fmt_date(info.previous.review_date)} "
                                     f"({info.previous.file_name})")
        else:
            self.review_type.setText("First review")
        fw = review.framework
        self.framework.setText(f"{fw.title} ({fw.id} {fw.version})")

        orgs = review.organisations
        self.orgs_model.set_records(orgs)
        people = sum(len(o.attendees) for o in orgs)
        sectors = {o.sector for o in orgs}
        missing = [s for s in SECTORS if s not in sectors]
        text = (f"{len(orgs)} organisation{'s' if len(orgs) != 1 else ''}, {people} named "
                f"attendee{'s' if people != 1 else ''}; {len(sectors)} of {len(SECTORS)} "
                f"sectors represented")
        if orgs and missing:
            text += f" (not yet: {', '.join(missing)})"
        self.roster_summary.setText(text if orgs else "No organisations yet: add the partners "
                                                      "taking part below.")

    # Details -------------------------------------------------------------------------------
    def _commit_system(self, text: str) -> None:
        review = self.session.review
        if review is None or review.info.system == text:
            return
        if not self.session.edit(edits.set_details, system=text):
            self.system_commit.set_text(review.info.system)

    def _commit_facilitator(self, text: str) -> None:
        review = self.session.review
        if review is None or review.info.facilitator == text:
            return
        self.session.edit(edits.set_details, facilitator=text)

    def _commit_notes(self, text: str) -> None:
        review = self.session.review
        if review is None or review.info.notes == text:
            return
        self.session.edit(edits.set_details, notes=text)

    def _on_date_changed(self, date: QDate) -> None:
        if not self.date.hasFocus():  # picked from the calendar: commit straight away
            self._commit_date()

    def _commit_date(self) -> None:
        review = self.session.review
        if review is None or self.session.readonly:
            return
        value = self.date.date().toPython()
        if review.info.review_date != value:
            self.session.edit(edits.set_details, review_date=value)

    # Roster --------------------------------------------------------------------------------
    def add_organisation(self) -> bool:
        if self.session.review is None:
            return False
        ok = self.session.edit(edits.add_organisation, self.new_name.text(),
                               self.new_sector.currentText(),
                               split_names(self.new_attendees.text()))
        if ok:
            self.new_name.clear()
            self.new_attendees.clear()
            self.new_name.setFocus()
        return ok

    def remove_selected(self) -> bool:
        org_id = self.orgs.selected_key()
        if org_id is None:
            self.session.report_error("No organisation selected",
                                      "Select an organisation's row in the roster, then "
                                      "Remove selected.")
            return False
        return bool(self.session.edit(edits.remove_organisation, org_id))

    def _edit_organisation(self, org_id: str, **fields) -> bool:
        """A roster cell typed in: the change goes through the core (and its undo)."""
        return bool(self.session.edit(edits.update_organisation, org_id, **fields))
