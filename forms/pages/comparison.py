"""The comparison page: this review against earlier ones, drawn with QPainter.

The radar overlays every review's domain scores on one fixed 0–max axis; the trend chart has a
line per domain across the reviews; the table lists every domain, element and KLOE with its
scores and the change; the findings say what moved and whether the actions worked.

Earlier files are opened and compared off the UI thread, on a snapshot of the review being
edited, so the page never freezes; a result that arrives after a newer request is dropped.
"""

from __future__ import annotations

import math
from html import escape
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QEventLoop,
    QModelIndex,
    QObject,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from forms import style
from forms.tasks import BackgroundJob, start_job
from forms.widgets import accessible, role_label
from maturity.compare import Comparison, Row, compare, find_earlier
from maturity.review import ACTION_STATUSES, Review
from maturity.reviewfile import ReviewFile
from maturity.scoring import RAG_WORDS
from maturity.wording import fmt_change, fmt_coverage, fmt_value

REVIEW_COLOURS = ["#AE2573", "#ED8B00", "#00A499", "#768692", "#7C2855", "#330072"]
"""Earlier reviews, newest first; the latest review is always NHS blue."""
LINE_COLOURS = ["#005EB8", "#DA291C", "#009639", "#ED8B00", "#7C2855", "#00A499", "#330072",
                "#AE2573", "#425563", "#8A1538"]
UP = ("#CDE8C5", "#00401E")
DOWN = ("#F7C8C3", "#8A1538")


def review_colours(count: int) -> list[QColor]:
    """Oldest first; the latest review in NHS blue, earlier ones in distinct hues."""
    earlier = [QColor(REVIEW_COLOURS[i % len(REVIEW_COLOURS)]) for i in range(count - 1)]
    return earlier[::-1] + [QColor(style.NHS_BLUE)]


def _num(value: object) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _draw_marker(p: QPainter, shape: int, centre: QPointF, r: float) -> None:
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


