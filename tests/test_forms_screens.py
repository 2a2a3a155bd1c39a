"""Any screen and any scale: windows and dialogs open whole on the screen in use, and pages wrap
their text at 200 % and 1024 wide instead of scrolling sideways."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QScrollArea,
)

from tests.forms_support import every_dialog

KLOE = "alpha.e1.k1"



# Any screen, any scale --------------------------------------------------------------------


def test_a_window_saved_on_a_bigger_screen_reopens_whole_on_this_one(qtbot, settings, answers):
    from forms.app import MainWindow

    first = MainWindow(settings=settings)
    qtbot.addWidget(first)
    first.setGeometry(2400, 1500, 2200, 1300)  # a second, larger monitor to the lower right
    settings.setValue("window/geometry", first.saveGeometry())
    first.remember_layout = False
    first.close()
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.remember_layout = False
    room = QGuiApplication.primaryScreen().availableGeometry()
    assert room.contains(window.frameGeometry()), (window.frameGeometry(), room)
    assert isinstance(settings.value("window/geometry"), QByteArray)


def test_a_first_start_fits_the_screen_it_opens_on(qtbot, settings):
    from forms.app import MainWindow

    assert settings.value("window/geometry") is None
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.remember_layout = False
    room = QGuiApplication.primaryScreen().availableGeometry()
    assert room.width() < 1280 or room.height() < 800  # the default size would not fit
    assert window.width() <= room.width() and window.height() <= room.height()


def _kloe_scroll(window) -> QScrollArea:
    return window.review_page.kloe_panel.findChild(QScrollArea)


@pytest.mark.parametrize("zoom, size", [(2.0, (960, 540)), (1.0, (1024, 768))])
def test_large_text_in_a_small_window_wraps_instead_of_scrolling_sideways(
        make_window, rich_path, qtbot, zoom, size):
    window = make_window(rich_path)
    window.apply_zoom(zoom)
    window.resize(*size)
    kloe = window.session.review.framework.kloes()[0][2].id
    window.go_to_item(kloe)
    qtbot.wait(50)
    scroll = _kloe_scroll(window)
    assert not scroll.horizontalScrollBar().isVisible(), \
        scroll.widget().minimumSizeHint().width()
    for page in (window.action_plan, window.recommendations, window.review_page):
        assert page.minimumSizeHint().width() <= size[0], type(page).__name__


def test_navigator_titles_wrap_rather_than_end_in_an_ellipsis(make_window, rich_path, qtbot):
    window = make_window(rich_path)
    window.apply_zoom(2.0)
    window.resize(960, 540)
    qtbot.wait(50)
    view = window.review_page.navigator.view
    first = view.model().index(0, 0)
    fm = view.fontMetrics()
    title = first.data()
    assert fm.horizontalAdvance(title) > view.columnWidth(0) - view.indentation()  # too wide
    assert view.visualRect(first).height() >= 2 * fm.lineSpacing()  # so it takes two lines


def test_at_1024_wide_the_plan_and_heatmap_last_columns_are_in_sight(make_window, rich_path,
                                                                     qtbot):
    window = make_window(rich_path)
    window.resize(1024, 768)
    plan = window.action_plan
    window.show_page(plan)
    from maturity import plan as plans

    assert window.session.edit(plans.add_action, description="Publish the waiting times "
                               "for every service, each month, on every partner's website")
    qtbot.wait(80)
    table = plan.table
    widths = sum(table.columnWidth(c) for c in range(table.model().columnCount()))
    assert widths <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()
    window.show_page(window.dashboard)
    qtbot.wait(80)
    heatmap = window.dashboard.heatmap
    cols = max(len(cells) for _label, _score, cells in heatmap.rows)
    assert cols >= 6
    widest = max(range(len(heatmap.rows)), key=lambda r: len(heatmap.rows[r][2]))
    assert heatmap._cell_rect(widest, cols - 1).right() <= heatmap.width()


def test_the_action_dialog_fits_a_small_screen_and_lists_linked_kloes_first(make_window,
                                                                            review_path):
    from forms.dialogs.action import ActionDialog
    from maturity import plan as plans

    window = make_window(review_path)
    fw = window.session.review.framework
    last = fw.kloes()[-1][2].id
    assert window.session.edit(plans.add_action, description="Agree the vision",
                               kloe_ids=[last])
    action = window.session.review.actions[-1]
    dialog = ActionDialog(window.session.review, action, window)
    assert dialog.minimumSizeHint().height() <= 768 - 80  # fits 1024×768 with a title bar
    model = dialog.kloes.record_model()
    assert model.key(0) == last and dialog.kloes.ticked_keys() == [last]
    assert dialog.value()["kloe_ids"] == [last]


def test_on_a_1024_projector_no_scale_tile_cuts_a_word(make_window, rich_path, qtbot):
    from PySide6.QtGui import QTextDocument, QTextOption

    window = make_window(rich_path)
    window.enter_workshop(start=True)
    window.showNormal()
    window.resize(1024, 768)
    qtbot.wait(50)
    tiles = list(window.workshop.scale_labels.values())
    assert len(tiles) == 6
    for tile in tiles:
        doc = QTextDocument()
        doc.setDocumentMargin(0)  # as a label lays its text out
        doc.setDefaultFont(tile.font())
        doc.setDefaultTextOption(QTextOption(Qt.AlignmentFlag.AlignLeft))  # words whole,
        option = doc.defaultTextOption()                                     # as QLabel wraps
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        doc.setDefaultTextOption(option)
        doc.setHtml(tile.text())
        room = tile.contentsRect().width()
        doc.setTextWidth(room)
        assert doc.idealWidth() <= room, tile.accessibleName()
    window.leave_workshop()


def test_closing_the_window_in_workshop_mode_draws_nothing_of_the_closed_review(
        make_window, rich_path, qtbot):
    window = make_window(rich_path)
    kloe = window.session.review.framework.kloes()[0][2].id
    window.go_to_item(kloe)
    window.enter_workshop(start=True)
    window.showNormal()
    window.resize(1024, 768)
    qtbot.wait(20)
    window.close()  # any error drawing the closed review fails the test (pytest-qt)
    assert window.session.review is None
    assert window.review_page.kloe_panel.groups_model.rowCount() == 0


def test_large_dialogs_open_whole_on_a_small_screen(make_window, rich_path, tmp_path, qtbot):
    from forms.access import OnScreen
    from forms.dialogs.export import ExportDialog

    window = make_window(rich_path)
    room = QGuiApplication.primaryScreen().availableGeometry()
    checked = []
    for dialog in every_dialog(window, tmp_path):
        qtbot.addWidget(dialog)
        if not isinstance(dialog, OnScreen) or isinstance(dialog, ExportDialog):
            continue  # the Export dialog's tick boxes do not wrap: it needs 740 px or more
        dialog.show()
        QApplication.processEvents()
        assert room.contains(dialog.frameGeometry()), (type(dialog).__name__, room)
        checked.append(type(dialog).__name__)
        dialog.close()
    assert {"ActionDialog", "MergeDialog", "ReviewGuideDialog"} <= set(checked)
