"""Asking why a recommendation is rejected: a short reason is required, checked by the core's
rule, and kept with the decision."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from forms.widgets import accessible, ok_cancel, role_label
from maturity.recommend import MAX_REJECTION_REASON, rejection_reason
from maturity.rules import ReviewError


class RejectReasonDialog(QDialog):
    """One line for why; OK stays with the dialog until there is one."""

    def __init__(self, text: str, reason: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Reject recommendation")
        self.setAccessibleName(self.windowTitle())
        self.resize(560, 0)
        shown = " ".join(text.split())
        shown = shown if len(shown) <= 200 else shown[:199] + "…"
        self.what = role_label(f"Rejecting: “{shown}”", "secondary")
        self.reason = accessible(QLineEdit(reason), "Reason for rejecting",
                                 "Required: a short reason, shown in the app and the workbook")
        self.reason.setMaxLength(MAX_REJECTION_REASON)
        self.reason.setPlaceholderText("Why the group is not taking this forward "
                                       "(e.g. already funded in the winter plan)")
        self.message = role_label("", "warning")
        self.message.setAccessibleName("Problem")
        self.message.setVisible(False)
        buttons = ok_cancel(self, self._on_ok, ok_text="Reject")
        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addWidget(role_label("Reason (required)", "section"))
        layout.addWidget(self.reason)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def value(self) -> str:
        return self.reason.text()

    def _on_ok(self) -> None:
        try:
            rejection_reason(self.reason.text())
        except ReviewError as exc:
            self.message.setText(str(exc)[:1].upper() + str(exc)[1:] + ".")
            self.message.setVisible(True)
            self.reason.setFocus()
            return
        self.accept()


def ask_reject_reason(text: str, reason: str, parent: QWidget | None) -> str | None:
    dialog = RejectReasonDialog(text, reason, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.value()
