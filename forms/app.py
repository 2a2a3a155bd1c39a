"""The main window and all the wiring between the session, the pages, menus and settings.

Pages are plain widgets over one ``ReviewSession``; they never know about the window. Extra
pages join with ``MainWindow.add_page(title, widget, shortcut)``, which adds a tab and a View
menu entry. Dialogs are methods of the window (``show_error``, ``ask_open_path`` ...) so the
logic can be driven by tests that answer them without a real dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from maturity.reviewfile import SUFFIX

from . import style
from .session import ReviewSession

ORGANISATION = "SIT Maturity"
APPLICATION = "SIT Maturity"
MAX_RECENT = 8
FILE_FILTER = f"SIT Maturity reviews (*{SUFFIX});;All files (*)"


def make_settings() -> QSettings:
    return QSettings(ORGANISATION, APPLICATION)


class MainWindow(QMainWindow):
    """The application window: a tab per page, menus, status line, and workshop mode."""

    def __init__(self, session: ReviewSession | None = None,
                 settings: QSettings | None = None):
        super().__init__()
        self.session = session or ReviewSession(self)
        self.session.report_error = lambda title, message: self.show_error(title, message)
        self.settings = settings or make_settings()
        self.zoom = 1.0
        self._page_actions: list[QAction] = []

        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.setAccessibleName("Pages")
        self.pages.setAccessibleDescription("The review's pages; Ctrl+1 to Ctrl+9 switch page")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.pages)
        self.setCentralWidget(self.stack)

        self._build_actions()
        self._build_menus()
        self._build_status()
        self._build_pages()

        self.session.file_changed.connect(self._on_file_changed)
        self.session.changed.connect(self._on_review_changed)
        self.apply_zoom(float(self.settings.value("view/zoom", 1.0) or 1.0))
        self._restore_layout()
        self._on_file_changed()

    # Pages ---------------------------------------------------------------------------------
    def _build_pages(self) -> None:
        """Add the standard pages; later features add theirs with ``add_page``."""

    def add_page(self, title: str, widget: QWidget, shortcut: str | None = None) -> QAction:
        """Add a page as a tab with a View-menu entry (and optional shortcut) that shows it."""
        self.pages.addTab(widget, title)
        if not widget.accessibleName():
            widget.setAccessibleName(title)
        action = QAction(title, self)
        if shortcut is None and len(self._page_actions) < 9:
            shortcut = f"Ctrl+{len(self._page_actions) + 1}"
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda: self.show_page(widget))
        self.view_menu.insertAction(self._view_pages_end, action)
        self._page_actions.append(action)
        return action

    def show_page(self, widget: QWidget) -> None:
        if self.stack.currentIndex() != 0:
            self.leave_workshop()
        self.pages.setCurrentWidget(widget)

    # Actions and menus ---------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                action.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.act_open = self._action("&Open…", self.open_dialog, QKeySequence.StandardKey.Open,
                                     "Open a review file")
        self.act_close = self._action("&Close", self.close_review, QKeySequence.StandardKey.Close,
                                      "Close the review (everything is already saved)")
        self.act_quit = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.act_undo = self._action("&Undo", self.session.undo, QKeySequence.StandardKey.Undo)
        self.act_redo = self._action("&Redo", self.session.redo, QKeySequence.StandardKey.Redo)
        self.act_zoom_in = self._action("Zoom &in", lambda: self.step_zoom(+1),
                                        ["Ctrl+=", "Ctrl++"], "Make text larger")
        self.act_zoom_out = self._action("Zoom &out", lambda: self.step_zoom(-1), "Ctrl+-",
                                         "Make text smaller")
        self.act_zoom_reset = self._action("&Actual size", lambda: self.apply_zoom(1.0), "Ctrl+0")

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.file_menu.addAction(self.act_open)
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_close)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_quit)

        self.edit_menu = bar.addMenu("&Edit")
        self.edit_menu.addAction(self.act_undo)
        self.edit_menu.addAction(self.act_redo)

        self.view_menu = bar.addMenu("&View")
        self._view_pages_end = self.view_menu.addSeparator()
        self.view_menu.addAction(self.act_zoom_in)
        self.view_menu.addAction(self.act_zoom_out)
        self.view_menu.addAction(self.act_zoom_reset)

        self.help_menu = bar.addMenu("&Help")

    def _build_status(self) -> None:
        self.saved_label = QLabel()
        self.saved_label.setAccessibleName("Save status")
        self.readonly_label = QLabel()
        self.readonly_label.setAccessibleName("Read-only status")
        self.statusBar().addWidget(self.saved_label, 1)
        self.statusBar().addPermanentWidget(self.readonly_label)

    # Dialogs (view methods, replaced in tests) ---------------------------------------------
    def show_error(self, title: str, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok,
                          self)
        box.setAccessibleName(title)
        box.exec()

    def ask_open_path(self) -> str | None:
        start = str(self.settings.value("files/last_dir", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self, "Open a review", start, FILE_FILTER)
        return path or None

    def ask_yes_no(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self, title, question)
        return answer == QMessageBox.StandardButton.Yes

    # Files ---------------------------------------------------------------------------------
    def open_dialog(self) -> None:
        path = self.ask_open_path()
        if path:
            self.open_path(path)

    def open_path(self, path: str | Path) -> bool:
        if not self.session.open(path):
            return False
        self._remember_recent(Path(path))
        return True

    def close_review(self) -> None:
        self.session.close()

    def recent_files(self) -> list[str]:
        value = self.settings.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _remember_recent(self, path: Path) -> None:
        text = str(path.resolve())
        recent = [p for p in self.recent_files() if p != text]
        self.settings.setValue("files/recent", [text, *recent][:MAX_RECENT])
        self.settings.setValue("files/last_dir", str(path.resolve().parent))

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        if not recent:
            empty = self.recent_menu.addAction("No recent reviews")
            empty.setEnabled(False)
            return
        for i, text in enumerate(recent, 1):
            action = self.recent_menu.addAction(f"&{i} {Path(text).name}  —  {Path(text).parent}")
            action.triggered.connect(lambda _=False, t=text: self.open_path(t))
        self.recent_menu.addSeparator()
        self.recent_menu.addAction("Clear list", lambda: self.settings.remove("files/recent"))

    # Reactions to the session --------------------------------------------------------------
    def _on_file_changed(self) -> None:
        review = self.session.review
        if review is None:
            self.setWindowTitle(APPLICATION)
        else:
            self.setWindowTitle(f"{review.info.system} — {self.session.path.name} — {APPLICATION}")
        self.act_close.setEnabled(review is not None)
        self._update_status()
        self._update_undo_actions()

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
            self.saved_label.setText(f"Read-only: {self.session.readonly_reason}. Changes cannot be "
                                     f"made here.")
            self.readonly_label.setText("READ-ONLY")
        else:
            self.saved_label.setText("All changes saved")
            self.readonly_label.setText("")

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
        self.settings.setValue("view/zoom", self.zoom)

    def step_zoom(self, direction: int) -> None:
        steps = style.ZOOM_STEPS
        if direction > 0:
            bigger = [s for s in steps if s > self.zoom + 1e-6]
            self.apply_zoom(bigger[0] if bigger else steps[-1])
        else:
            smaller = [s for s in steps if s < self.zoom - 1e-6]
            self.apply_zoom(smaller[-1] if smaller else steps[0])

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())

    def leave_workshop(self) -> None:
        self.stack.setCurrentIndex(0)

    def closeEvent(self, event) -> None:
        self.save_layout()
        self.session.close()
        super().closeEvent(event)


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or ["sit-maturity"])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
    return app  # type: ignore[return-value]
