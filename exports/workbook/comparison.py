"""The Comparison and Trend sheets (with a native line chart), and the standalone comparison
workbook.

The review workbook calls ``add_comparison_sheets`` when earlier reviews are given; the
``compare`` command writes a standalone workbook with the same sheets. Changes carry a sign and
a colour, and the number is always shown, so nothing depends on colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.line import LineProperties
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from maturity.compare import Comparison, Row
from maturity.review import ACTION_STATUSES
from maturity.wording import unit_suffix

from .. import palette
from .kit import (
    BOLD_FONT,
    CENTRE,
    DATE_FORMAT,
    GRID,
    PALE_FILL,
    SCORE_FORMAT,
    SECTION_FONT,
    SUB_FONT,
    TITLE_FONT,
    TOP,
    WRAP,
    header_row,
    plain_row,
    print_setup,
    put,
    rag_cell,
    score_colours,
    score_value,
    sheet_title,
    write_book,
)

CHANGE_FORMAT = "+0.0;-0.0;0.0"
KLOE_CHANGE_FORMAT = "+0;-0;0"
MARKERS = ["circle", "square", "triangle", "diamond", "x", "star", "plus", "dash", "circle",
           "square"]


def _change_colours(ws: Worksheet, ref: str) -> None:
    for op, (fill, ink) in (("greaterThan", palette.UP), ("lessThan", palette.DOWN)):
        ws.conditional_formatting.add(ref, CellIsRule(
            operator=op, formula=["0"], fill=PatternFill("solid", fgColor=fill, bgColor=fill),
            font=Font(color=ink, bold=True)))


def comparison_sheet(wb: Workbook, c: Comparison, used: set[str]) -> Worksheet:
    """Every domain, element and KLOE with its score in each review and the change, then what
    moved, the indicators, the action plan's progress and whether the actions worked."""
    ws = wb.create_sheet(sheet_title("Comparison", used))
    n = len(c.reviews)
    dates = [r.label for r in c.reviews]
    put(ws, 1, 1, f"{c.system}: comparison of {n} reviews", font=TITLE_FONT, align=TOP)
    put(ws, 2, 1, f"{', '.join(dates)}. Change is the latest review ({dates[-1]}) minus the "
                  f"earliest ({dates[0]}); blank = not assessed.", font=SUB_FONT, align=TOP)
    if c.change_caveat:
        put(ws, 3, 1, f"Overall change: {c.change_caveat}.", font=Font(bold=True), align=TOP)
    top = 4
    change_col = 3 + n
    headers = ([("Item", 62), ("Level", 12)] + [(d, 12) for d in dates]
               + [("Change", 10), ("Framework change", 16)])
    header_row(ws, top, headers)
    r = top
    centre = {col: CENTRE for col in range(2, change_col + 2)}

    def write(row: Row, label: str, level: str, fmt: str, chg: str, font=None,
              note: str = "") -> None:
        nonlocal r
        r += 1
        plain_row(ws, r, [label, level, *(score_value(s) for s in row.scores), row.change, note],
             formats={**{col: fmt for col in range(3, 3 + n)}, change_col: chg},
             font=font, aligns=centre)

    write(c.overall, "Overall", "Overall", SCORE_FORMAT, CHANGE_FORMAT, BOLD_FONT)
    r += 1
    plain_row(ws, r, ["Coverage (KLOEs scored)", "Overall", *c.overall.coverage, c.coverage_change,
                 ""], formats={**{col: "0%" for col in range(3, 3 + n)},
                               change_col: "+0%;-0%;0%"}, aligns=centre)
    r += 1
    plain_row(ws, r, ["Confidence (mean: 1 low, 2 medium, 3 high)", "Overall",
                 *(None if x.mean is None else round(x.mean, 2) for x in c.confidence),
                 c.confidence_change, ""],
         formats={**{col: "0.0" for col in range(3, 3 + n)}, change_col: CHANGE_FORMAT},
         aligns=centre)
    elements_by_domain: dict[str, list[Row]] = {}
    kloes_by_element: dict[str, list[Row]] = {}
    for e in c.elements:
        elements_by_domain.setdefault(e.domain_id, []).append(e)
    for k in c.kloes:
        kloes_by_element.setdefault(k.element_id, []).append(k)
    first_score_row = top + 1
    for d in c.domains:
        write(d, d.title, "Domain", SCORE_FORMAT, CHANGE_FORMAT, BOLD_FONT)
        for e in elements_by_domain.get(d.id, []):
            write(e, f"   {e.title}", "Element", SCORE_FORMAT, CHANGE_FORMAT)
            for k in kloes_by_element.get(e.id, []):
                write(k, f"      {k.title}", "KLOE", "0", KLOE_CHANGE_FORMAT,
                      note=k.status)
    last = r
    first_col, last_col = get_column_letter(3), get_column_letter(2 + n)
    score_colours(ws, f"{first_col}{first_score_row}:{last_col}{first_score_row}")
    score_colours(ws, f"{first_col}{first_score_row + 3}:{last_col}{last}")
    change_letter = get_column_letter(change_col)
    _change_colours(ws, f"{change_letter}{top + 1}:{change_letter}{last}")
    ws.freeze_panes = ws.cell(row=top + 1, column=3)
    ws.auto_filter.ref = f"A{top}:{get_column_letter(change_col + 1)}{last}"
    ws.print_title_rows = f"{top}:{top}"

    r = last + 2
    r = _findings(ws, c, r, dates)
    print_setup(ws, f"{c.system} · Comparison")
    return ws


