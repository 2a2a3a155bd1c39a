"""The element panel: where the element stands, its target, its gap and how to move up."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from forms import style
from forms.models.table import Column, RecordTable, RecordTableModel
from forms.widgets import (
    Coalesced,
    RefreshWhenShown,
    accessible,
    big_figure,
    figure_card,
    fill_with_scroll,
    role_label,
    signals_blocked,
)
from maturity import edits
from maturity.commands import Command
from maturity.review import Review
from maturity.scoring import KloeResult, rollup
from maturity.wording import fmt_coverage, fmt_score, rating_text


def plain_column(title: str, text: Callable[[object], str], **more) -> Column:
    """A column whose cell tooltip repeats its text (a wrapped cell can hide the end)."""
    return Column(title, text, tooltip=text, **more)


def score_column(title: str, score: Callable[[object], float | None],
                 text: Callable[[object], str] | None = None) -> Column:
    """A score cell in the scale's colours, centred; the number is always written too."""
    return Column(title, text or (lambda r: fmt_score(score(r))),
                  colours=lambda r: (style.score_fill(score(r)), style.score_text_colour(score(r))),
                  align=Qt.AlignmentFlag.AlignCenter)


def fit_first_column(table: RecordTable) -> None:
    """The first column takes the room; the others fit their contents, but for a column
    declared with a width, which keeps it and wraps (so a long threshold note cannot push
    the RAG out of sight)."""
    h = table.horizontalHeader()
    h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for c, column in enumerate(table.record_model().columns[1:], start=1):
        if column.width is None:
            h.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)


def kloe_columns(review: Callable[[], Review]) -> list[Column[KloeResult]]:
    """An element's KLOEs: statement, agreed score, confidence and how much evidence."""

    def evidence(k: KloeResult) -> str:
        r = review()
        n = len(r.evidence_for(k.id))
        narrative = bool(r.kloe(k.id).narrative.strip())
        return f"{n} item{'s' if n != 1 else ''}" + (" + narrative" if narrative else "")

    return [
        plain_column("KLOE", lambda k: review().framework.kloe(k.id).statement),
        score_column("Score", lambda k: k.score,
                     lambda k: rating_text(k.rating, none="—", na="N/A")),
        plain_column("Confidence", lambda k: (k.confidence or "—").capitalize()),
        plain_column("Evidence", evidence),
    ]


