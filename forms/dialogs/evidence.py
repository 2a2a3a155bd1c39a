"""Evidence items of a KLOE: the dialog that adds one, and attaching, opening and removing them.

Everything that leaves the app passes a check here first: a link opens only if it is http,
https or mailto (checked when typed and again when opened), and an embedded file that could run
code (judged by its name and its content) opens only after the user has said yes to a question
that names what it is and defaults to No. A chosen file is read and hashed off the UI thread with
a cancellable progress dialog, after its size has been checked.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from forms import attachments
from forms.access import DateField
from forms.tasks import run_with_progress
from forms.widgets import accessible, ok_cancel, role_label
from maturity import edits, filetypes, rules
from maturity.review import EVIDENCE_TYPES, EvidenceItem
from maturity.reviewfile import ATTACHMENT_WARN_BYTES
from maturity.wording import fmt_date

# What each "Add" choice asks for: (evidence type, dialog title, note prompt).
ADD_CHOICES = {
    "file": ("document", "Attach a file", "Note (optional)"),
    "link": ("link", "Add a link", "Note (optional)"),
    "data": ("data", "Add a data point", "The figure and what it shows"),
    "voice": ("voice", "Add a CYP/family voice note", "What was said, in their words"),
    "other": ("audit", "Add an audit or observation", "What it found"),
}


def evidence_text(item: EvidenceItem) -> str:
    parts = [f"{EVIDENCE_TYPES.get(item.type, item.type)}: {item.title}"]
    if item.date:
        parts.append(fmt_date(item.date))
    if item.filename:
        parts.append(f"file {item.filename}")
    elif item.link:
        parts.append(item.link)
    text = "  ·  ".join(parts)
    if item.note:
        note = " ".join(item.note.split())
        text += f"\n{note[:160]}{'…' if len(note) > 160 else ''}"
    return text


def link_url(text: str) -> QUrl:
    """The URL to open for a stored link; raises ``ValueError`` (a message for the user) for
    anything but http, https or mailto, however it got into the file."""
    checked = edits.check_link(text)
    url = QUrl(checked, QUrl.ParsingMode.StrictMode)
    if not checked or not url.isValid() or url.scheme().lower() not in rules.LINK_SCHEMES:
        raise ValueError(f"link {text[:80]!r} is not a web or email address")
    return url


def may_open(url: QUrl) -> bool:
    """A web or email link, or a temporary copy this app wrote itself: nothing else opens."""
    if url.isLocalFile():
        return attachments.is_temporary_copy(Path(url.toLocalFile()))
    return url.isValid() and url.scheme().lower() in rules.LINK_SCHEMES


class EvidenceDialog(QDialog):
    """The details of one evidence item; which fields show depends on the kind being added."""

    def __init__(self, choice: str, defaults: dict, parent: QWidget | None = None):
        super().__init__(parent)
        ev_type, title, note_prompt = ADD_CHOICES[choice]
        self.setWindowTitle(title)
        self.choice = choice
        self.type_box = QComboBox()
        for key, text in EVIDENCE_TYPES.items():
            self.type_box.addItem(text, key)
        self.type_box.setCurrentIndex(max(0, self.type_box.findData(ev_type)))
        accessible(self.type_box, "Evidence type")
        self.title_edit = accessible(QLineEdit(defaults.get("title", "")), "Title",
                                     "A short name for the evidence, e.g. 'Board paper, March'")
        self.date_check = accessible(QCheckBox("Dated"), "Has a date",
                                     "Tick to record the date of the evidence")
        self.date_edit = accessible(DateField(QDate.currentDate()), "Date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd MMM yyyy")
        self.date_edit.setEnabled(False)
        self.date_check.toggled.connect(self.date_edit.setEnabled)
        self.link_edit = accessible(QLineEdit(defaults.get("link", "")), "Link",
                                    "A web address (https://…) or an email address (mailto:…)")
        self.link_edit.setPlaceholderText("https://…")
        self.link_edit.textEdited.connect(lambda _t: self.problem.setText(""))
        self.note_edit = accessible(QPlainTextEdit(defaults.get("note", "")), note_prompt)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(90)
        self.problem = role_label("", "warning")
        self.problem.setAccessibleName("Problem")
        form = QFormLayout()
        form.addRow("&Type", self.type_box)
        form.addRow("T&itle", self.title_edit)
        dated = QHBoxLayout()
        dated.addWidget(self.date_check)
        dated.addWidget(self.date_edit, 1)
        form.addRow("Date", dated)
        if choice == "file":
            form.addRow("File", role_label(defaults.get("filename", ""), "secondary"))
        else:
            form.addRow("&Link", self.link_edit)
        form.addRow(note_prompt, self.note_edit)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def accept(self) -> None:
        """A link that could not be kept is said here, with the dialog still filled in."""
        if self.choice != "file":
            try:
                self.link_edit.setText(edits.check_link(self.link_edit.text()))
            except ValueError as exc:
                self.problem.setText(f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
                self.resize(self.width(), max(self.height(), self.sizeHint().height()))
                self.link_edit.setFocus()
                self.link_edit.selectAll()
                return
        super().accept()

    def values(self) -> dict:
        return {
            "type": self.type_box.currentData(),
            "title": self.title_edit.text(),
            "date": self.date_edit.date().toPython() if self.date_check.isChecked() else None,
            "link": self.link_edit.text() if self.choice != "file" else "",
            "note": self.note_edit.toPlainText(),
        }


class EvidenceActions:
    """Adding, opening and removing a KLOE's evidence; mixed into the KLOE panel, which has
    ``session``, ``kloe_id`` and ``evidence_list``. The ``ask_*`` and ``open_url`` methods are
    view methods that tests replace."""

    def add_evidence(self, choice: str) -> bool:
        if self.kloe_id is None or self.session.readonly:
            return False
        defaults: dict = {}
        read = None
        if choice == "file":
            path = self.ask_attachment_path()
            if not path:
                return False
            read = self.read_attachment(path)
            if read is None:
                return False
            defaults = {"title": Path(path).stem.replace("_", " "), "filename": Path(path).name}
        values = self.ask_evidence(choice, defaults)
        if values is None:
            return False
        extra = {}
        if read is not None:
            data, digest = read
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                stored = self.session.add_attachment(data, defaults["filename"], digest)
            finally:
                QApplication.restoreOverrideCursor()
            if stored is None:
                return False
            extra = {"attachment": stored, "filename": defaults["filename"]}
            values["link"] = ""
        return self.session.edit(edits.add_evidence, self.kloe_id, title=values["title"],
                                 type=values["type"], date=values["date"], link=values["link"],
                                 note=values["note"], **extra)

    def read_attachment(self, path: str) -> tuple[bytes, str] | None:
        """The file's bytes and SHA-256, read off the UI thread; None if refused, declined,
        cancelled or unreadable (the user has been told why, except when they cancelled)."""
        name = Path(path).name
        try:
            size = attachments.size_check(path)
        except attachments.AttachError as exc:
            self.session.report_error("The file was not attached", str(exc))
            return None
        if attachments.is_large(size) and not self.ask_attach_large(name, size):
            return None
        outcome = run_with_progress(self, "Attaching a file", f"Reading {name}…",
                                    lambda progress: attachments.read_for_embedding(path,
                                                                                    progress))
        if outcome.state == "failed":
            self.session.report_error("The file was not attached",
                                      f"{outcome.message}. Nothing was added to the review.")
            return None
        return outcome.result if outcome.state == "done" else None

    def _selected_evidence(self) -> EvidenceItem | None:
        evidence_id = self.evidence_list.selected_key()
        if evidence_id is None or self.session.review is None:
            return None
        return self.session.review.get("evidence", evidence_id)

    def open_selected_evidence(self) -> bool:
        evidence = self._selected_evidence()
        if evidence is None:
            return False
        if evidence.attachment:
            return self._open_attachment(evidence)
        if evidence.link:
            try:
                url = link_url(evidence.link)
            except ValueError as exc:
                self.session.report_error("The link was not opened",
                                          f"{evidence.title}: {exc}. Only web and email "
                                          f"links open from a review.")
                return False
            return self.open_url(url)
        return False

    def _open_attachment(self, evidence: EvidenceItem) -> bool:
        data = self.session.attachment(evidence.attachment)
        if data is None:
            return False
        name = attachments.safe_name(evidence.filename or evidence.title)
        risk = filetypes.runnable(name, data)
        if risk is not None and not self.ask_open_runnable(name, risk):
            return False
        try:
            path = attachments.temporary_copy(data, name, evidence.attachment)
        except OSError as exc:
            self.session.report_error(
                "The attachment could not be opened",
                f"A temporary copy could not be written ({exc.strerror or exc}). Free some "
                f"disk space and try again; the review itself is unchanged.")
            return False
        return self.open_url(QUrl.fromLocalFile(str(path)))

    def remove_selected_evidence(self) -> bool:
        evidence = self._selected_evidence()
        if evidence is None:
            return False
        return self.session.edit(edits.remove_evidence, evidence.id)

    # Dialogs (view methods; tests replace them) --------------------------------------------
    def ask_attachment_path(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self, "Attach a file to this KLOE")
        return path or None

    def ask_evidence(self, choice: str, defaults: dict) -> dict | None:
        dialog = EvidenceDialog(choice, defaults, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.values()

    def ask_attach_large(self, name: str, size: int) -> bool:
        box = large_file_question(self, name, size)
        return box.exec() == QMessageBox.StandardButton.Yes

    def ask_open_runnable(self, name: str, risk: filetypes.Runnable) -> bool:
        box = runnable_question(self, name, risk)
        return box.exec() == QMessageBox.StandardButton.Yes

    def open_url(self, url: QUrl) -> bool:
        if not may_open(url):
            self.session.report_error("Not opened",
                                      f"{url.toString()[:120]} is not a web or email link, "
                                      f"so it was not opened.")
            return False
        if not QDesktopServices.openUrl(url):
            self.session.report_error("Nothing opened it",
                                      f"No program on this computer opened {url.toString()}. "
                                      f"Open it by hand, or install a program for this kind "
                                      f"of file.")
            return False
        return True


def _question(parent: QWidget, title: str, text: str, detail: str, yes: str,
              no: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setInformativeText(detail)
    box.setAccessibleName(title)
    box.button(QMessageBox.StandardButton.Yes).setText(yes)
    box.button(QMessageBox.StandardButton.No).setText(no)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    return box


def runnable_question(parent: QWidget, name: str, risk: filetypes.Runnable) -> QMessageBox:
    """Open an attachment that could run code? Names what it is; No is the default."""
    shown = "".join(c if c.isprintable() else "?" for c in name)
    return _question(
        parent, "Open a file that can run programs?",
        f"“{shown}” is {risk.kind}: {risk.reason()}.",
        "Opening it could run a program on this computer with your permissions. Open it only "
        "if you know who added it to the review and why.", "Open anyway", "Don't open")


def large_file_question(parent: QWidget, name: str, size: int) -> QMessageBox:
    shown = "".join(c if c.isprintable() else "?" for c in name)
    return _question(
        parent, "Attach a large file?",
        f"“{shown}” is {attachments.megabytes(size)}.",
        f"Files above {ATTACHMENT_WARN_BYTES // attachments.MB} MB make the review slow to "
        f"open and too big to email to partners. A link to where it is shared keeps the review "
        f"small.", "Attach it", "Don't attach")
