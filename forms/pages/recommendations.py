"""The recommendations page: what the framework suggests and why, and the group's decisions.

The list shows every recommendation with its priority and reason; the panel below takes the
decision (accept, edit the wording, reject with a reason, reconsider) and can start an action
from it. "Re-evaluate" brings the suggestions up to date with the scores, never touching a
decision already made.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from forms import style
from forms.access import FlowRow
from forms.models.table import Column, RecordTable, RecordTableModel, clipped
from forms.panels.plain_words import plain_words_button
from forms.widgets import (
    Coalesced,
    FittedRows,
    TextCommitter,
    accessible,
    add_and_select,
    ok_cancel,
    role_label,
)
from maturity import recommend
from maturity.commands import Command
from maturity.review import PRIORITIES, RecommendationItem, Review

R_PRIORITY, R_STATUS, R_TEXT, R_REASON, R_DOMAIN = range(5)


def recommendation_columns(review: Callable[[], Review | None]
                           ) -> list[Column[RecommendationItem]]:
    """The list's columns; a rejected or no-longer-triggered one reads greyed."""

    def set_aside(r: RecommendationItem) -> str | None:
        return style.NHS_DARK_GREY if r.status == "rejected" or recommend.is_stale(r) else None

    def decision(r: RecommendationItem) -> str:
        stale = " · trigger no longer holds" if recommend.is_stale(r) else ""
        return recommend.STATUS_WORDS[r.status] + stale

    def domain(r: RecommendationItem) -> str:
        fw = review().framework
        return fw.domain(r.domain_id).label if fw.kind_of(r.domain_id) == "domain" else "—"

    return [
        Column("Priority", lambda r: f"{recommend.PRIORITY_WORDS[r.priority]} "
               f"({r.priority_score:g})",
               colours=lambda r: style.RAG_COLOURS[recommend.PRIORITY_RAG[r.priority]]),
        Column("Decision", decision, ink=set_aside),
        Column("Recommendation", lambda r: clipped(r.text, 500),
               tooltip=lambda r: r.text[:2000], ink=set_aside),
        Column("Why", lambda r: r.reason or "—", 340, ink=set_aside),
        Column("Domain", domain),
    ]


