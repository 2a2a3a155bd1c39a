"""Readable in any light and any system theme: contrast measured from the style's constants and
from the drawn pixels, and one light palette whatever the system uses."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLineEdit,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from forms import style

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


def test_an_empty_lists_sentence_meets_four_and_a_half(make_window, review_path, qtbot):
    window = make_window(review_path)
    window.go_to_item(KLOE)
    table = window.review_page.kloe_panel.evidence_list
    assert table.placeholder()
    qtbot.wait(20)
    image = table.viewport().grab().toImage()
    assert _text_contrast(image) >= 4.5
