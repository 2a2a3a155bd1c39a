"""The keyboard alone, or a screen reader: focus shown at every Tab stop, Tab order top to bottom,
Enter that stays in a field, a name on every widget of ours, and KLOEs named by their words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from tests.forms_support import every_dialog

KLOE = "alpha.e1.k1"



# Keyboard ------------------------------------------------------------------------------------


def _tab_stops(window, start: QWidget, limit: int = 60) -> list[QWidget]:
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    stops: list[QWidget] = []
    for _ in range(limit):
        widget = QApplication.focusWidget()
        if widget is None or widget in stops:
            break
        stops.append(widget)
        window.focusNextChild()
        QApplication.processEvents()
    return stops


def _unseen_focus(top: QWidget, start: QWidget, limit: int) -> tuple[list, list[str]]:
    """Tab from ``start`` through the stops inside ``top``; returns the stops and those that
    look the same focused and unfocused (focus not shown)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    stops: list[QWidget] = []
    unseen: list[str] = []
    for _ in range(limit):
        widget = QApplication.focusWidget()
        if widget is None or widget in stops or not (widget is top or top.isAncestorOf(widget)):
            break
        stops.append(widget)
        focused = widget.grab().toImage()
        top.window().focusNextChild()
        QApplication.processEvents()
        if widget.grab().toImage() == focused:
            unseen.append(f"{type(widget).__name__} {widget.accessibleName()!r}")
    return stops, unseen


def test_every_tab_stop_on_the_review_page_shows_where_focus_is(make_window, rich_path):
    window = make_window(rich_path)
    window.go_to_item(window.session.review.framework.kloes()[0][2].id)
    page = window.review_page
    stops, unseen = _unseen_focus(page, page.navigator.filter_box, 60)
    assert len(stops) > 15
    assert not unseen, unseen


def test_tab_order_reads_top_to_bottom_and_enters_the_scale_on_the_chosen_score(
        make_window, review_path):
    window = make_window(review_path)
    window.go_to_item(KLOE)
    panel = window.review_page.kloe_panel
    assert panel.score(3)
    stops = _tab_stops(window, panel.about.button, 4)
    assert stops == [panel.about.button, panel.score_buttons[3], panel.clear_button,
                     panel.narrative]
    panel.score_buttons[3].setFocus()
    from pytestqt.qtbot import QtBot

    QtBot.keyClick(panel.score_buttons[3], Qt.Key.Key_Down)
    assert QApplication.focusWidget() is panel.score_buttons[4]  # arrows move along the scale
    assert window.session.review.kloe(KLOE).rating == 3  # without scoring


