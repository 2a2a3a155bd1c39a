"""What the window shows with no review open: the ways in, and the recent reviews."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.models.table import Column, RecordList
from forms.widgets import accessible, role_label

RECENT_COLUMNS = [Column("Review", lambda text: f"{Path(text).name}\n{Path(text).parent}",
                         tooltip=lambda text: text)]


class WelcomePage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    sample_requested = Signal()
    recent_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        title = role_label("SIT Maturity", "page-title")
        intro = role_label("Maturity self-reviews of children and young people's mental health "
                           "systems. Every change is saved as you make it.", "")
        self.new_button = accessible(QPushButton("New review…"), "New review",
                                     "Start a review of a system (Ctrl+N)")
        self.new_button.setProperty("role", "primary")
        self.open_button = accessible(QPushButton("Open a review…"), "Open a review",
                                      "Open a .sitreview file (Ctrl+O)")
        self.sample_button = accessible(QPushButton("Open the sample review"),
                                        "Open the sample review",
                                        "A fictional partnership's review, to explore the app")
        for b in (self.new_button, self.open_button, self.sample_button):
            b.setMinimumHeight(40)
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.sample_button.clicked.connect(self.sample_requested)
        self.recent = RecordList(RECENT_COLUMNS, str, "Recent reviews",
                                 "Enter opens the selected review", "No recent reviews yet.")
        self.recent.table.activated_key.connect(self.recent_chosen.emit)
        self.recent.setMaximumWidth(720)

        column = QVBoxLayout()
        column.setSpacing(12)
        column.addWidget(title)
        column.addWidget(intro)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        column.addSpacing(12)
        column.addWidget(role_label("Recent reviews", "section"))
        column.addWidget(self.recent, 1)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(48, 36, 48, 36)
        outer.addLayout(column, 1)
        outer.addStretch(0)
        self.setAccessibleName("Start")

    def set_recent(self, paths: list[str]) -> None:
        self.recent.set_records(paths)
