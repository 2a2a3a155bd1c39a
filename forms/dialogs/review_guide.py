"""Help → How a review is run: the framework's facilitator's guide in a window of its own.

The guide is framework content (``review_guide`` and ``notes`` in ``framework.toml``), so the
window shows the open review's framework when that carries a guide, and otherwise the bundled
framework's. It is not modal: a facilitator can keep it beside the review while they work.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from forms import style
from forms.access import OnScreen
from maturity.framework import Framework, GuideSection, Resource
from maturity.loader import FrameworkError, load_framework

TITLE = "How a review is run"


def framework_with_guide(current: Framework | None) -> Framework | None:
    """The framework whose guide to show: the open one if it has a guide, else the bundled one."""
    if current is not None and current.review_guide is not None:
        return current
    try:
        bundled = load_framework()
    except FrameworkError:
        return None
    return bundled if bundled.review_guide is not None else None


def _section(section: GuideSection) -> str:
    out = f"<h2>{escape(section.title)}</h2>"
    if section.intro:
        out += f"<p>{escape(section.intro)}</p>"
    if section.points:
        out += "<ul>" + "".join(f"<li>{escape(p)}</li>" for p in section.points) + "</ul>"
    return out


def _resource(r: Resource) -> str:
    head = (f"<a href='{escape(r.url, quote=True)}'>{escape(r.title)}</a>" if r.url
            else escape(r.title))
    note = f"<br><span class='note'>{escape(r.note)}</span>" if r.note else ""
    return f"<li>{head}{note}</li>"


def guide_html(fw: Framework) -> str:
    """The guide and the cross-review notes as simple HTML for a text browser."""
    guide = fw.review_guide
    if guide is None:
        return (f"<p>The framework {escape(fw.title)} ({escape(fw.version)}) has no guide to "
                f"running a review.</p>")
    parts = [f"<h1>{escape(guide.title)}</h1>"]
    if guide.summary:
        parts.append(f"<p>{escape(guide.summary)}</p>")
    parts += [_section(s) for s in guide.sections]
    parts += [_section(n) for n in fw.notes]
    if guide.resources:
        parts.append("<h2>Links</h2><ul>" + "".join(_resource(r) for r in guide.resources)
                     + "</ul>")
    parts.append(f"<p class='note'>From the framework {escape(fw.title)}, version "
                 f"{escape(fw.version)}.</p>")
    return "".join(parts)


_CSS = f"""
h1 {{ color: {style.NHS_DARK_BLUE}; font-size: 18pt; margin-bottom: 6px; }}
h2 {{ color: {style.NHS_DARK_BLUE}; font-size: 13pt; margin-top: 14px; margin-bottom: 4px; }}
p, li {{ color: {style.NHS_BLACK}; font-size: 11pt; }}
li {{ margin-bottom: 4px; }}
a {{ color: {style.NHS_BLUE}; }}
.note {{ color: {style.NHS_DARK_GREY}; font-size: 10pt; }}
"""


class ReviewGuideDialog(OnScreen, QDialog):
    """A readable, scrollable, non-modal window holding the facilitator's guide."""

    def __init__(self, framework: Framework, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setAccessibleName(TITLE)
        self.browser.document().setDefaultStyleSheet(_CSS)
        self.browser.document().setDocumentMargin(16)
        self.browser.setHtml(guide_html(framework))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(760, 640)


def show_review_guide(parent: QWidget, current: Framework | None) -> ReviewGuideDialog | None:
    """Open the guide beside ``parent`` (or bring the open one forward); None if no guide."""
    existing = parent.findChild(ReviewGuideDialog)
    if existing is not None:
        existing.raise_()
        existing.activateWindow()
        return existing
    framework = framework_with_guide(current)
    if framework is None:
        QMessageBox.warning(parent, TITLE, "The guide could not be shown: neither the open "
                            "review's framework nor the bundled one carries it.")
        return None
    dialog = ReviewGuideDialog(framework, parent)
    dialog.show()
    return dialog
