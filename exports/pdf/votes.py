"""The board report's table of the room's live votes, for its appendix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.units import mm

from maturity.votes import NA

from ..room_votes import LEVELS, vote_lines
from .kit import M, P, clip, heads, table

if TYPE_CHECKING:
    from maturity.report import Report


def votes_story(report: Report, s) -> list:
    """The board report's table of the room's votes (empty when nobody voted)."""
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
