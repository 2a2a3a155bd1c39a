"""The main window's file commands: open, close, new review, the sample and recent files."""

from __future__ import annotations

from pathlib import Path

from maturity.fileformat import ReviewFileError

MAX_RECENT = 8


class WindowFiles:
    """Mixed into ``MainWindow``; uses its session, settings and dialogs."""

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
        from maturity import edits

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
