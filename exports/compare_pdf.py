"""The "Since the last review" section and trend chart for the board report, and the
standalone comparison and benchmark PDFs.

The board report calls ``comparison_story`` when earlier reviews are given. "Since the last
review" compares the latest review with the one before it; the trend covers every review
given. Charts use a fixed 0–max axis so small movements are not made to look large.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Paragraph, Spacer

from maturity.benchmark import TOO_FEW, Benchmark, Stat
from maturity.benchmark_files import tally
from maturity.compare import Comparison, Row
from maturity.review import ACTION_STATUSES
from maturity.scoring import RAG_WORDS
from maturity.wording import fmt_change, fmt_coverage, fmt_value

from .excel import save_atomic
from .pdf import (
    FONT,
    FONT_BOLD,
    NHS_BLUE,
    NHS_DARK_BLUE,
    NHS_MID_GREY,
    RAG_COLOURS,
    TEXT,
    Bookmark,
    M,
    P,
    _band_style,
    _canvas_maker,
    _doc,
    _heads,
    _table,
    esc,
    printable,
    register_fonts,
    styles,
)

SECTION_TITLE = "Since the last review"
TREND_TITLE = "Trend across reviews"
UP = ("#CFEAD6", "#0B4A1E")
DOWN = ("#F6CFCB", "#7A1712")
LINE_COLOURS = ["#005EB8", "#DA291C", "#009639", "#ED8B00", "#7C2855", "#00A499", "#330072",
                "#AE2573", "#425563", "#8A1538"]
MAX_LISTED = 25


def _change_style(col: int, row: int, change: float | None) -> list[tuple]:
    if change is None or abs(change) < 1e-9:
        return []
    fill, ink = UP if change > 0 else DOWN
    return [("BACKGROUND", (col, row), (col, row), colors.HexColor(fill)),
            ("TEXTCOLOR", (col, row), (col, row), colors.HexColor(ink))]


def _cell(text: str, s, style: str = "centre") -> Paragraph:
    return M(f"<b>{esc(text)}</b>", s[style])


def _num(value: object) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _or_none(value: float | None) -> str:
    return "not recorded" if value is None else fmt_value(value)


def _since_summary(c: Comparison, s) -> list:
    prev = c.reviews[0]
    out: list = []
    cov = c.overall.coverage
    conf = [x.mean for x in c.confidence]
    sentence = (f"Overall the partnership scored <b>{fmt_value(c.overall.last)}</b>, against "
                f"{fmt_value(c.overall.first)} at the review of {esc(prev.label)} "
                f"(<b>{fmt_change(c.overall.change)}</b>). Coverage went from "
                f"{fmt_coverage(cov[0])} to {fmt_coverage(cov[-1])} of the key lines of "
                f"enquiry. Mean confidence (1 low, 3 high) was {_or_none(conf[0])} and is "
                f"{_or_none(conf[-1])}.")
    out.append(M(sentence, s["body"]))
    out.append(M(f"<b>{len(c.improved)}</b> KLOEs improved, <b>{len(c.declined)}</b> declined "
                 f"and <b>{len(c.unchanged)}</b> stayed the same; {len(c.not_compared)} have no "
                 f"score at one of the two reviews.", s["body"]))
    return out


def _score_table(c: Comparison, rows: list[Row], s, title: str, width: float) -> list:
    dates = [r.label for r in c.reviews]
    head = _heads(s, title, *dates, "Change")
    table = [head]
    extra: list[tuple] = []
    n = len(dates)
    for i, r in enumerate(rows, 1):
        table.append([P(r.title, s["cellb" if r.level in ("domain", "overall") else "cell"]),
                      *(_cell(fmt_value(v), s) for v in r.scores),
                      _cell(fmt_change(r.change), s)])
        for j, v in enumerate(r.scores, 1):
            extra += _band_style(j, i, _num(v))
        extra += _change_style(n + 1, i, r.change)
    score_w = 22 * mm
    width = min(width, 174 * mm - score_w * (n + 1))
    return [_table(table, [width] + [score_w] * (n + 1), extra=extra, zebra=False)]


def _kloe_list(c: Comparison, rows: tuple[Row, ...], s, title: str) -> list:
    if not rows:
        return []
    out: list = [M(f"{esc(title)} ({len(rows)})", s["h3"])]
    table = [_heads(s, "Key line of enquiry", "Was", "Now", "Change")]
    extra: list[tuple] = []
    for i, k in enumerate(rows[:MAX_LISTED], 1):
        text = f"<b>{esc(k.id)}</b> {esc(k.title)}"
        if k.reason:
            text += f"<br/><i>Reason given: {esc(k.reason)}</i>"
        if k.status:
            text += f" <i>(framework: {esc(k.status)})</i>"
        table.append([M(text, s["cell"]), _cell(fmt_value(k.first), s),
                      _cell(fmt_value(k.last), s), _cell(fmt_change(k.change), s)])
        extra += _band_style(1, i, _num(k.first)) + _band_style(2, i, _num(k.last))
        extra += _change_style(3, i, k.change)
    out.append(_table(table, [126 * mm, 16 * mm, 16 * mm, 16 * mm], extra=extra, zebra=False))
    if len(rows) > MAX_LISTED:
        out.append(M(f"… and {len(rows) - MAX_LISTED} more (the workbook lists them all).",
                     s["small"]))
    return out


def _indicators(c: Comparison, s) -> list:
    if not c.indicators:
        return []
    out: list = [M("Indicators", s["h2"])]
    table = [_heads(s, "Indicator", "Was", "Now", "Movement")]
    extra: list[tuple] = []
    for i, ind in enumerate(c.indicators, 1):
        cells = []
        for j, (v, rag) in enumerate(((ind.values[0], ind.rags[0]),
                                      (ind.values[-1], ind.rags[-1])), 1):
            text = "—" if v is None else f"{v:g}"
            if v is not None and rag:
                text += f" ({RAG_WORDS[rag]})"
                extra.append(("BACKGROUND", (j, i), (j, i),
                              colors.HexColor(RAG_COLOURS[rag][0])))
            cells.append(_cell(text, s))
        table.append([P(f"{ind.name} (threshold {ind.threshold_text})"
                        if ind.threshold_text != "no threshold" else ind.name, s["cell"]),
                      *cells, _cell(ind.movement or "—", s)])
    out.append(_table(table, [96 * mm, 28 * mm, 28 * mm, 22 * mm], extra=extra, zebra=False))
    return out


def _actions(c: Comparison, s) -> list:
    p = c.progress()
    out: list = [M("The action plan", s["h2"])]
    if not p["total"]:
        out.append(M("There is no action plan to report on.", s["body"]))
        return out
    out.append(M(f"{p['total']} actions: <b>{p['done']}</b> done, {p['in_progress']} in "
                 f"progress, {p['not_started']} not started, {p['blocked']} blocked, "
                 f"{p['dropped']} dropped. <b>{p['overdue']}</b> overdue (past the due date and "
                 f"neither done nor dropped).", s["body"]))
    picked = [a for a in c.actions if a.status in ("done", "dropped") or a.overdue]
    if picked:
        table = [_heads(s, "Action", "Owner(s)", "Due", "Was", "Now")]
        extra: list[tuple] = []
        for i, a in enumerate(picked, 1):
            now = ACTION_STATUSES.get(a.status or "", "Removed")
            if a.overdue:
                now += " · overdue"
                extra.append(("BACKGROUND", (4, i), (4, i), colors.HexColor(DOWN[0])))
            table.append([P(a.description, s["cell"]), P(", ".join(a.owners), s["small"]),
                          M(a.due.strftime("%d %b %Y") if a.due else "—", s["centre"]),
                          M(esc(ACTION_STATUSES.get(a.statuses[0] or "", "New")), s["centre"]),
                          M(f"<b>{esc(now)}</b>", s["centre"])])
        out.append(_table(table, [74 * mm, 34 * mm, 24 * mm, 20 * mm, 22 * mm], extra=extra,
                          zebra=False))
    return out


def _effects(c: Comparison, s) -> list:
    out: list = [M("Did the actions work?", s["h2"])]
    if not c.done_not_moved and not c.moved_without_action:
        out.append(M("Every finished action's KLOEs moved up, and every KLOE that moved had "
                     "an action behind it.", s["body"]))
        return out
    if c.done_not_moved:
        out.append(M("Actions marked done whose linked KLOEs did not move up", s["h3"]))
        table = [_heads(s, "Action", "KLOE", "Was", "Now")]
        for e in c.done_not_moved:
            for k in e.unmoved:
                table.append([P(e.action.description, s["cell"]),
                              M(f"<b>{esc(k.id)}</b> {esc(k.title)}", s["cell"]),
                              _cell(fmt_value(k.first), s), _cell(fmt_value(k.last), s)])
        out.append(_table(table, [70 * mm, 72 * mm, 16 * mm, 16 * mm], zebra=False))
    if c.moved_without_action:
        out.append(M("KLOEs that moved with no action in progress or done behind them",
                     s["h3"]))
        table = [_heads(s, "Key line of enquiry", "Was", "Now", "Change")]
        extra: list[tuple] = []
        for i, m in enumerate(c.moved_without_action, 1):
            k = m.kloe
            note = (" <i>(its linked actions were not started, blocked or dropped)</i>"
                    if m.linked_actions else "")
            table.append([M(f"<b>{esc(k.id)}</b> {esc(k.title)}{note}", s["cell"]),
                          _cell(fmt_value(k.first), s), _cell(fmt_value(k.last), s),
                          _cell(fmt_change(k.change), s)])
            extra += _change_style(3, i, k.change)
        out.append(_table(table, [126 * mm, 16 * mm, 16 * mm, 16 * mm], extra=extra,
                          zebra=False))
    return out


def _framework_changes(c: Comparison, s) -> list:
    if not c.framework_changes:
        return []
    out: list = [M("Changes to the framework", s["h2"]),
                 M("Items are matched by their stable ids; an added KLOE has no earlier score "
                   "and a retired one no new score.", s["body"])]
    table = [_heads(s, "KLOE", "Change", "Wording")]
    for _, _, step in c.framework_changes:
        for kc in step.kloes:
            wording = kc.statement or kc.previous_statement
            if kc.change == "reworded":
                wording = f"now “{kc.statement}”; was “{kc.previous_statement}”"
            table.append([M(f"<b>{esc(kc.kloe_id)}</b>", s["cell"]),
                          M(f"{esc(kc.change)} ({esc(step.from_version)} → "
                            f"{esc(step.to_version)})", s["cell"]),
                          P(wording, s["cell"])])
    out.append(_table(table, [30 * mm, 36 * mm, 108 * mm], zebra=False))
    return out


def trend_chart(c: Comparison, width: float = 174 * mm, height: float = 92 * mm) -> Drawing:
    """One line per domain across the reviews, on a fixed 0–max axis, labelled at the end."""
    register_fonts()
    d = Drawing(width, height)
    left, bottom, legend_w = 12 * mm, 12 * mm, 62 * mm
    plot_w, plot_h = width - left - legend_w - 6 * mm, height - bottom - 8 * mm
    top = c.scale_max or 4
    n = len(c.reviews)

    def x(i: int) -> float:
        return left + (plot_w * (i / (n - 1)) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return bottom + plot_h * v / top

    for level in range(0, top + 1):
        d.add(Line(left, y(level), left + plot_w, y(level),
                   strokeColor=colors.HexColor("#C7D0D4"), strokeWidth=0.5))
        d.add(String(left - 3, y(level) - 3, str(level), fontName=FONT, fontSize=7.5,
                     fillColor=NHS_MID_GREY, textAnchor="end"))
    for i, ref in enumerate(c.reviews):
        d.add(String(x(i), bottom - 10, printable(ref.label), fontName=FONT, fontSize=7.5,
                     fillColor=TEXT, textAnchor="middle"))
    for i, row in enumerate(c.domains):
        colour = colors.HexColor(LINE_COLOURS[i % len(LINE_COLOURS)])
        points = [(x(j), y(v)) for j, v in enumerate(row.scores) if _num(v) is not None]
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            d.add(Line(x0, y0, x1, y1, strokeColor=colour, strokeWidth=1.6))
        for px, py in points:
            _marker(d, i, px, py, colour)
        ly = bottom + plot_h - i * 5.2 * mm
        lx = left + plot_w + 8 * mm
        d.add(Line(lx, ly + 2.5, lx + 8, ly + 2.5, strokeColor=colour, strokeWidth=1.6))
        _marker(d, i, lx + 4, ly + 2.5, colour)
        label = printable(row.title)
        label = label if len(label) <= 30 else label[:29] + "…"
        d.add(String(lx + 12, ly, f"{label} {fmt_value(row.last)}", fontName=FONT,
                     fontSize=7, fillColor=TEXT))
    d.add(String(left, height - 4, f"Domain score (0–{top})", fontName=FONT_BOLD, fontSize=8,
                 fillColor=NHS_DARK_BLUE))
    return d


def _marker(d: Drawing, i: int, px: float, py: float, colour) -> None:
    """Shapes differ by line as well as colour, so the chart reads in black and white."""
    r = 2.4
    shape = i % 4
    if shape == 0:
        d.add(Circle(px, py, r, fillColor=colour, strokeColor=colors.white, strokeWidth=0.4))
    elif shape == 1:
        d.add(Rect(px - r, py - r, 2 * r, 2 * r, fillColor=colour, strokeColor=colors.white,
                   strokeWidth=0.4))
    elif shape == 2:
        d.add(Polygon([px - r, py - r, px + r, py - r, px, py + r], fillColor=colour,
                      strokeColor=colors.white, strokeWidth=0.4))
    else:
        d.add(Polygon([px, py - r - 0.5, px + r + 0.5, py, px, py + r + 0.5, px - r - 0.5, py],
                      fillColor=colour, strokeColor=colors.white, strokeWidth=0.4))


def comparison_story(full: Comparison, s=None) -> list:
    """Flowables for the board report: "Since the last review" (the latest review against the
    one before it) and the trend across every review compared."""
    s = s or styles()
    since = full.since_last
    prev, now = since.reviews[0], since.reviews[-1]
    out: list = [PageBreak(), Bookmark(SECTION_TITLE, key="since-last-review"),
                 M(SECTION_TITLE, s["h1"]),
                 M(f"This review ({esc(now.label)}) compared with the previous one "
                   f"({esc(prev.label)}). Change is this review's score minus the previous "
                   f"one's.", s["lead"])]
    out += _since_summary(since, s)
    out += _score_table(since, [since.overall, *since.domains], s, "Domain", 110 * mm)
    out.append(Spacer(1, 3 * mm))
    out.append(M("What moved", s["h2"]))
    out += _kloe_list(since, since.improved, s, "Improved")
    out += _kloe_list(since, since.declined, s, "Declined")
    out += _indicators(since, s)
    out += _actions(since, s)
    out += _effects(since, s)
    out += _framework_changes(since, s)
    dates = ", ".join(r.label for r in full.reviews)
    out += [Spacer(1, 6 * mm), CondPageBreak(120 * mm),
            Bookmark("Trend across reviews", key="trend"),
            M(TREND_TITLE, s["h1"] if len(full.reviews) > 2 else s["h2"]),
            M(f"Domain scores at each review ({esc(dates)}).", s["body"]),
            KeepTogether([trend_chart(full)]), Spacer(1, 3 * mm)]
    out += _score_table(full, [full.overall, *full.domains], s, "Domain",
                        max(70 * mm, 174 * mm - 20 * mm * (len(full.reviews) + 1)))
    return out


def write_comparison_pdf(full: Comparison, path: str | Path) -> Path:
    """A standalone comparison report, whole or not at all."""
    register_fonts()
    path = Path(path)
    s = styles()
    dates = ", ".join(r.label for r in full.reviews)
    story: list = [Bookmark("Comparison of reviews", key="comparison"),
                   P(full.system, s["h1"]),
                   M(f"Comparison of {len(full.reviews)} maturity self-reviews: {esc(dates)}",
                     s["lead"])]
    story += comparison_story(full, s)[1:]
    header = printable(f"{full.system} · comparison of reviews")

    def build(tmp: str) -> None:
        doc = _doc(tmp, printable(f"{full.system}: comparison of reviews"), "SIT Maturity",
                   cover=False)
        doc.build(story, canvasmaker=_canvas_maker(header, cover=False))

    save_atomic(path, build)
    return path


# The benchmark --------------------------------------------------------------------------------

def benchmark_chart(b: Benchmark, width: float = 174 * mm) -> Drawing:
    """Per domain: the range as a line, the middle half as a box, the median as a tick and the
    highlighted system as a dot."""
    register_fonts()
    rows = [b.overall, *b.domains]
    row_h = 8 * mm
    label_w = 62 * mm
    height = row_h * len(rows) + 16 * mm
    d = Drawing(width, height)
    plot_w = width - label_w - 6 * mm
    top = b.scale_max or 4

    def x(v: float) -> float:
        return label_w + plot_w * v / top

    base = 10 * mm
    for level in range(0, top + 1):
        d.add(Line(x(level), base, x(level), height - 6 * mm,
                   strokeColor=colors.HexColor("#C7D0D4"), strokeWidth=0.5))
        d.add(String(x(level), base - 9, str(level), fontName=FONT, fontSize=7.5,
                     fillColor=NHS_MID_GREY, textAnchor="middle"))
    for i, st in enumerate(rows):
        cy = height - 6 * mm - row_h * (i + 0.5)
        label = printable(st.title)
        label = label if len(label) <= 36 else label[:35] + "…"
        d.add(String(label_w - 4, cy - 3, label, fontName=FONT_BOLD if i == 0 else FONT,
                     fontSize=7.5, fillColor=TEXT, textAnchor="end"))
        if not st.values:  # nothing scored, or too few systems to show
            continue
        d.add(Line(x(st.minimum), cy, x(st.maximum), cy, strokeColor=NHS_MID_GREY,
                   strokeWidth=1))
        d.add(Rect(x(st.q1), cy - 2.6 * mm, max(0.8, x(st.q3) - x(st.q1)), 5.2 * mm,
                   fillColor=colors.HexColor("#D6E4F2"), strokeColor=NHS_BLUE,
                   strokeWidth=0.6))
        d.add(Line(x(st.median), cy - 2.6 * mm, x(st.median), cy + 2.6 * mm,
                   strokeColor=NHS_DARK_BLUE, strokeWidth=2))
        if st.highlight is not None:
            d.add(Circle(x(st.highlight), cy, 2.2 * mm, fillColor=colors.HexColor("#DA291C"),
                         strokeColor=colors.white, strokeWidth=0.8))
    return d


def _stat_cells(st: Stat, s, highlighted: bool) -> list:
    if not st.shown:  # the three figure columns are spanned by the table's style
        cells = [M(str(st.n), s["centre"]), M(f"<i>{TOO_FEW}</i>", s["centre"]), "", ""]
    else:
        cells = [M(str(st.n), s["centre"]), _cell(fmt_value(st.median), s),
                 M(f"{fmt_value(st.q1)}–{fmt_value(st.q3)}", s["centre"]),
                 M(f"{fmt_value(st.minimum)}–{fmt_value(st.maximum)}", s["centre"])]
    if highlighted:
        cells += [_cell(fmt_value(st.highlight), s), M(esc(st.position or "—"), s["centre"])]
    return cells


def write_benchmark_pdf(b: Benchmark, path: str | Path) -> Path:
    register_fonts()
    path = Path(path)
    s = styles()
    h = b.highlight
    story: list = [Bookmark("Benchmark", key="benchmark"),
                   M(f"Benchmark of {b.systems} systems", s["h1"]),
                   P(f"{b.framework_title} ({b.framework_id} {b.framework_version}). "
                     + (f"Highlighted: {h.system}, review of {h.review_date:%d %B %Y}. "
                        if h else "")
                     + "Other systems are not named.", s["lead"]),
                   benchmark_chart(b),
                   M("Line: lowest to highest score; box: the middle half of systems (lower to "
                     "upper quartile); dark tick: the median"
                     + ("; red dot: the highlighted system." if h else "."), s["small"]),
                   Spacer(1, 4 * mm), Bookmark("Domains and elements", key="bench-table"),
                   M("Domains and elements", s["h2"])]
    heads = ["Domain / element", "Systems", "Median", "Middle half", "Range"]
    if h:
        heads += ["This system", "Position"]
    table = [_heads(s, *heads)]
    extra: list[tuple] = []
    by_domain: dict[str, list[Stat]] = {}
    for e in b.elements:
        by_domain.setdefault(b.element_domain[e.id], []).append(e)
    for st, bold in [(b.overall, True)] + [x for d in b.domains
                                            for x in [(d, True)] + [(e, False) for e in
                                                                   by_domain.get(d.id, [])]]:
        table.append([P(st.title if bold else f"   {st.title}",
                        s["cellb" if bold else "cell"]), *_stat_cells(st, s, h is not None)])
        if h:
            extra += _band_style(5, len(table) - 1, st.highlight)
        if not st.shown:
            extra.append(("SPAN", (2, len(table) - 1), (4, len(table) - 1)))
    widths = [70 * mm, 15 * mm, 15 * mm, 20 * mm, 20 * mm]
    if h:
        widths = [47 * mm, 17 * mm, 16 * mm, 20 * mm, 20 * mm, 20 * mm, 34 * mm]
    story.append(_table(table, widths, extra=extra, zebra=False))
    if not all(x.shown for x in (b.overall, *b.domains, *b.elements)):
        story.append(M(f"Figures that fewer than {b.min_systems} systems contribute to are not "
                       f"shown, so that no system's scores can be told apart.", s["small"]))
    if b.skipped or b.superseded:
        story += [Bookmark("Files not counted", key="bench-skipped"),
                  M("Files not counted", s["h2"]),
                  M("Counted by reason only: which files they were is not part of a report "
                    "that may be shared.", s["small"])]
        rows = [_heads(s, "Why", "Files")]
        for kind, count in [*tally(b.skipped).items(), *tally(b.superseded).items()]:
            rows.append([P(kind, s["small"]), M(str(count), s["centre"])])
        story.append(_table(rows, [90 * mm, 30 * mm], zebra=False))
    header = "Benchmark of systems"

    def build(tmp: str) -> None:
        doc = _doc(tmp, "Benchmark of systems", "SIT Maturity", cover=False)
        doc.build(story, canvasmaker=_canvas_maker(header, cover=False))

    save_atomic(path, build)
    return path
