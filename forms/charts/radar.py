"""The radar chart of domain scores, drawn for the dashboard (this review and its targets) and
the comparison (each review over the years) by one widget.

Series differ by line style and marker shape as well as colour, so they can be told apart
without colour; every spoke carries its label and, under it, the figure that matters there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from forms import style
from forms.widgets import accessible
from maturity.comparison import Comparison
from maturity.wording import fmt_change, fmt_score, fmt_value


@dataclass(frozen=True)
class RadarSeries:
    label: str
    colour: str
    values: tuple[float | None, ...]
    filled: bool = False
    dashed: bool = False
    marker: int | None = 0
    """Marker shape (0 circle, 1 square, 2 triangle, 3 diamond), or None for no markers."""
    width: float = 2.0


def draw_marker(p: QPainter, shape: int, centre: QPointF, r: float) -> None:
    """Markers differ by shape as well as colour, so lines can be told apart without colour."""
    x, y = centre.x(), centre.y()
    shape %= 4
    if shape == 0:
        p.drawEllipse(centre, r, r)
    elif shape == 1:
        p.drawRect(QRectF(x - r, y - r, 2 * r, 2 * r))
    elif shape == 2:
        p.drawPolygon(QPolygonF([QPointF(x - r, y + r), QPointF(x + r, y + r),
                                 QPointF(x, y - r)]))
    else:
        p.drawPolygon(QPolygonF([QPointF(x, y - r - 1), QPointF(x + r + 1, y),
                                 QPointF(x, y + r + 1), QPointF(x - r - 1, y)]))


class RadarChart(QWidget):
    """Series of domain scores on fixed rings, with each spoke's label and figure."""

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.labels: list[str] = []
        self.figures: list[str] = []
        self.series: list[RadarSeries] = []
        self.maximum = 4
        self.dark = False
        self.empty_text = "Not enough domains to chart"
        self.setMinimumSize(360, 320)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        accessible(self, name)

    def set_series(self, labels: list[str], series: list[RadarSeries], figures: list[str],
                   maximum: int, description: str) -> None:
        self.labels, self.series, self.figures = labels, series, figures
        self.maximum = maximum
        self.setAccessibleDescription(description)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(560, 470)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.dark:
            p.fillRect(self.rect(), QColor(style.NHS_WHITE))
        fg = QColor(style.WORKSHOP_TEXT if self.dark else style.NHS_BLACK)
        font = QFont(self.font())
        fm = QFontMetrics(font)
        n = len(self.labels)
        if n < 3 or not self.series:
            p.setPen(fg)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        legend_h = fm.height() + 12
        # Labels wrap to a few words a line, so long domain names do not shrink the chart.
        wrap_w = max(fm.horizontalAdvance("Involvement"), fm.horizontalAdvance("M") * 9)
        boxes = [fm.boundingRect(QRect(0, 0, wrap_w, 1000), Qt.TextFlag.TextWordWrap
                                 | Qt.AlignmentFlag.AlignHCenter, t) for t in self.labels]
        side_w = max((b.width() for i, b in enumerate(boxes)
                      if abs(math.cos(-math.pi / 2 + 2 * math.pi * i / n)) > 0.3),
                     default=60) + 16
        top_h = max((b.height() for b in boxes), default=fm.height()) + fm.height() + 8
        area = QRectF(self.rect()).adjusted(8, 8, -8, -8 - legend_h)
        radius = max(40.0, min(area.width() / 2 - side_w, area.height() / 2 - top_h))
        centre = QPointF(area.center().x(), area.center().y())

        def point(i: int, value: float) -> QPointF:
            angle = -math.pi / 2 + 2 * math.pi * i / n
            r = radius * max(0.0, min(value, self.maximum)) / self.maximum
            return QPointF(centre.x() + r * math.cos(angle), centre.y() + r * math.sin(angle))

        self._draw_grid(p, font, fm, n, point)
        for s in self.series:
            self._draw_series(p, s, point)
        self._draw_spoke_labels(p, font, fm, boxes, fg, radius, centre)
        self._draw_legend(p, font, fm, fg, legend_h)
        p.end()

    def _draw_grid(self, p: QPainter, font: QFont, fm: QFontMetrics, n: int, point) -> None:
        p.setPen(QPen(QColor("#5A7BB0" if self.dark else "#C5CED3"), 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        for level in range(1, self.maximum + 1):
            p.drawPolygon(QPolygonF([point(i, level) for i in range(n)]))
        for i in range(n):
            p.drawLine(point(i, 0), point(i, self.maximum))
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.85)
        p.setFont(small)
        p.setPen(QColor(style.WORKSHOP_MUTED if self.dark else style.NHS_DARK_GREY))
        for level in range(1, self.maximum + 1):  # ring values, set between two spokes
            a, b = point(0, level), point(1, level)
            mid = QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2)
            p.drawText(QRectF(mid.x() - 12, mid.y() - fm.height(), 24, fm.height()),
                       Qt.AlignmentFlag.AlignCenter, str(level))

    def _pen(self, s: RadarSeries) -> QPen:
        return QPen(QColor(s.colour), s.width,
                    Qt.PenStyle.DashLine if s.dashed else Qt.PenStyle.SolidLine)

    def _draw_series(self, p: QPainter, s: RadarSeries, point) -> None:
        colour = QColor(s.colour)
        fill = QColor(colour)
        fill.setAlpha(65 if s.filled else 0)
        p.setPen(self._pen(s))
        p.setBrush(fill)
        p.drawPolygon(QPolygonF([point(i, v or 0.0) for i, v in enumerate(s.values)]))
        if s.marker is None:
            return
        p.setBrush(colour)
        p.setPen(QPen(QColor(style.NHS_WHITE), 1))
        for i, v in enumerate(s.values):
            if v is not None:
                draw_marker(p, s.marker, point(i, v), 4.0 if s.filled else 3.2)

    def _draw_spoke_labels(self, p: QPainter, font: QFont, fm: QFontMetrics, boxes: list,
                           fg: QColor, radius: float, centre: QPointF) -> None:
        bold = QFont(font)
        bold.setBold(True)
        n = len(self.labels)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for i, label in enumerate(self.labels):
            angle = -math.pi / 2 + 2 * math.pi * i / n
            anchor = QPointF(centre.x() + (radius + 10) * math.cos(angle),
                             centre.y() + (radius + 10) * math.sin(angle))
            figure = self.figures[i] if i < len(self.figures) else ""
            w = max(boxes[i].width(), fm.horizontalAdvance(figure)) + 6
            h = boxes[i].height() + fm.height()
            cos = math.cos(angle)
            if cos > 0.3:
                x, align = anchor.x(), Qt.AlignmentFlag.AlignLeft
            elif cos < -0.3:
                x, align = anchor.x() - w, Qt.AlignmentFlag.AlignRight
            else:
                x, align = anchor.x() - w / 2, Qt.AlignmentFlag.AlignHCenter
            y = anchor.y() - h / 2 + math.sin(angle) * h / 2
            p.setPen(fg)
            p.setFont(font)
            p.drawText(QRectF(x, y, w, boxes[i].height()),
                       align | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap, label)
            p.setFont(bold)
            p.setPen(fg if self.dark else QColor(style.NHS_DARK_BLUE))
            p.drawText(QRectF(x, y + boxes[i].height(), w, fm.height()),
                       align | Qt.AlignmentFlag.AlignVCenter, figure)

    def _draw_legend(self, p: QPainter, font: QFont, fm: QFontMetrics, fg: QColor,
                     legend_h: int) -> None:
        p.setFont(font)
        x, y = 12.0, self.height() - legend_h + 4
        mid = y + fm.height() / 2
        for s in self.series:
            p.setPen(self._pen(s))
            p.drawLine(QPointF(x, mid), QPointF(x + 26, mid))
            if s.marker is not None:
                p.setBrush(QColor(s.colour))
                p.setPen(QPen(QColor(style.NHS_WHITE), 1))
                draw_marker(p, s.marker, QPointF(x + 13, mid), 3.5)
            p.setPen(fg)
            p.drawText(QPointF(x + 32, y + fm.ascent()), s.label)
            x += 32 + fm.horizontalAdvance(s.label) + 22


