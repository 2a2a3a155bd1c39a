"""Re-reviews in the app: starting one from a previous review, and last time's score beside
each KLOE with an inline place to say why a score moved.

The reason strip never interrupts: it appears under the KLOE when the agreed score differs
from last time, the group can fill it in or carry on scoring, and whatever they type is saved
like any other edit (undoable, written at once).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from pathlib import Path

from PySide6.QtCore import QDate, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from forms.access import DateField
from forms.widgets import Disclosure, LazyPage, TextCommitter, accessible, role_label
from maturity import wording
from maturity.edits import explain_change
from maturity.review import ACTION_STATUSES, Rating
from maturity.reviewfile import SUFFIX, ReviewFileError


def rating_text(review, rating: Rating) -> str:
    return wording.rating_text(rating, review.framework.scale, na="N/A (not applicable)")


# Last time's score beside each KLOE ---------------------------------------------------------

class PreviousScoreStrip(QWidget):
    """Last review's score and (on demand) evidence, and — when the score has moved — an inline
    strip for the reason and the action(s) that were meant to move it."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.kloe_id: str | None = None

        self.summary = role_label("", "hint")
        self.summary.setAccessibleName("Last review's score")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.evidence_text = role_label("", "secondary", selectable=True)
        self.evidence = Disclosure("Last review's evidence", self.evidence_text)

        self.change_box = QFrame()
        self.change_box.setObjectName("changeStrip")
        self.change_box.setStyleSheet(
            "QFrame#changeStrip { background: #FFF4CC; border: 1px solid #FFB81C; "
            "border-radius: 3px; }")
        self.change_label = QLabel()
        self.change_label.setWordWrap(True)
        self.change_label.setAccessibleName("Score changed")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Why did it move? (optional: carry on scoring and come "
                                       "back to this)")
        accessible(self.reason, "Reason for the change",
                   "Why the score differs from the last review; saved as you type")
        self.reason_commit = TextCommitter(session, self.reason, self._commit_reason)
        self.link_button = QToolButton()
        self.link_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        accessible(self.link_button, "Link actions",
                   "The action(s) from the plan that were meant to move this score")
        self.link_menu = QMenu(self.link_button)
        self.link_button.setMenu(self.link_menu)
        self.linked_label = role_label("", "secondary")
        self.linked_label.setAccessibleName("Linked actions")
        strip = QVBoxLayout(self.change_box)
        strip.setContentsMargins(10, 6, 10, 6)
        strip.setSpacing(4)
        strip.addWidget(self.change_label)
        row = QHBoxLayout()
        row.addWidget(self.reason, 1)
        row.addWidget(self.link_button)
        strip.addLayout(row)
        strip.addWidget(self.linked_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.summary)
        layout.addWidget(self.evidence)
        layout.addWidget(self.change_box)
        self.setAccessibleName("Last review")

        session.changed.connect(self._on_review_changed)
        session.file_changed.connect(self._on_file_changed)
        self.setVisible(False)

    def show_kloe(self, kloe_id: str | None) -> None:
        if kloe_id != self.kloe_id:
            self.reason_commit.flush()
            self.kloe_id = kloe_id
        self.refresh()

    def _previous_info(self):
        review = self.session.review
        return None if review is None else review.info.previous

    def refresh(self) -> None:
        review = self.session.review
        kid = self.kloe_id
        prev = self._previous_info()
        if review is None or kid is None or review.framework.kind_of(kid) != "kloe":
            self.setVisible(False)
            return
        a = review.kloe(kid)
        change = next((c for c in (prev.kloe_changes if prev else ()) if c.kloe_id == kid), None)
        has_previous = a.previous_rating is not None or bool(a.previous_narrative)
        if prev is None and not has_previous:
            self.setVisible(False)
            return
        self.setVisible(True)
        when = f" ({prev.review_date:%d %b %Y})" if prev is not None else ""
        if change is not None and change.change == "added":
            text = (f"<b>New since the last review{escape(when)}</b>: this KLOE was added in "
                    f"framework version {escape(review.framework.version)}, so there is no "
                    f"previous score.")
        else:
            text = (f"<b>Last review{escape(when)}:</b> "
                    f"{escape(rating_text(review, a.previous_rating))}")
            if a.rating is not None:
                text += f" &nbsp;·&nbsp; <b>now:</b> {escape(rating_text(review, a.rating))}"
            if change is not None and change.change == "reworded":
                text += (f"<br/><i>Reworded since the last review; it was scored as: "
                         f"“{escape(change.previous_statement)}”</i>")
        self.summary.setText(text)
        self.evidence_text.setText(a.previous_narrative or "No evidence was recorded last time.")
        self.evidence.setVisible(has_previous)

        moved = (a.rating is not None and a.previous_rating is not None
                 and a.rating != a.previous_rating)
        self.change_box.setVisible(moved or bool(a.change_reason or a.linked_actions))
        if moved:
            self.change_label.setText(
                f"The score moved from {rating_text(review, a.previous_rating)} to "
                f"{rating_text(review, a.rating)}. Why, and which action(s) were meant to move "
                f"it?")
        else:
            self.change_label.setText("Reason recorded for a change at this KLOE:")
        self.reason_commit.set_text(a.change_reason)
        self._fill_actions(review, a.linked_actions)
        writable = not self.session.readonly
        self.reason.setReadOnly(not writable)
        self.link_button.setEnabled(writable and bool(review.actions))

    def _fill_actions(self, review, linked: tuple[str, ...]) -> None:
        self.link_menu.clear()
        actions = review.actions
        for action in actions:
            status = ACTION_STATUSES.get(action.status, action.status)
            item = QAction(f"{action.description} ({status})", self.link_menu)
            item.setCheckable(True)
            item.setChecked(action.id in linked)
            item.setData(action.id)
            item.toggled.connect(lambda on, a_id=action.id: self.set_linked(a_id, on))
            self.link_menu.addAction(item)
        self.link_button.setText(f"Link actions ({len(linked)}) ▾")
        self.link_button.setVisible(bool(actions))
        names = [a.description for a in actions if a.id in linked]
        if names:
            self.linked_label.setText("Linked: " + "; ".join(names))
        elif actions:
            self.linked_label.setText("No action linked yet.")
        else:
            self.linked_label.setText("The action plan has no actions to link.")

    def set_linked(self, action_id: str, linked: bool) -> bool:
        review = self.session.review
        if review is None or self.kloe_id is None:
            return False
        current = list(review.kloe(self.kloe_id).linked_actions)
        if linked and action_id not in current:
            current.append(action_id)
        elif not linked and action_id in current:
            current.remove(action_id)
        else:
            return False
        return self.session.edit(explain_change, self.kloe_id, linked_actions=current)

    def _commit_reason(self, text: str) -> None:
        if self.session.review is None or self.kloe_id is None:
            return
        if text.strip() == self.session.review.kloe(self.kloe_id).change_reason:
            return
        self.session.edit(explain_change, self.kloe_id, reason=text)

    def _on_review_changed(self, command) -> None:
        if self.kloe_id is not None and (self.kloe_id in command.keys("kloe")
                                         or "action" in command.kinds):
            self.refresh()

    def _on_file_changed(self) -> None:
        self.reason_commit.discard()
        self.kloe_id = None
        self.setVisible(False)


