"""Re-reviews in the app: File › Start re-review… creates the new review from a previous one
and opens it (the dialog is forms/dialogs/rereview.py; last time's score beside each KLOE is
forms/panels/previous_score.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from forms.dialogs.rereview import RereviewDialog, RereviewOptions
from maturity.reviewfile import SUFFIX, ReviewFileError


class RereviewController(QObject):
    """File › Start re-review…: from the open review (or one chosen), create and open the new
    file. Its dialogs are methods so tests can answer them."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.last_result = None

    def ask_options(self, system: str, previous_date: dt.date,
                    facilitator: str) -> RereviewOptions | None:
        dialog = RereviewDialog(system, previous_date, facilitator, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.value()

    def tell(self, title: str, text: str) -> None:
        """A notice that does not block: the new review is already open behind it."""
        box = QMessageBox(QMessageBox.Icon.Information, title, text,
                          QMessageBox.StandardButton.Ok, self.window)
        box.setAccessibleName(title)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def start(self) -> bool:
        window = self.window
        session = window.session
        previous = session.path
        if previous is None:
            chosen = window.ask_open_path()
            if not chosen:
                return False
            previous = Path(chosen)
            info = self._read_info(previous)
            if info is None:
                return False
        else:
            session.about_to_close.emit()  # views commit typing so it is carried over
            info = session.review.info
        options = self.ask_options(info.system, info.review_date, info.facilitator)
        if options is None:
            return False
        safe = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in info.system)
        suggested = f"{' '.join(safe.split())} {options.review_date.isoformat()}{SUFFIX}"
        target = window.ask_save_path("Save the re-review as", suggested)
        if not target:
            return False
        from maturity.loader import FrameworkError, load_framework
        from maturity.rereview import RereviewError, start_rereview

        try:
            framework = load_framework(options.framework_dir)
            result = start_rereview(previous, target, framework,
                                    review_date=options.review_date,
                                    facilitator=options.facilitator, prefill=options.prefill)
        except FrameworkError as exc:
            window.show_error("The framework could not be loaded", str(exc))
            return False
        except (RereviewError, ReviewFileError) as exc:
            window.show_error("The re-review could not be started", str(exc))
            return False
        except OSError as exc:
            window.show_error("The re-review could not be started",
                              f"{exc.filename or target}: {exc.strerror or exc}")
            return False
        self.last_result = result
        if not window.open_path(target):
            return False
        self.tell("Re-review started", "\n".join(result.summary_lines()))
        return True

    def _read_info(self, path: Path):
        from maturity.reviewfile import ReviewFile

        try:
            with ReviewFile.open(path, readonly=True) as rf:
                return rf.review.info
        except ReviewFileError as exc:
            self.window.show_error("The previous review could not be read", str(exc))
            return None
