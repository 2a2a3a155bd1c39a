"""The main window and all the wiring between the session, the pages, menus and settings.

Pages are plain widgets over one ``ReviewSession``; they never know about the window. Extra
pages join with ``MainWindow.add_page(title, widget, shortcut)``, which adds a tab and a View
menu entry. Dialogs are methods of the window (``show_error``, ``ask_open_path`` ...) so the
logic can be driven by tests that answer them without a real dialog.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from forms import style
from forms.dialogs.about import app_icon, show_about
from forms.dialogs.review_guide import show_review_guide
from forms.pages.review import ReviewPage
from forms.pages.welcome import WelcomePage
from forms.pages.workshop import AgendaSlot, WorkshopView
from forms.panels.details import DetailsPanel
from forms.panels.parking import ParkingPanel
from forms.session import ReviewSession
from forms.widgets import LazyPage
from maturity import edits
from maturity.reviewfile import SUFFIX, ReviewFileError

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
        self.workshop = WorkshopView(self.session, zoom=self.zoom)
        self.welcome = WelcomePage()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.pages)
        self.stack.addWidget(self.workshop)
        self.stack.addWidget(self.welcome)
        self.setCentralWidget(self.stack)
        self._before_workshop: Qt.WindowState | None = None

        self._build_actions()
        self._build_menus()
        self._build_status()
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

    # Pages ---------------------------------------------------------------------------------
    def _build_pages(self) -> None:
        """Add the standard pages; later features add theirs with ``add_page`` here."""
        self.review_page = ReviewPage(self.session)
        self.review_page.current_changed.connect(lambda _id: self._update_item_actions())
        self.add_page("Review", self.review_page, "Ctrl+1")
        # Built when first shown, so start-up builds only the page the user sees.
        self._dashboard_page = LazyPage(self._make_dashboard)
        self._details_page = LazyPage(lambda: DetailsPanel(self.session))
        self._parking_page = LazyPage(self._make_parking)
        self.add_page("Dashboard", self._dashboard_page, "Ctrl+2")
        self.add_page("Details and roster", self._details_page, "Ctrl+3")
        self.add_page("Parking lot", self._parking_page, "Ctrl+4")
        self._build_plan_pages()
        from forms.dialogs.merge import install_merge
        from forms.rereview import install_comparison, install_rereview

        install_rereview(self)
        install_comparison(self)
        install_merge(self)
        from forms.livevoting import install_live_voting

        install_live_voting(self)
        from forms.dialogs.packs import install_packs

        install_packs(self)

    def _build_plan_pages(self) -> None:
        """Recommendations and the action plan, and the Export dialog on the File menu."""
        from forms.pages.plan import ActionsPage
        from forms.pages.recommendations import RecommendationsPage, connect_planning

        self.recommendations = RecommendationsPage(self.session)
        self.action_plan = ActionsPage(self.session)
        connect_planning(self.recommendations, self._plan_action)
        self.add_page("Recommendations", self.recommendations, "Ctrl+5")
        self.add_page("Action plan", self.action_plan, "Ctrl+6")
        self.act_export = self._action("&Export…", self.show_export, "Ctrl+E",
                                       "Write the workbook, board report, summary and data")
        self.file_menu.insertAction(self.act_close, self.act_export)
        self.file_menu.insertSeparator(self.act_close)
        self.addAction(self.act_export)
        self.export_dialog = None

    def _plan_action(self, preset: dict) -> bool:
        self.show_page(self.action_plan)
        return self.action_plan.add_action(preset)

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

    def _make_dashboard(self) -> QWidget:
        from forms.pages.dashboard import DashboardPanel

        panel = DashboardPanel(self.session)
        panel.item_activated.connect(self.go_to_item)
        return panel

    def _make_parking(self) -> QWidget:
        panel = ParkingPanel(self.session, current_item=self.current_item)
        panel.item_activated.connect(self.go_to_item)
        return panel

    @property
    def dashboard(self):
        return self._dashboard_page.widget()

    @property
    def details(self):
        return self._details_page.widget()

    @property
    def parking(self):
        return self._parking_page.widget()

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
        self.act_new = self._action("&New review…", self.new_review, QKeySequence.StandardKey.New,
                                    "Start a review of a system")
        self.act_sample = self._action("Open &sample review", self.open_sample, None,
                                       "Open the fictional Anyshire partnership's latest review")
        self.act_open = self._action("&Open…", self.open_dialog, QKeySequence.StandardKey.Open,
                                     "Open a review file")
        self.act_close = self._action("&Close", self.close_review, QKeySequence.StandardKey.Close,
                                      "Close the review (everything is already saved)")
        self.act_share = self._action("S&hare a copy…", self.show_share, None,
                                      "Write a copy to send to others, without the undo "
                                      "history or anything deleted")
        self.act_quit = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.act_undo = self._action("&Undo", self.session.undo, QKeySequence.StandardKey.Undo)
        self.act_redo = self._action("&Redo", self.session.redo, QKeySequence.StandardKey.Redo)
        self.act_zoom_in = self._action("Zoom &in", lambda: self.step_zoom(+1),
                                        ["Ctrl+=", "Ctrl++"], "Make text larger")
        self.act_zoom_out = self._action("Zoom &out", lambda: self.step_zoom(-1), "Ctrl+-",
                                         "Make text smaller")
        self.act_zoom_reset = self._action("&Actual size", lambda: self.apply_zoom(1.0), "Ctrl+0")
        self.act_park = self._action("&Park an issue…", self.quick_park, ["Ctrl+Shift+P", "F8"],
                                     "Add an issue to the parking lot, linked to the current item")
        self.act_next = self._action("&Next KLOE", lambda: self.step_kloe(+1),
                                     ["Alt+Down", "Ctrl+PgDown"], "Go to the next KLOE")
        self.act_previous = self._action("&Previous KLOE", lambda: self.step_kloe(-1),
                                         ["Alt+Up", "Ctrl+PgUp"], "Go to the previous KLOE")
        self.act_workshop = self._action("&Workshop mode", self.toggle_workshop,
                                         ["F11", "Ctrl+Shift+W"],
                                         "Full-screen projector view driven by the keyboard")
        self.act_shortcuts = self._action("&Keyboard shortcuts", self.show_shortcuts, "F1")
        self.act_about = self._action("&About SIT Maturity", self.show_about)
        self.act_guide = self._action("&How a review is run", lambda: show_review_guide(
            self, self.session.review.framework if self.session.review else None))
        # Actions live on the window too, so their shortcuts work with the menu bar hidden.
        self.addActions([self.act_new, self.act_open, self.act_close, self.act_quit,
                         self.act_undo, self.act_redo, self.act_zoom_in, self.act_zoom_out,
                         self.act_zoom_reset, self.act_park, self.act_next, self.act_previous,
                         self.act_workshop, self.act_shortcuts])

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.file_menu.addAction(self.act_new)
        self.file_menu.addAction(self.act_open)
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addAction(self.act_sample)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_share)
        self.file_menu.addAction(self.act_close)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_quit)

        self.edit_menu = bar.addMenu("&Edit")
        self.edit_menu.addAction(self.act_undo)
        self.edit_menu.addAction(self.act_redo)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.act_park)

        self.view_menu = bar.addMenu("&View")
        self._view_pages_end = self.view_menu.addSeparator()
        self.view_menu.addAction(self.act_next)
        self.view_menu.addAction(self.act_previous)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.act_workshop)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.act_zoom_in)
        self.view_menu.addAction(self.act_zoom_out)
        self.view_menu.addAction(self.act_zoom_reset)

        self.help_menu = bar.addMenu("&Help")
        self.help_menu.addAction(self.act_guide)
        self.help_menu.addAction(self.act_shortcuts)
        self.help_menu.addAction(self.act_about)

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

    def show_notice(self, title: str, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, message,
                          QMessageBox.StandardButton.Ok, self)
        box.setAccessibleName(title)
        box.exec()

    def ask_open_path(self) -> str | None:
        start = str(self.settings.value("files/last_dir", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self, "Open a review", start, FILE_FILTER)
        return path or None

    def ask_save_path(self, title: str, suggested: str) -> str | None:
        start = Path(str(self.settings.value("files/last_dir", str(Path.home())))) / suggested
        path, _ = QFileDialog.getSaveFileName(self, title, str(start), FILE_FILTER)
        if path and not path.endswith(SUFFIX):
            path += SUFFIX
        return path or None

    def ask_yes_no(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self, title, question)
        return answer == QMessageBox.StandardButton.Yes

    def ask_text(self, title: str, label: str) -> str | None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput, False)
        dialog.resize(640, dialog.sizeHint().height())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.textValue()

    def ask_new_review(self):
        """The New review dialog's answers, or None if cancelled."""
        from forms.dialogs.newreview import NewReviewDialog

        dialog = NewReviewDialog(
            self, ask_path=lambda name: self.ask_save_path("Save the new review as", name),
            create=self.create_review)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.value()

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", SHORTCUTS_TEXT)

    def show_about(self) -> None:
        path = self.session.path
        show_about(self, self.settings, str(path) if path else None)

    # Files ---------------------------------------------------------------------------------
    def open_dialog(self) -> None:
        path = self.ask_open_path()
        if path:
            self.open_path(path)

    def open_path(self, path: str | Path) -> bool:
        current = self.session.path
        if current is not None and Path(path).resolve() == current.resolve():
            return True  # already open here; reopening would find our own lock
        if not self.session.open(path):
            return False
        self._remember_recent(Path(path))
        file = self.session.file
        if file is not None and file.readonly and file.readonly_reason != "opened read-only":
            if file.lock_holder is not None:
                todo = (f"Ask {file.lock_holder.user} to close it, then open it again to make "
                        f"changes. Nothing in the file has been changed.")
            else:
                todo = ("Copy it somewhere you can write to, or ask whoever manages the folder "
                        "for permission. Nothing in the file has been changed.")
            self.show_notice("Opened read-only",
                             f"{Path(path).name} opened read-only because "
                             f"{file.readonly_reason}. You can read and export it. {todo}")
        return True

    def close_review(self) -> None:
        if self.in_workshop():
            self.leave_workshop()
        self.session.close()

    def open_sample(self) -> bool:
        """Open the newest sample review, building the samples on first use."""
        from forms.sampledata import newest_sample

        try:
            path = newest_sample()
        except (ReviewFileError, ValueError) as exc:
            self.show_error("The sample review could not be opened", str(exc))
            return False
        return self.open_path(path)

    def new_review(self) -> bool:
        from forms.dialogs.newreview import suggested_file_name

        answers = self.ask_new_review()
        if answers is None:
            return False
        if answers.created:
            return True
        path = answers.path or self.ask_save_path(
            "Save the new review as", suggested_file_name(answers.system, answers.review_date))
        if not path:
            return False
        return self.create_review(Path(path), answers)

    def create_review(self, path: Path, answers) -> bool:
        from maturity.edits import new_review_info
        from maturity.loader import FrameworkError, load_framework
        from maturity.reviewfile import ReviewFile

        try:
            framework = load_framework(answers.framework_dir)
            info = new_review_info(answers.system, answers.review_date, answers.facilitator)
            review_file = ReviewFile.create(path, framework, info)
        except FrameworkError as exc:
            self.show_error("The framework could not be loaded",
                            "\n".join(exc.problems[:10]) + "\n\nChoose another framework "
                            "folder, or use the bundled framework.")
            return False
        except (ReviewFileError, ValueError) as exc:
            self.show_error("The review was not created", f"{exc}")
            return False
        self.session.set_file(review_file)
        self._remember_recent(path)
        for name, sector, attendees in answers.organisations:
            self.session.edit(edits.add_organisation, name, sector, attendees)
        return True

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
        for action in (self.act_close, self.act_export, self.act_share, self.act_workshop,
                       self.act_next,
                       self.act_previous,
                       *self._page_actions):
            action.setEnabled(review is not None)
        self._update_status()
        self._update_undo_actions()
        self._update_item_actions()

    def _update_item_actions(self) -> None:
        self.act_park.setEnabled(self.session.review is not None and not self.session.readonly)

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

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
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
        if self.session.review is None or self.session.readonly:
            return False
        item = self.current_item()
        where = f" (raised at {item})" if item else ""
        text = self.ask_text("Park an issue", f"Issue to come back to{where}:")
        if text is None or not text.strip():
            return False
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
        self.workshop.stop()
        if self.remember_layout and not self.in_workshop():
            self.save_layout()
        self.session.close()
        super().closeEvent(event)


