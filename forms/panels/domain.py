"""The domain panel: the domain's picture, its indicators (RAG with the threshold shown), and
the framework's findings, examples and resources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractItemView, QVBoxLayout, QWidget

from forms import style
from forms.dialogs.evidence import link_url, may_open
from forms.models.table import Column, RecordTable, RecordTableModel
from forms.panels.element import fit_first_column, plain_column, score_column
from forms.widgets import (
    Coalesced,
    Disclosure,
    RefreshWhenShown,
    accessible,
    bullets,
    fill_with_scroll,
    role_label,
)
from maturity import edits
from maturity.commands import Command
from maturity.indicators import IndicatorLine, indicator_line, indicator_lines
from maturity.review import Review
from maturity.scoring import ElementResult, rollup
from maturity.wording import fmt_change, fmt_coverage, fmt_score

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


def element_columns(review: Callable[[], Review]) -> list[Column[ElementResult]]:
    return [
        plain_column("Element", lambda e: review().framework.element(e.id).title),
        score_column("Score", lambda e: e.score),
        plain_column("Target", lambda e: str(e.target)),
        plain_column("Gap", lambda e: fmt_change(e.gap)),
        plain_column("Coverage", lambda e: fmt_coverage(e.coverage)),
    ]


def indicator_columns(edit: Callable[[IndicatorLine, int, str], bool],
                      writable: Callable[[], bool]) -> list[Column[IndicatorLine]]:
    """The indicator table; ``edit(line, column, text)`` records what was typed in a cell."""

    def typed(column: int, text: Callable[[IndicatorLine], str], **more) -> Column:
        return Column(("Value", "Date", "Source")[column - IND_VALUE], text,
                      edit=lambda line, value: edit(line, column, value),
                      editable=lambda _line: writable(), **more)

    def rag_text(i: IndicatorLine) -> str:
        if i.problem:  # held in the file but ruled out: no RAG from it
            return "⚠ Check figure"
        return f"{i.rag} · {style.RAG_WORDS[i.rag]}" if i.rag else "—"

    # Only the indicator's name stretches; the source and threshold wrap in set widths and the
    # threshold's note is in its tooltip, so threshold and RAG stay in view on a small screen.
    return [
        Column("Indicator", lambda i: i.label, tooltip=lambda i: i.about),
        typed(IND_VALUE, lambda i: i.value_text, align=Qt.AlignmentFlag.AlignCenter,
              tooltip=lambda i: f"Check this figure: {i.problem}" if i.problem else None),
        typed(IND_DATE, lambda i: i.date_text),
        typed(IND_SOURCE, lambda i: i.source_text, width=120),
        Column("Threshold", lambda i: i.threshold_text,
               tooltip=lambda i: i.indicator.threshold_note or i.threshold_text, width=110),
        Column("RAG", rag_text,
               tooltip=lambda i: f"No RAG: {i.problem}" if i.problem
               else f"RAG: {style.RAG_WORDS[i.rag]}",
               colours=lambda i: style.RAG_COLOURS["A" if i.problem else i.rag],
               align=Qt.AlignmentFlag.AlignCenter),
    ]


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

        self.elements_model = RecordTableModel(element_columns(lambda: self.session.review),
                                               key=lambda e: e.id, parent=self)
        self.elements = RecordTable(self.elements_model, "Elements in this domain",
                                    "Enter or double-click opens an element")
        self._table_setup(self.elements)
        self.elements.activated_key.connect(self.item_activated.emit)

        self.indicators_model = RecordTableModel(
            indicator_columns(self._edit_indicator, lambda: not self.session.readonly),
            key=lambda i: i.id, parent=self)
        self.indicators = RecordTable(
            self.indicators_model, "Indicators",
            "Type a value, date (YYYY-MM-DD) and source; RAG compares the value with the "
            "threshold shown; point at a threshold marked (note) for where it comes from. "
            "Clear the value to remove it.", editable=True)
        self._table_setup(self.indicators)
        self.indicators.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.indicators.setEditTriggers(self.indicators.editTriggers()
                                        | QAbstractItemView.EditTrigger.AnyKeyPressed)
        # Rows wrap to the first column's width, known only once the panel is laid out.
        self._refit_tables = Coalesced(self, self._fit_tables)
        for table in (self.elements, self.indicators):
            table.horizontalHeader().sectionResized.connect(lambda *_: self._refit_tables())
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

        fill_with_scroll(self, body, name="Domain")
        self.setAccessibleName("Domain")

        session.changed.connect(self._on_review_changed)
        session.file_changed.connect(lambda: setattr(self, "domain_id", None))

    @staticmethod
    def _table_setup(table: RecordTable) -> None:
        fit_first_column(table)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _fit_tables(self) -> None:
        for table in (self.elements, self.indicators):
            table.resizeRowsToContents()
            height = table.horizontalHeader().height() + sum(
                table.rowHeight(r) for r in range(table.record_model().rowCount())) + 4
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
                             f"{fw.scale.maximum} · average target {fmt_score(result.target)} · "
                             f"coverage {fmt_coverage(result.coverage)} ({result.scored} of "
                             f"{result.applicable} KLOEs scored)")
        self.good_text.setText(bullets(d.what_good_looks_like))
        self.good.setVisible(bool(d.what_good_looks_like))

        self.elements_model.set_records(result.elements)
        self.indicators_model.set_records(indicator_lines(review, d.id))
        self._fit_tables()
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
    def _edit_indicator(self, line: IndicatorLine, column: int, text: str) -> bool:
        """One cell typed in: the figure is recorded with the other two cells as saved."""
        indicator_id = line.id
        saved = indicator_line(self.session.review, line.indicator)
        current = saved.value
        cells = {IND_VALUE: saved.value_text, IND_DATE: saved.date_text,
                 IND_SOURCE: saved.source_text, column: text}
        value_text = cells[IND_VALUE].strip()
        date_text = cells[IND_DATE]
        source = cells[IND_SOURCE]
        name = line.indicator.name
        try:
            date = parse_date(date_text)
        except edits.ReviewError as exc:
            self.session.report_error("That date was not understood", f"{name}: {exc}")
            return False
        if not value_text:
            if current is not None:  # clearing the value removes the figure
                return bool(self.session.edit(edits.set_indicator, indicator_id, None))
            if date or source.strip():
                self.session.report_error("Enter the value first",
                                          f"{name}: type the figure in Value before its date "
                                          f"or source.")
            return False
        return bool(self.session.edit(edits.set_indicator, indicator_id, value_text or None,
                                      date=date, source=source))

    def set_indicator_cell(self, indicator_id: str, column: int, text: str) -> bool:
        """Type into a cell as a user would (for tests and scripted use)."""
        row = self.indicators_model.row_of(indicator_id)
        if row < 0:
            raise KeyError(indicator_id)
        return self.indicators_model.setData(self.indicators_model.index(row, column), text)

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