class RadarOverlay(QWidget):
    """Every review's domain scores on one radar: earlier ones as dashed outlines, the latest
    filled, all on the same fixed axis so the shapes compare by eye."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.comparison: Comparison | None = None
        self.setMinimumSize(380, 340)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        accessible(self, "Radar chart of domain scores in each review")

    def set_comparison(self, comparison: Comparison | None) -> None:
        self.comparison = comparison
        if comparison is not None:
            dates = [r.label for r in comparison.reviews]
            parts = [f"{d.label or d.title}: " + ", ".join(
                f"{date} {fmt_value(s)}" for date, s in zip(dates, d.scores))
                for d in comparison.domains]
            self.setAccessibleDescription("; ".join(parts))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(560, 460)

    def paintEvent(self, event) -> None:
        c = self.comparison
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor(style.NHS_WHITE))
        fg = QColor(style.NHS_BLACK)
        font = QFont(self.font())
        fm = QFontMetrics(font)
        if c is None or len(c.domains) < 3:
            p.setPen(fg)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No comparison to draw")
            return
        n = len(c.domains)
        top = c.scale_max or 4
        labels = [f"{i}. {d.label or d.title}" for i, d in enumerate(c.domains, 1)]
        legend_h = fm.height() + 12
        label_w = min(170, max(fm.horizontalAdvance(t) for t in labels) + 8)
        area = QRectF(self.rect()).adjusted(8, 8, -8, -8 - legend_h)
        radius = max(40.0, min(area.width() / 2 - label_w, area.height() / 2 - 2.4 * fm.height()))
        centre = area.center()

        def point(i: int, value: float) -> QPointF:
            angle = -math.pi / 2 + 2 * math.pi * i / n
            r = radius * max(0.0, min(value, top)) / top
            return QPointF(centre.x() + r * math.cos(angle), centre.y() + r * math.sin(angle))

        p.setPen(QPen(QColor("#C5CED3"), 1))
        for level in range(1, top + 1):
            p.drawPolygon(QPolygonF([point(i, level) for i in range(n)]))
        for i in range(n):
            p.drawLine(centre, point(i, top))
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.85)
        p.setFont(small)
        p.setPen(QColor(style.NHS_DARK_GREY))
        for level in range(0, top + 1):
            pt = point(0, level)
            p.drawText(QRectF(pt.x() + 4, pt.y() - fm.height(), 30, fm.height()),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, str(level))

        colours = review_colours(len(c.reviews))
        for j, colour in enumerate(colours):
            latest = j == len(colours) - 1
            pen = QPen(colour, 2.6 if latest else 1.8,
                       Qt.PenStyle.SolidLine if latest else Qt.PenStyle.DashLine)
            p.setPen(pen)
            fill = QColor(colour)
            fill.setAlpha(60 if latest else 0)
            p.setBrush(fill)
            p.drawPolygon(QPolygonF([point(i, _num(d.scores[j]) or 0.0)
                                     for i, d in enumerate(c.domains)]))
            p.setBrush(colour)
            p.setPen(QPen(QColor(style.NHS_WHITE), 1))
            for i, d in enumerate(c.domains):
                v = _num(d.scores[j])
                if v is not None:
                    _draw_marker(p, j, point(i, v), 4.0 if latest else 3.2)

        bold = QFont(font)
        bold.setBold(True)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for i, (label, d) in enumerate(zip(labels, c.domains)):
            angle = -math.pi / 2 + 2 * math.pi * i / n
            anchor = QPointF(centre.x() + (radius + 10) * math.cos(angle),
                             centre.y() + (radius + 10) * math.sin(angle))
            label = fm.elidedText(label, Qt.TextElideMode.ElideRight, label_w)
            change = f"{fmt_value(d.last)}  ({fmt_change(d.change)})"
            w = max(fm.horizontalAdvance(label), fm.horizontalAdvance(change)) + 6
            h = 2 * fm.height()
            cos = math.cos(angle)
            if cos > 0.3:
                x, align = anchor.x(), Qt.AlignmentFlag.AlignLeft
            elif cos < -0.3:
                x, align = anchor.x() - w, Qt.AlignmentFlag.AlignRight
            else:
                x, align = anchor.x() - w / 2, Qt.AlignmentFlag.AlignHCenter
            y = anchor.y() - h / 2 + math.sin(angle) * h / 2
            p.setFont(font)
            p.setPen(fg)
            p.drawText(QRectF(x, y, w, fm.height()), align | Qt.AlignmentFlag.AlignVCenter,
                       label)
            p.setFont(bold)
            p.setPen(QColor(style.NHS_DARK_BLUE))
            p.drawText(QRectF(x, y + fm.height(), w, fm.height()),
                       align | Qt.AlignmentFlag.AlignVCenter, change)

        p.setFont(font)
        x, y = 12.0, self.height() - legend_h + 4
        for j, (ref, colour) in enumerate(zip(c.reviews, colours)):
            latest = j == len(colours) - 1
            p.setPen(QPen(colour, 2.6 if latest else 1.8,
                          Qt.PenStyle.SolidLine if latest else Qt.PenStyle.DashLine))
            mid = y + fm.height() / 2
            p.drawLine(QPointF(x, mid), QPointF(x + 26, mid))
            p.setBrush(colour)
            p.setPen(QPen(QColor(style.NHS_WHITE), 1))
            _draw_marker(p, j, QPointF(x + 13, mid), 3.5)
            p.setPen(fg)
            text = ref.label + (" (this review)" if latest else "")
            p.drawText(QPointF(x + 32, y + fm.ascent()), text)
            x += 32 + fm.horizontalAdvance(text) + 22
        p.end()


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
                      if (v := _num(s)) is not None]
            p.setPen(QPen(colour, 2.2))
            for a, b in zip(points, points[1:]):
                p.drawLine(a, b)
            p.setBrush(colour)
            p.setPen(QPen(QColor(style.NHS_WHITE), 1))
            for pt in points:
                _draw_marker(p, k, pt, 3.6)
            lx = plot.right() + 18
            ly = plot.top() + k * row_h
            p.setPen(QPen(colour, 2.2))
            p.drawLine(QPointF(lx, ly + row_h / 2), QPointF(lx + 22, ly + row_h / 2))
            p.setPen(QPen(QColor(style.NHS_WHITE), 1))
            _draw_marker(p, k, QPointF(lx + 11, ly + row_h / 2), 3.6)
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


FILTERS = {
    "structure": "Domains and elements",
    "moved": "KLOEs that moved",
    "kloes": "Every KLOE",
}


class DeltaTableModel(QAbstractTableModel):
    """Rows of a comparison (domains and elements, or KLOEs): item, a score per review,
    the change. Score cells show the number on its band colour; the change its sign."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.comparison: Comparison | None = None
        self.filter = "structure"
        self.rows: list[Row] = []

    def set_comparison(self, comparison: Comparison | None) -> None:
        self.beginResetModel()
        self.comparison = comparison
        self._fill()
        self.endResetModel()

    def set_filter(self, key: str) -> None:
        self.beginResetModel()
        self.filter = key
        self._fill()
        self.endResetModel()

    def _fill(self) -> None:
        c = self.comparison
        if c is None:
            self.rows = []
        elif self.filter == "structure":
            by_domain: dict[str, list[Row]] = {}
            for e in c.elements:
                by_domain.setdefault(e.domain_id, []).append(e)
            self.rows = [c.overall]
            for d in c.domains:
                self.rows += [d, *by_domain.get(d.id, [])]
        elif self.filter == "moved":
            self.rows = [*c.improved, *c.declined]
        else:
            self.rows = list(c.kloes)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        if parent.isValid() or self.comparison is None:
            return 0
        return len(self.comparison.reviews) + 2

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or self.comparison is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            n = len(self.comparison.reviews)
            if section == 0:
                return "Item"
            if section <= n:
                return self.comparison.reviews[section - 1].label
            return "Change"
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.comparison is None:
            return None
        row = self.rows[index.row()]
        col = index.column()
        n = len(self.comparison.reviews)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                if row.level == "element":
                    return f"    {row.title}"
                if row.level == "kloe":
                    flag = f"  [{row.status}]" if row.status else ""
                    return f"{row.id}  {row.title}{flag}"
                return row.title
            if col <= n:
                return fmt_value(row.scores[col - 1])
            return fmt_change(row.change)
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            tip = row.title
            if row.reason:
                tip += f"\nReason given for the change: {row.reason}"
            return tip
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and (row.level in ("domain", "overall") or col > n):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and col > 0:
            if col <= n:
                v = _num(row.scores[col - 1])
                return QColor(style.score_fill(v)) if v is not None else None
            if row.change is not None and abs(row.change) > 1e-9:
                return QColor(UP[0] if row.change > 0 else DOWN[0])
        if role == Qt.ItemDataRole.ForegroundRole and col > n and row.change:
            return QColor(UP[1] if row.change > 0 else DOWN[1])
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return str(self.data(index, Qt.ItemDataRole.DisplayRole))
        return None


