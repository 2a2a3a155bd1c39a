"""Lines under the KLOE panel's spread of group scores (the room's vote, the partners' answers).

Each follows the KLOE on the Review page and every applied edit (a vote arriving, a pack
imported, an undo), and is hidden when it has nothing to say about that KLOE.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QLayout, QWidget

from forms.widgets import role_label
from maturity.review import Review


def _layout_holding(layout: QLayout, widget: QWidget) -> tuple[QLayout, int] | None:
    """The layout (``layout`` or one nested in it) holding ``widget``, and its place there.

    Searched through the layouts themselves, never ``itemAt``: PySide keeps every layout item
    it has handed to Python alive with its layout, and one whose widget is later deleted is left
    pointing at freed memory, where Qt may put another object (a style, say) that Python would
    then be handed under the old item's type."""
    for candidate in (layout, *layout.findChildren(QLayout)):
        index = candidate.indexOf(widget)
        if index >= 0:
            return candidate, index
    return None


def attach_kloe_line(review_page, session, name: str, text_of: Callable[[Review, str], str],
                     role: str = "") -> QLabel:
    """A label under the KLOE panel's spread showing ``text_of(review, kloe_id)``."""
    panel = review_page.kloe_panel
    line = role_label("", role)
    line.setAccessibleName(name)
    layout, index = _layout_holding(panel.layout(), panel.spread_label) or \
        _layout_holding(panel.spread_label.parentWidget().layout(), panel.spread_label)
    layout.insertWidget(index + 1, line)

    def refresh(*_args) -> None:
        review, kloe_id = session.review, panel.kloe_id
        text = text_of(review, kloe_id) if review is not None and kloe_id and \
            review.framework.kind_of(kloe_id) == "kloe" else ""
        line.setText(text)
        line.setAccessibleDescription(text)
        line.setVisible(bool(text))

    review_page.current_changed.connect(refresh)
    session.changed.connect(refresh)
    session.file_changed.connect(refresh)
    refresh()
    return line
