"""The "Since the last review" section and trend for the board report, and the standalone
comparison PDF.

The board report calls ``comparison_story`` when earlier reviews are given. "Since the last
review" compares the latest review with the one before it; the trend covers every review
given. Charts use a fixed 0–max axis so small movements are not made to look large.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer

from maturity.compare import Comparison, Row
from maturity.review import ACTION_STATUSES
from maturity.scoring import RAG_WORDS
from maturity.wording import (
    fmt_change,
    fmt_coverage,
    fmt_date,
    fmt_number,
    fmt_value,
    plural,
    unit_suffix,
)

from .. import palette
from ..board_facts import MOVERS
from .charts import trend_chart
from .kit import (
    Bookmark,
    M,
    P,
    band_style,
    bold_cell,
    colour_style,
    esc,
    heads,
    printable,
    rag_style,
    score_value,
    styles,
    table,
    write_pdf,
)

SECTION_TITLE = "Since the last review"
TREND_TITLE = "Trend across reviews"
MAX_LISTED = 25
BOARD_LISTED = MOVERS


def _change_style(col: int, row: int, change: float | None) -> list[tuple]:
    if change is None or abs(change) < 1e-9:
        return []
    return colour_style(col, row, *(palette.UP if change > 0 else palette.DOWN))


def _or_none(value: float | None) -> str:
    return "not recorded" if value is None else fmt_value(value)


def _since_summary(c: Comparison, s) -> list:
    prev = c.reviews[0]
    out: list = []
    cov = c.overall.coverage
    conf = [x.mean for x in c.confidence]
    sentence = (f"Overall the partnership scored <b>{fmt_value(c.overall.last)}</b>, against "
                f"{fmt_value(c.overall.first)} at the review of {esc(prev.label)} "
                f"(<b>{fmt_change(c.overall.change)}</b>"
                + (f": {esc(c.change_caveat)}" if c.change_caveat else "")
                + "). Coverage went from "
                f"{fmt_coverage(cov[0])} to {fmt_coverage(cov[-1])} of the key lines of "
                f"enquiry. Mean confidence (1 low, 3 high) was {_or_none(conf[0])} and is "
                f"{_or_none(conf[-1])}.")
    out.append(M(sentence, s["body"]))
    out.append(M(f"<b>{len(c.improved)}</b> KLOEs improved, <b>{len(c.declined)}</b> declined "
                 f"and <b>{len(c.unchanged)}</b> stayed the same; {len(c.not_compared)} "
                 f"{'has' if len(c.not_compared) == 1 else 'have'} no score at one of the two "
                 f"reviews.", s["body"]))
    return out


def _scoretable(c: Comparison, rows: list[Row], s, title: str, width: float) -> list:
    dates = [r.label for r in c.reviews]
    head = heads(s, title, *dates, "Change")
    grid = [head]
    extra: list[tuple] = []
    n = len(dates)
    for i, r in enumerate(rows, 1):
        grid.append([P(r.title, s["cellb" if r.level in ("domain", "overall") else "cell"]),
                      *(bold_cell(fmt_value(v), s) for v in r.scores),
                      bold_cell(fmt_change(r.change), s)])
        for j, v in enumerate(r.scores, 1):
            extra += band_style(j, i, score_value(v))
        extra += _change_style(n + 1, i, r.change)
    score_w = 22 * mm
    width = min(width, 174 * mm - score_w * (n + 1))
    return [table(grid, [width] + [score_w] * (n + 1), extra=extra, zebra=False)]


def _kloe_list(c: Comparison, rows: tuple[Row, ...], s, title: str,
               limit: int = MAX_LISTED) -> list:
    if not rows:
        return []
    if limit < len(rows):
        rows = tuple(sorted(rows, key=lambda k: -abs(k.change or 0)))
        title += f" ({len(rows)}; the {limit} that moved most)"
    else:
        title += f" ({len(rows)})"
    out: list = [M(esc(title), s["h3"])]
    grid = [heads(s, "Key line of enquiry", "Was", "Now", "Change")]
    extra: list[tuple] = []
    for i, k in enumerate(rows[:limit], 1):
        text = f"{esc(k.title)}"
        if k.reason:
            text += f"<br/><i>Reason given: {esc(k.reason)}</i>"
        if k.status:
            text += f" <i>(framework: {esc(k.status)})</i>"
        grid.append([M(text, s["cell"]), bold_cell(fmt_value(k.first), s),
                      bold_cell(fmt_value(k.last), s), bold_cell(fmt_change(k.change), s)])
        extra += band_style(1, i, score_value(k.first)) + band_style(2, i, score_value(k.last))
        extra += _change_style(3, i, k.change)
    out.append(table(grid, [120 * mm, 16 * mm, 16 * mm, 22 * mm], extra=extra, zebra=False))
    if len(rows) > limit:
        out.append(M(f"… and {len(rows) - limit} more: the workbook's Comparison sheet lists "
                     f"them all.", s["note"]))
    return out


def _indicators(c: Comparison, s, board: bool = False) -> list:
    if not c.indicators:
        return []
    out: list = [M("Indicators", s["h2"])]
    shown = c.indicators
    if board:
        shown = tuple(i for i in c.indicators
                      if i.movement == "worse" or (i.rags[0] != i.rags[-1]))
        better = sum(1 for i in c.indicators if i.movement == "better")
        out.append(M(f"{plural(len(c.indicators), 'indicator')} at both reviews: {better} "
                     f"better. Those that got worse or changed their rating are below; each "
                     f"domain's section gives every indicator's latest value.", s["body"]))
        if not shown:
            return out
    grid = [heads(s, "Indicator", "Was", "Now", "Movement")]
    extra: list[tuple] = []
    for i, ind in enumerate(shown, 1):
        cells = []
        for j, (v, rag) in enumerate(((ind.values[0], ind.rags[0]),
                                      (ind.values[-1], ind.rags[-1])), 1):
            text = "—" if v is None else f"{fmt_number(v)}{unit_suffix(ind.unit)}"
            if v is not None and rag:
                text += f" ({RAG_WORDS[rag]})"
                extra += rag_style(j, i, rag)
            cells.append(bold_cell(text, s))
        grid.append([P(f"{ind.name} (threshold {ind.threshold_text})"
                        if ind.threshold_text != "no threshold" else ind.name, s["cell"]),
                      *cells, bold_cell(ind.movement or "—", s)])
    out.append(table(grid, [92 * mm, 28 * mm, 28 * mm, 26 * mm], extra=extra, zebra=False))
    return out


def _actions(c: Comparison, s, board: bool = False) -> list:
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
    if board:
        out.append(M("The action plan section gives each action's owner, date and progress.",
                     s["body"]))
    elif picked:
        grid = [heads(s, "Action", "Owner(s)", "Due", "Was", "Now")]
        extra: list[tuple] = []
        for i, a in enumerate(picked, 1):
            now = ACTION_STATUSES.get(a.status or "", "Removed")
            if a.overdue:
                now += " · overdue"
                extra += colour_style(4, i, palette.DOWN[0])
            grid.append([P(a.description, s["cell"]), P(", ".join(a.owners), s["small"]),
                          M(fmt_date(a.due), s["centre"]),
                          M(esc(ACTION_STATUSES.get(a.statuses[0] or "", "New")), s["centre"]),
                          M(f"<b>{esc(now)}</b>", s["centre"])])
        out.append(table(grid, [74 * mm, 34 * mm, 24 * mm, 20 * mm, 22 * mm], extra=extra,
                          zebra=False))
    return out


def _effects(c: Comparison, s, limit: int = MAX_LISTED) -> list:
    out: list = [M("Did the actions work?", s["h2"])]
    if not c.done_not_moved and not c.moved_without_action:
        out.append(M("Every finished action's KLOEs moved up, and every KLOE that moved had "
                     "an action behind it.", s["body"]))
        return out
    if c.done_not_moved:
        out.append(M("Actions marked done whose linked KLOEs did not move up", s["h3"]))
        grid = [heads(s, "Action", "KLOE", "Was", "Now")]
        pairs = [(e, k) for e in c.done_not_moved for k in e.unmoved]
        for n, (e, k) in enumerate(pairs[:limit]):
            same = n > 0 and pairs[n - 1][0] is e  # the action once, its KLOEs below it
            grid.append([P("" if same else e.action.description, s["cell"]),
                         M(f"{esc(k.title)}", s["cell"]),
                         bold_cell(fmt_value(k.first), s), bold_cell(fmt_value(k.last), s)])
        out.append(table(grid, [70 * mm, 72 * mm, 16 * mm, 16 * mm], zebra=False))
        if len(pairs) > limit:
            out.append(M(f"… and {len(pairs) - limit} more: the workbook's Comparison sheet "
                         f"lists them all.", s["note"]))
    if c.moved_without_action:
        out.append(M("KLOEs that moved with no action in progress or done behind them",
                     s["h3"]))
        grid = [heads(s, "Key line of enquiry", "Was", "Now", "Change")]
        extra: list[tuple] = []
        moved = c.moved_without_action
        for i, m in enumerate(moved[:limit], 1):
            k = m.kloe
            note = (" <i>(its linked actions were not started, blocked or dropped)</i>"
                    if m.linked_actions else "")
            grid.append([M(f"{esc(k.title)}{note}", s["cell"]),
                          bold_cell(fmt_value(k.first), s), bold_cell(fmt_value(k.last), s),
                          bold_cell(fmt_change(k.change), s)])
            extra += _change_style(3, i, k.change)
        out.append(table(grid, [120 * mm, 16 * mm, 16 * mm, 22 * mm], extra=extra,
                          zebra=False))
        if len(moved) > limit:
            out.append(M(f"… and {len(moved) - limit} more: the workbook's Comparison sheet "
                         f"lists them all.", s["note"]))
    return out


def _framework_changes(c: Comparison, s) -> list:
    if not c.framework_changes:
        return []
    out: list = [M("Changes to the framework", s["h2"]),
                 M("Items are matched across framework versions; an added KLOE has no earlier "
                   "score and a retired one no new score.", s["body"])]
    grid = [heads(s, "Change", "Key line of enquiry")]
    for _, _, step in c.framework_changes:
        for kc in step.kloes:
            wording = kc.statement or kc.previous_statement
            if kc.change == "reworded":
                wording = f"now “{kc.statement}”; was “{kc.previous_statement}”"
            grid.append([M(f"{esc(kc.change.capitalize())} ({esc(step.from_version)} → "
                            f"{esc(step.to_version)})", s["cell"]),
                          P(wording, s["cell"])])
    out.append(table(grid, [44 * mm, 130 * mm], zebra=False))
    return out


def comparison_story(full: Comparison, s=None, board: bool = False) -> list:
    """Flowables for "Since the last review" (the latest review against the one before it)
    and the trend across every review compared. In the board report (``board``) the domain
    scores are already in the summary's table, so they are not printed again, and the lists
    of KLOEs keep to the ones that moved most."""
    s = s or styles()
    limit = BOARD_LISTED if board else MAX_LISTED
    since = full.since_last
    prev, now = since.reviews[0], since.reviews[-1]
    out: list = [CondPageBreak(90 * mm) if board else PageBreak(),
                 Bookmark(SECTION_TITLE, key="since-last-review"),
                 M(SECTION_TITLE, s["h1"]),
                 M(f"This review ({esc(now.label)}) compared with the previous one "
                   f"({esc(prev.label)}). Change is this review's score minus the previous "
                   f"one's.", s["lead"])]
    out += _since_summary(since, s)
    if board:
        out.append(M("Each domain's score at both reviews is in the table on page 1.",
                     s["body"]))
    else:
        out += _scoretable(since, [since.overall, *since.domains], s, "Domain", 110 * mm)
    out.append(Spacer(1, 3 * mm))
    out.append(M("What moved", s["h2"]))
    out += _kloe_list(since, since.improved, s, "Improved", limit)
    out += _kloe_list(since, since.declined, s, "Declined", limit)
    out += _indicators(since, s, board)
    out += _actions(since, s, board)
    out += _effects(since, s, limit)
    out += _framework_changes(since, s)
    dates = ", ".join(r.label for r in full.reviews)
    out += [Spacer(1, 6 * mm), CondPageBreak(120 * mm),
            Bookmark("Trend across reviews", key="trend"),
            M(TREND_TITLE, s["h1"] if len(full.reviews) > 2 else s["h2"]),
            M(f"Domain scores at each review ({esc(dates)}).", s["body"]),
            KeepTogether([trend_chart(full)]), Spacer(1, 3 * mm)]
    if not board or len(full.reviews) > 2:
        out += _scoretable(full, [full.overall, *full.domains], s, "Domain",
                           max(70 * mm, 174 * mm - 20 * mm * (len(full.reviews) + 1)))
    return out


def write_comparison_pdf(full: Comparison, path: str | Path) -> Path:
    """A standalone comparison report, whole or not at all."""
    s = styles()
    dates = ", ".join(r.label for r in full.reviews)
    story: list = [Bookmark("Comparison of reviews", key="comparison"),
                   P(full.system, s["h1"]),
                   M(f"Comparison of {len(full.reviews)} maturity self-reviews: {esc(dates)}",
                     s["lead"])]
    story += comparison_story(full, s)[1:]
    return write_pdf(path, story, title=printable(f"{full.system}: comparison of reviews"),
                     header=printable(f"{full.system} · comparison of reviews"))