REVIEW_COLOURS = list(style.COMPARISON_LINES)
"""Earlier reviews, newest first; the latest review is always NHS blue."""


def review_colours(count: int) -> list[QColor]:
    """Oldest first; the latest review in NHS blue, earlier ones in distinct hues."""
    earlier = [QColor(REVIEW_COLOURS[i % len(REVIEW_COLOURS)]) for i in range(count - 1)]
    return earlier[::-1] + [QColor(style.NHS_BLUE)]


def number(value: object) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


class ScoresRadar(RadarChart):
    """The dashboard's radar: this review's domain scores, filled, and the targets, dashed."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Radar chart of domain scores", parent)
        self.scores: list[float | None] = []
        self.targets: list[float] = []

    def set_data(self, labels: list[str], scores: list[float | None], targets: list[float],
                 maximum: int = 4) -> None:
        self.scores, self.targets = list(scores), list(targets)
        blue = style.WORKSHOP_ACCENT if self.dark else style.NHS_BLUE
        red = style.WORKSHOP_TEXT if self.dark else style.NHS_DARK_RED
        series = [RadarSeries("Current score", blue, tuple(scores), filled=True, width=2.5),
                  RadarSeries("Target", red, tuple(targets), dashed=True, marker=None)]
        parts = [f"{lab} {fmt_score(s)} (target {fmt_score(t)})"
                 for lab, s, t in zip(labels, scores, targets)]
        self.set_series(labels, series, [fmt_score(s) for s in scores], maximum,
                        f"Scores out of {maximum}: " + "; ".join(parts))


class ComparisonRadar(RadarChart):
    """The comparison's radar: every review's domain scores on the same rings, earlier ones
    dashed, the latest filled, each spoke with its latest score and change."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Radar chart of domain scores in each review", parent)
        self.comparison: Comparison | None = None
        self.empty_text = "No comparison to draw"

    def set_comparison(self, c: Comparison | None) -> None:
        self.comparison = c
        if c is None:
            self.set_series([], [], [], 4, "")
            return
        colours = review_colours(len(c.reviews))
        last = len(c.reviews) - 1
        series = [RadarSeries(ref.label + (" (this review)" if j == last else ""),
                              colour.name(), tuple(number(d.scores[j]) for d in c.domains),
                              filled=j == last, dashed=j != last, marker=j,
                              width=2.6 if j == last else 1.8)
                  for j, (ref, colour) in enumerate(zip(c.reviews, colours))]
        dates = [r.label for r in c.reviews]
        description = "; ".join(f"{d.label or d.title}: " + ", ".join(
            f"{date} {fmt_value(s)}" for date, s in zip(dates, d.scores)) for d in c.domains)
        self.set_series([f"{i}. {d.label or d.title}" for i, d in enumerate(c.domains, 1)],
                        series, [f"{fmt_value(d.last)}  ({fmt_change(d.change)})"
                                 for d in c.domains], c.scale_max or 4, description)
