"""A line under the KLOE panel's group-score spread: how many partners answered, and how far
apart their scores are (group scores come from response packs or are typed in)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from forms.panels.kloe_lines import attach_kloe_line
from maturity.responses import partners_answered


def attach_pack_answers_line(review_page, session) -> QLabel:
    return attach_kloe_line(review_page, session, "Partners' answers", partners_answered, "secondary")
