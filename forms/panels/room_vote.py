"""The room's live vote on the Review page: one line under the stakeholder groups' scores.

It follows the KLOE on the page and every applied edit (a vote arriving, an undo), and is hidden
for a KLOE the room has not voted on.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from forms.panels.kloe_lines import attach_kloe_line
from maturity.votes import NA, fmt_median, summarise, vote_levels


def room_vote_text(review, kloe_id: str) -> str:
    votes = review.kloe(kloe_id).votes
    if not votes:
        return ""
    s = summarise(review.framework, votes)
    levels = "  ·  ".join(f"{'N/A' if lvl == NA else lvl}: {s.by_level[lvl]}"
                          for lvl in vote_levels(review.framework) if s.by_level[lvl])
    groups = ", ".join(f"{g} {fmt_median(m)}" for g, m in s.group_medians.items())
    text = f"Room's vote ({s.total}):  {levels}"
    if groups:
        text += f"\nTypical by group: {groups}"
    if s.spread is not None:
        text += f"  →  spread {fmt_median(s.spread)}" + ("  ≠ disagree" if s.disagreement
                                                         else "")
    return text


def attach_room_vote_line(review_page, session) -> QLabel:
    """Put the line under the KLOE panel's spread of group scores."""
    return attach_kloe_line(review_page, session, "The room's live vote", room_vote_text)
