"""Anyone in the room can use the app: any screen and scale, any system theme, the keyboard
alone, or a screen reader."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter

import pytest
from PySide6.QtCore import QByteArray, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from forms import style
from maturity import edits
from maturity.reviewfile import ReviewFile

KLOE = "alpha.e1.k1"


# Colour: every cue measured from the constants the code draws with ---------------------------
def test_non_text_cues_meet_three_to_one_and_placeholders_four_and_a_half():
    for name, (fg, bg) in style.NON_TEXT_PAIRS.items():
        assert style.contrast(fg, bg) >= 3.0, f"{name}: {fg} on {bg}"
    assert style.contrast(style.PLACEHOLDER_TEXT, style.NHS_WHITE) >= 4.5
    palette = style.light_palette()
    assert palette.color(QPalette.ColorRole.PlaceholderText).name().upper() \
        == style.PLACEHOLDER_TEXT.upper()


def test_the_charts_draw_their_lines_in_the_measured_colours():
    from forms.charts import radar, trend

    assert set(radar.REVIEW_COLOURS) <= set(style.COMPARISON_LINES)
    assert set(trend.LINE_COLOURS) <= set(style.CHART_LINES)
    for colour in [*radar.REVIEW_COLOURS, *trend.LINE_COLOURS]:
        assert style.contrast(colour, style.NHS_WHITE) >= 3.0, colour


def _colours(image, rect: QRect | None = None) -> Counter:
    rect = rect or QRect(0, 0, image.width(), image.height())
    return Counter(image.pixelColor(x, y).name() for x in range(rect.left(), rect.right() + 1)
                   for y in range(rect.top(), rect.bottom() + 1))


def _text_contrast(image, rect: QRect | None = None) -> float:
    """Contrast of the strongest ink against the commonest colour (the background): glyph
    edges are blended, their cores are the ink."""
    colours = _colours(image, rect)
    background = colours.most_common(1)[0][0]
    return max(style.contrast(c, background) for c in colours)


def test_placeholder_text_as_drawn_meets_four_and_a_half(qapp, qtbot):
    style.pin_light_look(qapp)
    box = QWidget()
    box.setStyleSheet(style.stylesheet())
    field = QLineEdit(box)
    field.setPlaceholderText("What happened (press Enter to add)")
    field.resize(400, 40)
    qtbot.addWidget(box)
    box.show()
    assert _text_contrast(field.grab().toImage(), QRect(6, 8, 380, 24)) >= 4.5


@pytest.fixture
def dark_system(qapp):
    """A dark system palette (Windows dark mode, or Fusion dark) as the app starts on it."""
    before_palette, before_style = QPalette(qapp.palette()), qapp.style().name()
    dark = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#353535"),
                         (QPalette.ColorRole.WindowText, "#FFFFFF"),
                         (QPalette.ColorRole.Base, "#232323"),
                         (QPalette.ColorRole.AlternateBase, "#353535"),
                         (QPalette.ColorRole.Text, "#FFFFFF"),
                         (QPalette.ColorRole.Button, "#353535"),
                         (QPalette.ColorRole.ButtonText, "#FFFFFF")):
        dark.setColor(role, QColor(colour))
    qapp.setStyle("Fusion")
    qapp.setPalette(dark)
    yield qapp
    qapp.setStyle(before_style)
    qapp.setPalette(before_palette)


def _menu_contrast(window) -> float:
    menu = window.menuBar().actions()[0].menu()
    menu.popup(window.mapToGlobal(QPoint(20, 20)))
    QApplication.processEvents()
    try:
        return _text_contrast(menu.grab().toImage())
    finally:
        menu.hide()


def _unticked_box_interior(box: QCheckBox) -> float:
    option = QStyleOptionButton()
    box.initStyleOption(option)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    return style.luminance(box.grab().toImage().pixelColor(rect.center()).name())


def test_a_dark_system_palette_never_mixes_with_the_light_pages(dark_system, make_window,
                                                               review_path):
    from forms.dialogs.action import ActionDialog
    from forms.launch import create_app

    window = make_window(review_path)
    # as the system gives it: dark menus under the app's dark text (this is what is fixed)
    assert _menu_contrast(window) < 3.0
    assert create_app() is dark_system  # start-up pins the light look
    assert _menu_contrast(window) >= 4.5
    dialog = ActionDialog(window.session.review, None, window)
    dialog.show()
    tick = dialog.start.enabled
    assert not tick.isChecked()
    assert _unticked_box_interior(tick) > 0.8  # a light box, not a black square
    dialog.close()


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


def test_every_tab_stop_on_the_review_page_shows_where_focus_is(make_window, rich_path):
    window = make_window(rich_path)
    window.go_to_item(window.session.review.framework.kloes()[0][2].id)
    page = window.review_page
    stops = []
    start = page.navigator.filter_box
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    unseen = []
    for _ in range(60):
        widget = QApplication.focusWidget()
        if widget is None or widget in stops or not page.isAncestorOf(widget):
            break
        stops.append(widget)
        focused = widget.grab().toImage()
        window.focusNextChild()
        QApplication.processEvents()
        if widget.grab().toImage() == focused:
            unseen.append(f"{type(widget).__name__} {widget.accessibleName()!r}")
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


def _dialogs(window, tmp_path):
    """One of each dialog the app opens, built as the app builds it."""
    from forms.dialogs.action import ActionDialog
    from forms.dialogs.evidence import EvidenceDialog
    from forms.dialogs.export import ExportDialog
    from forms.dialogs.family_help import FamilyHelpDialog
    from forms.dialogs.merge import MergeDialog
    from forms.dialogs.newreview import NewReviewDialog
    from forms.dialogs.packs import SendPackDialog
    from forms.dialogs.reject import RejectReasonDialog
    from forms.dialogs.report_texts import ReportTextsDialog
    from forms.dialogs.rereview import RereviewDialog
    from forms.dialogs.review_guide import ReviewGuideDialog
    from forms.dialogs.share import ShareDialog
    from maturity.merge import plan_merge

    session = window.session
    review = session.review
    kloe = review.framework.kloes()[0][2].id
    other = tmp_path / "breakout.sitreview"
    shutil.copyfile(session.path, other)
    with ReviewFile.open(other) as rf:
        rf.execute(edits.score_kloe(rf.review, kloe, 1))
        rf.execute(edits.add_evidence(rf.review, kloe, title="Schools survey"))
    session.edit(edits.score_kloe, kloe, 3)
    with ReviewFile.open(session.path, readonly=True) as a, \
            ReviewFile.open(other, readonly=True) as b:
        plan = plan_merge(a, b)
    yield ActionDialog(review, review.actions[0] if review.actions else None, window)
    yield ActionDialog(review, None, window)
    for choice in ("file", "link", "data", "voice", "other"):
        yield EvidenceDialog(choice, {}, window)
    yield ExportDialog(session, window, folder=tmp_path)
    yield FamilyHelpDialog("Help text", "Call us", window)
    yield MergeDialog(plan, window)
    yield NewReviewDialog(window)
    yield SendPackDialog(session, window)
    yield RejectReasonDialog("A recommendation", "", window)
    yield ReportTextsDialog(session, window)
    yield ReviewGuideDialog(review.framework, window)
    yield ShareDialog(session, lambda *_: None, window)
    yield RereviewDialog("Testshire", dt.date(2025, 10, 14), "Fran", window)


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
    for dialog in _dialogs(window, tmp_path):
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        missing += [f"{dialog.windowTitle()}: {m}" for m in _nameless(dialog)]
        assert isinstance(dialog, QDialog)
        dialog.close()
        seen += 1
    assert seen >= 15
    assert not missing, missing


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


def test_an_empty_lists_sentence_meets_four_and_a_half(make_window, review_path, qtbot):
    window = make_window(review_path)
    window.go_to_item(KLOE)
    table = window.review_page.kloe_panel.evidence_list
    assert table.placeholder()
    qtbot.wait(20)
    image = table.viewport().grab().toImage()
    assert _text_contrast(image) >= 4.5


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
    dialog.description.setFocus(Qt.FocusReason.TabFocusReason)
    stops, unseen = [], []
    for _ in range(40):
        widget = QApplication.focusWidget()
        if widget is None or widget in stops:
            break
        stops.append(widget)
        focused = widget.grab().toImage()
        dialog.focusNextChild()
        QApplication.processEvents()
        if widget.grab().toImage() == focused:
            unseen.append(f"{type(widget).__name__} {widget.accessibleName()!r}")
    assert len(stops) > 12
    assert not unseen, unseen


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


def test_large_dialogs_open_whole_on_a_small_screen(make_window, rich_path, tmp_path, qtbot):
    from forms.access import OnScreen
    from forms.dialogs.export import ExportDialog

    window = make_window(rich_path)
    room = QGuiApplication.primaryScreen().availableGeometry()
    checked = []
    for dialog in _dialogs(window, tmp_path):
        qtbot.addWidget(dialog)
        if not isinstance(dialog, OnScreen) or isinstance(dialog, ExportDialog):
            continue  # the Export dialog's tick boxes do not wrap: it needs 740 px or more
        dialog.show()
        QApplication.processEvents()
        assert room.contains(dialog.frameGeometry()), (type(dialog).__name__, room)
        checked.append(type(dialog).__name__)
        dialog.close()
    assert {"ActionDialog", "MergeDialog", "ReviewGuideDialog"} <= set(checked)