class ElementPanel(RefreshWhenShown, QWidget):
    item_activated = Signal(str)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.element_id: str | None = None
        self._stale = False

        self.crumb = role_label("", "crumb")
        self.title = role_label("", "page-title")
        self.title.setAccessibleName("Element")
        self.description = role_label("", "")

        self.score_value, self.score_note = big_figure("Element score")
        self.target = QSpinBox()
        accessible(self.target, "Target level",
                   "The level this element should reach; the gap is target minus score")
        self.target.setMinimumHeight(38)
        font = self.target.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.target.setFont(font)
        self.target.valueChanged.connect(self._on_target_changed)
        self.target_note = role_label("", "secondary")
        self.gap_value, self.gap_note = big_figure("Gap to target")
        self.coverage_value, self.coverage_note = big_figure("Coverage")

        self.kloes_model = RecordTableModel(kloe_columns(lambda: self.session.review),
                                            key=lambda k: k.id, parent=self)
        self.kloes = RecordTable(self.kloes_model, "KLOEs in this element",
                                 "Enter or double-click opens a KLOE")
        fit_first_column(self.kloes)
        self.kloes.activated_key.connect(self.item_activated.emit)
        # Rows wrap to the KLOE column's width, known only once the panel is laid out.
        self._refit_kloes = Coalesced(self, self._fit_kloe_rows)
        self.kloes.horizontalHeader().sectionResized.connect(lambda *_: self._refit_kloes())

        self.guidance = role_label("", "")
        self.guidance.setTextFormat(Qt.TextFormat.RichText)
        self.guidance.setAccessibleName("How to reach the next level")

        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(18, 12, 18, 12)
        outer.setSpacing(8)
        outer.addWidget(self.crumb)
        outer.addWidget(self.title)
        outer.addWidget(self.description)
        cards = QGridLayout()
        cards.setHorizontalSpacing(12)
        cards.addWidget(figure_card("Current score", self.score_value, self.score_note), 0, 0)
        target_box = QHBoxLayout()
        target_box.addWidget(self.target)
        target_box.addStretch(1)
        target_holder = QWidget()
        target_holder.setLayout(target_box)
        target_box.setContentsMargins(0, 0, 0, 0)
        cards.addWidget(figure_card("Target level (editable)", target_holder, self.target_note),
                        0, 1)
        cards.addWidget(figure_card("Gap to target", self.gap_value, self.gap_note), 0, 2)
        cards.addWidget(figure_card("Coverage", self.coverage_value, self.coverage_note), 0, 3)
        for c in range(4):
            cards.setColumnStretch(c, 1)
        outer.addLayout(cards)
        outer.addWidget(role_label("How to reach the next level", "section"))
        outer.addWidget(self.guidance)
        outer.addWidget(role_label("KLOEs", "section"))
        outer.addWidget(self.kloes, 1)

        fill_with_scroll(self, body, name="Element")
        self.setAccessibleName("Element")

        session.changed.connect(self._on_review_changed)
        session.file_changed.connect(self._on_file_changed)
        self._on_file_changed()

    def show_element(self, element_id: str) -> None:
        self.element_id = element_id
        self.refresh()

    def _on_file_changed(self) -> None:
        self.element_id = None
        review = self.session.review
        if review is not None:
            scale = review.framework.scale
            with signals_blocked(self.target):
                self.target.setRange(scale.minimum, scale.maximum)

    def _on_review_changed(self, command: Command) -> None:
        """Refresh now if shown; otherwise when next shown (edits elsewhere stay cheap)."""
        if self.element_id is None:
            return
        self.refresh_when_shown()

    def refresh(self) -> None:
        review = self.session.review
        if review is None or self.element_id is None:
            return
        fw = review.framework
        domain, _ = fw.parents(self.element_id)
        element = fw.element(self.element_id)
        result = rollup(review).element(self.element_id)
        scale = fw.scale
        self.crumb.setText(f"Domain {domain.number}: {domain.title}  ›  element")
        self.title.setText(element.title)
        self.description.setText(element.description)
        self.description.setVisible(bool(element.description))

        self.score_value.setText(fmt_score(result.score))
        self.score_note.setText(scale.label(math.floor(result.score + 1e-9))
                                if result.score is not None else "No KLOE scored yet")
        with signals_blocked(self.target):
            self.target.setValue(result.target)
        self.target.setEnabled(not self.session.readonly)
        self.target_note.setText(scale.label(result.target))
        gap = result.gap
        if gap is None:
            self.gap_value.setText("—")
            self.gap_note.setText("Score the KLOEs to see the gap")
        elif gap > 0:
            self.gap_value.setText(fmt_score(gap))
            self.gap_note.setText("below target")
        else:
            self.gap_value.setText("0")
            self.gap_note.setText("target met" if gap == 0 else f"{fmt_score(-gap)} above target")
        self.coverage_value.setText(fmt_coverage(result.coverage))
        self.coverage_note.setText(f"{result.scored} of {result.applicable} applicable KLOEs "
                                   f"scored")

        level = math.floor(result.score + 1e-9) if result.score is not None else None
        rows = []
        for step in element.next_level:
            here = level == step.level
            to = scale.label(step.level + 1) if scale.level(step.level + 1) else "beyond"
            marker = "<b>▶ You are here.</b> " if here else ""
            style_attr = (f" style='background:{style.NHS_LIGHT_BLUE_BG}; color:"
                          f"{style.NHS_DARK_BLUE}'" if here else "")
            rows.append(f"<tr{style_attr}><td style='padding:4px 10px 4px 4px; white-space:nowrap'>"
                        f"<b>{step.level} → {step.level + 1}</b><br>{to}</td>"
                        f"<td style='padding:4px'>{marker}{_esc(step.guidance)}</td></tr>")
        self.guidance.setText("<table cellspacing='0' width='100%'>" + "".join(rows) + "</table>"
                              if rows else "<i>The framework gives no guidance for this "
                                           "element.</i>")

        self.kloes_model.set_records(result.kloes)
        self._fit_kloe_rows()

    def _fit_kloe_rows(self) -> None:
        self.kloes.resizeRowsToContents()
        height = self.kloes.horizontalHeader().height() + sum(
            self.kloes.rowHeight(r) for r in range(self.kloes_model.rowCount())) + 4
        self.kloes.setMinimumHeight(min(height, 420))

    def _on_target_changed(self, value: int) -> None:
        if self.element_id is None:
            return
        if self.session.review.target(self.element_id) == value:
            return
        if not self.session.edit(edits.set_target, self.element_id, value):
            self.refresh()


def _esc(text: str) -> str:
    from html import escape

    return escape(text)
