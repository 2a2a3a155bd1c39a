"""The room's live vote on the Review page: one line under the stakeholder groups' scores.

It follows the KLOE on the page and every applied edit (a vote arriving, an undo), and is hidden
for a KLOE the room has not voted on.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLayout, QWidget

from forms.widgets import role_label
from maturity.votes import NA, fmt_median, summarise, vote_levels


def _layout_holding(layout: QLayout, widget: QWidget) -> tuple[QLayout, int] | None:
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.widget() is widget:
            return layout, i
        if item.layout() is not None:
            found = _layout_holding(item.layout(), widget)
            if found:
                return found
    return None


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
    panel = review_page.kloe_panel
    line = role_label("", "")
    line.setAccessibleName("The room's live vote")
    found = _layout_holding(panel.layout(), panel.spread_label) or \
        _layout_holding(panel.spread_label.parentWidget().layout(), panel.spread_label)
    layout, index = found
    layout.insertWidget(index + 1, line)

    def refresh(*_args) -> None:
        review, kloe_id = session.review, panel.kloe_id
        text = room_vote_text(review, kloe_id) if review is not None and kloe_id and \
            review.framework.kind_of(kloe_id) == "kloe" else ""
        line.setText(text)
        line.setAccessibleDescription(text)
        line.setVisible(bool(text))

    review_page.current_changed.connect(refresh)
    session.changed.connect(refresh)
    session.file_changed.connect(refresh)
    refresh()
    return line
