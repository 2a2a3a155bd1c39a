"""File › Share a copy… in the app."""

from forms.dialogs.share import ShareDialog
from maturity import edits
from maturity.reviewfile import ReviewFile

SLIP = "Pupil named by mistake in the narrative"


def test_share_a_copy_from_the_file_menu(qtbot, make_window, review_path, tmp_path, answers):
    window = make_window(review_path)
    assert window.act_share in window.file_menu.actions() and window.act_share.isEnabled()
    session = window.session
    session.edit(edits.set_narrative, "alpha.e1.k1", SLIP)
    session.edit(edits.set_narrative, "alpha.e1.k1", "Board minutes")
    out = tmp_path / "for-partners.sitreview"
    asked = []
    dialog = ShareDialog(session, lambda title, suggested: asked.append(suggested) or str(out),
                         window)
    qtbot.addWidget(dialog)
    dialog.without_text.setChecked(True)
    assert dialog.share()
    assert asked == ["mini (shared).sitreview"]
    text = dialog.result.text()
    assert "undo history (2 steps" in text and "evidence narrative" in text
    assert not dialog.share_button.isEnabled() and dialog.close_button.text() == "Close"
    assert SLIP.encode() not in out.read_bytes()
    with ReviewFile.open(out) as rf:
        assert rf.review.kloe("alpha.e1.k1").narrative == ""
    assert session.file.undo_label() == "Edit evidence: Alpha element one › Alpha one first statement holds."  # history kept
    assert not answers.errors


def test_share_over_the_open_review_is_refused(qtbot, make_window, review_path, answers):
    window = make_window(review_path)
    before = review_path.read_bytes()
    dialog = ShareDialog(window.session, lambda title, suggested: str(review_path), window)
    qtbot.addWidget(dialog)
    assert not dialog.share()
    [(title, message)] = answers.errors
    assert title == "The copy was not written" and "is the review being shared" in message
    assert review_path.read_bytes() == before
