"""The partners' workbook: a dashboard with a native radar chart, a sheet per domain, indicators,
recommendations, the action plan, evidence, the parking lot, and the comparison with earlier
reviews when there are any.

Every sheet has a frozen header, filters, wrapped text, sensible widths and a landscape
fit-to-width print setup, so it prints as well as it reads. Scores carry conditional colours
with the number always visible. User text is written as text that no spreadsheet will evaluate.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import RadarChart, Reference
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.line import LineProperties
from openpyxl.styles import Alignment
from openpyxl.worksheet.datavalidation import DataValidation

from maturity.compare import Comparison
from maturity.recommend import STATUS_WORDS
from maturity.report import Report
from maturity.review import ACTION_STATUSES
from maturity.scoring import RAG_WORDS
from maturity.wording import fmt_coverage, fmt_date, fmt_score

from .. import palette
from ..text import cell_text
from .comparison import add_comparison_sheets
from .kit import (
    BOLD_FONT,
    CENTRE,
    DATE_FORMAT,
    EDIT_ROWS,
    LINK_FONT,
    SCORE_FORMAT,
    SUB_FONT,
    TITLE_FONT,
    TOP,
    fit_row,
    print_setup,
    put,
    rag_cell,
    rag_colours,
    score_colours,
    score_value,
    sheet_title,
    table,
    write_book,
)
from .votes import add_votes_sheet

Progress = Callable[[float, str], None]
REC_STATUS_CHOICES = tuple(STATUS_WORDS.values())


def _dashboard(wb: Workbook, report: Report, used: set[str]) -> None:
    ws = wb.active
    ws.title = sheet_title("Dashboard", used)
    put(ws, 1, 1, report.system, font=TITLE_FONT, align=TOP)
    put(ws, 2, 1, f"Maturity self-review · {report.framework_title} "
                  f"(version {report.framework_version})", font=SUB_FONT, align=TOP)
    facts = [("Review date", report.review_date, DATE_FORMAT),
             ("Review type", report.review_type + (f" of {report.previous}"
                                                    if report.previous else ""), None),
             ("Facilitator", report.facilitator or "—", None),
             ("Overall score", score_value(report.score), SCORE_FORMAT),
             ("Coverage", report.coverage, "0%"),
             ("Partners", len(report.partners), "0")]
    r = 4
    for label, value, fmt in facts:
        put(ws, r, 1, label, font=BOLD_FONT, align=TOP)
        put(ws, r, 2, value, fmt=fmt, align=Alignment(horizontal="left", vertical="top"))
        r += 1
    overall_row = 7
    score_colours(ws, f"B{overall_row}:B{overall_row}")

    top = r + 1
    headers = [("Domain", 34), ("Score", 10), ("Target", 10), ("Gap", 10), ("Coverage", 11),
               ("KLOEs scored", 12)]
    rows = []
    for d in report.domains:
        gap = None if d.score is None else round(d.target - d.score, 2)
        scored = sum(1 for k in d.kloes if k.score is not None)
        rows.append([f"{d.number}. {d.label}", score_value(d.score), round(d.target, 2), gap,
                     d.coverage, f"{scored} of {len(d.kloes)}"])
    last = table(ws, top, headers, rows, filter_rows=False, unbanded=(2,),
                 formats={2: SCORE_FORMAT, 3: SCORE_FORMAT, 4: "+0.0;-0.0;0.0", 5: "0%"},
                 aligns={2: CENTRE, 3: CENTRE, 4: CENTRE, 5: CENTRE, 6: CENTRE})
    ws.freeze_panes = None
    score_colours(ws, f"B{top + 1}:B{last}")
    put(ws, last + 1, 1, "Blank score: not yet assessed. Scale "
                         f"{report.scale[0][0]}–{report.scale_max}; "
                         f"{report.good} ({report.scale_label(report.good)}) is good practice.",
        font=SUB_FONT, align=TOP)

    chart = RadarChart()
    chart.type = "marker"
    chart.style = 26
    chart.title = "Domain scores against target"
    data = Reference(ws, min_col=2, max_col=3, min_row=top, max_row=last)
    cats = Reference(ws, min_col=1, min_row=top + 1, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = report.scale_max
    chart.y_axis.majorUnit = 1
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    for series, colour, dash in zip(chart.series, (palette.NHS_BLUE, palette.NHS_RED),
                                    ("solid", "dash")):
        series.graphicalProperties = GraphicalProperties(
            ln=LineProperties(solidFill=colour, w=28575, prstDash=dash))
        series.smooth = False
    chart.height, chart.width = 11, 17
    ws.add_chart(chart, "H2")

    r = last + 3
    put(ws, r, 1, "Partners", font=BOLD_FONT, align=TOP)
    for p in report.partners:
        r += 1
        put(ws, r, 1, p.name)
        put(ws, r, 2, p.sector)
        fit_row(ws, r, (p.name, 34), (p.sector, 18))
    ws.column_dimensions["B"].width = 18
    print_setup(ws, f"{report.system} · Dashboard")


def _domain_sheet(wb: Workbook, report: Report, d, used: set[str]) -> None:
    ws = wb.create_sheet(sheet_title(f"{d.number} {d.label}", used))
    put(ws, 1, 1, f"{d.number}. {d.title}", font=TITLE_FONT, align=TOP)
    put(ws, 2, 1, f"Domain score {fmt_score(d.score)} · target {fmt_score(d.target)} · coverage "
                  f"{fmt_coverage(d.coverage)}", font=SUB_FONT, align=TOP)
    headers = [("Element", 20), ("Element score", 8), ("KLOE number", 9),
               ("Key line of enquiry", 38), ("Score", 7), ("Rating", 12), ("Target", 7),
               ("Gap", 6), ("Confidence", 10), ("Stakeholder spread", 12),
               ("Stakeholder scores", 18), ("Evidence narrative", 50), ("Evidence items", 34)]
    rows = []
    for e in d.elements:
        for k in e.kloes:
            gap = None if k.score is None else e.target - k.score
            groups = "; ".join(f"{g}: {s}" for g, s in k.group_scores)
            spread = None if k.spread is None else k.spread
            items = "\n".join(
                f"{ev.type}: {ev.title}" + (f" ({fmt_date(ev.date)})" if ev.date else "")
                for ev in k.evidence)
            rows.append([e.title, score_value(e.score), k.ref, k.statement, k.score,
                         k.rating_text, e.target, gap, k.confidence, spread,
                         groups + (" — disagreement" if k.disagreement else ""), k.narrative,
                         items])
    top = 4
    last = table(ws, top, headers, rows,
                 formats={2: SCORE_FORMAT, 5: "0", 8: "+0;-0;0"}, unbanded=(2, 5),
                 aligns={2: CENTRE, 5: CENTRE, 7: CENTRE, 8: CENTRE, 10: CENTRE})
    ws.freeze_panes = "E5"
    if rows:
        score_colours(ws, f"B{top + 1}:B{last}", f"E{top + 1}:E{last}")
    r = last + 2
    if d.common_findings:
        put(ws, r, 1, "Common findings in other reviews", font=BOLD_FONT, align=TOP)
        for f in d.common_findings:
            r += 1
            put(ws, r, 4, f)
            fit_row(ws, r, (f, headers[3][1]))
        r += 2
    if d.resources:
        put(ws, r, 1, "Tools and resources", font=BOLD_FONT, align=TOP)
        for title, url in d.resources:
            r += 1
            cell = put(ws, r, 4, title, font=LINK_FONT)
            cell.hyperlink = url
            put(ws, r, 12, url, font=SUB_FONT)
            fit_row(ws, r, (title, headers[3][1]), (url, headers[11][1]))
    print_setup(ws, f"{report.system} · {d.title}")


def _indicators(wb: Workbook, report: Report, used: set[str]) -> None:
    ws = wb.create_sheet(sheet_title("Indicators", used))
    headers = [("Domain", 22), ("Indicator", 40), ("Value", 10), ("Unit", 8), ("As at", 12),
               ("Source", 28), ("Threshold", 14), ("Better when", 10), ("RAG", 11)]
    rows = [[d.label, i.name, i.value, i.unit, i.date, i.source, i.threshold_text,
             i.direction, f"Check figure: {i.problem}" if i.problem else
             RAG_WORDS[i.rag] if i.value is not None else "No value"]
            for d in report.domains for i in d.indicators]
    last = table(ws, 1, headers, rows, formats={3: "General", 5: DATE_FORMAT}, unbanded=(9,),
                 aligns={3: CENTRE, 9: CENTRE})
    for r, i in enumerate(report.indicators, 2):
        rag_cell(ws.cell(row=r, column=9), i.rag)
    del last
    print_setup(ws, f"{report.system} · Indicators")


def _recommendations(wb: Workbook, report: Report, used: set[str]) -> None:
    ws = wb.create_sheet(sheet_title("Recommendations", used))
    headers = [("Priority", 10), ("Status", 14), ("Recommendation", 60), ("Why", 46),
               ("Domain", 20), ("Elements", 26), ("High-impact change", 22),
               ("Trigger still holds", 10), ("Group's note", 30), ("Framework wording", 40),
               ("Reason for rejecting", 36)]
    rows = [[r.priority_text, r.status_text, r.text, r.reason, r.domain_label,
             "; ".join(r.element_titles), r.high_impact,
             ("Yes" if r.trigger_holds else "No") if r.source_id else "—", r.note,
             r.original_text, r.rejection_reason] for r in report.recommendations]
    last = table(ws, 1, headers, rows, aligns={1: CENTRE, 8: CENTRE}, unbanded=(1,),
                 band_rows=len(rows) + EDIT_ROWS)
    prio = {"high": "R", "medium": "A", "low": "G"}
    for r, rec in enumerate(report.recommendations, 2):
        rag_cell(ws.cell(row=r, column=1), prio.get(rec.priority))
    statuses = DataValidation(type="list", formula1='"' + ",".join(REC_STATUS_CHOICES) + '"',
                              allow_blank=False, showErrorMessage=True,
                              errorTitle="Status", error="Choose a status from the list.")
    statuses.add(f"B2:B{max(last, 1) + EDIT_ROWS}")
    ws.add_data_validation(statuses)
    print_setup(ws, f"{report.system} · Recommendations")


def _actions(wb: Workbook, report: Report, used: set[str]) -> None:
    ws = wb.create_sheet(sheet_title("Action plan", used))
    headers = [("Action", 44), ("Recommendation(s)", 36), ("KLOE numbers", 12), ("Domain", 16),
               ("Owner(s)", 24), ("Lead", 14), ("Start", 12), ("Due", 12), ("Status", 12),
               ("RAG", 7), ("Overdue", 10), ("Success measure", 30), ("Progress notes", 44)]
    rows = []
    for a in report.actions:
        notes = "\n".join(f"{fmt_date(d)}: {t}" for d, t in a.notes)
        refs = "\n".join(filter(None, map(report.kloe_ref, a.kloe_ids)))
        rows.append([a.description, "\n".join(a.recommendation_texts), refs,
                     ", ".join(a.domain_labels), ", ".join(a.owners), a.lead, a.start, a.due,
                     a.status_text, a.effective_rag or "", "OVERDUE" if a.overdue else "",
                     a.success_measure, notes])
    last = table(ws, 1, headers, rows, formats={7: DATE_FORMAT, 8: DATE_FORMAT}, unbanded=(10, 11),
                 band_rows=len(rows) + EDIT_ROWS,
                 aligns={7: CENTRE, 8: CENTRE, 9: CENTRE, 10: CENTRE, 11: CENTRE})
    end = max(last, 1) + EDIT_ROWS
    done = '"' + '","'.join(ACTION_STATUSES[s] for s in ("done", "dropped")) + '"'
    for r, a in enumerate(report.actions, 2):
        # Overdue and RAG follow the status and due date as partners change them; a RAG the
        # group set stays, and an overdue action reads R, as everywhere else.
        ws.cell(row=r, column=11).value = (
            f'=IF(AND(ISNUMBER(H{r}),H{r}<TODAY(),ISNA(MATCH(I{r},{{{done}}},0))),'
            f'"OVERDUE","")')
        ws.cell(row=r, column=10).value = f'=IF(K{r}="OVERDUE","R","{a.rag or ""}")'
    rag_colours(ws, f"J2:J{end}", f"K2:K{end}")
    statuses = DataValidation(type="list", formula1='"' + ",".join(ACTION_STATUSES.values()) + '"',
                              allow_blank=False, showErrorMessage=True,
                              errorTitle="Status", error="Choose a status from the list.")
    statuses.add(f"I2:I{end}")
    ws.add_data_validation(statuses)
    rags = DataValidation(type="list", formula1='"R,A,G"', allow_blank=True)
    rags.add(f"J2:J{end}")
    ws.add_data_validation(rags)
    print_setup(ws, f"{report.system} · Action plan")


def _evidence(wb: Workbook, report: Report, used: set[str]) -> None:
    ws = wb.create_sheet(sheet_title("Evidence", used))
    headers = [("Domain", 20), ("KLOE number", 10), ("Type", 14), ("Title", 44), ("Date", 12),
               ("Link or file", 40), ("Note", 50)]
    items = report.evidence
    rows = [[d.label, k.ref, e.type, e.title, e.date, e.link or e.filename, e.note]
            for d, k, e in items]
    table(ws, 1, headers, rows, formats={5: DATE_FORMAT}, aligns={5: CENTRE})
    for r, (_, _, e) in enumerate(items, 2):
        if e.link.startswith(("http://", "https://")) and len(e.link) < 2000:
            cell = ws.cell(row=r, column=6)
            cell.hyperlink = e.link
            cell.font = LINK_FONT
    print_setup(ws, f"{report.system} · Evidence")


def _parking(wb: Workbook, report: Report, used: set[str]) -> None:
    ws = wb.create_sheet(sheet_title("Parking lot", used))
    headers = [("Raised", 12), ("Where", 34), ("Issue", 80), ("Status", 10)]
    rows = [[p.raised, p.where, p.text, p.status] for p in report.parking]
    table(ws, 1, headers, rows, formats={1: DATE_FORMAT}, aligns={1: CENTRE, 4: CENTRE})
    print_setup(ws, f"{report.system} · Parking lot")


def build_workbook(report: Report, progress: Progress | None = None,
                   comparison: Comparison | None = None) -> Workbook:
    progress = progress or (lambda f, m: None)
    wb = Workbook()
    used: set[str] = set()
    progress(0.0, "Dashboard")
    _dashboard(wb, report, used)
    for n, d in enumerate(report.domains, 1):
        progress(0.05 + 0.6 * n / len(report.domains), f"Domain {d.number}")
        _domain_sheet(wb, report, d, used)
    progress(0.7, "Indicators and recommendations")
    _indicators(wb, report, used)
    _recommendations(wb, report, used)
    progress(0.8, "Action plan")
    _actions(wb, report, used)
    _evidence(wb, report, used)
    _parking(wb, report, used)
    add_votes_sheet(wb, report, used)
    if comparison is not None:
        progress(0.85, "Comparison with earlier reviews")
        add_comparison_sheets(wb, comparison, used)
    wb.properties.title = cell_text(f"{report.system}: maturity self-review")[:250]
    wb.properties.creator = "SIT Maturity"
    return wb


def write_workbook(report: Report, path: str | Path, progress: Progress | None = None,
                   comparison: Comparison | None = None) -> Path:
    """Write the workbook to ``path`` whole or not at all (a temporary file is renamed in)."""
    wb = build_workbook(report, progress, comparison)
    (progress or (lambda f, m: None))(0.9, "Saving the workbook")
    return write_book(wb, path)
