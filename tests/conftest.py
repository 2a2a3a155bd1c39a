import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

# As exports/workbook does for the app: openpyxl's writer without lxml, which python-docx
# installs, so the tests that load openpyxl first compare against the same writer.
os.environ.setdefault("OPENPYXL_LXML", "False")

from maturity.edits import new_review_info
from maturity.loader import load_framework
from maturity.reviewfile import ReviewFile
from tests.forms_support import Answers, build_rich_review

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "framework-mini"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _own_cache_folder(tmp_path_factory, monkeypatch):
    """Each test (and the commands it runs) keeps remembered answers in a folder of its own,
    never in the user's cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("SIT_MATURITY_NO_CACHE", raising=False)


@pytest.fixture(scope="session")
def mini_framework():
    return load_framework(MINI)


@pytest.fixture
def review_path(tmp_path, mini_framework):
    path = tmp_path / "mini.sitreview"
    info = new_review_info("Testshire", dt.date(2026, 3, 1), "Fran Facilitator")
    ReviewFile.create(path, mini_framework, info).close()
    return path



@pytest.fixture
def session(qtbot, review_path):
    """A review session on the small test review; errors it reports are kept in ``.errors``."""
    from forms.session import ReviewSession

    errors = []
    s = ReviewSession(report_error=lambda title, message: errors.append((title, message)))
    s.errors = errors
    assert s.open(review_path)
    yield s
    s.close()

@pytest.fixture
def rf(review_path):
    f = ReviewFile.open(review_path)
    yield f
    f.close()


# The app's fixtures: they import Qt only when a test asks for them. ----------------------


@pytest.fixture(scope="session")
def full_framework():
    return load_framework()


@pytest.fixture(scope="session")
def rich_template(tmp_path_factory, full_framework):
    """A rich review on the real framework, built once; tests get their own copy."""
    return build_rich_review(tmp_path_factory.mktemp("rich") / "rich.sitreview", full_framework)


@pytest.fixture
def rich_path(tmp_path, rich_template):
    path = tmp_path / "review.sitreview"
    shutil.copyfile(rich_template, path)
    return path


@pytest.fixture
def mini_rich_path(tmp_path, mini_framework):
    return build_rich_review(tmp_path / "mini-rich.sitreview", mini_framework, coverage=0.6)


@pytest.fixture
def settings(tmp_path, monkeypatch):
    """App settings in a temporary INI file; the user's own settings are never touched."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "user-settings"))
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def answers():
    return Answers()


@pytest.fixture
def make_window(qtbot, settings, answers):
    """Build a main window whose dialogs are answered by ``answers``; checks that nothing is
    left running (timers, threads) when the test ends."""
    import threading

    from PySide6.QtCore import QTimer

    from forms.app import MainWindow

    windows = []
    threads_before = threading.active_count()

    def make(path=None):
        window = MainWindow(settings=settings)
        window.show_error = answers.error
        window.show_notice = answers.error
        window.ask_text = answers.text
        window.ask_yes_no = lambda title, question: answers.yes_no.pop(0)
        window.review_page.kloe_panel.open_url = \
            lambda url: answers.opened_urls.append(url.toString()) or True
        window.review_page.domain_panel.open_url = \
            lambda url: answers.opened_urls.append(url.toString()) or True
        qtbot.addWidget(window)
        windows.append(window)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        if path is not None:
            assert window.open_path(path), answers.errors
        return window

    yield make
    for window in windows:
        window.close()
        running = [t for t in window.findChildren(QTimer) if t.isActive()]
        assert not running, f"timers left running: {[t.objectName() or t for t in running]}"
    left = threading.enumerate()
    assert len(left) <= threads_before, f"threads left running: {[t.name for t in left]}"