def test_a_date_is_one_tab_stop(qtbot):
    from forms.dialogs.newreview import NewReviewDialog

    dialog = NewReviewDialog()
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    dialog.date.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(dialog.date, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.facilitator


def test_enter_in_a_progress_note_adds_it_and_keeps_the_dialog_open(qtbot, make_window,
                                                                    review_path):
    from forms.dialogs.action import ActionDialog

    window = make_window(review_path)
    dialog = ActionDialog(window.session.review, None, window)
    qtbot.addWidget(dialog)
    dialog.description.setPlainText("Publish the waiting times")
    with qtbot.waitActive(dialog):
        dialog.show()
    dialog.note_text.setFocus()
    qtbot.keyClicks(dialog.note_text, "Met the trust")
    qtbot.keyClick(dialog.note_text, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0
    assert [text for _day, text in dialog.value()["notes"]] == ["Met the trust"]
    assert dialog.note_text.text() == ""


def test_enter_in_the_new_review_roster_adds_and_never_creates(qtbot):
    from forms.dialogs.newreview import NewReviewDialog

    dialog = NewReviewDialog()
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    dialog.system.setText("Anyshire")
    dialog.org_name.setFocus()
    qtbot.keyClicks(dialog.org_name, "Anyshire Mind")
    qtbot.keyClick(dialog.org_name, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.org_people, "Ann, Bo")
    qtbot.keyClick(dialog.org_people, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.orgs.rowCount() == 1


def test_the_action_dialog_names_kloes_by_element_and_statement(make_window, review_path):
    from forms.dialogs.action import ActionDialog

    window = make_window(review_path)
    review = window.session.review
    dialog = ActionDialog(review, None, window)
    fw = review.framework
    model = dialog.kloes.record_model()
    shown = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert shown[0] == fw.name_of(KLOE, 90) and "›" in shown[0]
    assert not any(k.id in text for text in shown for _d, _e, k in fw.kloes())
    assert dialog.kloes.tick(KLOE)
    assert dialog.value()["kloe_ids"] == [KLOE]


# Screen readers: every widget of ours that takes focus has a name --------------------------


def _ours_and_focusable(widget: QWidget) -> bool:
    if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(widget.window()):
        return False
    if not isinstance(widget, (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView,
                               QPlainTextEdit, QAbstractSpinBox, QAbstractScrollArea)):
        return False
    parent = widget.parentWidget()
    while parent is not None:  # parts of a compound control are named by the control
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QAbstractItemView)):
            return False
        parent = parent.parentWidget()
    return True


def _nameless(top: QWidget) -> list[str]:
    out = []
    for widget in [top, *top.findChildren(QWidget)]:
        if not _ours_and_focusable(widget):
            continue
        name = widget.accessibleName() or (
            widget.text().replace("&", "") if isinstance(widget, QAbstractButton) else "")
        if not name.strip():
            parent = widget.parentWidget()
            out.append(f"{type(widget).__name__} in {type(parent).__name__ if parent else '-'}")
    return out


def test_no_focusable_widget_of_ours_is_nameless_on_any_page_or_dialog(
        make_window, rich_path, tmp_path, qtbot):
    window = make_window(rich_path)
    missing = []
    for index in range(window.pages.count()):
        window.pages.setCurrentIndex(index)
        QApplication.processEvents()
        page = window.pages.widget(index)
        missing += [f"{window.pages.tabText(index)}: {m}" for m in _nameless(page)]
    for item in (window.session.review.framework.domains[0].id,
                 window.session.review.framework.domains[0].elements[0].id):
        window.go_to_item(item)
        QApplication.processEvents()
        missing += [f"{item}: {m}" for m in _nameless(window.review_page)]
    window.enter_workshop(start=True)
    for key in ("groups", "evidence", "confidence", "park"):
        if window.workshop.open_overlay(key):
            QApplication.processEvents()
            missing += [f"workshop {key}: {m}" for m in _nameless(window.workshop)]
            window.workshop.close_overlays()
    window.leave_workshop()
    seen = 0
    for dialog in every_dialog(window, tmp_path):
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        missing += [f"{dialog.windowTitle()}: {m}" for m in _nameless(dialog)]
        assert isinstance(dialog, QDialog)
        dialog.close()
        seen += 1
    assert seen >= 15
    assert not missing, missing


def test_no_kloe_id_reaches_the_navigator_or_the_kloe_panel(make_window, review_path):
    window = make_window(review_path)
    fw = window.session.review.framework
    ids = [k.id for _d, _e, k in fw.kloes()]
    model = window.review_page.navigator.model
    shown = []

    def walk(parent):
        for row in range(model.rowCount(parent)):
            for col in range(model.columnCount(parent)):
                index = model.index(row, col, parent)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                             Qt.ItemDataRole.AccessibleTextRole):
                    value = index.data(role)
                    if isinstance(value, str):
                        shown.append(value)
            walk(model.index(row, 0, parent))

    walk(model.index(-1, -1))
    panel = window.review_page.kloe_panel
    for kloe in ids:
        window.go_to_item(kloe)
        shown += [panel.crumb.text(), panel.statement.text()]
    assert len(shown) > 3 * len(ids)
    leaks = [text for text in shown for kloe in ids if kloe in text]
    assert not leaks, leaks[:5]


def test_every_tab_stop_in_the_action_dialog_shows_where_focus_is(make_window, review_path,
                                                                   qtbot):
    from forms.dialogs.action import ActionDialog

    window = make_window(review_path)
    dialog = ActionDialog(window.session.review, None, window)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    dialog.start.enabled.setChecked(True)
    stops, unseen = _unseen_focus(dialog, dialog.description, 40)
    assert len(stops) > 12
    assert not unseen, unseen


def test_the_scale_the_sections_and_the_charts_describe_themselves(make_window, rich_path):
    from maturity.scoring import rollup
    from maturity.wording import fmt_score

    window = make_window(rich_path)
    review = window.session.review
    window.go_to_item(review.framework.kloes()[0][2].id)
    panel = window.review_page.kloe_panel
    for button in panel.score_buttons.values():
        assert button.accessibleDescription().strip(), button.accessibleName()
    assert panel.about.button.accessibleDescription().strip()
    window.show_page(window.dashboard)
    first = review.framework.domains[0]
    score = fmt_score(rollup(review).domain(first.id).score)
    for chart in (window.dashboard.radar, window.dashboard.heatmap):
        assert score in chart.accessibleDescription(), chart.accessibleName()
