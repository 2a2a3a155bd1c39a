"""A line under the KLOE panel's group-score spread: how many partners answered, and how far
apart their scores are (group scores come from response packs or are typed in)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from forms.panels.room_vote import _layout_holding
from forms.widgets import role_label
from maturity.responses import partners_answered
from maturity.review import Review


def answers_text(review: Review, kloe_id: str) -> str:
    return partners_answered(review, kloe_id)


def attach_pack_answers_line(review_page, session) -> QLabel:
    panel = review_page.kloe_panel
    line = role_label("", "secondary")
    line.setAccessibleName("Partners' answers")
    layout, index = _layout_holding(panel.layout(), panel.spread_label) or \
        _layout_holding(panel.spread_label.parentWidget().layout(), panel.spread_label)
    layout.insertWidget(index + 1, line)

    def refresh(*_args) -> None:
        review, kloe_id = session.review, panel.kloe_id
        text = answers_text(review, kloe_id) if review is not None and kloe_id and \
            review.framework.kind_of(kloe_id) == "kloe" else ""
        line.setText(text)
        line.setVisible(bool(text))

    review_page.current_changed.connect(refresh)
    session.changed.connect(refresh)
    session.file_changed.connect(refresh)
    refresh()
    return line
