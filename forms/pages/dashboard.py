"""The dashboard: the whole review at a glance, drawn with QPainter (no chart library to load).

The radar has a fixed 0-4 axis so two reviews' pictures compare by eye; targets are a dashed
outline. The heatmap writes every score in its cell. Both carry an accessible description that
reads the numbers out, since a picture alone says nothing to a screen reader.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from forms.charts.heatmap import Heatmap
from forms.charts.radar import ScoresRadar
from forms.models.table import Column, RecordList
from forms.widgets import (
    RefreshWhenShown,
    big_figure,
    figure_card,
    fill_with_scroll,
    role_label,
)
from maturity.commands import Command
from maturity.flags import DISAGREE, UNEVIDENCED, flagged_kloes
from maturity.scoring import rollup
from maturity.wording import fmt_coverage, fmt_date, fmt_score

FLAGGED_COLUMNS = [Column("KLOE", lambda k: f"{k.domain_label} · {k.element_title}\n"
                          f"{k.statement}\n{k.detail}",
                          tooltip=lambda k: "Open this KLOE")]


class DashboardPanel(RefreshWhenShown, QWidget):
    """Overall figures, radar, heatmap, and the lists a facilitator must not miss."""

    item_activated = Signal(str)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._stale = True

        self.heading = role_label("", "page-title")
        self.overall, self.overall_note = big_figure("Overall score")
        self.coverage, self.coverage_note = big_figure("Coverage")
        self.on_target, self.on_target_note = big_figure("Domains at target")
        self.flags, self.flags_note = big_figure("Items to check")

        self.radar = ScoresRadar()
        self.radar.setMaximumHeight(430)
        self.heatmap = Heatmap()
        self.heatmap.element_activated.connect(self.item_activated)
        self.disagreements = RecordList(
            FLAGGED_COLUMNS, lambda k: k.kloe_id, "Groups disagree by 2 or more levels",
            "KLOEs where stakeholder groups' scores are 2 or more levels apart; Enter opens one",
            "No KLOE has groups 2 or more levels apart.", open_on_click=True)
        self.unevidenced = RecordList(
            FLAGGED_COLUMNS, lambda k: k.kloe_id, "Scored 3 or more with no evidence",
            "KLOEs scored 3+ with no evidence recorded; Enter opens one",
            "Every KLOE scored 3+ has evidence recorded.", open_on_click=True)
        for flagged in (self.disagreements, self.unevidenced):
            flagged.table.setMinimumHeight(170)
            flagged.table.setAlternatingRowColors(True)
            flagged.table.activated_key.connect(self.item_activated.emit)

        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(18, 12, 18, 12)
        outer.setSpacing(10)
        outer.addWidget(self.heading)
        cards = QGridLayout()
        cards.setHorizontalSpacing(12)
        cards.addWidget(figure_card("Overall score", self.overall, self.overall_note), 0, 0)
        cards.addWidget(figure_card("Coverage", self.coverage, self.coverage_note), 0, 1)
        cards.addWidget(figure_card("Domains at or above target", self.on_target, self.on_target_note),
                        0, 2)
        cards.addWidget(figure_card("Items to check", self.flags, self.flags_note), 0, 3)
        for c in range(4):
            cards.setColumnStretch(c, 1)
        outer.addLayout(cards)
        charts = QHBoxLayout()
        charts.setSpacing(16)
        left = QVBoxLayout()
        left.addWidget(role_label("Domain scores against targets", "section"))
        left.addWidget(self.radar, 1)
        right = QVBoxLayout()
        right.addWidget(role_label("Elements by domain", "section"))
        right.addWidget(self.heatmap)
        right.addStretch(1)
        charts.addLayout(left, 5)
        charts.addLayout(right, 6)
        outer.addLayout(charts, 1)
        lists = QHBoxLayout()
        lists.setSpacing(16)
        for title, widget in (("Groups disagree (spread 2+)", self.disagreements),
                              ("Scored 3+ with no evidence", self.unevidenced)):
            col = QVBoxLayout()
            col.addWidget(role_label(title, "section"))
            col.addWidget(widget)
            lists.addLayout(col, 1)
        outer.addLayout(lists)
        fill_with_scroll(self, body, name="Dashboard")
        self.setAccessibleName("Dashboard")

        session.changed.connect(self._on_review_changed)
        session.file_changed.connect(self._on_review_changed)

    def _on_review_changed(self, command: Command | None = None) -> None:
        self.refresh_when_shown()

    def refresh(self) -> None:
        self._stale = False
        review = self.session.review
        if review is None:
            return
        fw = review.framework
        roll = rollup(review)
        self.heading.setText(f"{review.info.system} — review of "
                             f"{fmt_date(review.info.review_date)}")
        self.overall.setText(f"{fmt_score(roll.score)}")
        self.overall_note.setText(f"out of {fw.scale.maximum}; mean of the domain scores")
        self.coverage.setText(fmt_coverage(roll.coverage))
        self.coverage_note.setText(f"{roll.scored} of {roll.applicable} applicable KLOEs scored")
        at_target = sum(1 for d in roll.domains if d.score is not None
                        and d.score >= d.target - 1e-9)
        self.on_target.setText(f"{at_target} of {len(roll.domains)}")
        self.on_target_note.setText("domains scoring at least their average target")

        labels, scores, targets, rows = [], [], [], []
        for d, dr in zip(fw.domains, roll.domains):
            labels.append(d.label)
            scores.append(dr.score)
            targets.append(dr.target)
            rows.append((f"{d.number}. {d.label}", dr.score,
                         [(e.id, e.title, er.score) for e, er in zip(d.elements, dr.elements)]))
        disagree = flagged_kloes(review, roll, DISAGREE)
        unevidenced = flagged_kloes(review, roll, UNEVIDENCED)
        self.radar.set_data(labels, scores, targets, fw.scale.maximum)
        self.heatmap.set_rows(rows)
        self.flags.setText(str(len(disagree) + len(unevidenced)))
        self.flags_note.setText(f"{len(disagree)} disagreements, {len(unevidenced)} unevidenced "
                                f"high scores")
        self.disagreements.set_records(disagree)
        self.unevidenced.set_records(unevidenced)
