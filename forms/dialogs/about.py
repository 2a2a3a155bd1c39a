"""The About box: versions, licence, and where everything the app keeps lives."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QDir, QSettings, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from forms.icon import app_icon
from forms.sampledata import sample_folder
from maturity.version import __version__, framework_label


def _native(path: str) -> str:
    return QDir.toNativeSeparators(path)


def about_html(settings: QSettings, review_path: str | None = None) -> str:
    reviews = ("the .sitreview files you save, wherever you choose"
               + (f"; this one is {escape(_native(review_path))}" if review_path else ""))
    where = [("Reviews", reviews),
             ("Settings", escape(_native(settings.fileName()))),
             ("Sample reviews", escape(_native(str(sample_folder()))))]
    rows = "".join(f"<li><b>{name}:</b> {value}</li>" for name, value in where)
    return (
        f"<h3>SIT Maturity {escape(__version__)}</h3>"
        "<p>Maturity self-reviews of children and young people's mental health systems.</p>"
        f"<p>Framework: {escape(framework_label())}<br>"
        "Licence: MIT. Built on Qt and PySide6 (LGPL v3); the PDFs use the DejaVu fonts "
        "(free licence, shipped with the app).</p>"
        "<p><b>Everything stays on this computer.</b> The app works offline and sends nothing "
        "anywhere. Every change is saved into the review file as it is made.</p>"
        f"<p>Where your data lives:</p><ul style='margin-left: -20px'>{rows}</ul>")


def show_about(parent: QWidget, settings: QSettings, review_path: str | None = None) -> None:
    box = QMessageBox(parent)
    box.setWindowTitle("About SIT Maturity")
    box.setIconPixmap(app_icon().pixmap(64, 64))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_html(settings, review_path))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 520px; }")
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()