def findings_html(c: Comparison) -> str:
    """What moved and whether the actions worked, for the findings tab."""
    since = c.since_last
    dates = [r.label for r in c.reviews]

    def kloe_items(rows, limit=12) -> str:
        items = "".join(
            f"<li><b>{escape(k.id)}</b> {escape(k.title)} — "
            f"{' → '.join(fmt_value(s) for s in k.scores)} ({fmt_change(k.change)})"
            + (f"<br/><i>Reason given: {escape(k.reason)}</i>" if k.reason else "") + "</li>"
            for k in rows[:limit])
        more = f"<li>… and {len(rows) - limit} more (see the table)</li>" if len(rows) > limit \
            else ""
        return f"<ul>{items}{more}</ul>" if rows else "<p>None.</p>"

    cov = c.overall.coverage
    conf = [x.mean for x in c.confidence]
    html = [f"<h3>{escape(c.system)}: {len(c.reviews)} reviews, {escape(dates[0])} to "
            f"{escape(dates[-1])}</h3>",
            f"<p>Overall {fmt_value(c.overall.first)} → {fmt_value(c.overall.last)} "
            f"(<b>{fmt_change(c.overall.change)}</b>). Coverage {fmt_coverage(cov[0])} → "
            f"{fmt_coverage(cov[-1])}. Mean confidence {fmt_value(conf[0])} → "
            f"{fmt_value(conf[-1])} (1 low, 3 high).</p>",
            f"<p><b>{len(c.improved)}</b> KLOEs improved, <b>{len(c.declined)}</b> declined, "
            f"{len(c.unchanged)} unchanged, {len(c.not_compared)} without a score at both "
            f"ends.</p>"]
    if len(c.reviews) > 2:
        html.append(f"<p>Since the last review ({escape(since.reviews[0].label)}): "
                    f"{len(since.improved)} improved, {len(since.declined)} declined.</p>")
    html.append("<h4>Did the actions work?</h4>")
    if c.done_not_moved:
        html.append("<p>Actions marked done whose linked KLOEs did not move up:</p><ul>")
        for e in c.done_not_moved:
            kloes = "; ".join(f"{escape(k.id)} {' → '.join(fmt_value(s) for s in k.scores)}"
                              for k in e.unmoved)
            html.append(f"<li><b>{escape(e.action.description)}</b> — {kloes}</li>")
        html.append("</ul>")
    elif c.done:
        html.append("<p>Every finished action's linked KLOEs moved up.</p>")
    else:
        html.append("<p>No action in the plan is marked done yet.</p>")
    if c.moved_without_action:
        html.append("<p>KLOEs that moved with no action in progress or done behind them:</p>")
        html.append(kloe_items([m.kloe for m in c.moved_without_action]))
    else:
        html.append("<p>Every KLOE that moved had an action behind it.</p>")
    html += ["<h4>Declined</h4>", kloe_items(c.declined),
             "<h4>Improved</h4>", kloe_items(c.improved)]
    p = c.progress()
    html.append(f"<h4>Action plan</h4><p>{p['total']} actions: {p['done']} done, "
                f"{p['in_progress']} in progress, {p['not_started']} not started, "
                f"{p['blocked']} blocked, {p['dropped']} dropped; <b>{p['overdue']}</b> "
                f"overdue.</p>")
    if c.overdue:
        html.append("<ul>" + "".join(
            f"<li>Overdue: {escape(a.description)} (due {a.due:%d %b %Y}, "
            f"{escape(ACTION_STATUSES.get(a.status or '', ''))})</li>" for a in c.overdue)
            + "</ul>")
    if c.indicators:
        html.append("<h4>Indicators</h4><ul>")
        for ind in c.indicators:
            values = " → ".join(("—" if v is None else f"{v:g}")
                                + (f" ({RAG_WORDS[r]})" if r else "")
                                for v, r in zip(ind.values, ind.rags))
            html.append(f"<li>{escape(ind.name)}: {values} — {ind.movement or 'not compared'}"
                        "</li>")
        html.append("</ul>")
    for _earlier, _later, step in c.framework_changes:
        html.append(f"<h4>Framework {escape(step.from_version)} → {escape(step.to_version)}"
                    f"</h4><ul>")
        for kc in step.kloes:
            text = kc.statement or kc.previous_statement
            html.append(f"<li>{escape(kc.change)}: <b>{escape(kc.kloe_id)}</b> "
                        f"{escape(text)}</li>")
        html.append("</ul>")
    return "".join(html)


