"""The KLOE panel: the statement, the scale, the evidence and who scored what."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.access import FlowRow
from forms.dialogs.evidence import EvidenceActions, evidence_text
from forms.models.table import Column, RecordTable, RecordTableModel
from forms.panels.element import fit_first_column
from forms.panels.previous_score import PreviousScoreStrip
from forms.session import ReviewSession
from forms.widgets import (
    Disclosure,
    ScoreOption,
    TextCommitter,
    accessible,
    bullets,
    fill_with_scroll,
    role_label,
    signals_blocked,
)
from maturity import edits
from maturity.commands import Command
from maturity.review import CONFIDENCES, SECTORS
from maturity.scoring import group_scores_in_order, spread
from maturity.wording import rating_text


class KloePanel(EvidenceActions, QWidget):
    """Everything about one KLOE; every control writes through the session."""

    item_activated = Signal(str)

    def __init__(self, session: ReviewSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.kloe_id: str | None = None

        # Header -------------------------------------------------------------------------
        self.crumb = role_label("", "crumb")
        self.crumb.setAccessibleName("Domain and element")
        self.statement = role_label("", "kloe-statement", selectable=True)
        self.statement.setAccessibleName("KLOE statement")
        self.prompts = role_label("", "secondary")
        self.previous_strip = PreviousScoreStrip(session)
        self.about_text = role_label("", "", selectable=True)
        self.about_text.setTextFormat(Qt.TextFormat.RichText)
        self.about = Disclosure("About this domain", self.about_text)
        self.about.button.setToolTip("The domain's maturity indicator and what good looks like")
        self.about.button.setAccessibleDescription(
            "Show or hide the domain's maturity indicator and what good looks like")

        # Scale --------------------------------------------------------------------------
        self.score_group = QButtonGroup(self)
        self.score_group.setExclusive(False)
        self.score_buttons: dict[object, ScoreOption] = {}
        self.scale_box = QVBoxLayout()
        self.scale_box.setSpacing(6)
        self.clear_button = accessible(QPushButton("Clear score"), "Clear score",
                                       "Mark as not assessed (Delete)")
        self.clear_button.clicked.connect(lambda: self._score(None))
        keys = role_label("Keys, on the scale or the navigator: 0–4 score · N not applicable "
                          "· Delete clears · Alt+↓ / Alt+↑ next / previous KLOE", "secondary")

        # Evidence -----------------------------------------------------------------------
        self.narrative = QPlainTextEdit()
        self.narrative.setTabChangesFocus(True)
        self.narrative.setPlaceholderText("What evidence did the group cite? Saved as you type.")
        accessible(self.narrative, "Evidence narrative",
                   "The evidence the group cited for this score; saved when you pause typing")
        self.narrative.setMinimumHeight(100)
        self.narrative.setMaximumHeight(150)
        self.narrative_commit = TextCommitter(session, self.narrative, self._commit_narrative)
        self.evidence_model = RecordTableModel(
            [Column("Evidence", evidence_text, tooltip=lambda e: e.note or e.title)],
            key=lambda e: e.id, parent=self)
        self.evidence_list = RecordTable(
            self.evidence_model, "Evidence items",
            "Documents, links, data and voice notes; Enter opens the selected item")
        self.evidence_list.horizontalHeader().setVisible(False)
        fit_first_column(self.evidence_list)
        self.evidence_list.setShowGrid(False)
        self.evidence_list.setAlternatingRowColors(True)
        self.evidence_list.set_placeholder("No evidence items yet: use Add evidence.")
        self.evidence_list.activated_key.connect(lambda _key: self.open_selected_evidence())
        self.evidence_list.selectionModel().currentChanged.connect(
            lambda *_: self._update_buttons())
        self.add_button = accessible(QPushButton("Add evidence ▾"), "Add evidence",
                                     "Attach a file, or add a link, data point or voice note")
        menu = QMenu(self.add_button)
        for key, text in (("file", "Attach a file…"), ("link", "Link…"),
                          ("data", "Data point…"), ("voice", "CYP/family voice note…"),
                          ("other", "Audit or observation…")):
            menu.addAction(text, lambda k=key: self.add_evidence(k))
        self.add_button.setMenu(menu)
        self.open_button = accessible(QPushButton("Open"), "Open evidence",
                                      "Open the selected file (a temporary copy) or link")
        self.open_button.clicked.connect(self.open_selected_evidence)
        self.remove_button = accessible(QPushButton("Remove"), "Remove evidence",
                                        "Remove the selected evidence item")
        self.remove_button.clicked.connect(self.remove_selected_evidence)

        # Confidence and groups -----------------------------------------------------------
        self.confidence = QComboBox()
        self.confidence.addItem("Not set", "")
        for c in CONFIDENCES:
            self.confidence.addItem(c.capitalize(), c)
        accessible(self.confidence, "Confidence", "How sure the group is of this score")
        self.confidence.currentIndexChanged.connect(self._on_confidence_chosen)

        self.groups_model = RecordTableModel(
            [Column("Stakeholder group", lambda g: g[0], tooltip=lambda g: g[0]),
             Column("Score", lambda g: rating_text(g[1], self.session.review.framework.scale))],
            key=lambda g: g[0], parent=self)
        self.groups = RecordTable(self.groups_model, "Scores by stakeholder group",
                                  "Each group's own score; the spread shows how far apart "
                                  "they are")
        fit_first_column(self.groups)
        self.group_name = QComboBox()
        self.group_name.setEditable(True)
        self.group_name.addItems(SECTORS)
        self.group_name.setCurrentIndex(-1)
        self.group_name.lineEdit().setPlaceholderText("Group")
        accessible(self.group_name, "Stakeholder group name",
                   "Pick a sector or type a group's name")
        self.group_score = QComboBox()
        accessible(self.group_score, "Group's score")
        self.group_set = accessible(QPushButton("Set"), "Set group score",
                                    "Record this group's score")
        self.group_set.clicked.connect(self._on_group_set)
        self.group_remove = accessible(QPushButton("Remove"), "Remove group score",
                                       "Remove the selected group's score")
        self.group_remove.clicked.connect(self._on_group_remove)
        # a long group name shrinks with the panel rather than push it sideways
        self.group_name.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.group_name.setMinimumContentsLength(6)
        self.spread_label = role_label("", "")
        self.spread_label.setAccessibleName("Spread between groups")

        # Layout -------------------------------------------------------------------------
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(18, 12, 18, 12)
        outer.setSpacing(8)
        outer.addWidget(self.crumb)
        outer.addWidget(self.statement)
        outer.addWidget(self.prompts)
        outer.addWidget(self.previous_strip)
        outer.addWidget(self.about)

        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns.setSpacing(22)
        left = QVBoxLayout()
        left.addWidget(role_label("Agreed score", "section"))
        left.addLayout(self.scale_box)
        row = QHBoxLayout()
        row.addWidget(self.clear_button)
        row.addStretch(1)
        left.addLayout(row)
        left.addWidget(keys)
        left.addStretch(1)

        right = QVBoxLayout()
        right.addWidget(role_label("Evidence", "section"))
        right.addWidget(self.narrative)
        right.addWidget(self.evidence_list)
        right.addLayout(FlowRow().add(self.add_button).add(self.open_button)
                        .add(self.remove_button))
        conf = QHBoxLayout()
        conf_label = role_label("Confidence", "section", wrap=False)
        conf.addWidget(conf_label)
        conf.addWidget(self.confidence)
        conf.addStretch(1)
        right.addLayout(conf)
        right.addWidget(role_label("Scores by stakeholder group (optional)", "section"))
        right.addWidget(self.groups)
        right.addWidget(self.group_name)
        right.addLayout(FlowRow().add(self.group_score).add(self.group_set)
                        .add(self.group_remove))
        right.addWidget(self.spread_label)
        right.addStretch(1)

        self.columns.addLayout(left, 4)
        self.columns.addLayout(right, 5)
        self._column_layouts = (left, right)
        outer.addLayout(self.columns, 1)

        self._scroll = fill_with_scroll(self, body, frame=False, name="KLOE")
        self._scroll.viewport().installEventFilter(self)
        self.setAccessibleName("KLOE")

        session.file_changed.connect(self._on_file_changed)
        session.changed.connect(self._on_review_changed)
        self._on_file_changed()

    # Showing -------------------------------------------------------------------------------
    def show_kloe(self, kloe_id: str) -> None:
        self.narrative_commit.flush()
        self.kloe_id = kloe_id
        self.refresh()

    def _build_scale(self) -> None:
        for b in list(self.score_buttons.values()):
            self.score_group.removeButton(b)
            b.deleteLater()
        self.score_buttons = {}
        review = self.session.review
        with signals_blocked(self.group_score):
            self.group_score.clear()
        if review is None:
            return
        scale = review.framework.scale
        for level in scale.levels:
            self._add_score_button(level.value, str(level.value), level.label, level.descriptor)
        self._add_score_button("na", "N/A", "Not applicable",
                               "This line of enquiry does not apply to this system (N).")
        with signals_blocked(self.group_score):
            for level in scale.levels:
                self.group_score.addItem(f"{level.value} {level.label}", level.value)
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        """Top to bottom as the page reads: the domain's background (above the scale), then
        the scale, the evidence, and the groups' scores."""
        chain = [self.about.button, *self.score_buttons.values(), self.clear_button,
                 self.narrative, self.evidence_list, self.add_button, self.open_button,
                 self.remove_button, self.confidence, self.groups, self.group_name,
                 self.group_score, self.group_set, self.group_remove]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _add_score_button(self, value: object, number: str, label: str, descriptor: str) -> None:
        button = ScoreOption(number, label, descriptor)
        button.installEventFilter(self)
        button.clicked.connect(lambda _=False, v=value: self._on_score_clicked(v))
        self.score_group.addButton(button)
        self.score_buttons[value] = button
        self.scale_box.addWidget(button)

    def refresh(self) -> None:
        """Model → view for the current KLOE, with signals blocked so nothing writes back."""
        review = self.session.review
        if review is None or self.kloe_id is None:
            return
        fw = review.framework
        domain, element = fw.parents(self.kloe_id)
        kloe = fw.kloe(self.kloe_id)
        a = review.kloe(self.kloe_id)
        self.crumb.setText(f"Domain {domain.number}: {domain.title}  ›  {element.title}")
        self.statement.setText(kloe.statement)
        self.prompts.setText("Prompts: " + "  ·  ".join(kloe.prompts) if kloe.prompts else "")
        self.prompts.setVisible(bool(kloe.prompts))
        about = f"<p><b>Maturity indicator.</b> {_esc(domain.indicator_statement)}</p>"
        if domain.what_good_looks_like:
            about += "<p><b>What good looks like</b></p>" + bullets(domain.what_good_looks_like)
        self.about_text.setText(about)
        self.previous_strip.show_kloe(self.kloe_id)

        for value, button in self.score_buttons.items():
            with signals_blocked(button):
                button.setChecked(a.rating == value)
        self._update_scale_stop()
        self.narrative_commit.set_text(a.narrative)
        with signals_blocked(self.confidence):
            self.confidence.setCurrentIndex(max(0, self.confidence.findData(a.confidence or "")))
        self._fill_evidence()
        self._fill_groups()
        self._update_buttons()

    def _fill_evidence(self) -> None:
        self.evidence_model.set_records(self.session.review.evidence_for(self.kloe_id))
        table = self.evidence_list
        table.resizeRowsToContents()
        rows = sum(table.rowHeight(r) for r in range(self.evidence_model.rowCount()))
        table.setFixedHeight(max(48, min(rows + 2 * table.frameWidth() + 6, 180)))

    def _fill_groups(self) -> None:
        a = self.session.review.kloe(self.kloe_id)
        self.groups_model.set_records(group_scores_in_order(a.group_scores))
        self.groups.resizeRowsToContents()
        body = sum(self.groups.rowHeight(r) for r in range(self.groups_model.rowCount()))
        self.groups.setFixedHeight(min(self.groups.horizontalHeader().sizeHint().height() + body
                                       + 2 * self.groups.frameWidth() + 2, 220))
        s = spread(a.group_scores)
        if s is None:
            self.spread_label.setText("Spread: needs two or more groups" if a.group_scores
                                      else "No group scores recorded.")
            self.spread_label.setProperty("role", "secondary")
        elif s >= 2:
            self.spread_label.setText(f"≠ Spread {s} levels: the groups disagree — worth "
                                      f"discussing before agreeing a score.")
            self.spread_label.setProperty("role", "warning")
        else:
            self.spread_label.setText(f"Spread {s} level{'s' if s != 1 else ''}: broadly agreed.")
            self.spread_label.setProperty("role", "secondary")
        self.spread_label.style().unpolish(self.spread_label)
        self.spread_label.style().polish(self.spread_label)

    def _update_buttons(self) -> None:
        writable = not self.session.readonly and self.kloe_id is not None
        for b in self.score_buttons.values():
            b.setEnabled(writable)
        for w in (self.clear_button, self.add_button, self.confidence, self.group_name,
                  self.group_score, self.group_set, self.group_remove):
            w.setEnabled(writable)
        self.narrative.setReadOnly(not writable)
        evidence = self._selected_evidence()
        self.open_button.setEnabled(bool(evidence and (evidence.attachment or evidence.link)))
        self.remove_button.setEnabled(writable and evidence is not None)

    def _update_scale_stop(self) -> None:
        """The scale is one Tab stop, on the chosen score (the first when none is): Tab goes
        in and out of it, the arrow keys move along it."""
        buttons = list(self.score_buttons.values())
        stop = next((b for b in buttons if b.isChecked()), buttons[0] if buttons else None)
        for b in buttons:
            b.setFocusPolicy(Qt.FocusPolicy.StrongFocus if b is stop
                             else Qt.FocusPolicy.ClickFocus)

    def _reflow(self) -> None:
        """Scale beside evidence where both fit; one above the other where they do not (a
        small window, large text, 200 % scaling), so text wraps and nothing scrolls sideways."""
        margins = self.columns.parentWidget().layout().contentsMargins()
        left, right = self._column_layouts
        need = (left.minimumSize().width() + right.minimumSize().width()
                + self.columns.spacing() + margins.left() + margins.right())
        direction = (QBoxLayout.Direction.LeftToRight if self._scroll.viewport().width() >= need
                     else QBoxLayout.Direction.TopToBottom)
        if direction != self.columns.direction():
            self.columns.setDirection(direction)
            wide = direction == QBoxLayout.Direction.LeftToRight
            self.columns.setStretch(0, 4 if wide else 0)
            self.columns.setStretch(1, 5 if wide else 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize and watched is self._scroll.viewport():
            self._reflow()
            return False
        buttons = list(self.score_buttons.values())
        if event.type() == QEvent.Type.KeyPress and watched in buttons \
                and event.modifiers() == Qt.KeyboardModifier.NoModifier \
                and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            index = buttons.index(watched) + step
            if 0 <= index < len(buttons):
                buttons[index].setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return super().eventFilter(watched, event)

    # Session reactions ---------------------------------------------------------------------
    def _on_file_changed(self) -> None:
        self.narrative_commit.discard()
        self.kloe_id = None
        self._build_scale()
        review = self.session.review
        if review is None:  # nothing of the closed review stays to be drawn
            self.evidence_model.set_records([])
            self.groups_model.set_records([])
        else:
            self.kloe_id = review.framework.kloes()[0][2].id
            self.refresh()

    def _on_review_changed(self, command: Command) -> None:
        if self.kloe_id is None:
            return
        touched = self.kloe_id in command.keys("kloe")
        for c in command.changes:
            if c.kind == "evidence" and any(s and s.get("kloe_id") == self.kloe_id
                                            for s in (c.before, c.after)):
                touched = True
        if touched:
            self.refresh()
        else:
            self._update_buttons()

    # Acting on the review ------------------------------------------------------------------
    def scoring_widgets(self) -> list[QWidget]:
        """The controls on which the single scoring keys act: the scale and Clear score."""
        return [*self.score_buttons.values(), self.clear_button]

    def score(self, value: object) -> bool:
        """Score the current KLOE (a scale value, "na", or None to clear)."""
        return self._score(value)

    def _score(self, value: object) -> bool:
        if self.kloe_id is None or self.session.readonly:
            return False
        if self.session.review.kloe(self.kloe_id).rating == value:
            return True
        return self.session.edit(edits.score_kloe, self.kloe_id, value)

    def _on_score_clicked(self, value: object) -> None:
        """Clicking the chosen level again keeps it (clearing is the Clear button or Delete,
        so a stray second click in a busy room never loses a score)."""
        if not self._score(value):
            self.refresh()
        elif self.kloe_id is not None:
            self.score_buttons[value].setChecked(True)

    def _commit_narrative(self, text: str) -> None:
        if self.kloe_id is None or self.session.review is None or self.session.readonly:
            return
        if self.session.review.kloe(self.kloe_id).narrative == text:
            return
        self.session.edit(edits.set_narrative, self.kloe_id, text)

    def _on_confidence_chosen(self) -> None:
        if self.kloe_id is None:
            return
        if not self.session.edit(edits.set_confidence, self.kloe_id,
                                 self.confidence.currentData() or None):
            self.refresh()

    def _on_group_set(self) -> None:
        name = self.group_name.currentText().strip()
        if not name:
            self.session.report_error("No group named",
                                      "Pick or type the stakeholder group's name first.")
            return
        if self.session.edit(edits.set_group_score, self.kloe_id, name,
                             self.group_score.currentData()):
            with signals_blocked(self.group_name):
                self.group_name.setCurrentIndex(-1)
                self.group_name.setEditText("")

    def _on_group_remove(self) -> None:
        group = self.groups.selected_key()
        if group is None:
            self.session.report_error("No group selected",
                                      "Select a group's row in the table, then Remove.")
            return
        self.session.edit(edits.set_group_score, self.kloe_id, group, None)


def _esc(text: str) -> str:
    from html import escape

    return escape(text)
