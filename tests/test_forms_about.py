"""The app's icon and About box: what a user sees when they ask what this is and where their
data lives."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QSize
from PySide6.QtWidgets import QApplication

from forms.dialogs.about import about_html, app_icon
from forms.launch import create_app
from forms.sampledata import sample_folder
from maturity.loader import load_framework
from maturity.version import __version__


def test_the_app_has_an_icon_at_every_desktop_size(qtbot):
    icon = app_icon()
    assert not icon.isNull()
    sizes = icon.availableSizes()
    for size in (16, 32, 48, 256):
        assert QSize(size, size) in sizes
    # Crisp, not scaled: the 16-pixel icon is its own drawing with the blue background.
    image = icon.pixmap(16, 16).toImage()
    assert image.width() == 16 and image.pixelColor(8, 2).blue() > 150
    app = create_app()
    assert not QApplication.windowIcon().isNull() and app.desktopFileName() == "sit-maturity"


def test_about_says_versions_licence_and_where_everything_is_kept(settings):
    text = about_html(settings)
    fw = load_framework()
    assert f"SIT Maturity {__version__}" in text
    assert f"Framework: {fw.id} {fw.version}" in text
    assert "Licence: MIT" in text
    assert "Everything stays on this computer." in text
    assert settings.fileName() in text
    assert str(sample_folder()) in text


def test_about_shows_the_open_review_path_as_text_not_markup(tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    hostile = str(tmp_path / "<img src=x onerror=1>.sitreview")
    text = about_html(settings, hostile)
    assert "<img" not in text
    assert "&lt;img src=x onerror=1&gt;.sitreview" in text
