"""The domain panel: the domain's picture, its indicators (RAG with the threshold shown), and
the framework's findings, examples and resources."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forms import style
from forms.dialogs.evidence import link_url, may_open
from forms.panels.element import plain_item, score_item
from forms.widgets import (
    Coalesced,
    Disclosure,
    RefreshWhenShown,
    accessible,
    bullets,
    fill_with_scroll,
    role_label,
    signals_blocked,
)
from maturity import edits
from maturity.commands import Command
from maturity.rules import indicator_warnings
from maturity.scoring import rag, rollup
from maturity.wording import fmt_coverage, fmt_number, fmt_score

IND_NAME, IND_VALUE, IND_DATE, IND_SOURCE, IND_THRESHOLD, IND_RAG = range(6)
EDITABLE = (IND_VALUE, IND_DATE, IND_SOURCE)


def parse_date(text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d %b %Y", "%d %B %Y", "%b %Y", "%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise edits.ReviewError(f"{text!r} is not a date; type it as YYYY-MM-DD (e.g. 2026-03-31) "
                            f"or DD/MM/YYYY")


def rag_item(letter: str | None) -> QTableWidgetItem:
    fill, text = style.RAG_COLOURS[letter]
    label = f"{letter} · {style.RAG_WORDS[letter]}" if letter else "—"
    item = plain_item(label)
    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    item.setBackground(QColor(fill))
    item.setForeground(QColor(text))
    item.setToolTip(f"RAG: {style.RAG_WORDS[letter]}")
    return item


def check_item(problem: str) -> QTableWidgetItem:
    """In place of a RAG: a figure the indicator rule rules out, with the reason."""
    fill, text = style.RAG_COLOURS["A"]
    item = plain_item("⚠ Check figure")
    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    item.setBackground(QColor(fill))
    item.setForeground(QColor(text))
    item.setToolTip(f"No RAG: {problem}")
    return item


class DomainPanel(RefreshWhenShown, QWidget):
    item_activated = Signal(str)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.domain_id: str | None = None
        self._stale = False
        self.schedule_refresh = Coalesced(self, lambda: self.refresh())

        self.title = role_label("", "page-title")
        self.title.setAccessibleName("Domain")
        self.statement = role_label("", "")
        self.summary = role_label("", "hint")
        self.good_text = role_label("", "")
        self.good_text.setTextFormat(Qt.TextFormat.RichText)
        self.good = Disclosure("What good looks like", self.good_text, expanded=False)

        self.elements = QTableWidget(0, 5)
        self.elements.setHorizontalHeaderLabels(["Element", "Score", "Target", "Gap", "Coverage"])
        self._table_setup(self.elements, "Elements in this domain",
                          "Enter or double-click opens an element")
        self.elements.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.elements.itemActivated.connect(self._on_element_activated)

        self.indicators = QTableWidget(0, 6)
        self.indicators.setHorizontalHeaderLabels(["Indicator", "Value", "Date", "Source",
                                                   "Threshold", "RAG"])
        self._table_setup(self.indicators, "Indicators",
                          "Type a value, date (YYYY-MM-DD) and source; RAG compares the value "
                          "with the threshold shown; point at a threshold marked (note) for "
                          "where it comes from. "
                          "Clear the value to remove it.")
        self.indicators.setEditTriggers(QTableWidget.EditTrigger.DoubleClicked
                                        | QTableWidget.EditTrigger.EditKeyPressed
                                        | QTableWidget.EditTrigger.AnyKeyPressed)
        self.indicators.itemChanged.connect(self._on_indicator_edited)
        # Only the indicator's name stretches; the source wraps in a set width and the
        # threshold's note is in its tooltip, so threshold and RAG stay in view.
        self.indicators.horizontalHeader().setSectionResizeMode(
            IND_SOURCE, QHeaderView.ResizeMode.Interactive)
        self.indicators.setColumnWidth(IND_SOURCE, 170)
        self.indicator_hint = role_label("Double-click or start typing in Value, Date or Source "
                                         "to record a figure.", "secondary")

        self.findings = role_label("", "")
        self.findings.setTextFormat(Qt.TextFormat.RichText)
        self.examples = role_label("", "")
        self.examples.setTextFormat(Qt.TextFormat.RichText)
        self.resources = role_label("", "")
        self.resources.setTextFormat(Qt.TextFormat.RichText)
        self.resources.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                               | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.resources.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        accessible(self.resources, "Tools and resources",
                   "Links open in your web browser; Tab moves between them")
        self.resources.linkActivated.connect(self._open_resource)

        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(18, 12, 18, 12)
        outer.setSpacing(8)
        outer.addWidget(self.title)
        outer.addWidget(self.statement)
        outer.addWidget(self.summary)
        outer.addWidget(self.good)
        outer.addWidget(role_label("Elements", "section"))
        outer.addWidget(self.elements)
        self.indicator_heading = role_label("Indicators", "section")
        outer.addWidget(self.indicator_heading)
        outer.addWidget(self.indicators)
        outer.addWidget(self.indicator_hint)
        self.findings_heading = role_label("Common findings in reviews", "section")
        outer.addWidget(self.findings_heading)
        outer.addWidget(self.findings)
        self.examples_heading = role_label("Best-practice examples", "section")
        outer.addWidget(self.examples_heading)
        outer.addWidget(self.examples)
        self.resources_heading = role_label("Tools and resources", "section")
        outer.addWidget(self.resources_heading)
        outer.addWidget(self.resources)
        outer.addStretch(1)

        fill_with_scroll(self, body)
        self.setAccessibleName("Domain")

        session.changed.connect(self._on_review_changed)
        session.file_changed.connect(lambda: setattr(self, "domain_id", None))

    @staticmethod
    def _table_setup(table: QTableWidget, name: str, description: str) -> None:
        table.verticalHeader().setVisible(False)
        h = table.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, table.columnCount()):
            h.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectItems)
        table.setWordWrap(True)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        accessible(table, name, description)

    @staticmethod
    def _fit_height(table: QTableWidget) -> None:
        table.resizeRowsToContents()
        height = table.horizontalHeader().height() + sum(
            table.rowHeight(r) for r in range(table.rowCount())) + 4
        table.setFixedHeight(height)

    def show_domain(self, domain_id: str) -> None:
        self.domain_id = domain_id
        self.refresh()

    def _on_review_changed(self, command: Command) -> None:
        if self.domain_id is None:
            return
        self.refresh_when_shown(self.schedule_refresh)

    def refresh(self) -> None:
        review = self.session.review
        if review is None or self.domain_id is None:
            return
        fw = review.framework
        d = fw.domain(self.domain_id)
        result = rollup(review).domain(d.id)
        self.title.setText(f"{d.number}. {d.title}")
        self.statement.setText(f"<b>Maturity indicator.</b> {escape(d.indicator_statement)}")
        self.summary.setText(f"Domain score <b>{fmt_score(result.score)}</b> of "
                             f"{fw.scale.maximum} · average target {result.target:.1f} · "
                             f"coverage {fmt_coverage(result.coverage)} ({result.scored} of "
                             f"{result.applicable} KLOEs scored)")
        self.good_text.setText(bullets(d.what_good_looks_like))
        self.good.setVisible(bool(d.what_good_looks_like))

        self.elements.setRowCount(0)
        for e, er in zip(d.elements, result.elements):
            row = self.elements.rowCount()
            self.elements.insertRow(row)
            self.elements.setItem(row, 0, plain_item(e.title, e.id))
            self.elements.setItem(row, 1, score_item(er.score))
            self.elements.setItem(row, 2, plain_item(str(er.target)))
            gap = er.gap
            self.elements.setItem(row, 3, plain_item("—" if gap is None else f"{gap:+.1f}"))
            self.elements.setItem(row, 4, plain_item(fmt_coverage(er.coverage)))
        self._fit_height(self.elements)

        writable = not self.session.readonly
        warnings = indicator_warnings(review, dt.date.today())
        with signals_blocked(self.indicators):
            self.indicators.setRowCount(0)
            for ind in d.indicators:
                row = self.indicators.rowCount()
                self.indicators.insertRow(row)
                value = review.indicator_value(ind.id)
                name = plain_item(f"{ind.name}" + (f" ({ind.unit})" if ind.unit else ""), ind.id)
                if ind.source:
                    name.setToolTip(f"{ind.name}\nUsual source: {ind.source}")
                self.indicators.setItem(row, IND_NAME, name)
                cells = {
                    IND_VALUE: fmt_number(value.value) if value else "",
                    IND_DATE: value.date.isoformat() if value and value.date else "",
                    IND_SOURCE: value.source if value else "",
                }
                for col, text in cells.items():
                    item = QTableWidgetItem(text)
                    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                    if writable:
                        flags |= Qt.ItemFlag.ItemIsEditable
                    item.setFlags(flags)
                    if col == IND_VALUE:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    self.indicators.setItem(row, col, item)
                threshold = plain_item(ind.threshold_text)
                if ind.threshold_note:
                    threshold.setText(ind.threshold_text + " (note)")
                    threshold.setToolTip(ind.threshold_note)
                self.indicators.setItem(row, IND_THRESHOLD, threshold)
                problem = warnings.get(ind.id)
                if problem:  # held in the file but ruled out: say why, show no RAG from it
                    self.indicators.setItem(row, IND_RAG, check_item(problem))
                    self.indicators.item(row, IND_VALUE).setToolTip(f"Check this figure: "
                                                                    f"{problem}")
                else:
                    self.indicators.setItem(row, IND_RAG, rag_item(
                        rag(ind, value.value if value else None)))
        self._fit_height(self.indicators)
        has_ind = bool(d.indicators)
        for w in (self.indicator_heading, self.indicators, self.indicator_hint):
            w.setVisible(has_ind)

        self.findings.setText(bullets(d.common_findings))
        self.examples.setText("<ul style='margin:0; -qt-list-indent: 1;'>" + "".join(
            f"<li style='margin-bottom:3px'><b>{escape(x.area)}:</b> {escape(x.text)}</li>"
            for x in d.examples) + "</ul>" if d.examples else "")
        self.resources.setText("<ul style='margin:0; -qt-list-indent: 1;'>" + "".join(
            f"<li style='margin-bottom:3px'><a href='{escape(r.url, quote=True)}' style='color:"
            f"{style.NHS_BLUE}'>{escape(r.title)}</a></li>" for r in d.resources) + "</ul>"
            if d.resources else "")
        for heading, label, has in ((self.findings_heading, self.findings, d.common_findings),
                                    (self.examples_heading, self.examples, d.examples),
                                    (self.resources_heading, self.resources, d.resources)):
            heading.setVisible(bool(has))
            label.setVisible(bool(has))

    # Editing indicators --------------------------------------------------------------------
    def _on_indicator_edited(self, item: QTableWidgetItem) -> None:
        row = item.row()
        indicator_id = self.indicators.item(row, IND_NAME).data(Qt.ItemDataRole.UserRole)
        value_text = self.indicators.item(row, IND_VALUE).text().strip()
        date_text = self.indicators.item(row, IND_DATE).text()
        source = self.indicators.item(row, IND_SOURCE).text()
        name = self.session.review.framework.indicator(indicator_id).name
        try:
            date = parse_date(date_text)
        except edits.ReviewError as exc:
            self.session.report_error("That date was not understood", f"{name}: {exc}")
            self.schedule_refresh()
            return
        current = self.session.review.indicator_value(indicator_id)
        if not value_text:
            if current is not None:  # clearing the value removes the figure
                self.session.edit(edits.set_indicator, indicator_id, None)
            elif date or source.strip():
                self.session.report_error("Enter the value first",
                                          f"{name}: type the figure in Value before its date "
                                          f"or source.")
                self.schedule_refresh()
            return
        if not self.session.edit(edits.set_indicator, indicator_id, value_text or None,
                                 date=date, source=source):
            self.schedule_refresh()

    def set_indicator_cell(self, indicator_id: str, column: int, text: str) -> None:
        """Type into a cell as a user would (for tests and scripted use)."""
        for row in range(self.indicators.rowCount()):
            if self.indicators.item(row, IND_NAME).data(Qt.ItemDataRole.UserRole) == indicator_id:
                self.indicators.item(row, column).setText(text)
                return
        raise KeyError(indicator_id)

    def _on_element_activated(self, item: QTableWidgetItem) -> None:
        element_id = self.elements.item(item.row(), 0).data(Qt.ItemDataRole.UserRole)
        if element_id:
            self.item_activated.emit(element_id)

    def _open_resource(self, text: str) -> bool:
        try:
            url = link_url(text)
        except ValueError as exc:
            self.session.report_error("The link was not opened",
                                      f"{exc}. Only web and email links open from the app.")
            return False
        return self.open_url(url)

    def open_url(self, url: QUrl) -> bool:
        """A view method (tests replace it): hand a web link to the system's browser."""
        if not may_open(url):
            self.session.report_error("Not opened", f"{url.toString()[:120]} is not a web or "
                                                    f"email link, so it was not opened.")
            return False
        return QDesktopServices.openUrl(url)
