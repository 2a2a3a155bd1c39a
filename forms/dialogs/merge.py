"""File › Merge a copy…: bring in what another copy of the review changed since it was copied.

The core works out the plan (``maturity.merge``); this module only asks for the other copy,
shows what will come in and each conflict, lets the group choose mine or theirs item by item
(or all at once), and applies the merge as one undoable edit.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from forms.access import OnScreen
from forms.models.table import Column, RecordTable, RecordTableModel
from forms.widgets import accessible, role_label
from maturity.edits import ReviewError
from maturity.merge import Choice, Conflict, MergePlan, apply_merge, plan_merge
from maturity.reviewfile import SUFFIX, ReviewFile, ReviewFileError


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class ConflictCard(QFrame):
    """One conflict: where, which field, and a choice between the two values."""

    def __init__(self, conflict: Conflict, other_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.conflict = conflict
        self.setObjectName("card")
        where = role_label(f"<b>{escape(conflict.where)}</b>", "")
        where.setTextFormat(Qt.TextFormat.RichText)
        what = role_label(f"Changed in both copies: {conflict.what}", "secondary")
        self.mine = accessible(QRadioButton(f"Keep this review's: {conflict.mine_text}"),
                               f"Keep this review's {conflict.what}", conflict.mine_text)
        self.theirs = accessible(QRadioButton(f"Take {other_name}'s: {conflict.theirs_text}"),
                                 f"Take {other_name}'s {conflict.what}", conflict.theirs_text)
        self.group = QButtonGroup(self)
        self.group.addButton(self.mine)
        self.group.addButton(self.theirs)
        self.mine.setChecked(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(3)
        layout.addWidget(where)
        layout.addWidget(what)
        layout.addWidget(self.mine)
        layout.addWidget(self.theirs)
        self.setAccessibleName(f"Conflict: {conflict.where}, {conflict.what}")

    @property
    def choice(self) -> Choice:
        return "theirs" if self.theirs.isChecked() else "mine"

    def choose(self, choice: Choice) -> None:
        (self.theirs if choice == "theirs" else self.mine).setChecked(True)


class MergeDialog(OnScreen, QDialog):
    """What will come in from the other copy, and a choice for each conflict."""

    def __init__(self, plan: MergePlan, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Merge a copy")
        self.setAccessibleName("Merge a copy")
        self.resize(820, 700)

        title = role_label("Merge a copy", "page-title")
        coming = len(plan.incoming)
        text = (f"From <b>{escape(plan.other_name)}</b> into <b>{escape(plan.file_name)}</b>: "
                f"{_plural(coming, 'item')} changed in the other copy since the two were "
                f"copied apart ({escape(plan.counts())}).")
        if plan.conflicts:
            text += (f" <b>{_plural(len(plan.conflicts), 'change')}</b> clash with changes made "
                     f"here: choose which to keep below.")
        summary = role_label(text, "")
        summary.setTextFormat(Qt.TextFormat.RichText)
        summary.setAccessibleName("Summary")

        self.incoming_model = RecordTableModel(
            [Column("What comes in", lambda i: i.describe(), tooltip=lambda i: i.describe())],
            key=lambda i: i, parent=self)
        self.incoming_model.set_records(plan.incoming)
        self.incoming = RecordTable(self.incoming_model, "What comes in",
                                    "Every item the other copy changed")
        self.incoming.horizontalHeader().setVisible(False)
        self.incoming.horizontalHeader().setStretchLastSection(True)
        self.incoming.setShowGrid(False)
        self.incoming.setAlternatingRowColors(True)
        self.incoming.horizontalHeader().sectionResized.connect(
            lambda *_: self.incoming.resizeRowsToContents())  # rows wrap to the final width

        self.cards = [ConflictCard(c, plan.other_name) for c in plan.conflicts]
        conflicts = QWidget()
        box = QVBoxLayout(conflicts)
        box.setContentsMargins(0, 0, 0, 0)
        for card in self.cards:
            box.addWidget(card)
        box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(conflicts)
        scroll.setAccessibleName("Conflicts")
        self.all_mine = accessible(QPushButton("Keep all mine"), "Keep all mine",
                                   "Keep this review's value in every conflict")
        self.all_theirs = accessible(QPushButton("Take all theirs"), "Take all theirs",
                                     "Take the other copy's value in every conflict")
        for button, choice in ((self.all_mine, "mine"), (self.all_theirs, "theirs")):
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, c=choice: self.choose_all(c))
        self.conflict_section = QWidget()
        section = QVBoxLayout(self.conflict_section)
        section.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(role_label("Changed in both copies", "section"), 1)
        head.addWidget(self.all_mine)
        head.addWidget(self.all_theirs)
        section.addLayout(head)
        section.addWidget(scroll, 1)
        self.conflict_section.setVisible(bool(self.cards))

        note = role_label("The merge is one edit: Edit › Undo reverts all of it. "
                          f"{plan.other_name} itself is not changed.", "secondary")
        self.merge_button = accessible(QPushButton(f"Merge {_plural(coming, 'item')}"),
                                       "Merge", "Bring the changes in as one undoable edit")
        self.merge_button.setProperty("role", "primary")
        self.merge_button.setDefault(True)
        self.merge_button.clicked.connect(self.accept)
        cancel = accessible(QPushButton("Cancel"), "Cancel", "Close without changing anything")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(note, 1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.merge_button)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(summary)
        layout.addWidget(role_label("What comes in", "section"))
        layout.addWidget(self.incoming, 1)
        layout.addWidget(self.conflict_section, 2)
        layout.addLayout(buttons)
        self.incoming.setMinimumHeight(150)

    def choose_all(self, choice: Choice) -> None:
        for card in self.cards:
            card.choose(choice)

    def choices(self) -> dict[str, Choice]:
        return {card.conflict.id: card.choice for card in self.cards}


class MergeController(QObject):
    """File › Merge a copy…: its questions are methods, so tests can answer them."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.last_outcome = None

    def ask_path(self) -> str | None:
        start = str(self.window.session.path.parent if self.window.session.path else Path.home())
        path, _ = QFileDialog.getOpenFileName(self.window, "Merge a copy of this review",
                                              start, f"Reviews (*{SUFFIX});;All files (*)")
        return path or None

    def ask_choices(self, plan: MergePlan) -> dict[str, Choice] | None:
        """The user's choice for each conflict, or None if they cancelled."""
        dialog = MergeDialog(plan, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choices()

    def start(self) -> bool:
        window = self.window
        session = window.session
        if session.file is None:
            return False
        if session.readonly:
            window.show_error("Nothing can be merged into this review",
                              f"{session.path.name} is read-only: {session.readonly_reason}")
            return False
        session.about_to_close.emit()  # views commit any typing before the plan is made
        path = self.ask_path()
        if not path:
            return False
        try:
            with ReviewFile.open(path, readonly=True) as other:
                plan = plan_merge(session.file, other)
                if plan.nothing:
                    window.show_notice("Nothing to merge",
                                       f"{plan.other_name} holds no change that "
                                       f"{plan.file_name} does not already have.")
                    return False
                choices = self.ask_choices(plan)
                if choices is None:
                    return False
                self.last_outcome = apply_merge(session.file, other, plan, choices)
        except (ReviewError, ReviewFileError) as exc:
            window.show_error("The copy could not be merged", str(exc))
            return False
        except OSError as exc:
            window.show_error("The copy could not be merged",
                              f"{exc.filename or path}: {exc.strerror or exc}")
            return False
        return True
