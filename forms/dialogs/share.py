"""File › Share a copy…: write a copy to send to partners, and show what it left out.

The copy is made by the core (``maturity.share``) from the saved file, so any typing still held
by a view is committed first. The working file is only read and keeps its undo history.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QHBoxLayout, QPushButton, QVBoxLayout

from forms.session import ReviewSession
from forms.widgets import accessible, role_label
from maturity.reviewfile import ReviewFileError
from maturity.share import ShareReport, share_copy

INTRO = ("A shared copy holds the review as it stands now. It leaves out the undo history, "
         "which keeps every sentence that was overwritten or deleted and every file that was "
         "removed, and any embedded file no evidence item uses. Your own file keeps its "
         "history.")


class ShareDialog(QDialog):
    """Choose what to leave out, then where to write; the result says what was left out."""

    def __init__(self, session: ReviewSession, ask_path: Callable[[str, str], str | None],
                 parent=None):
        super().__init__(parent)
        self.session = session
        self.ask_path = ask_path
        self.report: ShareReport | None = None
        self.setWindowTitle("Share a copy")
        layout = QVBoxLayout(self)
        layout.addWidget(role_label(INTRO))
        layout.addWidget(role_label("Also leave out", "section"))
        self.without_attachments = accessible(
            QCheckBox("Embedded files (evidence items keep their titles and file names)"),
            "Leave out embedded files")
        self.without_text = accessible(
            QCheckBox("Evidence text: KLOE narratives, reasons for change and evidence notes"),
            "Leave out evidence text")
        layout.addWidget(self.without_attachments)
        layout.addWidget(self.without_text)
        self.result = role_label("", "secondary", selectable=True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.result)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.share_button = QPushButton("Share a copy…")
        self.share_button.setDefault(True)
        self.share_button.clicked.connect(self.share)
        self.close_button = QPushButton("Cancel")
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.share_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.resize(560, self.sizeHint().height())

    def share(self) -> bool:
        """Ask where, write the copy, and show what was left out; False if not written."""
        path = self.session.path
        if path is None:
            return False
        self.session.about_to_close.emit()  # views commit typing so the copy has it
        suggested = f"{Path(path).stem} (shared){Path(path).suffix}"
        out = self.ask_path("Share a copy", suggested)
        if not out:
            return False
        try:
            self.report = share_copy(path, out,
                                     attachments=not self.without_attachments.isChecked(),
                                     evidence_text=not self.without_text.isChecked())
        except (ReviewFileError, OSError) as exc:
            self.session.report_error("The copy was not written", str(exc))
            return False
        self.result.setText("\n".join(self.report.lines()))
        self.share_button.setEnabled(False)
        self.close_button.setText("Close")
        return True