def _compare_work(path: Path | None, current: Review, earlier: list[Path] | None
                  ) -> tuple[Comparison | None, list[Path]]:
    """Finds the earlier reviews (unless chosen), opens them read-only and compares them with a
    snapshot of this review. Runs on a pool thread: it touches no widget and no open file."""
    if earlier is None:
        earlier = find_earlier(path, current) if path else []
    if not earlier:
        return None, []
    named = [(path.name if path else "this review", current)]
    for other in earlier:
        with ReviewFile.open(other, readonly=True) as rf:
            named.append((other.name, rf.review))
    return compare(named), earlier


def snapshot(review: Review) -> Review:
    """A copy that later edits will not touch (records themselves are immutable)."""
    return Review(review.framework, review.info,
                  {kind: dict(items) for kind, items in review.records.items()})


class ComparisonView(QWidget):
    """This review against earlier ones: radar overlay, trend, deltas and findings."""

    loaded = Signal(object)
    failed = Signal(str)
    nothing_found = Signal()

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.earlier: list[Path] | None = None
        """The earlier files compared with; None until found beside the review or chosen."""
        self.comparison: Comparison | None = None
        self._stale = True
        self._token = 0
        self._job: BackgroundJob | None = None
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(700)
        self._refresh_timer.timeout.connect(self.refresh)

        self.title = role_label("Comparison with earlier reviews", "page-title")
        self.subtitle = role_label("", "secondary")
        self.message = role_label("", "hint")
        self.message.setAccessibleName("Comparison status")
        self.choose_button = accessible(QPushButton("Choose earlier reviews…"),
                                        "Choose earlier reviews",
                                        "Pick the earlier review files of this system")
        self.choose_button.clicked.connect(self.choose_earlier)
        self.radar = RadarOverlay()
        self.trend = TrendChart()
        self.model = DeltaTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        accessible(self.table, "Changes since earlier reviews",
                   "Each item's score in every review and the change (latest minus earliest)")
        self.filter = QComboBox()
        for key, text in FILTERS.items():
            self.filter.addItem(text, key)
        accessible(self.filter, "Show", "Which rows the table shows")
        self.filter.currentIndexChanged.connect(
            lambda _i: self._set_filter(self.filter.currentData()))
        self.findings = QTextBrowser()
        self.findings.setOpenExternalLinks(False)
        accessible(self.findings, "Findings", "What moved, and whether the actions worked")

        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        head.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignTop)

        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.radar)
        charts.addWidget(self.trend)
        charts.setSizes([500, 560])
        table_page = QWidget()
        tl = QVBoxLayout(table_page)
        tl.setContentsMargins(0, 6, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("Show:"))
        row.addWidget(self.filter)
        row.addStretch(1)
        tl.addLayout(row)
        tl.addWidget(self.table)
        self.tabs = QTabWidget()
        self.tabs.addTab(table_page, "Changes")
        self.tabs.addTab(self.findings, "Findings")
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(charts)
        body.addWidget(self.tabs)
        body.setSizes([430, 330])
        self.body = body

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(head)
        layout.addWidget(self.message)
        layout.addWidget(body, 1)
        layout.addStretch(0)  # keeps the heading at the top while there is nothing to show
        self.message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setAccessibleName("Comparison")

        session.file_changed.connect(self._on_file_changed)
        session.changed.connect(self._on_review_changed)
        self._on_file_changed()

    # View methods (answered by tests) --------------------------------------------------------
    def ask_earlier_paths(self) -> list[str]:
        start = str(self.session.path.parent) if self.session.path else ""
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Choose earlier reviews of this system", start,
            "SIT Maturity reviews (*.sitreview);;All files (*)")
        return paths

    # Acting ----------------------------------------------------------------------------------
    def choose_earlier(self) -> bool:
        paths = self.ask_earlier_paths()
        if not paths:
            return False
        self.set_earlier([Path(p) for p in paths])
        return True

    def set_earlier(self, paths: list[Path]) -> None:
        self.earlier = list(paths)
        self.refresh()

    def refresh(self) -> None:
        """Compare again in the background (after edits, or other earlier files)."""
        self._refresh_timer.stop()
        self._stale = False
        review = self.session.review
        self._token += 1
        if review is None:
            self._show(None)
            self._say("")
            return
        self._say("Comparing with earlier reviews…")
        earlier = None if self.earlier is None else list(self.earlier)
        path, current, token = self.session.path, snapshot(review), self._token
        self._job = start_job(self, lambda _progress: _compare_work(path, current, earlier),
                              on_done=lambda result: self._on_result(token, *result),
                              on_failed=lambda message: self._on_failed(token, message))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def wait(self, timeout_ms: int = 20_000) -> bool:
        """Block until the comparison in progress ends (for screenshots and the command line).
        False if it did not end in time."""
        if self._stale:
            self.refresh()
        if self.message.text() != "Comparing with earlier reviews…":
            return True
        loop = QEventLoop()
        ended: list[bool] = []

        def end(*_args) -> None:
            ended.append(True)
            loop.quit()

        signals = (self.loaded, self.failed, self.nothing_found)
        for signal in signals:
            signal.connect(end)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        for signal in signals:
            signal.disconnect(end)
        return bool(ended)

    def _set_filter(self, key: str) -> None:
        self.model.set_filter(key)
        self._size_columns()

    # Results ---------------------------------------------------------------------------------
    def _on_result(self, token: int, comparison: Comparison | None, earlier: list) -> None:
        if comparison is None:
            self._on_none_found(token)
        else:
            self._on_done(token, comparison, earlier)

    def _on_none_found(self, token: int) -> None:
        if token != self._token:
            return
        self.earlier = []
        self._show(None)
        self._say("No earlier review of this system was found beside this file. Choose the "
                  "earlier review files to compare with.")
        self.nothing_found.emit()

    def _on_done(self, token: int, comparison: Comparison, earlier: list) -> None:
        if token != self._token:
            return
        if self.earlier is None:
            self.earlier = list(earlier)
        if comparison.reviews[-1].file != (self.session.path.name if self.session.path
                                           else "this review"):
            self._show(None)
            self._say("This review is older than the ones chosen: open the latest review to "
                      "compare it with the earlier ones.", warn=True)
            self.failed.emit("not the latest")
            return
        self._show(comparison)
        self._say("")
        self.loaded.emit(comparison)

    def _on_failed(self, token: int, message: str) -> None:
        if token != self._token:
            return
        self._show(None)
        self._say(f"Cannot compare: {message}", warn=True)
        self.failed.emit(message)

    def _show(self, comparison: Comparison | None) -> None:
        self.comparison = comparison
        self.radar.set_comparison(comparison)
        self.trend.set_comparison(comparison)
        self.model.set_comparison(comparison)
        self._size_columns()
        if comparison is None:
            self.findings.setHtml("")
            self.subtitle.setText("")
            self.body.setVisible(False)
            return
        self.body.setVisible(True)
        dates = ", ".join(r.label for r in comparison.reviews)
        self.title.setText(f"{comparison.system}: comparison")
        self.subtitle.setText(f"Reviews of {dates}. Change is this review minus the earliest; "
                              f"scales fixed at 0–{comparison.scale_max}.")
        self.findings.setHtml(findings_html(comparison))

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        if self.model.columnCount() == 0:
            return
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, self.model.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)

    def _say(self, text: str, warn: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("role", "warning" if warn else "hint")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(bool(text))

    # Session reactions -----------------------------------------------------------------------
    def _on_file_changed(self) -> None:
        self._refresh_timer.stop()
        self._token += 1
        self.earlier = None
        self._show(None)
        self._say("")
        self.title.setText("Comparison with earlier reviews")
        self.choose_button.setEnabled(self.session.review is not None)
        self._stale = True
        if self.isVisible():
            self.refresh()

    def _on_review_changed(self, command) -> None:
        if not ({"kloe", "action", "indicator", "info"} & command.kinds):
            return
        self._stale = True
        if self.isVisible() and self.earlier:
            self._refresh_timer.start()
