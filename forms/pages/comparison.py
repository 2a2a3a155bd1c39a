"""The comparison page: this review against earlier ones, drawn with QPainter.

The radar overlays every review's domain scores on one fixed 0–max axis; the trend chart has a
line per domain across the reviews; the table lists every domain, element and KLOE with its
scores and the change; the findings say what moved and whether the actions worked.

Earlier files are opened and compared off the UI thread, on a snapshot of the review being
edited, so the page never freezes; a result that arrives after a newer request is dropped.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QEventLoop,
    Qt,
    QTimer,
    Signal,
)
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

from forms.charts.radar import ComparisonRadar
from forms.charts.trend import TrendChart
from forms.models.deltas import FILTERS, DeltaTableModel, findings_html
from forms.tasks import BackgroundJob, start_job
from forms.widgets import accessible, role_label
from maturity.compare import Comparison, compare, find_earlier
from maturity.review import Review
from maturity.reviewfile import ReviewFile


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
        caveat = comparison.change_caveat
        self._say(f"{caveat}: the overall change is shown but says more about which KLOEs "
                  f"were scored than about the system." if caveat else "", warn=True)
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