def _section(ws: Worksheet, row: int, title: str, note: str = "") -> int:
    put(ws, row, 1, title, font=SECTION_FONT, align=TOP)
    if note:
        put(ws, row + 1, 1, note, font=SUB_FONT, align=TOP)
        return row + 2
    return row + 1


def _subheader(ws: Worksheet, row: int, titles: Sequence[str]) -> int:
    """Column names for a block below the main table, whose columns mean something else."""
    for col, title in enumerate(titles, 1):
        put(ws, row, col, title, font=BOLD_FONT, align=CENTRE if col > 1 else WRAP,
            fill=PALE_FILL, border=GRID)
    return row + 1


def _as_table(ws: Worksheet, name: str, head: int, last: int, cols: int) -> None:
    """The block from its header row ``head`` to ``last`` as a spreadsheet table: its own
    header row and filter, kept when rows are sorted or added."""
    if last <= head:
        return
    t = Table(displayName=name, ref=f"A{head}:{get_column_letter(cols)}{last}")
    t.tableColumns = [TableColumn(id=i, name=str(ws.cell(row=head, column=i).value))
                      for i in range(1, cols + 1)]
    t.autoFilter = AutoFilter(ref=t.ref)
    t.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    ws.add_table(t)


def _findings(ws: Worksheet, c: Comparison, r: int, dates: list[str]) -> int:
    n = len(c.reviews)
    counts = (f"{len(c.improved)} improved, {len(c.declined)} declined, {len(c.unchanged)} "
              f"unchanged, {len(c.not_compared)} without a score at both ends")
    r = _section(ws, r, "What moved", f"KLOEs: {counts}.")
    head = r
    r = _subheader(ws, r, ["KLOE", "Movement", *dates, "Change", "Framework change"])
    for title, rows in (("Improved", c.improved), ("Declined", c.declined),
                        ("Unchanged", c.unchanged), ("Not compared", c.not_compared)):
        for k in rows:
            plain_row(ws, r, [k.title, title, *(score_value(s) for s in k.scores),
                         k.change, k.status], formats={3 + n: KLOE_CHANGE_FORMAT},
                 aligns={col: CENTRE for col in range(2, 4 + n)})
            r += 1
    _as_table(ws, "WhatMoved", head, r - 1, n + 4)
    r += 1

    r = _section(ws, r, "Did the actions work?",
                 "Actions marked done whose linked KLOEs did not move up, and KLOEs that "
                 "moved with no action in progress or done behind them.")
    if not c.done_not_moved and not c.moved_without_action:
        put(ws, r, 1, "Every finished action's KLOEs moved, and every move had an action.")
        r += 1
    head = r
    if c.done_not_moved or c.moved_without_action:
        r = _subheader(ws, r, ["Finding", "About", *dates, "Change"])
    for e in c.done_not_moved:
        for k in e.unmoved:
            plain_row(ws, r, [f"Done: {e.action.description} — “{k.title}” did not move",
                         "Action", *(score_value(s) for s in k.scores), k.change, ""],
                 formats={3 + n: KLOE_CHANGE_FORMAT},
                 aligns={col: CENTRE for col in range(2, 4 + n)})
            r += 1
    for m in c.moved_without_action:
        k = m.kloe
        why = ("its only linked actions were not started, blocked or dropped"
               if m.linked_actions else "no action was linked to it")
        plain_row(ws, r, [f"Moved, but {why}: {k.title}", "KLOE",
                     *(score_value(s) for s in k.scores), k.change, ""],
             formats={3 + n: KLOE_CHANGE_FORMAT}, aligns={col: CENTRE for col in range(2, 4 + n)})
        r += 1
    if c.done_not_moved or c.moved_without_action:
        _as_table(ws, "DidActionsWork", head, r - 1, n + 3)
    r += 1

    if c.indicators:
        r = _section(ws, r, "Indicators", "Value in each review with its RAG rating against "
                                          "the threshold; movement judged by the indicator's "
                                          "direction.")
        head = r
        r = _subheader(ws, r, ["Indicator (threshold)", "Kind", *dates, "Change", "Movement"])
        for ind in c.indicators:
            unit = unit_suffix(ind.unit).replace('"', "")
            plain_row(ws, r, [f"{ind.name} ({ind.threshold_text})", "Indicator", *ind.values,
                         ind.change, ind.movement or ""],
                 formats={**{col: f'#,##0.0##"{unit}"' for col in range(3, 3 + n)},
                          3 + n: f'+0.0##"{unit}";-0.0##"{unit}";0"{unit}"'},
                 aligns={col: CENTRE for col in range(2, 5 + n)})
            for i, rag in enumerate(ind.rags):
                if ind.values[i] is not None:
                    cell = ws.cell(row=r, column=3 + i)
                    rag_cell(cell, rag)
                    if rag:   # the number stays a number: unit and RAG are its format
                        cell.number_format = f'#,##0.0##"{unit} ({rag})"'
            r += 1
        _as_table(ws, "Indicators", head, r - 1, n + 4)
        r += 1

    p = c.progress()
    r = _section(ws, r, "Action plan progress",
                 f"At {dates[-1]}: {p['total']} actions — {p['done']} done, {p['in_progress']} "
                 f"in progress, {p['not_started']} not started, {p['blocked']} blocked, "
                 f"{p['dropped']} dropped; {p['overdue']} overdue; {p['new']} added since "
                 f"{dates[0]}.")
    head = r
    r = _subheader(ws, r, ["Action (status at each review)", "Kind", *dates, "Due", "Note"])
    for a in c.actions:
        statuses = [ACTION_STATUSES.get(s, "—") if s else "—" for s in a.statuses]
        note = "OVERDUE" if a.overdue else ("Removed" if a.removed else "")
        plain_row(ws, r, [a.description, "Action", *statuses, a.due, note],
             formats={3 + n: DATE_FORMAT}, aligns={col: CENTRE for col in range(2, 5 + n)})
        if a.overdue:
            rag_cell(ws.cell(row=r, column=4 + n), "R")
        r += 1
    _as_table(ws, "ActionProgress", head, r - 1, n + 4)
    r += 1

    if c.framework_changes:
        r = _section(ws, r, "Framework changes between reviews",
                     "KLOEs are matched across versions; added and retired ones have a score "
                     "only where "
                     "they exist.")
        head = r
        r = _subheader(ws, r, ["KLOE", "Change", "Versions"])
        for _, _, step in c.framework_changes:
            for kc in step.kloes:
                text = kc.statement or kc.previous_statement
                if kc.change == "reworded":
                    text = f"now “{kc.statement}”, was “{kc.previous_statement}”"
                plain_row(ws, r, [text, kc.change.capitalize(),
                             f"{step.from_version} → {step.to_version}"],
                     aligns={2: CENTRE, 3: CENTRE})
                r += 1
        _as_table(ws, "FrameworkChanges", head, r - 1, 3)
    return r