class RecommendationsPage(QWidget):
    """Suggested and own recommendations with their reasons; decide on each."""

    plan_requested = Signal(str)
    """The user wants an action for this recommendation (its id)."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.schedule_refresh = Coalesced(self, lambda: self.refresh())

        self.reevaluate_button = accessible(
            QPushButton("Re-evaluate suggestions"), "Re-evaluate suggestions",
            "Check the framework's triggers against the current scores and indicators; "
            "decisions already made are kept")
        self.reevaluate_button.setProperty("role", "primary")
        self.reevaluate_button.clicked.connect(self.reevaluate)
        self.add_button = accessible(QPushButton("Add our own…"), "Add our own recommendation")
        self.add_button.clicked.connect(self.add_own)
        self.show_box = accessible(QComboBox(), "Show")
        for key, label in recommend.SHOWS.items():
            self.show_box.addItem(label, key)
        self.show_box.currentIndexChanged.connect(self.refresh)
        self.counts = role_label("", "secondary")

        self.model = RecordTableModel(recommendation_columns(lambda: self.session.review),
                                      key=lambda r: r.id, parent=self)
        self.table = RecordTable(self.model, "Recommendations",
                                 "Select one to decide on it below")
        h = self.table.horizontalHeader()
        for column in (R_PRIORITY, R_STATUS, R_DOMAIN):
            h.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(R_TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._show_selected())

        # The decision panel.
        self.title = role_label("Select a recommendation", "section")
        self.reason = role_label("", "secondary", selectable=True)
        self.original = role_label("", "secondary", selectable=True)
        self.text = accessible(QPlainTextEdit(), "Wording",
                               "The group's wording, saved as you type (the framework's text "
                               "is kept beside it)")
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(80)
        self.note = accessible(QPlainTextEdit(), "Group's note",
                               "Why it was accepted or rejected, or anything to remember")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(54)
        # Typed wording and notes are saved like every other text: when typing pauses, when
        # focus leaves, when another row is chosen, and when the file closes.
        self._shown_id: str | None = None
        self._wording = TextCommitter(session, self.text, self._commit_wording)
        self._noting = TextCommitter(session, self.note, self._commit_note)
        self.accept_button = accessible(QPushButton("Accept"), "Accept")
        self.accept_button.clicked.connect(self.accept_selected)
        self.save_button = accessible(QPushButton("Save wording and note"),
                                      "Save wording and note")
        self.save_button.clicked.connect(self.save_selected)
        self.reject_button = accessible(QPushButton("Reject"), "Reject",
                                        "Reject it, giving a short reason")
        self.reject_button.clicked.connect(self.reject_selected)
        self.reconsider_button = accessible(QPushButton("Reconsider"), "Reconsider",
                                            "Put the decision back to be made again")
        self.reconsider_button.clicked.connect(self.reconsider_selected)
        self.remove_button = accessible(QPushButton("Remove"), "Remove",
                                        "Remove a recommendation the group wrote")
        self.remove_button.clicked.connect(self.remove_selected)
        self.plan_button = accessible(QPushButton("Plan an action…"), "Plan an action",
                                      "Add an action to the plan for this recommendation")
        self.plan_button.clicked.connect(self._on_plan)

        panel = QWidget()
        p = QVBoxLayout(panel)
        p.setContentsMargins(0, 6, 0, 0)
        p.addWidget(self.title)
        p.addWidget(self.reason)
        p.addWidget(self.original)
        form = QFormLayout()
        form.addRow("Wording", self.text)
        form.addRow("Note", self.note)
        p.addLayout(form)
        buttons = FlowRow()
        for b in (self.accept_button, self.save_button, self.reject_button,
                  self.reconsider_button, self.remove_button, plain_words_button(self),
                  self.plan_button):
            buttons.add(b)
        p.addLayout(buttons)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(panel)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.addWidget(role_label("Recommendations", "page-title"))
        layout.addLayout(FlowRow().add(self.reevaluate_button).add(self.add_button)
                         .add(QLabel("Show"), self.show_box))
        layout.addWidget(self.counts)
        layout.addWidget(split, 1)
        self._fitted_rows = FittedRows(self.table)
        self.setAccessibleName("Recommendations")

        session.file_changed.connect(self.refresh)
        session.changed.connect(self._on_review_changed)
        self.refresh()

    # Dialogs (view methods, answered by tests) ---------------------------------------------
    def ask_own(self) -> dict | None:
        dialog = OwnRecommendationDialog(self.session.review, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.value()

    def ask_reject_reason(self, r: RecommendationItem) -> str | None:
        from forms.dialogs.reject import ask_reject_reason

        return ask_reject_reason(r.text, r.rejection_reason, self)

    # Model -> view -------------------------------------------------------------------------
    def _on_review_changed(self, command: Command) -> None:
        if "recommendation" in command.kinds:
            self.schedule_refresh()

    def refresh(self) -> None:
        review = self.session.review
        writable = review is not None and not self.session.readonly
        self.reevaluate_button.setEnabled(writable)
        self.add_button.setEnabled(writable)
        if review is None:
            self.model.set_records([])
            self.counts.setText("")
            self._show_selected()
            return
        recs = review.recommendations
        self.model.set_records(recommend.shown_recommendations(recs,
                                                               self.show_box.currentData()))
        self.table.resizeRowsToContents()
        to_decide = sum(1 for r in recs if r.status == "suggested")
        accepted = sum(1 for r in recs if recommend.is_accepted(r))
        rejected = sum(1 for r in recs if r.status == "rejected")
        self.counts.setText(f"{len(recs)} recommendations · {to_decide} to decide · "
                            f"{accepted} accepted · {rejected} rejected" if recs else
                            "No recommendations yet: score the review, then Re-evaluate "
                            "suggestions.")
        if self.table.selected_key() is None and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, R_TEXT))
        self._show_selected()

    def selected_id(self) -> str | None:
        return self.table.selected_key()  # type: ignore[return-value]

    def select(self, rec_id: str) -> bool:
        return self.table.select(rec_id, R_TEXT)

    def selected(self) -> RecommendationItem | None:
        rec_id = self.selected_id()
        review = self.session.review
        if rec_id is None or review is None:
            return None
        return review.get("recommendation", rec_id)  # type: ignore[return-value]

    def _shown(self) -> RecommendationItem | None:
        review = self.session.review
        if self._shown_id is None or review is None:
            return None
        return review.get("recommendation", self._shown_id)  # type: ignore[return-value]

    def _commit_wording(self, text: str) -> None:
        r = self._shown()
        if r is None or self.session.readonly or text.strip() == r.text:
            return
        if not text.strip() and self.text.hasFocus():
            self._wording.hold()  # cleared to be retyped: wait until the user moves on
            return
        if not self.session.edit(recommend.edit_recommendation, r.id, text) \
                and self._shown_id == r.id:
            self._wording.set_text(r.text)

    def _commit_note(self, text: str) -> None:
        r = self._shown()
        if r is None or self.session.readonly or text.strip() == r.note:
            return
        self.session.edit(recommend.set_recommendation_note, r.id, text)

    def _show_selected(self) -> None:
        self._wording.flush()
        self._noting.flush()
        r = self.selected()
        same = r is not None and r.id == self._shown_id
        self._shown_id = r.id if r is not None else None
        writable = r is not None and not self.session.readonly
        for b in (self.accept_button, self.save_button, self.reject_button,
                  self.reconsider_button, self.plan_button):
            b.setEnabled(writable)
        self.remove_button.setEnabled(writable and r is not None and not r.source_id)
        self.text.setReadOnly(not writable)
        self.note.setReadOnly(not writable)
        if r is None:
            self.title.setText("Select a recommendation")
            for w in (self.reason, self.original):
                w.setText("")
            self._wording.set_text("")
            self._noting.set_text("")
            return
        self.accept_button.setEnabled(writable and r.status not in ("accepted", "edited"))
        self.reject_button.setEnabled(writable and r.status != "rejected")
        self.reconsider_button.setEnabled(writable and r.status != "suggested"
                                          and bool(r.source_id))
        self.plan_button.setEnabled(writable and r.status != "rejected")
        source = "Suggested by the framework" if r.source_id else "Written by the group"
        hic = " · high-impact change" if r.high_impact else ""
        self.title.setText(f"{recommend.PRIORITY_WORDS[r.priority]} priority · "
                           f"{recommend.STATUS_WORDS[r.status]} · {source}{hic}")
        why = r.reason or "—"
        if recommend.is_stale(r):
            why = "The trigger no longer holds — the scores have moved. " + why
        self.reason.setText(f"Why: {why}" + (f"\nRejected because: {r.rejection_reason}"
                                             if r.status == "rejected" and r.rejection_reason
                                             else ""))
        self.original.setText(f"Framework wording: {r.original_text}" if r.original_text
                              else "")
        # The saved text is stripped: a space typed before a pause stays in the box.
        if not (same and self.text.toPlainText().strip() == r.text):
            self._wording.set_text(r.text)
        if not (same and self.note.toPlainText().strip() == r.note):
            self._noting.set_text(r.note)

    # Acting --------------------------------------------------------------------------------
    def reevaluate(self) -> bool:
        if self.session.review is None:
            return False
        return self.session.edit(recommend.reevaluate)

    def _save_pending(self, r: RecommendationItem) -> bool:
        """Keep typed wording and note when a decision button is pressed."""
        self._wording.discard()  # saved here, as part of the decision
        self._noting.discard()
        ok = True
        if self.text.toPlainText().strip() and self.text.toPlainText() != r.text:
            ok = self.session.edit(recommend.edit_recommendation, r.id,
                                   self.text.toPlainText())
        if ok and self.note.toPlainText() != r.note:
            ok = self.session.edit(recommend.set_recommendation_note, r.id,
                                   self.note.toPlainText())
        return ok

    def accept_selected(self) -> bool:
        r = self.selected()
        if r is None or not self._save_pending(r):
            return False
        return self.session.edit(recommend.accept_recommendation, r.id)

    def save_selected(self) -> bool:
        r = self.selected()
        return r is not None and self._save_pending(r)

    def reject_selected(self) -> bool:
        r = self.selected()
        if r is None:
            return False
        self._wording.flush()  # typed before deciding to reject: kept, and decides nothing
        self._noting.flush()
        r = self.selected() or r
        reason = self.ask_reject_reason(r)
        if reason is None:
            return False
        return self.session.edit(recommend.reject_recommendation, r.id, reason)

    def reconsider_selected(self) -> bool:
        r = self.selected()
        if r is None:
            return False
        self._wording.flush()  # typed before deciding to reconsider: kept
        self._noting.flush()
        return self.session.edit(recommend.reconsider_recommendation, r.id)

    def remove_selected(self) -> bool:
        r = self.selected()
        if r is None:
            return False
        self._wording.discard()  # the recommendation itself goes
        self._noting.discard()
        return self.session.edit(recommend.remove_recommendation, r.id)

    def add_own(self) -> bool:
        if self.session.review is None or self.session.readonly:
            return False
        return add_and_select(self, self.session, recommend.add_recommendation, self.ask_own())

    def _on_plan(self) -> None:
        r = self.selected()
        if r is not None:
            self._wording.flush()
            self._noting.flush()
            self.plan_requested.emit(r.id)


class OwnRecommendationDialog(QDialog):
    """A recommendation the group writes: text, domain, priority."""

    def __init__(self, review, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Add our own recommendation")
        self.setAccessibleName(self.windowTitle())
        self.resize(640, 320)
        self.text = accessible(QPlainTextEdit(), "Recommendation")
        self.text.setTabChangesFocus(True)
        self.domain = accessible(QComboBox(), "Domain")
        self.domain.addItem("(none in particular)", "")
        for d in review.framework.domains:
            self.domain.addItem(f"{d.number}. {d.label}", d.id)
        self.priority = accessible(QComboBox(), "Priority")
        for p in PRIORITIES:
            self.priority.addItem(recommend.PRIORITY_WORDS[p], p)
        self.priority.setCurrentIndex(1)
        self.note = accessible(QPlainTextEdit(), "Note")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(54)
        self.message = role_label("", "warning")
        form = QFormLayout()
        form.addRow("Recommendation", self.text)
        form.addRow("Domain", self.domain)
        form.addRow("Priority", self.priority)
        form.addRow("Note", self.note)
        buttons = ok_cancel(self, self._on_ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def value(self) -> dict:
        return {"text": self.text.toPlainText(), "domain_id": self.domain.currentData(),
                "priority": self.priority.currentData(), "note": self.note.toPlainText()}

    def _on_ok(self) -> None:
        if not self.text.toPlainText().strip():
            self.message.setText("Write the recommendation first.")
            return
        self.accept()


def connect_planning(page: RecommendationsPage, plan_action: Callable[[dict], bool]) -> None:
    """Wire 'Plan an action' to the action plan's add dialog, preset from the recommendation."""
    def on_plan(rec_id: str) -> None:
        r = page.session.review.get("recommendation", rec_id)
        if r is not None:
            plan_action({"description": r.text, "recommendation_ids": [rec_id]})

    page.plan_requested.connect(on_plan)
