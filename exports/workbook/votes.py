"""The workbook's "Room's votes" sheet: the live-vote tally by level and by group."""

from __future__ import annotations

from typing import TYPE_CHECKING

from maturity.votes import NA

from ..room_votes import LEVELS, vote_lines
from .kit import print_setup, sheet_title, table

if TYPE_CHECKING:
    from openpyxl import Workbook

    from maturity.report import Report


def add_votes_sheet(wb: Workbook, report: Report, used: set[str]) -> None:
    """A "Room's votes" sheet, when the room voted on any KLOE."""
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