SHORTCUTS_TEXT = """Scoring (Review page, with the navigator or the scale focused)
  0 – 4   score the current KLOE
  N       not applicable
  Delete  clear the score
  Alt+Down / Alt+Up (or J / K)   next / previous KLOE

Anywhere
  Ctrl+Shift+P or F8   park an issue
  F11 or Ctrl+Shift+W  workshop mode (Esc leaves)
  Ctrl+1 … Ctrl+4      Review, Dashboard, Details and roster, Parking lot
  Ctrl+5 / Ctrl+6      Recommendations, Action plan
  Ctrl+E               export the workbook, board report, summary and data
  Ctrl+Z / Ctrl+Shift+Z   undo / redo
  Ctrl+= / Ctrl+-      larger / smaller text

Workshop mode
  0 – 4, N, Delete   score;  Right / Page Down next;  Left / Page Up back
  D next domain;  P park;  T pause timer;  A agenda;  Esc leave
  V live voting from phones on / off;  R reveal the room's votes"""


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or ["sit-maturity"])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("sit-maturity")  # matches the Linux .desktop entry's taskbar icon
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
    return app  # type: ignore[return-value]


VIEWS = ("navigator", "dashboard", "workshop")
SCREENSHOT_SIZE = (1440, 900)
WORKSHOP_SCREENSHOT_SIZE = (1920, 1080)


