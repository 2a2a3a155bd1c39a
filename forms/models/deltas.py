"""The comparison's table of scores over the reviews, and its findings in words."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from forms import style
from forms.charts.radar import number
from maturity.compare import Comparison, Row
from maturity.review import ACTION_STATUSES
from maturity.scoring import RAG_WORDS
from maturity.wording import (
    fmt_change,
    fmt_coverage,
    fmt_date,
    fmt_number,
    fmt_value,
    unit_suffix,
)

UP = ("#CDE8C5", "#00401E")
DOWN = ("#F7C8C3", "#8A1538")
"""Fills and inks for a score that rose or fell."""
CAVEAT = ("#E8EDEE", "#425563")
"""A change not to be read as a rise or fall: too few KLOEs scored (grey, never green)."""

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

    def _caveat(self, row: Row) -> str:
        """The overall change's caveat, when too few KLOEs were scored to trust it."""
        return self.comparison.change_caveat if row.level == "overall" and self.comparison \
            else ""

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
                    return f"        {row.title}{flag}"
                return row.title
            if col <= n:
                return fmt_value(row.scores[col - 1])
            if self._caveat(row):
                return f"{fmt_change(row.change)} (not reliable)"
            return fmt_change(row.change)
        if role == Qt.ItemDataRole.ToolTipRole and col > n and self._caveat(row):
            return self._caveat(row)
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
            if self._caveat(row):
                return QColor(CAVEAT[0])
            if row.change is not None and abs(row.change) > 1e-9:
                return QColor(UP[0] if row.change > 0 else DOWN[0])
        if role == Qt.ItemDataRole.ForegroundRole and col > n and self._caveat(row):
            return QColor(CAVEAT[1])
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
            f"(<b>{fmt_change(c.overall.change)}</b>"
            + (f" — <b>{escape(c.change_caveat)}</b>" if c.change_caveat else "")
            + f"). Coverage {fmt_coverage(cov[0])} → "
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
            f"<li>Overdue: {escape(a.description)} (due {fmt_date(a.due)}, "
            f"{escape(ACTION_STATUSES.get(a.status or '', ''))})</li>" for a in c.overdue)
            + "</ul>")
    if c.indicators:
        html.append("<h4>Indicators</h4><ul>")
        for ind in c.indicators:
            values = " → ".join(("—" if v is None
                                 else f"{fmt_number(v)}{unit_suffix(ind.unit)}")
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
