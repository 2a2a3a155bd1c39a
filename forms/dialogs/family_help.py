"""Where to get help now, and how to reach the partnership: the last words of the summary for
young people and families, set for each review (the national help text when left empty)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.access import OnScreen
from forms.widgets import accessible, ok_cancel, role_label
from maturity.family import DEFAULT_CONTACT, DEFAULT_HELP, MAX_HELP, MAX_PLAIN, set_family_help


class FamilyHelpDialog(OnScreen, QDialog):
    def __init__(self, help_text: str, contact: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Help and contact for families")
        self.setAccessibleName(self.windowTitle())
        self.resize(640, 420)
        self.help = accessible(QPlainTextEdit(help_text or DEFAULT_HELP), "Where to get help now",
                               "One line each; printed at the end of the summary")
        self.help.setTabChangesFocus(True)
        self.contact = accessible(QLineEdit(contact), "Contact for the partnership",
                                  "A phone number, email or web page families can use")
        self.contact.setMaxLength(MAX_PLAIN)
        self.contact.setPlaceholderText(DEFAULT_CONTACT)
        national = accessible(QPushButton("Use the national help text"),
                              "Use the national help text")
        national.clicked.connect(lambda: self.help.setPlainText(DEFAULT_HELP))
        self.message = role_label("", "warning")
        form = QFormLayout()
        form.addRow("Where to get help now", self.help)
        form.addRow("", national)
        form.addRow("How to contact us", self.contact)
        buttons = ok_cancel(self, self._on_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(role_label("The summary for young people and families ends with "
                                    "these. Check local numbers are right before you publish."))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def value(self) -> tuple[str, str]:
        """The help text ('' when it is the national one) and the contact."""
        text = self.help.toPlainText().strip()
        return ("" if text == DEFAULT_HELP else text), self.contact.text().strip()

    def _on_ok(self) -> None:
        if len(self.help.toPlainText()) > MAX_HELP:
            self.message.setText(f"The help text is too long: keep it under {MAX_HELP:,} "
                                 f"characters.")
            return
        self.accept()


def edit_family_help(session, parent: QWidget | None = None, ask=None) -> bool:
    """Ask for the review's help text and contact and save them; ``ask`` answers in tests."""
    review = session.review
    if review is None or session.readonly:
        return False
    info = review.info

    def default_ask(help_text: str, contact: str) -> tuple[str, str] | None:
        dialog = FamilyHelpDialog(help_text, contact, parent)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    answer = (ask or default_ask)(info.help_text, info.contact)
    if answer is None:
        return False
    return session.edit(set_family_help, *answer)
