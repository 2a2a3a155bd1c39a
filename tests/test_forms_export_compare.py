"""The Export dialog compares with the previous review as ``export --compare`` does: found
beside the review or chosen, refused in words when it is not earlier; the folder is shown in
full."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from forms.dialogs.export import ExportDialog
from forms.session import ReviewSession

from .history import build_history


@pytest.fixture
def history(tmp_path, mini_framework):
    folder = tmp_path / "h"
    folder.mkdir()
    return build_history(folder, mini_framework, 2)


def open_session(path):
    errors = []
    s = ReviewSession(report_error=lambda title, message: errors.append((title, message)))
    s.errors = errors
    assert s.open(path)
    return s


@pytest.fixture
def dialog_for(qtbot, tmp_path):
    sessions = []

    def make(path):
        s = open_session(path)
        sessions.append(s)
        out = tmp_path / "out"
        out.mkdir(exist_ok=True)
        d = ExportDialog(s, folder=out)
        qtbot.addWidget(d)
        for key, box in d.boxes.items():
            box.setChecked(key == "xlsx")
        return d
    yield make
    for s in sessions:
        s.close()


def export(qtbot, dialog):
    with qtbot.waitSignal(dialog.export_finished, timeout=60_000) as blocker:
        assert dialog.start()
    return [p for p in blocker.args[0] if p.endswith(".xlsx")][0]


def sheets(path):
    return load_workbook(path, read_only=True).sheetnames


def test_the_previous_review_beside_the_file_is_offered_and_compared(qtbot, dialog_for,
                                                                    history):
    dialog = dialog_for(history[1])
    assert dialog.earlier == [history[0]]
    assert dialog.compare_box.isEnabled() and not dialog.compare_box.isChecked()
    assert "anyshire-2025.sitreview" in dialog.compare_box.text()
    assert "Comparison" not in sheets(export(qtbot, dialog))
    dialog.compare_box.setChecked(True)
    dialog.ask_overwrite = lambda names: True
    assert "Comparison" in sheets(export(qtbot, dialog))
    dialog.show()
    dialog.grab().save(str(history[0].parent / "export-compare.png"))


def test_a_first_review_cannot_compare_until_a_file_is_chosen(qtbot, dialog_for, history,
                                                              tmp_path):
    moved = tmp_path / "elsewhere" / "last-year.sitreview"
    moved.parent.mkdir()
    shutil.move(history[0], moved)          # not beside the review any more
    dialog = dialog_for(history[1])
    assert dialog.earlier == [] and not dialog.compare_box.isEnabled()
    assert "choose its file" in dialog.compare_box.text()
    dialog.ask_earlier_paths = lambda: []
    assert not dialog.choose_earlier() and not dialog.compare_box.isEnabled()
    dialog.ask_earlier_paths = lambda: [str(moved)]
    assert dialog.choose_earlier()
    assert dialog.compare_box.isEnabled() and dialog.compare_box.isChecked()
    assert "last-year.sitreview" in dialog.compare_box.text()
    assert "Comparison" in sheets(export(qtbot, dialog))


@pytest.mark.parametrize("which, words", [(1, "not earlier"), (2, "this review itself")])
def test_a_file_that_is_not_an_earlier_review_is_refused_in_words(qtbot, dialog_for, history,
                                                                 tmp_path, which, words):
    dialog = dialog_for(history[which - 1])     # the older review, or the newer one itself
    chosen = history[1]
    dialog.ask_earlier_paths = lambda: [str(chosen)]
    assert dialog.choose_earlier()
    with qtbot.waitSignal(dialog.export_failed, timeout=60_000) as blocker:
        assert dialog.start()
    assert words in blocker.args[0]
    assert "Traceback" not in dialog.status.text()
    assert not list((tmp_path / "out").glob("*.xlsx"))   # nothing half-written


def test_the_folder_is_shown_as_a_full_path(qtbot, dialog_for, history, tmp_path):
    dialog = dialog_for(history[1])
    out = tmp_path / "out"
    assert dialog.folder.text() == str(out)
    assert str(out) in dialog.folder_shown.text()
    dialog.folder.setText("~")
    assert str(Path.home()) in dialog.folder_shown.text()
    dialog.folder.setText(str(out))
    export(qtbot, dialog)
    assert f"written to {out}" in dialog.status.text()
