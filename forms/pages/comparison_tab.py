"""The Comparison tab, built the first time it is needed: opening the app does not pay for a
page most sessions never visit."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from forms.widgets import LazyPage


def _comparison_view(session) -> QWidget:
    from forms.pages.comparison import ComparisonView

    return ComparisonView(session)


class ComparisonPage(LazyPage):
    """The Comparison tab. Its view is built the first time it is needed, so opening the app
    does not pay for a page most sessions never visit."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(lambda: _comparison_view(session), parent)
        self.session = session
        self.setAccessibleName("Comparison")

    def view(self):
        return self.widget()
