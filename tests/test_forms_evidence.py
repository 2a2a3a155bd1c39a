"""What a review can make the computer do: links open only as web pages or emails, a file that
could run code opens only after a question that defaults to No, and attaching a large file never
freezes the window (read off the UI thread, a warning above 25 MB, a refusal above the limit)."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton

from forms import attachments
from forms.dialogs import evidence
from forms.dialogs.evidence import EvidenceDialog, runnable_question
from maturity import filetypes
from maturity.review import EvidenceItem
from maturity.reviewfile import ATTACHMENT_WARN_BYTES, MAX_ATTACHMENT_BYTES
from tests.tables import column_texts

KLOE = "alpha.e1.k1"
PROGRAM = b"MZ\x90\x00" + bytes(60) + b"This program cannot be run in DOS mode.\r\n"


@pytest.fixture
def panel(make_window, review_path):
    window = make_window(review_path)
    window.go_to_item(KLOE)
    return window.review_page.kloe_panel


def attach(panel, path: Path) -> bool:
    panel.ask_attachment_path = lambda: str(path)
    panel.ask_evidence = lambda choice, defaults: {
        "type": "document", "title": defaults["title"], "date": None, "link": "", "note": ""}
    return panel.add_evidence("file")


def select_only_item(panel) -> None:
    panel.evidence_list.selectRow(0)
    assert panel._selected_evidence() is not None


# Links ----------------------------------------------------------------------------------------
def test_a_file_link_typed_in_the_dialog_is_refused_there_and_the_form_stays(qtbot):
    dialog = EvidenceDialog("link", {})
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title_edit.setText("Trust policy")
    qtbot.keyClicks(dialog.link_edit, r"\\fileserver\policies\setup.exe")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.isVisible()
    assert "not a web or email address" in dialog.problem.text()
    assert dialog.title_edit.text() == "Trust policy"  # nothing typed is lost
    dialog.grab().save("/tmp/evidence-link-refused.png")
    dialog.link_edit.setText("javascript:alert(1)")
    dialog.accept()
    assert "uses javascript:" in dialog.problem.text() and dialog.isVisible()
    dialog.link_edit.setText("www.example.org/policy")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.values()["link"] == "https://www.example.org/policy"


def test_a_link_that_got_into_the_review_is_checked_again_before_it_opens(panel, answers):
    review = panel.session.review
    for n, link in enumerate(["file:///etc/passwd", "ms-msdt:/id PCWDiagnostic",
                              r"C:\Windows\System32\calc.exe"]):
        item = EvidenceItem(id=f"forged{n}", kloe_id=KLOE, type="link", title="Policy",
                            link=link, added_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
        review.put(item, "evidence", item.id)  # as if read from a file made elsewhere
        panel.refresh()
        panel.evidence_list.selectRow(0)
        assert not panel.open_selected_evidence()
        review.put(None, "evidence", item.id)
    assert answers.opened_urls == []
    assert [t for t, _ in answers.errors] == ["The link was not opened"] * 3
    assert "Only web and email links open" in answers.errors[0][1]


def test_the_last_step_before_the_system_opens_anything_refuses_other_schemes(panel, answers,
                                                                              monkeypatch):
    opened = []
    monkeypatch.setattr(evidence.QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(url.toString()) or True))
    real_open = evidence.EvidenceActions.open_url
    for url in ("file:///etc/passwd", "smb://server/share/x.exe", "javascript:alert(1)"):
        assert not real_open(panel, QUrl(url))
    assert opened == []
    assert all(t == "Not opened" for t, _ in answers.errors)
    assert real_open(panel, QUrl("https://example.org/sop"))
    assert opened == ["https://example.org/sop"]


# Files that could run code --------------------------------------------------------------------
def test_a_program_renamed_as_minutes_asks_first_and_no_keeps_it_closed(panel, tmp_path,
                                                                        answers):
    source = tmp_path / "Minutes March.pdf"
    source.write_bytes(PROGRAM)
    assert attach(panel, source)
    select_only_item(panel)
    asked = []
    panel.ask_open_runnable = lambda name, risk: asked.append((name, risk)) or False
    assert not panel.open_selected_evidence()
    assert asked == [("Minutes March.pdf", filetypes.Runnable("a Windows program", "content"))]
    assert answers.opened_urls == [] and answers.errors == []
    panel.ask_open_runnable = lambda name, risk: True  # the user knows what it is
    assert panel.open_selected_evidence()
    assert Path(QUrl(answers.opened_urls[-1]).toLocalFile()).read_bytes() == PROGRAM


def test_a_script_named_for_what_it_is_asks_too_and_documents_do_not(panel, tmp_path, answers):
    script = tmp_path / "tidy up.ps1"
    script.write_text("Remove-Item -Recurse $HOME\n")
    paper = tmp_path / "Board paper.pdf"
    paper.write_bytes(b"%PDF-1.7\n" + bytes(200))
    assert attach(panel, script) and attach(panel, paper)
    asked = []
    panel.ask_open_runnable = lambda name, risk: asked.append(risk.kind) or False
    rows = {text.split("file ")[-1]: i
            for i, text in enumerate(column_texts(panel.evidence_list, 0))}
    panel.evidence_list.selectRow(rows["tidy up.ps1"])
    assert not panel.open_selected_evidence()
    panel.evidence_list.selectRow(rows["Board paper.pdf"])
    assert panel.open_selected_evidence()
    assert asked == ["a PowerShell script"]
    assert [Path(QUrl(u).toLocalFile()).name for u in answers.opened_urls] == ["Board paper.pdf"]


def test_the_question_names_the_type_and_enter_answers_no(qtbot, panel, tmp_path, answers):
    risk = filetypes.runnable("invoice.pdf.exe", PROGRAM)
    box = runnable_question(panel, "invoice.pdf.exe", risk)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    assert "a Windows program" in box.text() and "invoice.pdf.exe" in box.text()
    box.show()
    box.grab().save("/tmp/evidence-runnable-question.png")
    box.close()
    # The real question, answered by a user who just presses Enter.
    source = tmp_path / "invoice.pdf.exe"
    source.write_bytes(PROGRAM)
    assert attach(panel, source)
    select_only_item(panel)
    seen = []

    def press_enter():
        dialog = QApplication.activeModalWidget()
        seen.append(dialog.text() if isinstance(dialog, QMessageBox) else dialog)
        qtbot.keyClick(dialog, "\r")

    QTimer.singleShot(0, press_enter)
    assert not panel.open_selected_evidence()
    assert seen and "a Windows program" in seen[0]
    assert answers.opened_urls == []


# Attaching large files ------------------------------------------------------------------------
def sparse(path: Path, size: int) -> Path:
    with path.open("wb") as f:
        f.truncate(size)
    return path


def test_a_file_above_the_limit_is_refused_before_it_is_read(panel, tmp_path, answers,
                                                            monkeypatch):
    big = sparse(tmp_path / "Scanned archive.zip", MAX_ATTACHMENT_BYTES + 1)
    monkeypatch.setattr(attachments, "read_for_embedding",
                        lambda *a: pytest.fail("a file above the limit was read"))
    assert not attach(panel, big)
    [(title, message)] = answers.errors
    assert title == "The file was not attached"
    assert "Scanned archive.zip" in message
    assert f"{MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB limit" in message
    assert panel.session.review.evidence_for(KLOE) == []


def test_a_large_file_asks_first_and_is_read_off_the_ui_thread(panel, tmp_path, answers,
                                                              monkeypatch):
    big = sparse(tmp_path / "Survey video.mp4", ATTACHMENT_WARN_BYTES + 1024)
    asked = []
    panel.ask_attach_large = lambda name, size: asked.append((name, size)) or False
    assert not attach(panel, big)
    assert asked == [("Survey video.mp4", ATTACHMENT_WARN_BYTES + 1024)]
    assert panel.session.review.evidence_for(KLOE) == [] and answers.errors == []
    threads = []
    real = attachments.read_for_embedding

    def recording(path, progress):
        threads.append(threading.get_ident())
        return real(path, progress)

    monkeypatch.setattr(attachments, "read_for_embedding", recording)
    panel.ask_attach_large = lambda name, size: True
    assert attach(panel, big)
    assert threads and threads[0] != threading.get_ident()
    [item] = panel.session.review.evidence_for(KLOE)
    assert len(panel.session.file.attachment(item.attachment)) == ATTACHMENT_WARN_BYTES + 1024


@pytest.mark.parametrize("how", ["button", "escape"])
def test_cancelling_the_progress_dialog_attaches_nothing(qtbot, panel, tmp_path, answers,
                                                         monkeypatch, how):
    source = tmp_path / "Evidence pack.pdf"
    source.write_bytes(b"%PDF-1.7\n" * 100)
    started = threading.Event()

    def slow(path, progress):  # a read that goes on until the user cancels
        started.set()
        for _ in range(2000):
            progress(0.5, "Reading…")
            threading.Event().wait(0.005)
        raise AssertionError("cancel never reached the reader")

    monkeypatch.setattr(attachments, "read_for_embedding", slow)

    def cancel():
        if not started.is_set():
            QTimer.singleShot(10, cancel)
            return
        [dialog] = panel.findChildren(QProgressDialog)
        if how == "button":
            dialog.findChild(QPushButton).click()
        else:
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(10, cancel)
    panel.ask_evidence = lambda c, d: pytest.fail("asked for details of a cancelled file")
    panel.ask_attachment_path = lambda: str(source)
    assert not panel.add_evidence("file")
    assert answers.errors == []
    assert panel.session.review.evidence_for(KLOE) == []
    assert panel.session.file.attachment_digests() == set()


def test_a_file_that_fails_while_being_read_is_reported_and_nothing_is_added(panel, tmp_path,
                                                                            answers,
                                                                            monkeypatch):
    source = tmp_path / "On a USB stick.pdf"
    source.write_bytes(b"%PDF-1.7\n" * 100)

    def unplugged(path, progress):
        progress(0.1, "Reading…")
        raise OSError(5, "Input/output error", str(path))

    monkeypatch.setattr(attachments, "read_for_embedding", unplugged)
    assert not attach(panel, source)
    [(title, message)] = answers.errors
    assert title == "The file was not attached"
    assert "On a USB stick.pdf: Input/output error" in message
    assert panel.session.review.evidence_for(KLOE) == []


def test_the_large_file_question_says_the_size(qtbot, panel):
    box = evidence.large_file_question(panel, "Survey video.mp4", 48 * 1024 * 1024)
    assert "48 MB" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    box.show()
    box.grab().save("/tmp/evidence-large-question.png")
    box.close()
