"""The board report in the group's own words: its executive summary and its ask of the board.

Both texts are stored in the review (saved and undoable like every other edit) and printed by
the PDF and Word board reports; left empty, the reports write their own summary.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from exports.docx.soffice import GET_IT, available
from forms.access import OnScreen
from forms.widgets import accessible, role_label
from maturity import edits


def offer_accessible_pdf(box: QCheckBox) -> None:
    """The Export dialog's accessible-PDF choice: offered when LibreOffice is found, otherwise
    greyed out with a line saying how to get it."""
    if available():
        box.setToolTip("A tagged PDF for screen readers, converted from the Word report")
        return
    box.setProperty("unavailable", True)
    box.setEnabled(False)
    box.setChecked(False)
    box.setText(box.text() + f" — not found: {GET_IT}")
    box.setToolTip(f"LibreOffice was not found: {GET_IT}")


class ReportTextsDialog(OnScreen, QDialog):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Board report texts")
        self.setAccessibleName("Board report texts")
        self.resize(620, 520)
        info = session.review.info
        self.summary = accessible(
            QPlainTextEdit(info.summary_text), "Executive summary",
            "Printed first in the board report, after the overall score")
        self.summary.setPlaceholderText("Where the partnership stands, in two or three "
                                        "sentences. Leave empty to use the report's own.")
        self.ask = accessible(
            QPlainTextEdit(info.board_ask), "What we ask the board",
            "What the board is asked to note or decide")
        self.ask.setPlaceholderText("For example: to note the progress on waiting times, and "
                                    "to agree the two actions that need funding.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(role_label("Executive summary", "section"))
        layout.addWidget(self.summary, 1)
        layout.addWidget(role_label("What we ask the board", "section"))
        layout.addWidget(self.ask, 1)
        layout.addWidget(buttons)

    def save(self) -> None:
        """Store both texts as one undoable edit; a refused edit keeps the dialog open."""
        info = self.session.review.info
        summary, ask = self.summary.toPlainText(), self.ask.toPlainText()
        if (summary, ask) == (info.summary_text, info.board_ask):
            self.accept()
            return
        if self.session.edit(edits.set_report_texts, summary_text=summary, board_ask=ask):
            self.accept()
