"""File › Send response packs… and File › Import responses… in the app."""

from __future__ import annotations

from openpyxl import load_workbook


def test_send_fill_preview_import_and_undo(make_window, review_path, tmp_path):
    from forms.dialogs.packs import ImportPacksDialog, SendPackDialog

    window = make_window(review_path)
    titles = [a.text() for a in window.file_menu.actions()]
    assert "Send response &packs…" in titles and "&Import responses…" in titles
    session = window.session
    kloe = session.review.framework.kloes()[0][2].id
    send = SendPackDialog(session, window)
    send.group.setCurrentText("Education")
    out = send.save(str(tmp_path / "schools.xlsx"))
    wb = load_workbook(out)
    wb["Responses"]["F2"] = "4 – Embedded"
    wb["Responses"]["G2"] = "Schools see it"
    wb["Responses"]["F3"] = 7
    wb.save(out)
    dialog = ImportPacksDialog(session, [str(out)], window)
    assert "row 3: the answer '7'" in dialog.text.toPlainText()
    assert not dialog.import_button.isEnabled()
    dialog.good_only.setChecked(True)
    assert "Education score 4" in dialog.text.toPlainText()
    dialog.record()
    assert session.review.kloe(kloe).group_scores == {"Education": 4}
    assert window.review_page.select(kloe)
    line = window.pack_answers_line
    assert not line.isHidden()
    assert line.text() == "1 partner group answered (1 response pack imported): score 4"
    window.act_undo.trigger()
    assert session.review.kloe(kloe).group_scores == {}
    assert line.isHidden()
