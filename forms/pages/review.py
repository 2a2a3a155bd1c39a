"""The review page: the navigator beside the panel for the current item, and the scoring keys."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from forms.panels.domain import DomainPanel
from forms.panels.element import ElementPanel
from forms.panels.kloe import KloePanel
from forms.panels.navigator import NavigatorPanel
from forms.session import ReviewSession


class ReviewPage(QWidget):
    """Navigator on the left; the KLOE, element or domain panel on the right."""

    current_changed = Signal(str)

    def __init__(self, session: ReviewSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.navigator = NavigatorPanel(session)
        self.kloe_panel = KloePanel(session)
        self.element_panel = ElementPanel(session)
        self.domain_panel = DomainPanel(session)
        self.panels = QStackedWidget()
        for panel in (self.kloe_panel, self.element_panel, self.domain_panel):
            self.panels.addWidget(panel)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("reviewSplitter")
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.panels)
        self.splitter.setStretchFactor(0, 2)  # both give way when the window narrows
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([560, 880])
        self._pending_split: QByteArray | None = None
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 0, 0)
        layout.addWidget(self.splitter)
        self.setAccessibleName("Review")

        self.navigator.current_changed.connect(self._on_current_changed)
        for panel in (self.kloe_panel, self.element_panel, self.domain_panel):
            panel.item_activated.connect(self.select)
        self._shortcuts: list[QShortcut] = []
        session.file_changed.connect(self._build_shortcuts)
        self._build_shortcuts()
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._on_focus_changed)
        if self.navigator.current_id():
            self._on_current_changed(self.navigator.current_id())

    def restore_splitter(self, state: QByteArray) -> None:
        """Put back a saved navigator width once the page is shown at its real size: restored
        any earlier, the navigator would take its share of the growth and drift."""
        if self.isVisible():
            self.splitter.restoreState(state)
        else:
            self._pending_split = state

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._pending_split is not None:
            self.splitter.restoreState(self._pending_split)
            self._pending_split = None

    # Single-key scoring --------------------------------------------------------------------
    def scoring_keys_apply(self, widget: QWidget | None = None) -> bool:
        """True when the single scoring keys may act: focus is on the navigator tree or on the
        KLOE panel's score buttons. Anywhere else (a drop-down, a table, a spin box, a date,
        a text box) a 3, an N or a Delete belongs to that control and never scores."""
        if widget is None:
            widget = QApplication.focusWidget()
        return widget is not None and (widget is self.navigator.view
                                       or widget in self.kloe_panel.scoring_widgets())

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Arm the scoring keys only while focus is where they are meant; a disarmed key is
        not taken from the control that has focus (a drop-down still jumps to "3 …")."""
        on = self.scoring_keys_apply(new)
        for s in self._shortcuts:
            s.setEnabled(on)

    def _shortcut(self, key: str, slot) -> None:
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda: self.scoring_keys_apply() and slot())
        shortcut.setEnabled(self.scoring_keys_apply())
        self._shortcuts.append(shortcut)

    def _build_shortcuts(self) -> None:
        """Single keys score the current KLOE (0-4, N, Delete) or move between KLOEs (J, K)."""
        for s in self._shortcuts:
            s.setEnabled(False)
            s.deleteLater()
        self._shortcuts = []
        review = self.session.review
        if review is None:
            return
        for value in review.framework.scale.values:
            if 0 <= value <= 9:
                self._shortcut(str(value), lambda v=value: self.score_current(v))
        self._shortcut("N", lambda: self.score_current("na"))
        self._shortcut("Delete", lambda: self.score_current(None))
        self._shortcut("J", lambda: self.navigator.step_kloe(+1))
        self._shortcut("K", lambda: self.navigator.step_kloe(-1))

    def current_id(self) -> str | None:
        return self.navigator.current_id()

    def select(self, item_id: str) -> bool:
        return self.navigator.select(item_id)

    def score_current(self, value: object) -> bool:
        item = self.current_id()
        if item is None or self.session.review is None \
                or self.session.review.framework.kind_of(item) != "kloe":
            return False
        return self.kloe_panel.score(value)

    def _on_current_changed(self, item_id: str) -> None:
        review = self.session.review
        if review is None:
            return
        kind = review.framework.kind_of(item_id)
        if kind == "kloe":
            self.kloe_panel.show_kloe(item_id)
            self.panels.setCurrentWidget(self.kloe_panel)
        elif kind == "element":
            self.kloe_panel.narrative_commit.flush()
            self.element_panel.show_element(item_id)
            self.panels.setCurrentWidget(self.element_panel)
        elif kind == "domain":
            self.kloe_panel.narrative_commit.flush()
            self.domain_panel.show_domain(item_id)
            self.panels.setCurrentWidget(self.domain_panel)
        self.current_changed.emit(item_id)
