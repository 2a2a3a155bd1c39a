"""The dashboard: the whole review at a glance, drawn with QPainter (no chart library to load).

The radar has a fixed 0-4 axis so two reviews' pictures compare by eye; targets are a dashed
outline. The heatmap writes every score in its cell. Both carry an accessible description that
reads the numbers out, since a picture alone says nothing to a screen reader.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from forms import style
from forms.widgets import accessible, role_label
from maturity.commands import Command
from maturity.scoring import rollup
from maturity.wording import fmt_coverage, fmt_score


class RadarChart(QWidget):
    """Domain scores as a filled polygon on fixed rings, targets as a dashed polygon."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.labels: list[str] = []
        self.scores: list[float | None] = []
        self.targets: list[float] = []
        self.maximum = 4
        self.dark = False
        self.setMinimumSize(360, 320)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        accessible(self, "Radar chart of domain scores")

    def set_data(self, labels: list[str], scores: list[float | None], targets: list[float],
                 maximum: int = 4) -> None:
        self.labels, self.scores, self.targets, self.maximum = labels, scores, targets, maximum
        parts = [f"{lab} {fmt_score(s)} (target {t:.1f})"
                 for lab, s, t in zip(labels, scores, targets)]
        self.setAccessibleDescription("Scores out of " f"{maximum}: " + "; ".join(parts))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(560, 480)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fg = QColor(style.WORKSHOP_TEXT if self.dark else style.NHS_BLACK)
        grid = QColor("#5A7BB0" if self.dark else "#C5CED3")
        axis_text = QColor(style.WORKSHOP_MUTED if self.dark else style.NHS_DARK_GREY)
        font = QFont(self.font())
        fm = QFontMetrics(font)
        legend_h = fm.height() + 10
        n = len(self.labels)
        # Labels wrap to a few words a line, so long domain names do not shrink the chart.
        wrap_w = max(fm.horizontalAdvance("Involvement"), fm.horizontalAdvance("M") * 9)
        boxes = [fm.boundingRect(QRect(0, 0, wrap_w, 1000), Qt.TextFlag.TextWordWrap
                                 | Qt.AlignmentFlag.AlignHCenter, t) for t in self.labels]
        side_w = max((b.width() for i, b in enumerate(boxes)
                      if abs(math.cos(-math.pi / 2 + 2 * math.pi * i / max(n, 1))) > 0.3),
                     default=60) + 16
        top_h = max((b.height() for b in boxes), default=fm.height()) + fm.height() + 8
        area = QRectF(self.rect()).adjusted(8, 8, -8, -8 - legend_h)
        radius = max(40.0, min(area.width() / 2 - side_w, area.height() / 2 - top_h))
        centre = QPointF(area.center().x(), area.center().y())
        if n < 3:
            p.setPen(fg)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Not enough domains to chart")
            return

        def point(i: int, value: float) -> QPointF:
            angle = -math.pi / 2 + 2 * math.pi * i / n
            r = radius * max(0.0, min(value, self.maximum)) / self.maximum
            return QPointF(centre.x() + r * math.cos(angle), centre.y() + r * math.sin(angle))

        # Rings and spokes.
        p.setPen(QPen(grid, 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        for level in range(1, self.maximum + 1):
            p.drawPolygon(QPolygonF([point(i, level) for i in range(n)]))
        for i in range(n):
            p.drawLine(centre, point(i, self.maximum))
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.85)
        p.setFont(small)
        p.setPen(axis_text)
        for level in range(1, self.maximum + 1):  # ring values, set between two spokes
            a, b = point(0, level), point(1, level)
            mid = QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2)
            p.drawText(QRectF(mid.x() - 12, mid.y() - fm.height(), 24, fm.height()),
                       Qt.AlignmentFlag.AlignCenter, str(level))

        # Scores (filled) then targets (dashed) on top.
        blue = QColor(style.WORKSHOP_ACCENT if self.dark else style.NHS_BLUE)
        fill = QColor(blue)
        fill.setAlpha(70)
        poly = QPolygonF([point(i, s or 0.0) for i, s in enumerate(self.scores)])
        p.setPen(QPen(blue, 2.5))
        p.setBrush(fill)
        p.drawPolygon(poly)
        p.setBrush(blue)
        for i, s in enumerate(self.scores):
            if s is not None:
                p.drawEllipse(point(i, s), 3.5, 3.5)
        target_colour = QColor(style.WORKSHOP_TEXT if self.dark else style.NHS_DARK_RED)
        pen = QPen(target_colour, 2, Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPolygon(QPolygonF([point(i, t) for i, t in enumerate(self.targets)]))

        # Spoke labels with the number.
        bold = QFont(font)
        bold.setBold(True)
        for i, label in enumerate(self.labels):
            angle = -math.pi / 2 + 2 * math.pi * i / n
            anchor = QPointF(centre.x() + (radius + 10) * math.cos(angle),
                             centre.y() + (radius + 10) * math.sin(angle))
            number = fmt_score(self.scores[i]) if i < len(self.scores) else "—"
            w = boxes[i].width() + 4
            h = boxes[i].height() + fm.height()
            cos, sin = math.cos(angle), math.sin(angle)
            if cos > 0.3:
                x, align = anchor.x(), Qt.AlignmentFlag.AlignLeft
            elif cos < -0.3:
                x, align = anchor.x() - w, Qt.AlignmentFlag.AlignRight
            else:
                x, align = anchor.x() - w / 2, Qt.AlignmentFlag.AlignHCenter
            y = anchor.y() - h / 2 + sin * h / 2
            p.setPen(fg)
            p.setFont(font)
            p.drawText(QRectF(x, y, w, boxes[i].height()),
                       align | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap, label)
            p.setFont(bold)
            p.setPen(blue if not self.dark else fg)
            p.drawText(QRectF(x, y + boxes[i].height(), w, fm.height()),
                       align | Qt.AlignmentFlag.AlignVCenter, number)

        # Legend.
        p.setFont(font)
        y = self.height() - legend_h + 4
        x = 12.0
        p.setPen(QPen(blue, 2.5))
        p.setBrush(fill)
        p.drawRect(QRectF(x, y + 3, 22, fm.height() - 6))
        p.setPen(fg)
        text = "Current score"
        p.drawText(QPointF(x + 30, y + fm.ascent()), text)
        x += 30 + fm.horizontalAdvance(text) + 24
        p.setPen(pen)
        p.drawLine(QPointF(x, y + fm.height() / 2), QPointF(x + 26, y + fm.height() / 2))
        p.setPen(fg)
        p.drawText(QPointF(x + 34, y + fm.ascent()), "Target")
        p.end()


class Heatmap(QWidget):
    """Elements (columns) by domain (rows); each cell shows its score as a number."""

    element_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[tuple[str, float | None, list[tuple[str, str, float | None]]]] = []
        self.focus_cell = (0, 0)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        accessible(self, "Heatmap of element scores by domain",
                   "Arrow keys move between elements; Enter opens one")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_rows(self, rows) -> None:
        """rows: (domain label, domain score, [(element id, element title, score), ...])."""
        self.rows = rows
        parts = []
        for label, score, cells in rows:
            inner = ", ".join(f"{t} {fmt_score(s)}" for _, t, s in cells)
            parts.append(f"{label} {fmt_score(score)}: {inner}")
        self.setAccessibleDescription("Element scores. " + "; ".join(parts))
        self.updateGeometry()
        self.update()

    def _geometry(self) -> tuple[int, int, int, int, int]:
        fm = QFontMetrics(self.font())
        name_w = max((fm.horizontalAdvance(r[0]) for r in self.rows), default=100) + 16
        score_w = fm.horizontalAdvance("Domain") + 16
        cols = max((len(r[2]) for r in self.rows), default=1)
        cell_h = fm.height() + 16
        cell_w = max(fm.horizontalAdvance("0.0") + 22,
                     (self.width() - name_w - score_w - 12) // max(cols, 1))
        cell_w = min(cell_w, 90)
        return name_w, score_w, cols, cell_w, cell_h

    def sizeHint(self) -> QSize:
        fm = QFontMetrics(self.font())
        name_w = max((fm.horizontalAdvance(r[0]) for r in self.rows), default=100) + 16
        cols = max((len(r[2]) for r in self.rows), default=1)
        cell_h = fm.height() + 16
        return QSize(name_w + fm.horizontalAdvance("Domain") + 16 + cols * 66 + 12,
                     (len(self.rows) + 1) * cell_h + 2 * fm.height() + 16)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self.sizeHint().height())

    def _cell_rect(self, row: int, col: int) -> QRect:
        name_w, score_w, _, cell_w, cell_h = self._geometry()
        return QRect(name_w + score_w + col * cell_w, (row + 1) * cell_h, cell_w - 3, cell_h - 3)

    def cell_at(self, x: int, y: int) -> tuple[int, int] | None:
        for r, (_, _, cells) in enumerate(self.rows):
            for c in range(len(cells)):
                if self._cell_rect(r, c).contains(x, y):
                    return r, c
        return None

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        name_w, score_w, cols, cell_w, cell_h = self._geometry()
        fm = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        p.setPen(QColor(style.NHS_DARK_GREY))
        p.drawText(QRect(0, 0, name_w, cell_h), Qt.AlignmentFlag.AlignVCenter, "Domain")
        p.drawText(QRect(name_w, 0, score_w, cell_h), Qt.AlignmentFlag.AlignCenter, "Score")
        for c in range(cols):
            p.drawText(QRect(name_w + score_w + c * cell_w, 0, cell_w, cell_h),
                       Qt.AlignmentFlag.AlignCenter, f"E{c + 1}")
        for r, (label, score, cells) in enumerate(self.rows):
            y = (r + 1) * cell_h
            p.setPen(QColor(style.NHS_BLACK))
            p.setFont(self.font())
            p.drawText(QRect(0, y, name_w - 8, cell_h - 3),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
            box = QRect(name_w, y, score_w - 6, cell_h - 3)
            p.fillRect(box, QColor(style.score_fill(score)))
            p.setFont(bold)
            p.setPen(QColor(style.score_text_colour(score)))
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, fmt_score(score))
            p.setFont(self.font())
            for c, (_, _, s) in enumerate(cells):
                rect = self._cell_rect(r, c)
                p.fillRect(rect, QColor(style.score_fill(s)))
                p.setPen(QColor(style.score_text_colour(s)))
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, fmt_score(s))
                if self.hasFocus() and (r, c) == self.focus_cell:
                    p.setPen(QPen(QColor(style.NHS_BLACK), 3))
                    p.drawRect(rect.adjusted(1, 1, -1, -1))
        # Key: what the fills mean (the numbers carry it too).
        y = (len(self.rows) + 1) * cell_h + 8
        x = 0
        p.setPen(QColor(style.NHS_DARK_GREY))
        p.drawText(QRect(x, y, 60, fm.height() + 6), Qt.AlignmentFlag.AlignVCenter, "Key:")
        x += fm.horizontalAdvance("Key:") + 10
        for level, fill in enumerate(style.SCORE_FILLS):
            text = f"{level}–{level}.9" if level < len(style.SCORE_FILLS) - 1 else f"{level}"
            w = fm.horizontalAdvance(text) + 14
            p.fillRect(QRect(x, y, w, fm.height() + 6), QColor(fill))
            p.setPen(QColor(style.SCORE_TEXT))
            p.drawText(QRect(x, y, w, fm.height() + 6), Qt.AlignmentFlag.AlignCenter, text)
            x += w + 4
        text = "— not scored"
        w = fm.horizontalAdvance(text) + 14
        p.fillRect(QRect(x, y, w, fm.height() + 6), QColor(style.NO_SCORE_FILL))
        p.setPen(QColor(style.NO_SCORE_TEXT))
        p.drawText(QRect(x, y, w, fm.height() + 6), Qt.AlignmentFlag.AlignCenter, text)
        p.end()

    def mouseMoveEvent(self, event) -> None:
        hit = self.cell_at(int(event.position().x()), int(event.position().y()))
        if hit:
            _, title, s = self.rows[hit[0]][2][hit[1]]
            self.setToolTip(f"{title}: {fmt_score(s)}")
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.setToolTip("")
            self.unsetCursor()

    def mousePressEvent(self, event) -> None:
        hit = self.cell_at(int(event.position().x()), int(event.position().y()))
        if hit:
            self.focus_cell = hit
            self.update()
            self.element_activated.emit(self.rows[hit[0]][2][hit[1]][0])

    def keyPressEvent(self, event) -> None:
        if not self.rows:
            return super().keyPressEvent(event)
        r, c = self.focus_cell
        key = event.key()
        if key == Qt.Key.Key_Up:
            r = max(0, r - 1)
        elif key == Qt.Key.Key_Down:
            r = min(len(self.rows) - 1, r + 1)
        elif key == Qt.Key.Key_Left:
            c = max(0, c - 1)
        elif key == Qt.Key.Key_Right:
            c += 1
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.element_activated.emit(self.rows[r][2][min(c, len(self.rows[r][2]) - 1)][0])
            return
        else:
            return super().keyPressEvent(event)
        c = min(c, len(self.rows[r][2]) - 1)
        self.focus_cell = (r, c)
        _, title, s = self.rows[r][2][c]
        self.setAccessibleDescription(f"{self.rows[r][0]}, {title}: {fmt_score(s)}")
        self.update()


