"""The board report's first pages: the whole story in two pages, then how the review was done.

The facts come from ``exports.board_facts``, which the Word report prints too.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer

from maturity.report import Report
from maturity.wording import fmt_change, fmt_score, fmt_value

from .. import palette
from ..board_facts import BoardFacts
from .kit import (
    NHS_MID_GREY,
    RAG_COLOURS,
    Bookmark,
    M,
    P,
    band_style,
    bold_cell,
    colour_style,
    esc,
    heads,
    score_value,
    table,
)


def _bullets(texts, s) -> list:
    return [Paragraph(esc(t), s["bullet"], bulletText="•") for t in texts]


def domain_table(facts: BoardFacts, s, with_previous: bool) -> list:
    cols = ["Domain"] + ([facts.previous_label, "This review", "Change"] if with_previous
                         else ["Score"]) + ["Target"]
    rows = [heads(s, *cols)]
    extra: list[tuple] = []
    for i, d in enumerate((facts.overall, *facts.domains), 1):
        row = [P(f"{d.number}. {d.title}" if d.number else d.title,
                 s["cell" if d.number else "cellb"])]
        if with_previous:
            row.append(bold_cell(fmt_value(d.previous), s))
            extra += band_style(1, i, score_value(d.previous))
        row.append(bold_cell(fmt_score(d.score), s))
        extra += band_style(len(row) - 1, i, d.score)
        if with_previous:
            row.append(bold_cell(fmt_change(d.change), s))
            if d.change:
                extra += colour_style(len(row) - 1, i,
                                      *(palette.UP if d.change > 0 else palette.DOWN))
        row.append(M(fmt_score(d.target), s["centre"]))
        rows.append(row)
    num = 20 * mm
    widths = [174 * mm - num * (len(cols) - 1)] + [num] * (len(cols) - 1)
    extra.append(("LINEBELOW", (0, 1), (-1, 1), 0.9, NHS_MID_GREY))
    return [table(rows, widths, extra=extra, zebra=False)]


def summary_pages(report: Report, facts: BoardFacts, s) -> list:
    out: list = [Bookmark("Executive summary", key="summary"),
                 P(facts.title, s["title"]), P(facts.subtitle, s["lead"]),
                 M("Executive summary", s["h1"]),
                 Bookmark("Where we stand", level=1), M("Where we stand", s["h2"]),
                 P(facts.standing, s["body"])]
    out += [P(t, s["body"]) for t in facts.summary]
    out += domain_table(facts, s, with_previous=bool(facts.previous_label))
    out += [Bookmark("What changed since the last review", level=1),
            M("What changed since the last review", s["h2"])] + _bullets(facts.changes, s)
    out += [Bookmark("What matters most", level=1),
            M("What matters most", s["h2"])] + _bullets(facts.matters, s)
    block: list = [Bookmark("Actions: owners and dates", level=1),
                   M("Actions: owners and dates", s["h2"])]
    if facts.actions:
        rows = [heads(s, "Action", "Lead", "Due", "Status")]
        extra: list[tuple] = []
        for i, a in enumerate(facts.actions, 1):
            status = a.status + (" · overdue" if a.overdue else "")
            rows.append([P(a.description, s["cell"]), P(a.who, s["cell"]),
                         P(a.due, s["cell"]), P(status, s["cell"])])
            if a.overdue:
                extra += colour_style(3, i, RAG_COLOURS["R"][0])
        block.append(table(rows, [86 * mm, 40 * mm, 24 * mm, 24 * mm], extra=extra,
                           zebra=False))
        if facts.actions_note:
            block.append(P(facts.actions_note, s["note"]))
    else:
        block.append(M("No open actions.", s["body"]))
    out.append(KeepTogether(block[:3]))
    out += block[3:]
    out.append(KeepTogether([Bookmark("What we ask the board", level=1),
                             M("What we ask the board", s["h2"]),
                             *_bullets(facts.asks, s)]))
    return out


def method_page(report: Report, facts: BoardFacts, s) -> list:
    out: list = [PageBreak(), Bookmark("How the review was done", key="method"),
                 M("How the review was done", s["h1"])]
    out += [P(t, s["body"]) for t in facts.method]
    if facts.sectors:
        out.append(M("Who took part, by sector", s["h2"]))
        rows = [heads(s, "Sector", "Organisations", "People on the roster")]
        for sec in facts.sectors:
            rows.append([P(sec.sector, s["cell"]), M(str(sec.organisations), s["centre"]),
                         M(str(sec.people), s["centre"])])
        out.append(table(rows, [90 * mm, 40 * mm, 44 * mm]))
        out.append(Spacer(1, 2 * mm))
        out.append(M("Partner organisations", s["h2"]))
        rows = [heads(s, "Organisation", "Sector", "People")]
        for p in report.partners:
            rows.append([P(p.name, s["cell"]), P(p.sector, s["cell"]),
                         M(str(len(p.attendees)), s["centre"])])
        out.append(table(rows, [110 * mm, 44 * mm, 20 * mm]))
    return out