# Starting a re-review -----------------------------------------------------------------------

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
            f"{previous_date:%d %B %Y}. The roster, element targets, open parked issues and "
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start re-review…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
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


class RereviewController(QObject):
    """File › Start re-review…: from the open review (or one chosen), create and open the new
    file. Its dialogs are methods so tests can answer them."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.last_result = None

    def ask_options(self, system: str, previous_date: dt.date,
                    facilitator: str) -> RereviewOptions | None:
        dialog = RereviewDialog(system, previous_date, facilitator, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.value()

    def tell(self, title: str, text: str) -> None:
        """A notice that does not block: the new review is already open behind it."""
        box = QMessageBox(QMessageBox.Icon.Information, title, text,
                          QMessageBox.StandardButton.Ok, self.window)
        box.setAccessibleName(title)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def start(self) -> bool:
        window = self.window
        session = window.session
        previous = session.path
        if previous is None:
            chosen = window.ask_open_path()
            if not chosen:
                return False
            previous = Path(chosen)
            info = self._read_info(previous)
            if info is None:
                return False
        else:
            session.about_to_close.emit()  # views commit typing so it is carried over
            info = session.review.info
        options = self.ask_options(info.system, info.review_date, info.facilitator)
        if options is None:
            return False
        safe = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in info.system)
        suggested = f"{' '.join(safe.split())} {options.review_date.isoformat()}{SUFFIX}"
        target = window.ask_save_path("Save the re-review as", suggested)
        if not target:
            return False
        from maturity.loader import FrameworkError, load_framework
        from maturity.rereview import RereviewError, start_rereview

        try:
            framework = load_framework(options.framework_dir)
            result = start_rereview(previous, target, framework,
                                    review_date=options.review_date,
                                    facilitator=options.facilitator, prefill=options.prefill)
        except FrameworkError as exc:
            window.show_error("The framework could not be loaded", str(exc))
            return False
        except (RereviewError, ReviewFileError) as exc:
            window.show_error("The re-review could not be started", str(exc))
            return False
        except OSError as exc:
            window.show_error("The re-review could not be started",
                              f"{exc.filename or target}: {exc.strerror or exc}")
            return False
        self.last_result = result
        if not window.open_path(target):
            return False
        self.tell("Re-review started", "\n".join(result.summary_lines()))
        return True

    def _read_info(self, path: Path):
        from maturity.reviewfile import ReviewFile

        try:
            with ReviewFile.open(path, readonly=True) as rf:
                return rf.review.info
        except ReviewFileError as exc:
            self.window.show_error("The previous review could not be read", str(exc))
            return None


def _comparison_view(session) -> QWidget:
    from forms.pages.comparison import ComparisonView

    return ComparisonView(session)


class ComparisonPage(LazyPage):
    """The Comparison tab. Its view is built the first time it is needed, so opening the app
    does not pay for a page most sessions never visit."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(lambda: _comparison_view(session), parent)
        self.session = session
        self.setAccessibleName("Comparison")

    def view(self):
        return self.widget()
