"""The trend chart: a line per domain across every review, told apart by marker shape as well
as colour, with each line's latest score at its end."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from forms import style
from forms.charts.radar import draw_marker, number
from forms.widgets import accessible
from maturity.comparison import Comparison
from maturity.wording import fmt_value

LINE_COLOURS = list(style.CHART_LINES)

class TrendChart(QWidget):
    """A line per domain across the reviews, on a fixed 0–max axis, with a legend that names
    each line and its latest score."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.comparison: Comparison | None = None
        self.setMinimumSize(420, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        accessible(self, "Trend of domain scores across the reviews")

    def set_comparison(self, comparison: Comparison | None) -> None:
        self.comparison = comparison
        if comparison is not None:
            self.setAccessibleDescription("; ".join(
                f"{d.label or d.title}: " + " then ".join(fmt_value(s) for s in d.scores)
                for d in comparison.domains))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(620, 420)

    def paintEvent(self, event) -> None:
        c = self.comparison
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor(style.NHS_WHITE))
        font = QFont(self.font())
        fm = QFontMetrics(font)
        fg = QColor(style.NHS_BLACK)
        if c is None:
            p.setPen(fg)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No comparison to draw")
            return
        top = c.scale_max or 4
        n = len(c.reviews)
        labels = [f"{i}. {d.label or d.title}" for i, d in enumerate(c.domains, 1)]
        legend_w = min(250, max((fm.horizontalAdvance(t) for t in labels), default=80) + 60)
        plot = QRectF(self.rect()).adjusted(34, 14 + fm.height(), -legend_w - 14,
                                            -fm.height() - 14)

        def x(i: int) -> float:
            if n == 1:
                return plot.center().x()
            pad = 24
            return plot.left() + pad + (plot.width() - 2 * pad) * i / (n - 1)

        def y(v: float) -> float:
            return plot.bottom() - plot.height() * v / top

        p.setPen(QColor(style.NHS_DARK_BLUE))
        bold = QFont(font)
        bold.setBold(True)
        p.setFont(bold)
        p.drawText(QPointF(plot.left() - 28, 6 + fm.ascent()), f"Domain score (0–{top})")
        p.setFont(font)
        for level in range(0, top + 1):
            p.setPen(QPen(QColor("#C5CED3"), 1))
            p.drawLine(QPointF(plot.left(), y(level)), QPointF(plot.right(), y(level)))
            p.setPen(QColor(style.NHS_DARK_GREY))
            p.drawText(QRectF(plot.left() - 30, y(level) - fm.height() / 2, 24, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(level))
        for i, ref in enumerate(c.reviews):
            p.drawText(QRectF(x(i) - 60, plot.bottom() + 4, 120, fm.height()),
                       Qt.AlignmentFlag.AlignHCenter, ref.label)
        row_h = max(fm.height() + 4, 18)
        for k, d in enumerate(c.domains):
            colour = QColor(LINE_COLOURS[k % len(LINE_COLOURS)])
            points = [QPointF(x(i), y(v)) for i, s in enumerate(d.scores)
                      if (v := number(s)) is not None]
            p.setPen(QPen(colour, 2.2))
            for a, b in zip(points, points[1:]):
                p.drawLine(a, b)
            p.setBrush(colour)
            p.setPen(QPen(QColor(style.NHS_WHITE), 1))
            for pt in points:
                draw_marker(p, k, pt, 3.6)
            lx = plot.right() + 18
            ly = plot.top() + k * row_h
            p.setPen(QPen(colour, 2.2))
            p.drawLine(QPointF(lx, ly + row_h / 2), QPointF(lx + 22, ly + row_h / 2))
            p.setPen(QPen(QColor(style.NHS_WHITE), 1))
            draw_marker(p, k, QPointF(lx + 11, ly + row_h / 2), 3.6)
            p.setPen(fg)
            text = fm.elidedText(labels[k], Qt.TextElideMode.ElideRight, legend_w - 70)
            p.drawText(QRectF(lx + 28, ly, legend_w - 70, row_h),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
            p.setFont(bold)
            p.drawText(QRectF(lx + 28, ly, legend_w - 34, row_h),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                       fmt_value(d.last))
            p.setFont(font)
        p.end()
