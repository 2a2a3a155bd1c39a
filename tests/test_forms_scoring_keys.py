"""Single-key scoring acts only where the user is scoring: the navigator tree and the scale's
buttons. Everywhere else on the review page (a drop-down, a table, a spin box, a date, a text
box) the key belongs to that control and the agreed score never changes by accident."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from forms.widgets import ScoreOption
from maturity import edits

KLOE, ELEMENT, DOMAIN = "alpha.e1.k2", "alpha.e2", "beta"
# Each scoring key, what it does to the current KLOE, and a score to start from that differs.
SCORE_KEYS = [(Qt.Key.Key_0, 0, 2), (Qt.Key.Key_1, 1, 2), (Qt.Key.Key_2, 2, 3),
              (Qt.Key.Key_3, 3, 2), (Qt.Key.Key_4, 4, 2), (Qt.Key.Key_N, "na", 2),
              (Qt.Key.Key_Delete, None, 2)]
MOVE_KEYS = [Qt.Key.Key_J, Qt.Key.Key_K]


def focusable(page: QWidget) -> list[QWidget]:
    """Every widget on the page a user can put the keyboard focus on, as shown now."""
    return [w for w in page.findChildren(QWidget)
            if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisible() and w.isEnabled()]


def should_score(page, w: QWidget) -> bool:
    """Where the keys are meant: the navigator tree, a level of the scale, Clear score."""
    return w is page.navigator.view or isinstance(w, ScoreOption) \
        or w is page.kloe_panel.clear_button


def describe(w: QWidget) -> str:
    return f"{type(w).__name__} {w.accessibleName() or w.objectName() or ''!r}"


def ratings(window) -> dict:
    return {k.id: window.session.review.kloe(k.id).rating
            for _, _, k in window.session.review.framework.kloes()}


@pytest.fixture
def window(make_window, review_path, answers):
    window = make_window(review_path)
    window.session.edit(edits.set_group_score, KLOE, "Commissioner", 1)
    window.session.edit(edits.set_group_score, KLOE, "NHS provider", 3)
    return window


def put_focus(qtbot, window, item: str, widget: QWidget) -> QWidget | None:
    """Go to the item, then click into the widget as a user would (focus by mouse or Tab)."""
    window.go_to_item(item)
    page = window.review_page
    if widget is page.kloe_panel.groups and widget.model().rowCount():
        widget.setCurrentIndex(widget.model().index(0, 0))  # a group's row selected, as before pressing Delete
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    return QApplication.focusWidget()


@pytest.mark.parametrize("item", [KLOE, ELEMENT, DOMAIN])
def test_every_scoring_key_on_every_focusable_widget_of_the_review_page(qtbot, window, item):
    page = window.review_page
    window.go_to_item(item)
    widgets = focusable(page)
    walked: set[str] = set()
    scored_from: set[str] = set()
    for widget in widgets:
        for key, value, start in SCORE_KEYS:
            window.session.edit(edits.score_kloe, KLOE, start)
            focus = put_focus(qtbot, window, item, widget)
            if focus is None or not (focus is widget or widget.isAncestorOf(focus)):
                continue  # it does not take the focus here (e.g. a label that only selects)
            walked.add(describe(focus))
            before = ratings(window)
            qtbot.keyClick(focus, key)
            after = ratings(window)
            if should_score(page, focus) and item == KLOE:
                scored_from.add(describe(focus))
                expected = dict(before, **{KLOE: value})
                assert after == expected, f"{describe(focus)} did not score with {key.name}"
            else:
                assert after == before, f"{key.name} in {describe(focus)} changed a score"
        for key in MOVE_KEYS:
            focus = put_focus(qtbot, window, item, widget)
            if focus is None or not (focus is widget or widget.isAncestorOf(focus)):
                continue
            qtbot.keyClick(focus, key)
            moved = page.current_id() != item
            assert moved == should_score(page, focus), \
                f"{key.name} in {describe(focus)} {'moved' if moved else 'did not move'}"
    # The walk really reached the controls the slips happen in, and the scoring controls.
    if item == KLOE:
        panel = page.kloe_panel
        for w in (panel.group_score, panel.confidence, panel.groups, panel.narrative,
                  panel.group_name, panel.evidence_list):
            assert describe(w) in walked or any(describe(w) in s for s in walked), describe(w)
        assert describe(page.navigator.view) in scored_from
        assert {describe(b) for b in panel.score_buttons.values()} <= scored_from
        assert describe(panel.clear_button) in scored_from
        assert describe(page.navigator.filter_box) in walked
    elif item == ELEMENT:
        assert describe(page.element_panel.target) in walked
    assert len(walked) >= 5


def test_the_slips_from_the_report_leave_the_agreed_score(qtbot, window):
    """3 in the group-score drop-down, N in Confidence, Delete in the group table."""
    page = window.review_page
    panel = page.kloe_panel
    window.session.edit(edits.score_kloe, KLOE, 2)
    put_focus(qtbot, window, KLOE, panel.group_score)
    qtbot.keyClick(panel.group_score, Qt.Key.Key_3)
    assert panel.group_score.currentData() == 3  # the drop-down took its key
    put_focus(qtbot, window, KLOE, panel.confidence)
    qtbot.keyClick(panel.confidence, Qt.Key.Key_N)
    put_focus(qtbot, window, KLOE, panel.groups)
    qtbot.keyClick(panel.groups, Qt.Key.Key_Delete)
    assert window.session.review.kloe(KLOE).rating == 2
    assert window.session.review.kloe(KLOE).group_scores == {"Commissioner": 1,
                                                             "NHS provider": 3}
    # Back on the scale, the same keys score.
    put_focus(qtbot, window, KLOE, panel.score_buttons[1])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3)
    assert window.session.review.kloe(KLOE).rating == 3
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    assert window.session.review.kloe(KLOE).rating is None
