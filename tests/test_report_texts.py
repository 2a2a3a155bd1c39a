"""The group's own words in the board report: stored in the review, edited in the app, printed
by both the PDF and the Word report."""

from __future__ import annotations

import datetime as dt

from docx import Document
from pypdf import PdfReader

from exports.docx.board import write_board_docx
from exports.pdf.board import write_board_report
from maturity import edits
from maturity.report import build_report
from maturity.reviewfile import ReviewFile
from tests.reviews import populate

TODAY = dt.date(2026, 6, 1)
SUMMARY = "Waiting times fell for the first time in three years.\n\nSchools now refer online."
ASK = "To agree funding for the single waiting list & to note the crisis café's results."


def test_texts_are_kept_undoable_and_reopen(rf, review_path):
    rf.execute(edits.set_report_texts(rf.review, summary_text=SUMMARY, board_ask=ASK))
    rf.close()
    with ReviewFile.open(review_path) as again:
        assert again.review.info.summary_text == SUMMARY
        assert again.review.info.board_ask == ASK
        again.undo()
        assert again.review.info.summary_text == "" and again.review.info.board_ask == ""


def test_a_review_saved_before_the_texts_existed_opens_with_them_empty(rf):
    info = rf.review.info
    assert info.summary_text == "" and info.board_ask == ""
    report = build_report(rf.review, TODAY)
    assert report.summary_text == "" and report.board_ask == ""


def test_control_characters_are_taken_out_on_entry(rf):
    rf.execute(edits.set_report_texts(rf.review, board_ask="note\x07 this"))
    assert rf.review.info.board_ask == "note this"


def test_both_reports_print_the_groups_words(rf, tmp_path):
    populate(rf)
    rf.execute(edits.set_report_texts(rf.review, summary_text=SUMMARY, board_ask=ASK))
    report = build_report(rf.review, TODAY)
    pages = PdfReader(write_board_report(report, tmp_path / "b.pdf")).pages
    pdf = " ".join("\n".join(p.extract_text() for p in pages).split())
    first_two = " ".join((pages[0].extract_text() + " " + pages[1].extract_text()).split())
    for part in (*SUMMARY.split("\n\n"), ASK, "What we ask the board"):
        assert part in first_two
    assert "Endorse the" not in pdf  # the group's own ask replaces the written one
    doc = Document(write_board_docx(report, tmp_path / "b.docx"))
    texts = [p.text for p in doc.paragraphs]
    assert SUMMARY.split("\n\n") == [t for t in texts if t in SUMMARY.split("\n\n")]
    assert ASK in texts
    assert not any(t.startswith("Endorse the") for t in texts)
    assert "What we ask the board" in [p.text for p in doc.paragraphs
                                        if p.style.name.startswith("Heading")]




def test_dialog_saves_both_texts_as_one_undoable_edit(qtbot, session):
    from forms.dialogs.report_texts import ReportTextsDialog

    dialog = ReportTextsDialog(session)
    qtbot.addWidget(dialog)
    dialog.summary.setPlainText(SUMMARY)
    dialog.ask.setPlainText(ASK)
    dialog.grab().save("/tmp/sit-report-texts.png")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert (session.review.info.summary_text, session.review.info.board_ask) == (SUMMARY, ASK)
    assert session.undo()
    assert (session.review.info.summary_text, session.review.info.board_ask) == ("", "")
    assert not session.errors


def test_export_dialog_opens_the_texts_dialog(qtbot, session, monkeypatch):
    from forms.dialogs import report_texts
    from forms.dialogs.export import ExportDialog

    opened = []
    monkeypatch.setattr(report_texts.ReportTextsDialog, "exec", lambda self: opened.append(self))
    dialog = ExportDialog(session)
    qtbot.addWidget(dialog)
    assert "docx" in dialog.boxes
    dialog.texts_button.click()
    assert len(opened) == 1 and opened[0].session is session


def test_export_dialog_says_how_to_get_libreoffice_when_it_is_missing(qtbot, session,
                                                                      monkeypatch):
    from forms.dialogs import report_texts
    from forms.dialogs.export import ExportDialog

    monkeypatch.setattr(report_texts, "available", lambda: False)
    dialog = ExportDialog(session)
    qtbot.addWidget(dialog)
    box = dialog.boxes["accessible"]
    assert not box.isEnabled() and "libreoffice.org" in box.text()
    box.setChecked(True)  # even ticked by hand, a missing converter is never asked for
    assert "accessible" not in dialog.chosen()
    monkeypatch.setattr(report_texts, "available", lambda: True)
    offered = ExportDialog(session)
    qtbot.addWidget(offered)
    assert offered.boxes["accessible"].isEnabled()