def _card(title: str, value: QWidget, note: QWidget) -> QFrame:
    from forms.panels.element import figure_card

    return figure_card(title, value, note)


class DashboardPanel(QWidget):
    """Overall figures, radar, heatmap, and the lists a facilitator must not miss."""

    item_activated = Signal(str)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._stale = True

        self.heading = role_label("", "page-title")
        self.overall = role_label("", "big-number", wrap=False)
        self.overall.setAccessibleName("Overall score")
        self.overall_note = role_label("", "secondary")
        self.coverage = role_label("", "big-number", wrap=False)
        self.coverage.setAccessibleName("Coverage")
        self.coverage_note = role_label("", "secondary")
        self.on_target = role_label("", "big-number", wrap=False)
        self.on_target.setAccessibleName("Domains at target")
        self.on_target_note = role_label("", "secondary")
        self.flags = role_label("", "big-number", wrap=False)
        self.flags.setAccessibleName("Items to check")
        self.flags_note = role_label("", "secondary")

        self.radar = RadarChart()
        self.radar.setMaximumHeight(430)
        self.heatmap = Heatmap()
        self.heatmap.element_activated.connect(self.item_activated)
        self.disagreements = self._list("Groups disagree by 2 or more levels",
                                        "KLOEs where stakeholder groups' scores are 2 or more "
                                        "levels apart; Enter opens one")
        self.unevidenced = self._list("Scored 3 or more with no evidence",
                                      "KLOEs scored 3+ with no evidence recorded; Enter opens "
                                      "one")

        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(18, 12, 18, 12)
        outer.setSpacing(10)
        outer.addWidget(self.heading)
        cards = QGridLayout()
        cards.setHorizontalSpacing(12)
        cards.addWidget(_card("Overall score", self.overall, self.overall_note), 0, 0)
        cards.addWidget(_card("Coverage", self.coverage, self.coverage_note), 0, 1)
        cards.addWidget(_card("Domains at or above target", self.on_target, self.on_target_note),
                        0, 2)
        cards.addWidget(_card("Items to check", self.flags, self.flags_note), 0, 3)
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
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.setAccessibleName("Dashboard")

        session.changed.connect(self._on_review_changed)
        session.file_changed.connect(self._on_review_changed)

    def _list(self, name: str, description: str) -> QListWidget:
        widget = QListWidget()
        widget.setWordWrap(True)
        widget.setMinimumHeight(170)
        widget.setAlternatingRowColors(True)
        accessible(widget, name, description)
        widget.itemActivated.connect(self._on_list_activated)
        widget.itemClicked.connect(self._on_list_activated)
        return widget

    def _on_review_changed(self, command: Command | None = None) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        self._stale = False
        review = self.session.review
        if review is None:
            return
        fw = review.framework
        roll = rollup(review)
        self.heading.setText(f"{review.info.system} — review of "
                             f"{review.info.review_date:%d %B %Y}")
        self.overall.setText(f"{fmt_score(roll.score)}")
        self.overall_note.setText(f"out of {fw.scale.maximum}; mean of the domain scores")
        self.coverage.setText(fmt_coverage(roll.coverage))
        self.coverage_note.setText(f"{roll.scored} of {roll.applicable} applicable KLOEs scored")
        at_target = sum(1 for d in roll.domains if d.score is not None
                        and d.score >= d.target - 1e-9)
        self.on_target.setText(f"{at_target} of {len(roll.domains)}")
        self.on_target_note.setText("domains scoring at least their average target")

        labels, scores, targets, rows = [], [], [], []
        disagree, unevidenced = [], []
        for d, dr in zip(fw.domains, roll.domains):
            labels.append(d.label)
            scores.append(dr.score)
            targets.append(dr.target)
            rows.append((f"{d.number}. {d.label}", dr.score,
                         [(e.id, e.title, er.score) for e, er in zip(d.elements, dr.elements)]))
            for e, er in zip(d.elements, dr.elements):
                for k, kr in zip(e.kloes, er.kloes):
                    if kr.disagreement:
                        groups = review.kloe(k.id).group_scores
                        disagree.append((k.id, f"{d.label} · {e.title}\n{k.statement}",
                                         f"spread {kr.spread} ("
                                         + ", ".join(f"{g} {v}" for g, v in sorted(groups.items()))
                                         + ")"))
                    if kr.unevidenced_high:
                        unevidenced.append((k.id, f"{d.label} · {e.title}\n{k.statement}",
                                            f"scored {kr.score}"))
        self.radar.set_data(labels, scores, targets, fw.scale.maximum)
        self.heatmap.set_rows(rows)
        self.flags.setText(str(len(disagree) + len(unevidenced)))
        self.flags_note.setText(f"{len(disagree)} disagreements, {len(unevidenced)} unevidenced "
                                f"high scores")
        self._fill(self.disagreements, disagree, "No KLOE has groups 2 or more levels apart.")
        self._fill(self.unevidenced, unevidenced, "Every KLOE scored 3+ has evidence recorded.")

    def _fill(self, widget: QListWidget, entries, empty: str) -> None:
        widget.clear()
        for kloe_id, text, detail in entries:
            item = QListWidgetItem(f"{text}\n{detail}")
            item.setData(Qt.ItemDataRole.UserRole, kloe_id)
            item.setToolTip(f"{kloe_id}: open this KLOE")
            widget.addItem(item)
        if not entries:
            item = QListWidgetItem(empty)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            widget.addItem(item)

    def _on_list_activated(self, item: QListWidgetItem) -> None:
        kloe_id = item.data(Qt.ItemDataRole.UserRole)
        if kloe_id:
            self.item_activated.emit(kloe_id)
