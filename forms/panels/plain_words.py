"""The plain-words line of an action or a recommendation: what the summary for young people and
families prints in its place (an item without one is counted there, not pasted)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.widgets import accessible, ok_cancel, role_label
from maturity.family import MAX_PLAIN, set_plain
from maturity.readability import fk_grade

HINT = ("Optional: say it as you would to a 10-year-old, in one short sentence. The summary for "
        "young people and families uses only these words.")


def plain_words_field(text: str = "") -> QLineEdit:
    """The line on the action form."""
    field = accessible(QLineEdit(text), "In plain words", HINT)
    field.setMaxLength(MAX_PLAIN)
    field.setPlaceholderText("In plain words, for young people and families (optional)")
    return field


def grade_words(text: str) -> str:
    """How hard the words are to read, said as a reading age."""
    if not text.strip():
        return "Leave empty and the summary counts this item instead of printing it."
    grade = fk_grade(text)
    age = max(5, round(grade) + 5)
    verdict = "good for ages 9 to 11" if grade <= 6 else "try shorter words and sentences"
    return f"Reading age about {age}: {verdict}."


class PlainWordsDialog(QDialog):
    """One recommendation's plain words; the framework's own are offered when it has them."""

    def __init__(self, wording: str, plain: str, framework_plain: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("In plain words")
        self.setAccessibleName(self.windowTitle())
        self.resize(620, 220)
        said = role_label(f"The recommendation says: {wording}")
        self.field = plain_words_field(plain)
        if framework_plain:
            self.field.setPlaceholderText(framework_plain)
        self.grade = role_label("", "muted")

        def say_grade(text: str) -> None:
            self.grade.setText(grade_words(text) if text.strip() or not framework_plain else
                               "Leave empty to use the framework's plain words (in grey).")

        self.field.textChanged.connect(say_grade)
        say_grade(plain)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(said)
        layout.addWidget(QLabel(HINT, wordWrap=True))
        layout.addWidget(self.field)
        layout.addWidget(self.grade)
        layout.addWidget(buttons)

    def value(self) -> str:
        return self.field.text()


def plain_words_button(page, ask: Callable[..., str | None] | None = None) -> QPushButton:
    """A button for the recommendations page that edits the selected one's plain words.

    ``ask(wording, plain, framework_plain)`` answers the dialog (tests pass their own)."""

    def default_ask(wording: str, plain: str, framework_plain: str) -> str | None:
        dialog = PlainWordsDialog(wording, plain, framework_plain, page)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def on_click() -> None:
        r = page.selected()
        review = page.session.review
        if r is None or review is None or page.session.readonly:
            return
        fw_plain = ""
        if r.source_id and review.framework.kind_of(r.source_id) == "recommendation":
            fw_plain = review.framework.recommendation(r.source_id).plain or ""
        text = (ask or default_ask)(r.text, r.plain, fw_plain)
        if text is not None:
            page.session.edit(set_plain, "recommendation", r.id, text)

    button = accessible(QPushButton("Plain words…"), "Plain words",
                        "Say this recommendation in plain words for young people and families")
    button.clicked.connect(on_click)
    page.plain_button = button
    return button
