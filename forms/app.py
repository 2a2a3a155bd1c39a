"""The main window and all the wiring between the session, the pages, menus and settings.

Pages are plain widgets over one ``ReviewSession``; they never know about the window. Extra
pages join with ``MainWindow.add_page(title, widget, shortcut)``, which adds a tab and a View
menu entry. Dialogs are methods of the window (``show_error``, ``ask_open_path`` ...) so the
logic can be driven by tests that answer them without a real dialog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from forms import style
from forms.actions import (
    SCORING_KEYS,
    WORKSHOP_KEYS,
    build_actions,
    build_menus,
    enable_actions,
    shortcut_lines,
)
from forms.screen import keep_on_screen
from forms.session import ReviewSession
from forms.window_dialogs import WindowDialogs
from forms.window_files import WindowFiles
from forms.window_pages import WindowPages

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

    from forms.pages.workshop_agenda import AgendaSlot

# The pages, dialogs and the core's models are imported where they are built or used, not here:
# the window is on screen (titled, sized, menus and status line) before they load.

ORGANISATION = "SIT Maturity"
APPLICATION = "SIT Maturity"


def make_settings() -> QSettings:
    return QSettings(ORGANISATION, APPLICATION)


class MainWindow(WindowDialogs, WindowFiles, WindowPages, QMainWindow):
    """The application window: a tab per page, menus, status line, and workshop mode."""

    def __init__(self, session: ReviewSession | None = None,
                 settings: QSettings | None = None, *, fill_later: bool = False):
        """With ``fill_later``, only the frame is built (title, size, menus, status line) so it
        can be shown at once; ``fill()`` then builds the pages before anything else runs."""
        super().__init__()
        self.session = session or ReviewSession(self)
        self.session.report_error = lambda title, message: self.show_error(title, message)
        self.settings = settings or make_settings()
        self.remember_layout = True
        self._page_actions: list[QAction] = []
        try:
            zoom = float(self.settings.value("view/zoom", 1.0) or 1.0)
        except (TypeError, ValueError):
            zoom = 1.0
        self.zoom = min(max(zoom, style.ZOOM_STEPS[0]), style.ZOOM_STEPS[-1])
        # Styled before any child exists, so each widget is polished once, when first shown.
        self.setStyleSheet(style.stylesheet(self.zoom))

        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.setAccessibleName("Pages")
        self.pages.setAccessibleDescription("The review's pages; Ctrl+1 to Ctrl+9 switch page")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.pages)
        self.setCentralWidget(self.stack)
        self._before_workshop: Qt.WindowState | None = None

        self._build_actions()
        self._build_menus()
        self._build_status()
        self._restore_geometry()
        self.filled = False
        if not fill_later:
            self.fill()

    def fill(self) -> None:
        """Build the pages and wire them to the session (once)."""
        if self.filled:
            return
        self.filled = True
        from forms.pages.welcome import WelcomePage
        from forms.pages.workshop import WorkshopView

        self.workshop = WorkshopView(self.session, zoom=self.zoom, settings=self.settings)
        self.welcome = WelcomePage()
        self.stack.addWidget(self.workshop)
        self.stack.addWidget(self.welcome)
        self._build_pages()

        self.session.file_changed.connect(self._on_file_changed)
        self.session.changed.connect(self._on_review_changed)
        self.session.pending_changed.connect(lambda _pending: self._update_status())
        self.workshop.leave_requested.connect(self.leave_workshop)
        self.workshop.park_requested.connect(self.quick_park)
        self.workshop.current_changed.connect(self._on_workshop_moved)
        self.welcome.new_requested.connect(self.new_review)
        self.welcome.open_requested.connect(self.open_dialog)
        self.welcome.sample_requested.connect(self.open_sample)
        self.welcome.recent_chosen.connect(self.open_path)
        self._restore_layout()
        self._on_file_changed()

    def show_opening(self, name: str) -> None:
        """Before ``fill()``: say which file is being opened, in the title and status line."""
        self.setWindowTitle(f"{name} — {APPLICATION}")
        self.saved_label.setText(f"Opening {name}…")

    def send_packs(self) -> None:
        from forms.dialogs.packs import send_packs

        send_packs(self)

    def import_responses(self) -> None:
        from forms.dialogs.packs import import_responses

        import_responses(self)

    def show_export(self) -> None:
        """The Export dialog, not modal: the review stays usable while files are written."""
        from forms.dialogs.export import ExportDialog

        if self.session.review is None:
            return
        if self.export_dialog is None or self.export_dialog.session is not self.session:
            self.export_dialog = ExportDialog(self.session, self)
        self.export_dialog.show()
        self.export_dialog.raise_()
        self.export_dialog.activateWindow()

    def show_share(self) -> None:
        from forms.dialogs.share import ShareDialog

        if self.session.review is not None:
            ShareDialog(self.session, self.ask_save_path, self).exec()

    # Pages (built in forms/window_pages.py) ----------------------------------------------------
    def add_page(self, title: str, widget: QWidget, shortcut: str | None = None) -> QAction:
        """Add a page as a tab with a View-menu entry (and optional shortcut) that shows it."""
        self.pages.addTab(widget, title)
        if not widget.accessibleName():
            widget.setAccessibleName(title)
        action = QAction(title, self)
        if shortcut is None and len(self._page_actions) < 9:
            taken = {a.shortcut().toString() for a in self._page_actions}
            free = [f"Ctrl+{n}" for n in range(1, 10) if f"Ctrl+{n}" not in taken]
            shortcut = free[0] if free else None
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda: self.show_page(widget))
        self.view_menu.insertAction(self._view_pages_end, action)
        self.addAction(action)
        self._page_actions.append(action)
        return action

    def show_page(self, widget: QWidget) -> None:
        if self.in_workshop():
            self.leave_workshop()
        while widget is not None and self.pages.indexOf(widget) < 0:
            widget = widget.parentWidget()  # a page built lazily sits inside its tab
        if widget is not None:
            self.pages.setCurrentWidget(widget)

    def current_item(self) -> str:
        """The domain, element or KLOE in front of the user (workshop or review page)."""
        if self.in_workshop() and self.workshop.current_kloe():
            return self.workshop.current_kloe() or ""
        return self.review_page.current_id() or ""

    def go_to_item(self, item_id: str) -> None:
        self.show_page(self.review_page)
        self.review_page.select(item_id)

    # Actions and menus: declared in forms/actions.py -------------------------------------------
    def _build_actions(self) -> None:
        self._actions = build_actions(self)
        for key, action in self._actions.items():  # window.act_export and friends
            setattr(self, f"act_{key}", action)

    def action(self, key: str) -> QAction:
        return self._actions[key]

    def _build_menus(self) -> None:
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._view_pages_end = build_menus(self, self._actions, self.recent_menu)

    def edit_family_help(self) -> None:
        from forms.dialogs.family_help import edit_family_help
        edit_family_help(self.session, self)

    def next_kloe(self) -> None:
        self.step_kloe(+1)

    def previous_kloe(self) -> None:
        self.step_kloe(-1)

    def zoom_in(self) -> None:
        self.step_zoom(+1)

    def zoom_out(self) -> None:
        self.step_zoom(-1)

    def zoom_reset(self) -> None:
        self.apply_zoom(1.0)

    def show_guide(self) -> None:
        from forms.dialogs.review_guide import show_review_guide
        show_review_guide(self, self.session.review.framework if self.session.review else None)

    def _build_status(self) -> None:
        self.saved_label = QLabel()
        self.saved_label.setAccessibleName("Save status")
        self.readonly_label = QLabel()
        self.readonly_label.setAccessibleName("Read-only status")
        self.statusBar().addWidget(self.saved_label, 1)
        self.statusBar().addPermanentWidget(self.readonly_label)

    def shortcuts_text(self) -> str:
        """The F1 list: the single keys of scoring and workshop mode, then every command and
        page with a shortcut, read from the actions themselves."""
        return "\n".join([SCORING_KEYS, "", "Commands", *shortcut_lines(
            self._actions, self._page_actions), "", WORKSHOP_KEYS])

    def show_shortcuts(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self, "Keyboard shortcuts", self.shortcuts_text())

    def show_about(self) -> None:
        from forms.dialogs.about import show_about
        path = self.session.path
        show_about(self, self.settings, str(path) if path else None)

    # Reactions to the session --------------------------------------------------------------
    def _on_file_changed(self) -> None:
        review = self.session.review
        if review is None:
            if self.in_workshop():
                self.leave_workshop()
            self.setWindowTitle(APPLICATION)
            self.welcome.set_recent(self.recent_files())
            self.stack.setCurrentWidget(self.welcome)
        else:
            self.setWindowTitle(f"{review.info.system} — {self.session.path.name} — {APPLICATION}")
            if self.stack.currentWidget() is self.welcome:
                self.stack.setCurrentWidget(self.pages)
            self.pages.setCurrentWidget(self.review_page)
        for action in self._page_actions:
            action.setEnabled(review is not None)
        self._update_status()
        self._update_undo_actions()
        self._update_item_actions()

    def _update_item_actions(self) -> None:
        review = self.session.review is not None
        enable_actions(self._actions, review=review, writable=review and not self.session.readonly)

    def _on_review_changed(self, command) -> None:
        if self.session.review is not None:
            self.setWindowTitle(f"{self.session.review.info.system} — {self.session.path.name} "
                                f"— {APPLICATION}")
        self._update_status()
        self._update_undo_actions()

    def _update_status(self) -> None:
        if self.session.file is None:
            self.saved_label.setText("No review open")
            self.readonly_label.setText("")
        elif self.session.readonly:
            self.saved_label.setText(f"Read-only: {self.session.readonly_reason}. You can read "
                                     f"and export it; changes cannot be made.")
            self.readonly_label.setText("READ-ONLY")
        elif self.session.pending:
            self.saved_label.setText("Typing… saved when you pause or leave the box")
            self.readonly_label.setText("")
        else:
            self.saved_label.setText("All changes saved")
            self.readonly_label.setText("")
        self.saved_label.setAccessibleDescription(self.saved_label.text())

    def _update_undo_actions(self) -> None:
        undo, redo = self.session.undo_label(), self.session.redo_label()
        self.act_undo.setEnabled(undo is not None)
        self.act_undo.setText(f"&Undo {undo}" if undo else "&Undo")
        self.act_redo.setEnabled(redo is not None)
        self.act_redo.setText(f"&Redo {redo}" if redo else "&Redo")

    # Zoom and layout -----------------------------------------------------------------------
    def apply_zoom(self, zoom: float) -> None:
        self.zoom = min(max(zoom, style.ZOOM_STEPS[0]), style.ZOOM_STEPS[-1])
        self.setStyleSheet(style.stylesheet(self.zoom))
        self.workshop.apply_zoom(self.zoom)
        self.settings.setValue("view/zoom", self.zoom)

    def step_zoom(self, direction: int) -> None:
        steps = style.ZOOM_STEPS
        if direction > 0:
            bigger = [s for s in steps if s > self.zoom + 1e-6]
            self.apply_zoom(bigger[0] if bigger else steps[-1])
        else:
            smaller = [s for s in steps if s < self.zoom - 1e-6]
            self.apply_zoom(smaller[-1] if smaller else steps[0])

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
            keep_on_screen(self)  # saved on another screen or at another scale
        else:
            self.resize(1280, 800)
            keep_on_screen(self)  # a first start on a small or scaled screen (960×540 at 200 %)

    def _restore_layout(self) -> None:
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        split = self.settings.value("window/review_splitter")
        if isinstance(split, QByteArray) and not split.isEmpty():
            self.review_page.restore_splitter(split)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/review_splitter", self.review_page.splitter.saveState())

    # Navigation, parking and workshop mode -------------------------------------------------
    def step_kloe(self, step: int) -> None:
        if self.in_workshop():
            if self.workshop.is_running():
                self.workshop.step(step)
            return
        self.show_page(self.review_page)
        self.review_page.navigator.step_kloe(step)

    def quick_park(self) -> bool:
        """Park an issue from anywhere, linked to the item in front of the user."""
        if self.in_workshop() and self.workshop.is_running():
            return self.workshop.open_overlay("park")  # at projector size, in the room
        if self.session.review is None or self.session.readonly:
            return False
        item = self.current_item()
        where = f" (raised at {self.session.review.framework.name_of(item)})" if item else ""
        text = self.ask_text("Park an issue", f"Issue to come back to{where}:")
        if text is None or not text.strip():
            return False
        from maturity import edits

        return self.session.edit(edits.add_parking, text, item)

    def in_workshop(self) -> bool:
        return self.stack.currentWidget() is self.workshop

    def toggle_workshop(self) -> None:
        if self.in_workshop():
            self.leave_workshop()
        else:
            self.enter_workshop()

    def enter_workshop(self, slots: list[AgendaSlot] | None = None, *,
                       start: bool = False) -> bool:
        """Full screen, menus hidden; the agenda first (or straight in with ``start``)."""
        if self.session.review is None:
            return False
        self.review_page.kloe_panel.narrative_commit.flush()
        self._before_workshop = self.windowState()
        self.menuBar().hide()
        self.statusBar().hide()
        self.stack.setCurrentWidget(self.workshop)
        self.showFullScreen()
        current = self.review_page.current_id()
        if start:
            kloe = current if self.session.review.framework.kind_of(current or "") == "kloe" \
                else None
            self.workshop.start(slots or self.workshop.slots or self.workshop.default_agenda(),
                                kloe)
        else:
            self.workshop.show_agenda(slots)
        return True

    def leave_workshop(self) -> None:
        if not self.in_workshop():
            return
        self.workshop.stop()
        self.stack.setCurrentWidget(self.pages)
        self.menuBar().show()
        self.statusBar().show()
        if self._before_workshop is not None:
            self.setWindowState(self._before_workshop)
        else:
            self.showNormal()
        kloe = self.workshop.current_kloe()
        self.pages.setCurrentWidget(self.review_page)
        if kloe:
            self.review_page.select(kloe)
        self.review_page.navigator.view.setFocus()

    def _on_workshop_moved(self, kloe_id: str) -> None:
        self.review_page.select(kloe_id)

    def closeEvent(self, event) -> None:
        if self.filled:  # closed before its pages were built: nothing of theirs to keep
            self.workshop.stop()
            if self.remember_layout and not self.in_workshop():
                self.save_layout()
        self.session.close()
        super().closeEvent(event)