def show_view(window: MainWindow, view: str | None, item: str | None = None) -> None:
    """Put the window in one of the named views (for ``open --view`` and screenshots)."""
    if item:
        window.go_to_item(item)
    if view == "dashboard":
        window.show_page(window.dashboard)
    elif view == "workshop":
        window.enter_workshop(start=True)
    elif view == "navigator":
        window.show_page(window.review_page)
    elif view == "comparison":
        window.show_page(window.comparison_page)
        window.comparison_page.view().wait()


def run(path: str | Path | None = None, *, sample: bool = False, view: str | None = None,
        screenshot: str | Path | None = None, item: str | None = None,
        live: tuple[str | None, int | None] | None = None) -> int:
    """Start the app (on a file, or the sample); with ``screenshot``, save the view and exit."""
    app = create_app(sys.argv[:1])
    window = MainWindow()
    if screenshot is not None:
        failures: list[str] = []

        def report(title: str, message: str) -> None:
            failures.append(f"{title}: {message}")

        window.show_error = report  # type: ignore[method-assign]
        window.show_notice = lambda title, message: None  # type: ignore[method-assign]
        window.remember_layout = False
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    if live is not None:  # started from a script: problems are one line on stderr, no dialog
        window.show_error = lambda title, message: print(  # type: ignore[method-assign]
            f"sit-maturity: {title}: {message}", file=sys.stderr)
        window.show_notice = lambda title, message: None  # type: ignore[method-assign]
    opened = window.open_sample() if sample else window.open_path(path) if path else True
    if screenshot is not None:
        if not opened or failures:
            print(f"sit-maturity: {'; '.join(failures) or 'nothing to show'}", file=sys.stderr)
            window.close()
            return 1
        if item and window.session.review.framework.kind_of(item) is None:
            print(f"sit-maturity: {item}: no such domain, element or KLOE in this review",
                  file=sys.stderr)
            window.close()
            return 1
        size = WORKSHOP_SCREENSHOT_SIZE if view == "workshop" else SCREENSHOT_SIZE
        window.resize(*size)
        window.show()
        show_view(window, view, item)
        if view == "workshop":
            window.showNormal()  # keep the projector size exact whatever the screen is
            window.resize(*size)
        for _ in range(3):
            app.processEvents()
        target = Path(screenshot)
        ok = window.grab().save(str(target))
        window.workshop.stop()
        window.close()
        if not ok:
            print(f"sit-maturity: {target}: the picture could not be written", file=sys.stderr)
            return 1
        print(f"Saved {target}")
        return 0
    window.show()
    show_view(window, view, item)
    if live is not None:
        from forms.livevoting import start_from_cli

        if not opened or start_from_cli(window, *live):
            window.close()
            return 1
        del window.show_error, window.show_notice  # back to dialogs for the facilitator
    return app.exec()
