"""The room's live-vote tally in the exports: a workbook sheet and a board-report appendix table.

Only KLOEs that were voted on appear; counts are by level and by stakeholder group, the same
figures the projector showed, so the written record matches what the room saw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from maturity.votes import NA

if TYPE_CHECKING:
    from openpyxl import Workbook

    from maturity.report import Report

LEVELS = ("0", "1", "2", "3", "4", NA)


@dataclass(frozen=True)
class VoteLine:
    domain: str
    kloe_id: str
    statement: str
    total: int
    by_level: dict[str, int]
    by_group: str


def vote_lines(report: Report) -> list[VoteLine]:
    """One line per KLOE the room voted on, in framework order."""
    out = []
    for d in report.domains:
        for k in (k for e in d.elements for k in e.kloes):
            if not k.votes:
                continue
            by_level = {lvl: sum(c.get(lvl, 0) for c in k.votes.values()) for lvl in LEVELS}
            groups = "; ".join(
                f"{g}: " + ", ".join(f"{'N/A' if lvl == NA else lvl}×{n}"
                                     for lvl, n in counts.items())
                for g, counts in sorted(k.votes.items(), key=lambda i: i[0].casefold()))
            out.append(VoteLine(d.label, k.id, k.statement, sum(by_level.values()), by_level,
                                groups))
    return out


def add_votes_sheet(wb: Workbook, report: Report, used: set[str]) -> None:
    """A "Room's votes" sheet, when the room voted on any KLOE."""
    from .workbook.kit import print_setup, sheet_title, table

    lines = vote_lines(report)
    if not lines:
        return
    ws = wb.create_sheet(sheet_title("Room's votes", used))
    headers = [("Domain", 18), ("KLOE", 22), ("Statement", 50), ("Votes", 8),
               *((("N/A" if lvl == NA else lvl), 6) for lvl in LEVELS), ("By group", 60)]
    rows = [[v.domain, v.kloe_id, v.statement, v.total,
             *(v.by_level[lvl] or None for lvl in LEVELS), v.by_group] for v in lines]
    table(ws, 1, headers, rows)
    print_setup(ws, f"{report.system} · Room's votes")


def votes_story(report: Report, s) -> list:
    """The board report's table of the room's votes (empty when nobody voted)."""
    from reportlab.lib.units import mm

    from .pdf.kit import M, P, clip, heads, table

    lines = vote_lines(report)
    if not lines:
        return []
    rows = [heads(s, "Key line of enquiry", "Votes", "By level (0–4, N/A)", "By group")]
    for v in lines:
        levels = " · ".join(f"{'N/A' if lvl == NA else lvl}: {v.by_level[lvl]}"
                            for lvl in LEVELS if v.by_level[lvl])
        rows.append([P(clip(v.statement, 200)[0], s["small"]), P(str(v.total), s["cell"]),
                     P(levels, s["small"]), P(clip(v.by_group, 400)[0], s["small"])])
    return [M("The room's votes", s["h2"]), table(rows, [62 * mm, 14 * mm, 40 * mm, 58 * mm])]
