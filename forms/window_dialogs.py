"""The main window's questions and messages, as methods (Mu's ``get_save_path`` pattern), so
the logic asks the view and tests answer without a real dialog."""

from __future__ import annotations

from pathlib import Path

from maturity.fileformat import SUFFIX

# Each dialog class is imported where it is used: importing one builds its enums, and the
# window's first frame asks no question.

FILE_FILTER = f"SIT Maturity reviews (*{SUFFIX});;All files (*)"


class WindowDialogs:
    """Mixed into ``MainWindow``."""

    def show_error(self, title: str, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok,
                          self)
        box.setAccessibleName(title)
        box.exec()

    def show_notice(self, title: str, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Information, title, message,
                          QMessageBox.StandardButton.Ok, self)
        box.setAccessibleName(title)
        box.exec()

    def ask_open_path(self) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.settings.value("files/last_dir", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self, "Open a review", start, FILE_FILTER)
        return path or None

    def ask_save_path(self, title: str, suggested: str) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        start = Path(str(self.settings.value("files/last_dir", str(Path.home())))) / suggested
        path, _ = QFileDialog.getSaveFileName(self, title, str(start), FILE_FILTER)
        if path and not path.endswith(SUFFIX):
            path += SUFFIX
        return path or None

    def ask_yes_no(self, title: str, question: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(self, title, question)
        return answer == QMessageBox.StandardButton.Yes

    def ask_text(self, title: str, label: str) -> str | None:
        from PySide6.QtWidgets import QDialog, QInputDialog

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
        from PySide6.QtWidgets import QDialog

        from forms.dialogs.newreview import NewReviewDialog

        dialog = NewReviewDialog(
            self, ask_path=lambda name: self.ask_save_path("Save the new review as", name),
            create=self.create_review)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.value()
