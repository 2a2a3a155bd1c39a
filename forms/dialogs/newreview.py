"""The New review dialog: system, date, facilitator, framework and the starting roster.

Nothing typed is dropped: Enter in a field moves to the next one (in the roster row it adds the
organisation) instead of submitting half a form; an organisation typed but not yet added is
added when the review is created; and the dialog stays open, still filled in, when the user
cancels choosing where to save it or the file cannot be created there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forms.access import DateField, OnScreen
from forms.panels.details import split_names
from forms.widgets import accessible, ok_cancel, role_label
from maturity.review import SECTORS
from maturity.reviewfile import SUFFIX


@dataclass
class NewReview:
    system: str
    review_date: dt.date
    facilitator: str = ""
    framework_dir: str | None = None  # None: the bundled framework
    organisations: list[tuple[str, str, list[str]]] = field(default_factory=list)
    path: str | None = None  # where it was saved, when the dialog asked
    created: bool = False  # the dialog created the file already


def suggested_file_name(system: str, review_date: dt.date) -> str:
    safe = "".join(c if c.isalnum() or c in " -_" else " " for c in system)
    return f"{' '.join(safe.split())} {review_date.isoformat()}{SUFFIX}"


class NewReviewDialog(OnScreen, QDialog):
    """``ask_path(suggested)`` asks where to save (None: cancelled); ``create(path, answers)``
    makes the file (False: it could not, and the user has been told). Without them the dialog
    only collects the answers."""

    def __init__(self, parent: QWidget | None = None, *,
                 ask_path: Callable[[str], str | None] | None = None,
                 create: Callable[[Path, NewReview], bool] | None = None):
        super().__init__(parent)
        self._ask_path = ask_path
        self._create = create
        self._path: str | None = None
        self._created = False
        self.setWindowTitle("New review")
        self.system = accessible(QLineEdit(), "System", "The partnership or system under review")
        self.system.setPlaceholderText("e.g. Anyshire CYP Mental Health Partnership")
        self.date = accessible(DateField(QDate.currentDate()), "Review date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd MMM yyyy")
        self.facilitator = accessible(QLineEdit(), "Facilitator")
        self.framework = accessible(QComboBox(), "Framework",
                                    "The bundled CYP MH framework, or another from a folder")
        self.framework.addItem("CYP mental health framework (bundled)", None)
        self.framework.addItem("Another framework folder…", "choose")
        self.framework.activated.connect(self._on_framework_chosen)

        self.orgs = QTableWidget(0, 3)
        self.orgs.setHorizontalHeaderLabels(["Organisation", "Sector", "Attendees"])
        self.orgs.verticalHeader().setVisible(False)
        self.orgs.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.orgs.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        accessible(self.orgs, "Starting roster", "Organisations taking part; more can be added "
                                                 "later")
        self.org_name = accessible(QLineEdit(), "Organisation name")
        self.org_name.setPlaceholderText("Organisation")
        self.org_sector = accessible(QComboBox(), "Sector")
        self.org_sector.addItems(SECTORS)
        self.org_people = accessible(QLineEdit(), "Attendees", "Names, comma separated")
        self.org_people.setPlaceholderText("Attendees (optional)")
        add = accessible(QPushButton("Add"), "Add organisation to the roster")
        add.clicked.connect(self._add_org)
        self.add_button = add
        self.error = role_label("", "warning")

        form = QFormLayout()
        form.addRow("&System", self.system)
        form.addRow("Review &date", self.date)
        form.addRow("&Facilitator", self.facilitator)
        form.addRow("Fra&mework", self.framework)
        row = QHBoxLayout()
        row.addWidget(self.org_name, 3)
        row.addWidget(self.org_sector, 2)
        row.addWidget(self.org_people, 3)
        row.addWidget(add)
        buttons = ok_cancel(self, self._on_accept, ok_text="Create…")
        self.create_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(role_label("Roster (can be changed at any time)", "section"))
        layout.addWidget(self.orgs)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(760, 520)
        self._framework_dir: str | None = None

    def _on_framework_chosen(self, index: int) -> None:
        if self.framework.itemData(index) != "choose":
            self._framework_dir = self.framework.itemData(index)
            return
        folder = QFileDialog.getExistingDirectory(self, "Framework folder")
        if folder:
            self.framework.insertItem(1, folder, folder)
            self.framework.setCurrentIndex(1)
            self._framework_dir = folder
        else:
            self.framework.setCurrentIndex(0)
            self._framework_dir = None

    def _add_org(self) -> None:
        name = " ".join(self.org_name.text().split())
        if not name:
            self.error.setText("Type the organisation's name first.")
            return
        row = self.orgs.rowCount()
        self.orgs.insertRow(row)
        self.orgs.setItem(row, 0, QTableWidgetItem(name))
        self.orgs.setItem(row, 1, QTableWidgetItem(self.org_sector.currentText()))
        self.orgs.setItem(row, 2, QTableWidgetItem(self.org_people.text()))
        self.org_name.clear()
        self.org_people.clear()
        self.error.setText("")
        self.org_name.setFocus()

    def keyPressEvent(self, event) -> None:
        """Enter in a field goes on to the next field (in the roster row it adds the
        organisation); only Enter on a button presses it, so half a form is never submitted."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not isinstance(self.focusWidget(), QPushButton):
            if self.focusWidget() in (self.org_name, self.org_sector, self.org_people):
                self._add_org()
            else:
                self.focusNextChild()
            return
        super().keyPressEvent(event)

    def _on_accept(self) -> None:
        if not self.system.text().strip():
            self.error.setText("Name the system under review.")
            self.system.setFocus()
            return
        if self.org_name.text().strip():
            self._add_org()  # typed but not added: it joins the roster, never dropped
        elif self.org_people.text().strip():
            self.error.setText("Type the organisation for those attendees, or clear them.")
            self.org_name.setFocus()
            return
        if self._ask_path is not None:
            answers = self.value()
            path = self._ask_path(suggested_file_name(answers.system, answers.review_date))
            if not path:
                self.error.setText("Not created yet: choose where to save the review, or "
                                   "Cancel.")
                return
            self._path = path
            if self._create is not None:
                if not self._create(Path(path), self.value()):
                    self.error.setText("Not created: see the message, then try again.")
                    return
                self._created = True
        self.accept()

    def value(self) -> NewReview:
        orgs = []
        for row in range(self.orgs.rowCount()):
            orgs.append((self.orgs.item(row, 0).text(), self.orgs.item(row, 1).text(),
                         split_names(self.orgs.item(row, 2).text())))
        return NewReview(system=self.system.text().strip(),
                         review_date=self.date.date().toPython(),
                         facilitator=self.facilitator.text().strip(),
                         framework_dir=self.framework.currentData()
                         if self.framework.currentData() != "choose" else None,
                         organisations=orgs, path=self._path, created=self._created)
