"""The main window: undo/redo, read-only and broken files, settings, new reviews, the CLI."""

from __future__ import annotations

import datetime as dt
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from forms import style
from forms.app import MainWindow
from forms.dialogs.newreview import NewReview
from maturity import edits
from maturity.reviewfile import ReviewFile, ReviewFileError

REPO = Path(__file__).resolve().parent.parent


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    """A key press as the user makes it: to whatever has the keyboard focus."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


# Undo and redo ------------------------------------------------------------------------------
def test_undo_redo_through_the_gui_name_the_command(qtbot, make_window, review_path):
    window = make_window(review_path)
    window.go_to_item("alpha.e1.k1")
    window.review_page.navigator.view.setFocus()
    assert not window.act_undo.isEnabled()
    assert window.act_undo.text() == "&Undo"
    press(qtbot, Qt.Key.Key_2)
    assert window.act_undo.text() == "&Undo Score 2: Alpha element one › Alpha one first statement holds."
    press(qtbot, Qt.Key.Key_4)
    assert window.act_undo.text() == "&Undo Score 4: Alpha element one › Alpha one first statement holds."
    assert window.act_undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.review.kloe("alpha.e1.k1").rating == 2
    panel = window.review_page.kloe_panel
    assert [v for v, b in panel.score_buttons.items() if b.isChecked()] == [2]
    assert window.act_redo.isEnabled()
    assert window.act_redo.text() == "&Redo Score 4: Alpha element one › Alpha one first statement holds."
    window.act_undo.trigger()
    assert window.session.review.kloe("alpha.e1.k1").rating is None
    assert not window.act_undo.isEnabled()
    window.act_redo.trigger()
    window.act_redo.trigger()
    assert window.session.review.kloe("alpha.e1.k1").rating == 4
    assert not window.act_redo.isEnabled()
    # Undo is in the file: a fresh window on the same file can still undo.
    window.close_review()
    with ReviewFile.open(review_path) as rf:
        assert rf.undo_label() == "Score 4: Alpha element one › Alpha one first statement holds."


def test_undo_of_an_edit_made_in_another_panel_updates_it(qtbot, make_window, review_path):
    window = make_window(review_path)
    window.show_page(window.details)
    window.session.edit(edits.add_organisation, "Anyshire Council", "Local authority")
    qtbot.waitUntil(lambda: window.details.orgs.model().rowCount() == 1)
    assert window.act_undo.text() == "&Undo Add Anyshire Council"
    window.act_undo.trigger()
    qtbot.waitUntil(lambda: window.details.orgs.model().rowCount() == 0)


# Read-only, broken and full -----------------------------------------------------------------
@pytest.fixture
def held_by_another_process(review_path):
    child = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from maturity.reviewfile import ReviewFile; "
         f"f = ReviewFile.open({str(review_path)!r}); print('open', flush=True); "
         "sys.stdin.readline()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO)
    assert child.stdout.readline().strip() == "open"
    yield child
    child.stdin.write("\n")
    child.stdin.flush()
    child.wait(timeout=10)


def test_locked_file_opens_read_only_saying_who_has_it(qtbot, make_window, review_path,
                                                       held_by_another_process, answers):
    window = make_window(review_path)
    assert window.session.readonly
    [(title, message)] = answers.errors
    assert title == "Opened read-only"
    assert "because it is open by" in message and "close it, then open it again" in message
    status = window.saved_label.text()
    assert status.startswith("Read-only: it is open by ")
    assert socket.gethostname() in status
    assert window.readonly_label.text() == "READ-ONLY"
    panel = window.review_page.kloe_panel
    window.go_to_item("alpha.e1.k1")
    assert not any(b.isEnabled() for b in panel.score_buttons.values())
    assert panel.narrative.isReadOnly()
    assert not panel.add_button.isEnabled()
    assert not window.act_park.isEnabled()
    assert not window.act_undo.isEnabled()
    window.review_page.navigator.view.setFocus()
    press(qtbot, Qt.Key.Key_3)
    assert window.session.review.kloe("alpha.e1.k1").rating is None
    assert not window.details.add_button.isEnabled()
    assert window.details.system.isReadOnly()


def test_bad_file_says_what_happened_and_keeps_the_current_review(make_window, review_path,
                                                                  tmp_path, answers):
    window = make_window(review_path)
    bad = tmp_path / "notes.sitreview"
    bad.write_text("these are meeting notes, not a review\n" * 10)
    assert not window.open_path(bad)
    title, message = answers.errors[-1]
    assert title == "The review could not be opened"
    assert "not a SIT Maturity review file" in message
    assert window.session.path == review_path  # nothing lost
    assert window.windowTitle().startswith("Testshire")


def test_newer_version_file_is_refused_with_what_to_do(make_window, review_path, tmp_path,
                                                       answers):
    newer = tmp_path / "newer.sitreview"
    newer.write_bytes(review_path.read_bytes())
    con = sqlite3.connect(newer)
    con.execute("PRAGMA user_version = 99")
    con.close()
    window = make_window()
    assert not window.open_path(newer)
    title, message = answers.errors[-1]
    assert "newer version" in message and "Update SIT Maturity" in message
    assert window.stack.currentWidget() is window.welcome


class FullDisk:
    """A database connection whose writes fail as on a full disk."""

    def __init__(self, con):
        self.con = con

    def execute(self, sql, *args):
        if sql.startswith(("INSERT", "UPDATE", "DELETE")):
            raise sqlite3.OperationalError("database or disk is full")
        return self.con.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.con, name)


def test_disk_full_is_a_plain_message_and_nothing_changes(qtbot, make_window, review_path,
                                                          answers):
    window = make_window(review_path)
    window.go_to_item("alpha.e1.k1")
    rf = window.session.file
    rf._con = FullDisk(rf._con)
    window.review_page.navigator.view.setFocus()
    press(qtbot, Qt.Key.Key_3)
    title, message = answers.errors[-1]
    assert title == "The change was not saved"
    assert "disk is full" in message and "free some space" in message
    assert window.session.review.kloe("alpha.e1.k1").rating is None
    panel = window.review_page.kloe_panel
    assert not any(b.isChecked() for b in panel.score_buttons.values())
    rf._con = rf._con.con
    press(qtbot, Qt.Key.Key_3)
    assert window.session.review.kloe("alpha.e1.k1").rating == 3


# Settings -----------------------------------------------------------------------------------
def test_recent_files_zoom_and_layout_are_remembered(qtbot, settings, review_path,
                                                     mini_rich_path, answers):
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show_error = answers.error
    window.show()
    assert window.open_path(review_path)
    assert window.open_path(mini_rich_path)
    assert window.recent_files()[:2] == [str(mini_rich_path.resolve()),
                                         str(review_path.resolve())]
    window.resize(window.minimumSizeHint().width() + 2, 561)
    size = window.size()
    assert size.height() == 561
    window.act_zoom_in.trigger()
    window.act_zoom_in.trigger()
    assert window.zoom == 1.25
    window.review_page.splitter.setSizes([300, 500])
    split = window.review_page.splitter.sizes()
    window.close()
    settings.sync()
    assert Path(settings.fileName()).is_file()

    again = MainWindow(settings=QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    assert again.zoom == 1.25
    assert again.size() == size
    again.show()
    again._fill_recent_menu()
    texts = [a.text() for a in again.recent_menu.actions()]
    assert texts[0].startswith("&1 mini-rich.sitreview")
    assert again.stack.currentWidget() is again.welcome
    assert again.welcome.recent.model.rowCount() == 2
    again.recent_menu.actions()[1].trigger()
    assert again.session.path == review_path.resolve()
    assert again.review_page.splitter.sizes()[0] == split[0]  # the navigator's width
    again.close()


def test_zoom_steps_and_bounds(make_window):
    window = make_window()
    for _ in range(20):
        window.act_zoom_in.trigger()
    assert window.zoom == style.ZOOM_STEPS[-1]
    window.act_zoom_reset.trigger()
    assert window.zoom == 1.0
    window.act_zoom_out.trigger()
    smaller = style.ZOOM_STEPS[style.ZOOM_STEPS.index(1.0) - 1]
    assert window.zoom == smaller
    assert f"{style.BASE_POINT_SIZE * smaller:.1f}pt" in window.styleSheet()


# New review ---------------------------------------------------------------------------------
def test_new_review_creates_the_file_with_its_roster(make_window, tmp_path, answers):
    window = make_window()
    target = tmp_path / "new.sitreview"
    window.ask_new_review = lambda: NewReview(
        system="Northshire", review_date=dt.date(2026, 9, 1), facilitator="Kim",
        framework_dir=str(REPO / "tests" / "fixtures" / "framework-mini"),
        organisations=[("Northshire ICB", "Commissioner", ["A. Person"]),
                       ("Mind in Northshire", "VCSE", [])])
    window.ask_save_path = lambda title, suggested: str(target)
    assert window.new_review()
    assert target.is_file()
    review = window.session.review
    assert review.info.system == "Northshire" and review.info.facilitator == "Kim"
    assert [o.name for o in review.organisations] == ["Mind in Northshire", "Northshire ICB"]
    assert window.windowTitle() == "Northshire — new.sitreview — SIT Maturity"
    assert window.stack.currentWidget() is window.pages
    # Creating over an existing file is refused with a message; the open review stays.
    assert not window.new_review()
    assert "already exists" in answers.errors[-1][1]
    assert window.session.path == target


def test_new_review_with_a_broken_framework_folder_is_explained(make_window, tmp_path, answers):
    window = make_window()
    (tmp_path / "fw").mkdir()
    (tmp_path / "fw" / "framework.toml").write_text("id = \n")
    window.ask_new_review = lambda: NewReview(system="X", review_date=dt.date(2026, 1, 1),
                                              framework_dir=str(tmp_path / "fw"))
    window.ask_save_path = lambda title, suggested: str(tmp_path / "x.sitreview")
    assert not window.new_review()
    assert answers.errors[-1][0] == "The framework could not be loaded"
    assert not (tmp_path / "x.sitreview").exists()


def test_opening_the_open_review_again_keeps_it_writable(make_window, review_path):
    window = make_window(review_path)
    assert window.open_path(str(review_path))
    assert not window.session.readonly
    assert window.session.edit(edits.score_kloe, "alpha.e1.k1", 1)


def test_closing_shows_the_start_page(make_window, review_path):
    window = make_window(review_path)
    window.act_close.trigger()
    assert window.session.file is None
    assert window.stack.currentWidget() is window.welcome
    assert window.windowTitle() == "SIT Maturity"
    assert window.saved_label.text() == "No review open"
    assert not window.act_workshop.isEnabled()


def test_add_page_adds_a_tab_and_a_view_menu_entry(qtbot, make_window, review_path):
    window = make_window(review_path)
    extra = QWidget()
    action = window.add_page("Extra", extra, "Ctrl+9")
    assert window.pages.indexOf(extra) >= 0
    assert action in window.view_menu.actions()
    window.show_page(window.dashboard)
    action.trigger()
    assert window.pages.currentWidget() is extra
    taken = {a.shortcut().toString() for a in window._page_actions}
    auto = window.add_page("Another", QWidget())
    assert auto.shortcut().toString().startswith("Ctrl+")
    assert auto.shortcut().toString() not in taken


# Accessibility and contrast -----------------------------------------------------------------
def test_text_colours_meet_contrast(subtests=None):
    for name, (fg, bg) in style.TEXT_PAIRS.items():
        assert style.contrast(fg, bg) >= 4.5, f"{name}: {fg} on {bg}"
    assert round(style.contrast("#000000", "#FFFFFF"), 1) == 21.0


def _interactive(widget: QWidget) -> bool:
    if not isinstance(widget, (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView,
                               QPlainTextEdit, QAbstractSpinBox)):
        return False
    parent = widget.parentWidget()
    while parent is not None:  # parts of a compound control are named by the control
        if isinstance(parent, (QComboBox, QAbstractSpinBox)):
            return False
        parent = parent.parentWidget()
    return widget.focusPolicy() != Qt.FocusPolicy.NoFocus


def test_every_interactive_widget_has_an_accessible_name(make_window, rich_path):
    window = make_window(rich_path)
    window.go_to_item(window.session.review.framework.kloes()[0][2].id)
    missing = []
    for widget in window.findChildren(QWidget):
        if not _interactive(widget):
            continue
        name = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton)
                                           else "")
        if not name.strip():
            missing.append(f"{type(widget).__name__} in {type(widget.parentWidget()).__name__}")
    assert not missing, missing


def _tab_chain(start, count):
    chain, widget = [], start
    for _ in range(count):
        chain.append(widget)
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            widget = widget.nextInFocusChain()
    return chain


def test_tab_order_in_the_kloe_panel_reads_top_to_bottom(make_window, review_path):
    window = make_window(review_path)
    panel = window.review_page.kloe_panel
    window.go_to_item("alpha.e1.k1")
    buttons = list(panel.score_buttons.values())
    # "About this domain" sits above the scale; the scale is one stop (the first level while
    # nothing is chosen); then the evidence
    assert _tab_chain(panel.about.button, 5) == [
        panel.about.button, buttons[0], panel.clear_button, panel.narrative, panel.evidence_list]
    assert panel.score(2)
    assert _tab_chain(panel.about.button, 3) == [
        panel.about.button, panel.score_buttons[2], panel.clear_button]


# Command line and start-up ------------------------------------------------------------------
def _run_cli(*args, env_extra=None, tmp_path=None):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if tmp_path is not None:
        env["HOME"] = str(tmp_path)
        env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
        env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "maturity.cli", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("view", ["navigator", "dashboard", "workshop"])
def test_open_with_screenshot_renders_the_view(view, mini_rich_path, tmp_path):
    png = tmp_path / f"{view}.png"
    done = _run_cli("open", str(mini_rich_path), "--view", view, "--screenshot", str(png),
                    tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert not image.isNull()
    expected = (1920, 1080) if view == "workshop" else (1440, 900)
    assert (image.width(), image.height()) == expected
    if view == "workshop":  # the projector background dominates
        colour = image.pixelColor(5, image.height() // 2).name().upper()
        assert colour == style.WORKSHOP_BG.upper()


def test_open_refuses_bad_input_with_one_line(tmp_path, review_path):
    done = _run_cli("open", str(tmp_path / "missing.sitreview"), tmp_path=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "no such file" in done.stderr
    bad = tmp_path / "bad.sitreview"
    bad.write_text("x" * 200)
    done = _run_cli("open", str(bad), "--screenshot", str(tmp_path / "x.png"), tmp_path=tmp_path)
    assert done.returncode == 1
    assert "not a SIT Maturity review file" in done.stderr
    assert "Traceback" not in done.stderr
    done = _run_cli("open", str(review_path), "--screenshot", str(tmp_path / "x.jpg"),
                    tmp_path=tmp_path)
    assert done.returncode == 1 and ".png" in done.stderr
    done = _run_cli("open", str(review_path), "--view", "sideways", tmp_path=tmp_path)
    assert done.returncode == 2


def test_start_up_loads_no_export_libraries(rich_path):
    code = (
        "import sys\n"
        "from forms.launch import MainWindow, create_app\n"
        "app = create_app()\n"
        "w = MainWindow()\n"
        f"assert w.open_path({str(rich_path)!r})\n"
        "w.show(); app.processEvents()\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('openpyxl', 'reportlab', 'exports', 'PySide6.QtCharts'))\n"
        "print(heavy)\n"
        "w.remember_layout = False; w.close()\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_session_reports_errors_without_a_window(review_path):
    from forms.session import ReviewSession

    seen = []
    session = ReviewSession(report_error=lambda t, m: seen.append((t, m)))
    assert session.open(review_path)
    assert not session.edit(edits.score_kloe, "alpha.e1.k1", 9)
    assert seen[-1][0] == "That change could not be made" and "outside the scale" in seen[-1][1]
    assert not session.edit(edits.score_kloe, "no.such.kloe", 1)
    assert "unknown KLOE" in seen[-1][1]
    session.close()
    assert not session.execute(edits.Command("nothing", ()))
    assert session.undo_label() is None
    with pytest.raises(ReviewFileError):
        ReviewFile.open(review_path.with_name("absent.sitreview"))


def test_no_command_opens_the_app(monkeypatch):
    import forms.launch
    from maturity.cli import main

    calls = []
    monkeypatch.setattr(forms.launch, "run", lambda *a, **k: calls.append((a, k)) or 0)
    assert main([]) == 0
    assert calls == [((), {})]


def test_open_sample_builds_the_samples_once_and_opens_the_newer(tmp_path):
    png = tmp_path / "sample.png"
    done = _run_cli("open-sample", "--view", "dashboard", "--screenshot", str(png),
                    tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert png.is_file()
    [manifest] = list((tmp_path / "data").rglob("samples.txt"))
    names = [line for line in manifest.read_text().splitlines()
             if line and not line.startswith("#")]
    assert len(names) == 2
    newer = manifest.parent / names[-1]
    with ReviewFile.open(newer, readonly=True) as rf:
        older = ReviewFile.open(manifest.parent / names[0], readonly=True)
        assert rf.review.info.review_date > older.review.info.review_date
        older.close()
    stamp = newer.stat().st_mtime_ns
    again = _run_cli("open-sample", "--screenshot", str(png), tmp_path=tmp_path)
    assert again.returncode == 0, again.stderr
    assert newer.stat().st_mtime_ns == stamp  # reused, not rebuilt


def test_next_and_previous_kloe_keys_on_the_review_page(qtbot, make_window, review_path):
    window = make_window(review_path)
    window.go_to_item("alpha.e1.k1")
    window.review_page.navigator.view.setFocus()
    press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.review_page.current_id() == "alpha.e1.k2"
    press(qtbot, Qt.Key.Key_J)
    assert window.review_page.current_id() == "alpha.e2.k1"
    press(qtbot, Qt.Key.Key_K)
    assert window.review_page.current_id() == "alpha.e1.k2"
    press(qtbot, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert window.review_page.current_id() == "alpha.e1.k1"
    # From the narrative box, Alt+Down still moves on (and saves what was typed).
    panel = window.review_page.kloe_panel
    panel.narrative.setFocus()
    qtbot.keyClicks(panel.narrative, "Seen")
    press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.review_page.current_id() == "alpha.e1.k2"
    assert window.session.review.kloe("alpha.e1.k1").narrative == "Seen"
