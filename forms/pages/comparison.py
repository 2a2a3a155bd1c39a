"""The comparison page: this review against earlier ones, drawn with QPainter.

The radar overlays every review's domain scores on one fixed 0–max axis; the trend chart has a
line per domain across the reviews; the table lists every domain, element and KLOE with its
scores and the change; the findings say what moved and whether the actions worked.

Earlier files are opened and compared off the UI thread, on a snapshot of the review being
edited, so the page never freezes; a result that arrives after a newer request is dropped.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QEventLoop,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont
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
from forms.charts.radar import ComparisonRadar, number
from forms.charts.trend import TrendChart
from forms.tasks import BackgroundJob, start_job
from forms.widgets import accessible, role_label
from maturity.compare import Comparison, Row, compare, find_earlier
from maturity.review import ACTION_STATUSES, Review
from maturity.reviewfile import ReviewFile
from maturity.scoring import RAG_WORDS
from maturity.wording import fmt_change, fmt_coverage, fmt_value

UP = ("#CDE8C5", "#00401E")
DOWN = ("#F7C8C3", "#8A1538")


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
                v = number(row.scores[col - 1])
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
        self.radar = ComparisonRadar()
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
