"""The Export dialog: choose outputs and a folder; the files are written off the UI thread.

The review is flattened into a ``Report`` (plain data) on the UI thread, which takes a few
milliseconds; the worker writes files from that snapshot only and never touches a widget.
Progress, success and failure come back as queued signals, so the app keeps responding and
the group can carry on editing while the board report is laid out.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from exports.outputs import OUTPUTS, write_outputs
from forms.access import OnScreen
from forms.dialogs.report_texts import offer_accessible_pdf
from forms.tasks import BackgroundJob
from forms.widgets import accessible, role_label
from maturity.compare import compare_with_earlier, find_earlier
from maturity.report import Report, build_report
from maturity.review import Review

DEFAULT_OUTPUTS = ("xlsx", "pdf", "summary")


class ExportJob(BackgroundJob):
    """Writes the chosen outputs from a snapshot; reports only through its signals.

    With ``compared`` (this review's path, a snapshot of it, and earlier review files), the
    earlier files are opened read-only and compared first, as ``export --compare`` does, and
    the workbook and board report gain their comparison and trend."""

    def __init__(self, report: Report, targets: dict[str, Path],
                 compared: tuple[Path, Review, list[Path]] | None = None):
        super().__init__(lambda progress: self._work(progress))
        self.report = report
        self.targets = targets
        self.compared = compared

    def _work(self, progress) -> list:
        comparison, sources = None, []
        if self.compared is not None:
            path, review, earlier = self.compared
            progress(0.0, "Comparing with the previous review")
            comparison = compare_with_earlier(path, review, earlier)
            sources = [path, *earlier]
        return write_outputs(self.report, self.targets, progress, comparison=comparison,
                             sources=sources)


class ExportDialog(OnScreen, QDialog):
    """Choose outputs and a folder, export in the background, then open what was written."""

    export_finished = Signal(list)
    export_failed = Signal(str)

    def __init__(self, session, parent: QWidget | None = None, folder: str | Path | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Export")
        self.setAccessibleName("Export")
        self.resize(640, 460)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.job: ExportJob | None = None
        self.written: list[str] = []

        self.boxes: dict[str, QCheckBox] = {}
        for key, out in OUTPUTS.items():
            box = accessible(QCheckBox(out.label), out.label)
            box.setChecked(key in DEFAULT_OUTPUTS)
            if key == "accessible":
                offer_accessible_pdf(box)
            box.toggled.connect(self._update_buttons)
            self.boxes[key] = box
        default = folder or (session.path.parent if session.path else Path.home())
        self.folder = accessible(QLineEdit(str(Path(default).expanduser().absolute())),
                                 "Folder", "The folder the files are written to")
        self.folder.textChanged.connect(self._update_buttons)
        self.folder_shown = role_label("", "secondary", selectable=True)
        self.folder_shown.setAccessibleName("Full path of the folder")
        # A long path must not widen the dialog past a small screen; it is whole in the box
        # above and in the tooltip.
        self.folder_shown.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.folder.textChanged.connect(self._show_folder)
        self._show_folder()

        self.earlier: list[Path] = self._previous_reviews()
        self.compare_box = accessible(QCheckBox(), "Compare with the previous review",
                                      "Adds the comparison with the previous review and the "
                                      "trend to the workbook and the board report")
        self.compare_box.toggled.connect(self._update_buttons)
        self.choose_earlier_button = accessible(QPushButton("Choose previous review…"),
                                                "Choose the previous review file")
        self.choose_earlier_button.setAutoDefault(False)
        self.choose_earlier_button.clicked.connect(self.choose_earlier)
        self._show_earlier()
        browse = accessible(QPushButton("Choose…"), "Choose folder")
        browse.setAutoDefault(False)
        browse.clicked.connect(self._on_browse)
        self.progress = accessible(QProgressBar(), "Export progress")
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.status = role_label("", "secondary")
        self.status.setAccessibleName("Export status")
        self.files = accessible(QListWidget(), "Files written",
                                "Double-click or Enter opens a file")
        self.files.itemActivated.connect(
            lambda item: self.open_path(item.data(Qt.ItemDataRole.UserRole)))
        self.export_button = accessible(QPushButton("Export"), "Export")
        self.export_button.setProperty("role", "primary")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.open_button = accessible(QPushButton("Open"), "Open the selected file")
        self.open_button.clicked.connect(self._on_open)
        self.open_folder_button = accessible(QPushButton("Open folder"), "Open the folder")
        self.open_folder_button.clicked.connect(lambda: self.open_path(self.folder.text()))
        self.close_button = accessible(QPushButton("Close"), "Close")
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(role_label("What to write", "section"))
        for box in self.boxes.values():
            layout.addWidget(box)
        row = QHBoxLayout()
        row.addWidget(self.compare_box, 1)
        row.addWidget(self.choose_earlier_button)
        layout.addLayout(row)
        layout.addWidget(role_label("Where", "section"))
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        layout.addWidget(self.folder_shown)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.files, 1)
        buttons = QHBoxLayout()
        self.texts_button = accessible(QPushButton("Board report texts…"),
                                       "Edit the board report's own words")
        self.texts_button.setAutoDefault(False)
        self.texts_button.clicked.connect(self.edit_report_texts)
        buttons.addWidget(self.texts_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self._update_buttons()

    def edit_report_texts(self) -> None:
        from forms.dialogs.report_texts import ReportTextsDialog

        ReportTextsDialog(self.session, self).exec()

    # View methods (answered by tests) ------------------------------------------------------
    def ask_folder(self) -> str | None:
        path = QFileDialog.getExistingDirectory(self, "Export to folder", self.folder.text())
        return path or None

    def ask_earlier_paths(self) -> list[str]:
        start = str(self.session.path.parent) if self.session.path else ""
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Choose the previous review of this system", start,
            "SIT Maturity reviews (*.sitreview);;All files (*)")
        return paths

    def ask_overwrite(self, names: list[str]) -> bool:
        answer = QMessageBox.question(
            self, "Replace files?", "These files already exist and will be replaced:\n\n"
            + "\n".join(names[:8]) + ("\n…" if len(names) > 8 else ""))
        return answer == QMessageBox.StandardButton.Yes

    def open_path(self, path: str) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    # State ---------------------------------------------------------------------------------
    def running(self) -> bool:
        return self.job is not None

    def chosen(self) -> list[str]:
        return [k for k, box in self.boxes.items() if box.isChecked()
                and not box.property("unavailable")]

    def targets(self) -> dict[str, Path]:
        review = self.session.review
        folder = Path(self.folder.text().strip()).expanduser()
        date = review.info.review_date.isoformat()
        return {k: folder / OUTPUTS[k].default_name(review.info.system, date)
                for k in self.chosen()}

    def _previous_reviews(self) -> list[Path]:
        """The reviews this one was started from, when they sit beside it."""
        review, path = self.session.review, self.session.path
        if review is None or path is None or review.info.previous is None:
            return []
        try:
            return find_earlier(path, review)
        except OSError:
            return []

    def _show_earlier(self) -> None:
        if self.earlier:
            names = ", ".join(p.name for p in self.earlier)
            self.compare_box.setText(f"Compare with the previous review ({names})")
        else:
            self.compare_box.setText("Compare with the previous review (none found beside "
                                     "this review: choose its file)")
            self.compare_box.setChecked(False)
        self.compare_box.setToolTip("\n".join(str(p) for p in self.earlier)
                                    or self.compare_box.accessibleDescription())

    def choose_earlier(self) -> bool:
        paths = self.ask_earlier_paths()
        if not paths:
            return False
        self.earlier = [Path(p) for p in paths]
        self._show_earlier()
        self.compare_box.setChecked(True)
        self._update_buttons()
        return True

    def _show_folder(self) -> None:
        text = self.folder.text().strip()
        self.folder_shown.setText(
            f"Files are written to {Path(text).expanduser().absolute()}" if text else
            "Choose the folder the files are written to")
        self.folder_shown.setToolTip(self.folder_shown.text())

    def _update_buttons(self) -> None:
        idle = not self.running()
        self.export_button.setEnabled(idle and bool(self.chosen()) and
                                      self.session.review is not None and
                                      bool(self.folder.text().strip()))
        self.close_button.setEnabled(idle)
        for box in self.boxes.values():
            box.setEnabled(idle and not box.property("unavailable"))
        self.folder.setEnabled(idle)
        self.compare_box.setEnabled(idle and bool(self.earlier))
        self.choose_earlier_button.setEnabled(idle and self.session.review is not None)
        self.open_button.setEnabled(idle and bool(self.written))
        self.open_folder_button.setEnabled(idle and bool(self.written))

    def _on_browse(self) -> None:
        path = self.ask_folder()
        if path:
            self.folder.setText(path)

    def _on_open(self) -> None:
        item = self.files.currentItem() or self.files.item(0)
        if item is not None:
            self.open_path(item.data(Qt.ItemDataRole.UserRole))

    # Running -------------------------------------------------------------------------------
    def start(self) -> bool:
        """Check the choices, snapshot the review and hand the writing to the worker."""
        if self.running() or self.session.review is None or not self.chosen():
            return False
        folder = Path(self.folder.text().strip()).expanduser()
        if not folder.is_dir():
            self._fail(f"{folder}: no such folder; choose an existing folder")
            return False
        targets = self.targets()
        existing = [p.name for p in targets.values() if p.exists()]
        if existing and not self.ask_overwrite(existing):
            return False
        review = self.session.review
        report = build_report(review)
        compared = None
        if self.compare_box.isChecked() and self.earlier and self.session.path:
            snapshot = Review(review.framework, review.info,
                              {kind: dict(items) for kind, items in review.records.items()})
            compared = (self.session.path, snapshot, list(self.earlier))
        self.job = ExportJob(report, targets, compared)
        self.job.signals.progress.connect(self._on_progress)
        self.job.signals.finished.connect(self._on_finished)
        self.job.signals.failed.connect(self._on_failed)
        self.written = []
        self.files.clear()
        self.progress.setValue(0)
        self.status.setText("Exporting… you can keep working")
        self._update_buttons()
        self.pool.start(self.job)
        return True

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(round(100 * fraction)))
        self.status.setText(message)

    def _on_finished(self, paths: list) -> None:
        self.job = None
        paths = [str(p) for p in paths]
        self.written = list(paths)
        folder = Path(self.folder.text().strip()).expanduser()
        for p in paths:
            try:
                shown = str(Path(p).relative_to(folder))
            except ValueError:
                shown = p
            item = QListWidgetItem(shown)
            item.setData(Qt.ItemDataRole.UserRole, p)
            item.setToolTip(p)
            self.files.addItem(item)
        if self.files.count():
            self.files.setCurrentRow(0)
        self.progress.setValue(100)
        self.status.setText(f"Done: {len(paths)} file{'s' if len(paths) != 1 else ''} "
                            f"written to {folder.absolute()}. Select one and press Open.")
        self._update_buttons()
        self.export_finished.emit(list(paths))

    def _on_failed(self, message: str) -> None:
        self.job = None
        self._fail(message)

    def _fail(self, message: str) -> None:
        self.progress.setValue(0)
        self.status.setText(f"The export failed: {message}. No file was left half-written.")
        self._update_buttons()
        self.export_failed.emit(message)

    def reject(self) -> None:
        if self.running():
            self.status.setText("The export is still running; it will finish in a moment.")
            return
        super().reject()

    def closeEvent(self, event) -> None:
        if self.running():
            event.ignore()
            self.status.setText("The export is still running; it will finish in a moment.")
            return
        super().closeEvent(event)

    def wait(self, msecs: int = 60_000) -> bool:
        """Block until the worker is done (for shutdown and tests)."""
        return self.pool.waitForDone(msecs)
