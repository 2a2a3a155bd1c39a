"""File › Start re-review…: the date, facilitator, framework and whether to start from last
time's scores."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from forms.access import DateField
from forms.widgets import accessible, ok_cancel, role_label
from maturity.wording import fmt_date


@dataclass
class RereviewOptions:
    review_date: dt.date
    facilitator: str
    prefill: bool
    framework_dir: str | None = None  # None: the bundled framework


class RereviewDialog(QDialog):
    """Date, facilitator, framework, and whether to start from last time's scores."""

    def __init__(self, system: str, previous_date: dt.date, facilitator: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Start a re-review")
        intro = role_label(
            f"A new review of {system}, started from the review of "
            f"{fmt_date(previous_date)}. The roster, element targets, open parked issues and "
            f"the whole action plan are carried over, and each KLOE shows last time's score "
            f"and evidence. The previous review is not changed.", "secondary")
        self.date = accessible(DateField(QDate.currentDate()), "Review date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd MMM yyyy")
        self.date.setMinimumDate(QDate(previous_date.year, previous_date.month,
                                       previous_date.day))
        self.facilitator = accessible(QLineEdit(facilitator), "Facilitator")
        self.framework = accessible(QComboBox(), "Framework",
                                    "The current bundled framework, or another from a folder")
        self.framework.addItem("CYP mental health framework (bundled, current version)", None)
        self.framework.addItem("Another framework folder…", "choose")
        self.framework.activated.connect(self._on_framework_chosen)
        self.prefill = accessible(QCheckBox("Start from last time's scores"),
                                  "Start from last time's scores",
                                  "Copy the previous scores as a starting point for the group to "
                                  "confirm or change; otherwise every KLOE starts unscored")
        form = QFormLayout()
        form.addRow("Review date", self.date)
        form.addRow("Facilitator", self.facilitator)
        form.addRow("Framework", self.framework)
        form.addRow("", self.prefill)
        buttons = ok_cancel(self, ok_text="Start re-review…")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _on_framework_chosen(self, index: int) -> None:
        if self.framework.itemData(index) != "choose":
            return
        folder = QFileDialog.getExistingDirectory(self, "Choose a framework folder")
        if folder:
            self.framework.insertItem(1, folder, folder)
            self.framework.setCurrentIndex(1)
        else:
            self.framework.setCurrentIndex(0)

    def value(self) -> RereviewOptions:
        d = self.date.date()
        return RereviewOptions(review_date=dt.date(d.year(), d.month(), d.day()),
                               facilitator=self.facilitator.text().strip(),
                               prefill=self.prefill.isChecked(),
                               framework_dir=self.framework.currentData())
