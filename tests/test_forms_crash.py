"""An error nobody expected is told in words, logged with its details, and the app goes on."""

from __future__ import annotations

import sys

from forms.crash import MAX_LOG_BYTES, ErrorHook, write_log


def raise_and_catch(exc: BaseException):
    try:
        raise exc
    except BaseException as caught:  # noqa: BLE001 - the test hands it to the hook
        return type(caught), caught, caught.__traceback__


def test_the_message_names_the_error_and_the_log_holds_the_traceback(tmp_path):
    shown = []
    hook = ErrorHook(lambda title, message: shown.append((title, message)), folder=tmp_path)
    hook(*raise_and_catch(ValueError("the chart had no scores to draw")))
    (title, message), = shown
    assert title == "Unexpected error"
    assert "the chart had no scores to draw" in message and "Your review is safe" in message
    log = tmp_path / "sit-maturity-errors.log"
    assert str(log) in message
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "raise_and_catch" in text and "ValueError" in text


def test_an_unwritable_log_is_said_and_the_message_still_shows(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the log folder should be")
    shown = []
    ErrorHook(lambda t, m: shown.append(m), folder=blocker)(*raise_and_catch(KeyError("x")))
    assert "could not be written to a log file" in shown[0]


def test_the_log_starts_afresh_when_it_grows_too_big(tmp_path):
    log = tmp_path / "sit-maturity-errors.log"
    log.write_text("x" * (MAX_LOG_BYTES + 1))
    assert write_log("newest", tmp_path) == log
    assert log.stat().st_size < 100 and "newest" in log.read_text()


def test_a_failing_dialog_falls_back_to_the_terminal(tmp_path, capsys):
    def broken(title, message):
        raise RuntimeError("no screen")

    ErrorHook(broken, folder=tmp_path)(*raise_and_catch(OSError("disk gone")))
    assert "disk gone" in capsys.readouterr().err


def test_install_and_uninstall_restore_the_previous_hook(tmp_path):
    before = sys.excepthook
    hook = ErrorHook(lambda t, m: None, folder=tmp_path).install()
    assert sys.excepthook is hook
    hook.uninstall()
    assert sys.excepthook is before


def test_a_window_that_cannot_be_built_is_one_line_not_a_traceback(qapp, monkeypatch, capsys,
                                                                   tmp_path):
    from forms import launch

    def broken_window():
        raise RuntimeError("settings store is corrupt")

    monkeypatch.setattr(launch, "create_app", lambda argv: qapp)
    monkeypatch.setattr(launch, "MainWindow", broken_window)
    monkeypatch.setattr("forms.crash.log_dir", lambda: tmp_path)
    assert launch.run() == 1
    err = capsys.readouterr().err
    assert "the window could not be opened: settings store is corrupt" in err
    assert "Traceback" not in err and str(tmp_path) in err
    assert "settings store is corrupt" in (tmp_path / "sit-maturity-errors.log").read_text()
