"""The benchmark workbook: an anonymised view of many systems' reviews, one system highlighted.

Quartiles per domain and element with a native bar chart of the domain medians; other systems
are never named, and the files that were not counted are listed with the reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.utils import get_column_letter

from maturity.benchmark import TOO_FEW, Benchmark, Stat
from maturity.benchmark_files import tally
from maturity.wording import fmt_date, shorten

from .. import palette
from .kit import (
    BOLD_FONT,
    CENTRE,
    SCORE_FORMAT,
    SUB_FONT,
    TITLE_FONT,
    TOP,
    header_row,
    plain_row,
    print_setup,
    put,
    score_colours,
    score_value,
    sheet_title,
    write_book,
)


def _stat_row(s: Stat, label: str, level: str, highlighted: bool) -> list[Any]:
    if s.shown:
        row = [label, level, s.n, *(score_value(v) for v in (s.minimum, s.q1, s.median, s.q3,
                                                                s.maximum))]
    else:
        row = [label, level, s.n, TOO_FEW, None, None, None, None]
    if highlighted:
        row += [score_value(s.highlight), None if s.percentile is None else s.percentile / 100,
                s.position or ""]
    return row


def build_benchmark_workbook(bench: Benchmark) -> Workbook:
    wb = Workbook()
    ws = wb.active
    used: set[str] = set()
    ws.title = sheet_title("Benchmark", used)
    h = bench.highlight
    put(ws, 1, 1, f"Benchmark of {bench.systems} systems", font=TITLE_FONT, align=TOP)
    sub = f"{bench.framework_title} ({bench.framework_id} {bench.framework_version}). "
    sub += (f"Highlighted: {h.system}, review of {fmt_date(h.review_date)}. " if h else "")
    sub += "Other systems are not named."
    put(ws, 2, 1, sub, font=SUB_FONT, align=TOP)
    top = 4
    headers = [("Item", 48), ("Level", 9), ("Systems", 9), ("Lowest", 9), ("Lower quartile", 10),
               ("Median", 9), ("Upper quartile", 10), ("Highest", 9)]
    if h:
        headers += [(shorten(h.system, 60), 14), ("Percentile", 11), ("Position", 18)]
    header_row(ws, top, headers)
    by_domain: dict[str, list[Stat]] = {}
    for e in bench.elements:
        by_domain.setdefault(bench.element_domain[e.id], []).append(e)
    rows: list[tuple[list[Any], bool]] = [(_stat_row(bench.overall, "Overall", "Overall",
                                                     h is not None), True)]
    for d in bench.domains:
        rows.append((_stat_row(d, d.title, "Domain", h is not None), True))
        rows += [(_stat_row(e, f"   {e.title}", "Element", h is not None), False)
                 for e in by_domain.get(d.id, [])]
    formats = {c: SCORE_FORMAT for c in range(4, 10)}
    formats[3] = "0"
    formats[10] = "0%"
    for i, (values, bold) in enumerate(rows, top + 1):
        plain_row(ws, i, values, formats=formats, font=BOLD_FONT if bold else None,
             aligns={c: CENTRE for c in range(2, 12)})
    last = top + len(rows)
    if h:
        score_colours(ws, f"I{top + 1}:I{last}")
    ws.freeze_panes = ws.cell(row=top + 1, column=3)
    ws.auto_filter.ref = f"A{top}:{get_column_letter(len(headers))}{last}"
    ws.print_title_rows = f"{top}:{top}"

    chart = BarChart()
    chart.type = "bar"
    chart.title = "Domain medians" + (f" and {h.system}" if h else "")
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = bench.scale_max
    chart.y_axis.majorUnit = 1
    chart.x_axis.scaling.orientation = "maxMin"  # first domain at the top, as in the table
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    # Domains sit on their own rows in the table; the chart reads a compact copy beside it.
    chart_col = len(headers) + 2
    put(ws, top, chart_col, "Domain", font=BOLD_FONT)
    put(ws, top, chart_col + 1, "Median", font=BOLD_FONT)
    if h:
        put(ws, top, chart_col + 2, shorten(h.system, 60), font=BOLD_FONT)
    for i, d in enumerate(bench.domains, top + 1):
        put(ws, i, chart_col, d.title)
        put(ws, i, chart_col + 1, score_value(d.median), fmt=SCORE_FORMAT)
        if h:
            put(ws, i, chart_col + 2, score_value(d.highlight), fmt=SCORE_FORMAT)
    end = top + len(bench.domains)
    data = Reference(ws, min_col=chart_col + 1, max_col=chart_col + (2 if h else 1),
                     min_row=top, max_row=end)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=chart_col, min_row=top + 1, max_row=end))
    for series, colour in zip(chart.series, (palette.NHS_MID_GREY, palette.NHS_BLUE)):
        series.graphicalProperties = GraphicalProperties(solidFill=colour)
    chart.height, chart.width = 12, 18
    ws.add_chart(chart, f"{get_column_letter(chart_col)}{end + 3}")
    ws.column_dimensions[get_column_letter(chart_col)].width = 34
    print_setup(ws, "Benchmark")

    if not all(s.shown for s in (bench.overall, *bench.domains, *bench.elements)):
        put(ws, last + 2, 1, f"Figures that fewer than {bench.min_systems} systems contribute "
                             f"to are not shown, so that no system's scores can be told apart.",
            font=SUB_FONT, align=TOP)
    if bench.skipped or bench.superseded:
        # By reason only: which files they were is for the operator, not for a shared report.
        sk = wb.create_sheet(sheet_title("Files not counted", used))
        header_row(sk, 1, [("Why it was not counted", 60), ("Files", 10)])
        r = 1
        for kind, count in [*tally(bench.skipped).items(), *tally(bench.superseded).items()]:
            r += 1
            plain_row(sk, r, [kind, count])
        sk.freeze_panes = "A2"
        print_setup(sk, "Benchmark · files not counted")
    wb.properties.title = "Benchmark of systems"
    wb.properties.creator = "SIT Maturity"
    return wb


def write_benchmark_workbook(bench: Benchmark, path: str | Path) -> Path:
    return write_book(build_benchmark_workbook(bench), path)