def trend_sheet(wb: Workbook, c: Comparison, used: set[str]) -> Worksheet:
    """Domain scores per review as a table and a native line chart on a fixed 0–max axis."""
    ws = wb.create_sheet(sheet_title("Trend", used))
    n = len(c.reviews)
    put(ws, 1, 1, f"{c.system}: domain scores over time", font=TITLE_FONT, align=TOP)
    put(ws, 2, 1, "Each line is a domain; the scale is fixed so movements are not "
                  "exaggerated.", font=SUB_FONT, align=TOP)
    top = 4
    header_row(ws, top, [("Domain", 40)] + [(r.label, 12) for r in c.reviews])
    rows = [*c.domains, c.overall]
    for i, d in enumerate(rows, top + 1):
        plain_row(ws, i, [d.title, *(score_value(s) for s in d.scores)],
             formats={col: SCORE_FORMAT for col in range(2, 2 + n)},
             font=BOLD_FONT if d is c.overall else None,
             aligns={col: CENTRE for col in range(2, 2 + n)})
    last = top + len(rows)
    score_colours(ws, f"B{top + 1}:{get_column_letter(1 + n)}{last}")
    ws.freeze_panes = ws.cell(row=top + 1, column=2)

    chart = LineChart()
    chart.title = "Domain scores over time"
    chart.style = 2
    chart.y_axis.title = "Score"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = c.scale_max
    chart.y_axis.majorUnit = 1
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.x_axis.title = "Review"
    data = Reference(ws, min_col=1, max_col=1 + n, min_row=top + 1, max_row=last - 1)
    chart.add_data(data, from_rows=True, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, max_col=1 + n, min_row=top, max_row=top))
    for i, series in enumerate(chart.series):
        colour = palette.LINES[i % len(palette.LINES)]
        series.graphicalProperties = GraphicalProperties(
            ln=LineProperties(solidFill=colour, w=22225))
        series.marker.symbol = MARKERS[i % len(MARKERS)]
        series.marker.size = 7
        series.marker.graphicalProperties = GraphicalProperties(solidFill=colour)
        series.smooth = False
    chart.height, chart.width = 12, 22
    ws.add_chart(chart, f"{get_column_letter(n + 3)}4")
    print_setup(ws, f"{c.system} · Trend")
    return ws


def add_comparison_sheets(wb: Workbook, comparison: Comparison,
                          used: set[str] | None = None) -> None:
    """Add the Comparison and Trend sheets to a workbook (``used``: sheet names taken)."""
    used = used if used is not None else {ws.title.casefold() for ws in wb.worksheets}
    comparison_sheet(wb, comparison, used)
    trend_sheet(wb, comparison, used)


def build_comparison_workbook(comparison: Comparison) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    add_comparison_sheets(wb, comparison, set())
    wb.properties.title = f"{comparison.system}: comparison of reviews"[:250]
    wb.properties.creator = "SIT Maturity"
    return wb


def write_comparison_workbook(comparison: Comparison, path: str | Path) -> Path:
    return write_book(build_comparison_workbook(comparison), path)
