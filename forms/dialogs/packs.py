"""File › Send response packs… and File › Import responses…: packs out to partners and back.

Writing and reading the workbooks is the exports layer's; checking the answers and building the
one undoable command is the core's (``maturity.responses``). Import shows the preview and every
problem first, and records nothing until the user says so.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
)

from forms.session import ReviewSession
from forms.widgets import accessible, role_label
from maturity.review import SECTORS


class SendPackDialog(QDialog):
    """Pick the group and organisation; the pack is written where the user chooses."""

    def __init__(self, session: ReviewSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Send a response pack")
        layout = QVBoxLayout(self)
        layout.addWidget(role_label(
            "A response pack is a workbook a partner fills in on their own: a score, a comment "
            "and evidence for each KLOE. It holds the questions only, no one's scores."))
        form = QFormLayout()
        self.group = accessible(QComboBox(), "Stakeholder group",
                                "The group the pack is for")
        self.group.addItems(SECTORS)
        self.org = accessible(QLineEdit(), "Organisation", "Optional: the organisation")
        self.org.setPlaceholderText("Optional, e.g. Anyshire Mind")
        form.addRow("Stakeholder group", self.group)
        form.addRow("Organisation", self.org)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self, path: str | None = None) -> Path | None:
        from exports.packs import write_pack
        from maturity.edits import ReviewError

        who = self.org.text().strip() or self.group.currentText()
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Save the response pack",
                                                  f"{who} response pack.xlsx",
                                                  "Workbook (*.xlsx)")
        if not path:
            return None
        try:
            out = write_pack(self.session.review, path, group=self.group.currentText(),
                             organisation=self.org.text().strip())
        except (ReviewError, OSError) as exc:
            QMessageBox.warning(self, "Response pack not written", str(exc))
            return None
        self.accept()
        return out


class ImportPacksDialog(QDialog):
    """The preview: what will change and every problem; Import records it as one edit."""

    def __init__(self, session: ReviewSession, paths: list[str], parent=None):
        super().__init__(parent)
        self.session = session
        self.paths = paths
        self.setWindowTitle("Import responses")
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit(readOnly=True)
        self.good_only = QCheckBox("From packs with problems, import the rows that are right")
        self.good_only.toggled.connect(self.refresh)
        layout.addWidget(self.text)
        layout.addWidget(self.good_only)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.record)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(720, 480)
        self.plan = None
        self.refresh()

    def refresh(self) -> None:
        from exports.packs import PackError, read_pack
        from maturity.responses import plan_import

        packs, unreadable = [], []
        for path in self.paths:
            try:
                packs.append(read_pack(path))
            except PackError as exc:
                unreadable.append(str(exc))
        self.plan = plan_import(self.session.review, packs,
                                good_rows_only=self.good_only.isChecked())
        problems = unreadable + self.plan.problems
        lines = list(self.plan.lines)
        if problems:
            lines += ["", "Problems:", *(f"• {p}" for p in problems)]
        self.text.setPlainText("\n".join(lines) or "Nothing to import.")
        self.import_button.setEnabled(self.plan.command is not None)

    def record(self) -> None:
        if self.plan is not None and self.plan.command is not None \
                and self.session.execute(self.plan.command):
            self.accept()


def send_packs(window) -> None:
    """File › Send response packs…"""
    if window.session.review is not None:
        SendPackDialog(window.session, window).exec()


def import_responses(window) -> None:
    """File › Import responses…: choose the packs, then the preview decides."""
    if window.session.review is None:
        return
    paths, _ = QFileDialog.getOpenFileNames(window, "Import responses", "", "Workbook (*.xlsx)")
    if paths:
        ImportPacksDialog(window.session, paths, window).exec()
