"""The New review dialog: system, date, facilitator, framework and the starting roster."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
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

from maturity.review import SECTORS

from .detailspanel import split_names
from .widgets import accessible, role_label


@dataclass
class NewReview:
    system: str
    review_date: dt.date
    facilitator: str = ""
    framework_dir: str | None = None  # None: the bundled framework
    organisations: list[tuple[str, str, list[str]]] = field(default_factory=list)


class NewReviewDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("New review")
        self.system = accessible(QLineEdit(), "System", "The partnership or system under review")
        self.system.setPlaceholderText("e.g. Anyshire CYP Mental Health Partnership")
        self.date = accessible(QDateEdit(QDate.currentDate()), "Review date")
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
        self.org_name.returnPressed.connect(self._add_org)
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create…")
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
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

    def _on_accept(self) -> None:
        if not self.system.text().strip():
            self.error.setText("Name the system under review.")
            self.system.setFocus()
            return
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
                         organisations=orgs)
