"""Start-up imports only what the first screen needs: the window's frame is painted before the
review's models (and pydantic) load, and the pages not on screen are imported when first
shown. Each check runs in a fresh interpreter, through the same ``open`` command a user runs."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO

# Imported only by pages and dialogs that are not on the first screen.
LATER = ("forms.pages.plan", "forms.pages.recommendations", "forms.pages.dashboard",
         "forms.panels.parking", "forms.panels.details", "forms.dialogs.export",
         "forms.dialogs.about", "maturity.recommend", "maturity.compare", "forms.dialogs.merge",
         "maturity.merge", "PySide6.QtNetwork")


def _run(code: str, *args: str) -> list[str]:
    # A system that asks for another style: the app's own look still wins.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_STYLE_OVERRIDE="windows")
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_the_command_line_loads_no_models_to_start():
    loaded = _run("import sys\nimport maturity.cli\n"
                  "print(*sorted(m for m in ('pydantic', 'maturity.review', 'maturity.reviewfile',"
                  " 'PySide6', 'forms') if m in sys.modules))")
    assert loaded == []


def test_the_window_is_shown_before_the_models_load(review_path, tmp_path):
    # Stop where the frame has been shown and its pages are about to be built.
    code = (
        "import os, sys\n"
        "from forms.app import MainWindow\n"
        "def stop(self):\n"
        "    from PySide6.QtWidgets import QApplication\n"
        "    print('visible' if self.isVisible() else 'hidden', self.windowTitle().split()[0],"
        " QApplication.style().name(), QApplication.palette().window().color().name())\n"
        "    print(*sorted(m for m in ('pydantic', 'maturity.review', 'maturity.reviewfile',"
        " 'forms.pages.review', 'forms.widgets', 'forms.access', 'decimal', 'sqlite3',"
        " 'maturity.database', 'dataclasses', 'json') if m in sys.modules))\n"
        "    sys.stdout.flush(); os._exit(0)\n"
        "MainWindow.fill = stop\n"
        "from maturity.cli import main\n"
        "main(['open', sys.argv[1]])\n")
    out = _run(code, str(review_path))
    # Fusion and the light palette from the first frame, without loading the database code,
    # dataclasses or json before it.
    assert out == ["visible", review_path.name, "fusion", "#ffffff"]


def test_the_pages_not_on_screen_are_imported_when_first_shown(review_path):
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "def shown(*a, **k):\n"
        "    QApplication.processEvents()\n"
        "    print('[', *sorted(m for m in sys.argv[2:] if m in sys.modules), ']')\n"
        "    w = next(x for x in QApplication.topLevelWidgets() if hasattr(x, 'review_page'))\n"
        "    w.show_page(w.action_plan)\n"
        "    print('[', *sorted(m for m in sys.argv[2:] if m in sys.modules), ']')\n"
        "    w.remember_layout = False\n"
        "    w.close()\n"
        "    return 0\n"
        "QApplication.exec = shown\n"
        "from maturity.cli import main\n"
        "main(['open', sys.argv[1]])\n")
    out = " ".join(_run(code, str(review_path), *LATER))
    first, then = out.split("] [")
    assert first.strip("[ ") == ""
    assert "forms.pages.plan" in then.split()


def test_the_quick_source_check_answers_as_pysides_own():
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from forms import launch\n"
        "feature = sys.modules.get('shibokensupport.feature')\n"
        "own = getattr(feature, '_mod_uses_pyside', None)\n"
        "if own is None:\n"
        "    print('absent'); raise SystemExit\n"
        "launch._quick_source_checks()\n"
        "quick = feature._mod_uses_pyside\n"
        "import forms.app, forms.pages.review, maturity.reviewfile\n"
        "mods = [m for m in list(sys.modules.values()) if m is not None]\n"
        "print(quick is not own, sum(bool(own(m)) for m in mods) > 10,\n"
        "      [m.__name__ for m in mods if own(m) != quick(m)])\n")
    out = " ".join(_run(code))
    if out == "absent":  # a PySide6 without the check: nothing to replace
        return
    assert out == "True True []"


def test_the_first_frame_is_recorded_when_asked(review_path, tmp_path):
    stamp = tmp_path / "first-paint.txt"
    code = ("import sys, time\n"
            "from PySide6.QtWidgets import QApplication\n"
            "QApplication.exec = lambda *a, **k: QApplication.processEvents() or 0\n"
            "print(time.time())\n"
            "from maturity.cli import main\n"
            "main(['open', sys.argv[1]])\n"
            "print(time.time())\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SIT_MATURITY_FIRST_PAINT=str(stamp))
    done = subprocess.run([sys.executable, "-c", code, str(review_path)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    before, after = (float(x) for x in done.stdout.split()[-2:])
    assert before <= float(stamp.read_text()) <= after


def test_the_frame_builds_no_enums_it_does_not_show(review_path):
    # Importing a Qt class builds its enums, and Qt's own namespace is the largest of them: the
    # frame is shown before the namespace, the keyboard helpers and the dialogs are loaded.
    code = (
        "import os, sys\n"
        "import PySide6.QtCore as core, PySide6.QtWidgets as widgets\n"
        "from forms import launch\n"
        "def stop(app):\n"  # the frame has been shown and its first events processed
        "    if 'QWizard' in vars(widgets):\n"
        "        print('eager')\n"  # a PySide6 that loads every class up front
        "    else:\n"
        "        print('loaded', *sorted(n for n in ('Qt', 'QMessageBox', 'QFileDialog',"
        " 'QInputDialog', 'QDateEdit') if n in vars(core) or n in vars(widgets)))\n"
        "    sys.stdout.flush(); os._exit(0)\n"
        "launch._show_icons_in_menus = stop\n"
        "from maturity.cli import main\n"
        "main(['open', sys.argv[1]])\n")
    out = _run(code, str(review_path))
    assert out in (["eager"], ["loaded"])


def test_the_collector_waits_until_the_window_is_up(review_path):
    code = (
        "import gc, sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from forms.app import MainWindow\n"
        "fill = MainWindow.fill\n"
        "def watched(self):\n"
        "    print('filling', gc.isenabled())\n"
        "    fill(self)\n"
        "MainWindow.fill = watched\n"
        "def shown(*a, **k):\n"
        "    QApplication.processEvents()\n"
        "    print('shown', gc.isenabled(), gc.get_freeze_count() > 0)\n"
        "    return 0\n"
        "QApplication.exec = shown\n"
        "from maturity.cli import main\n"
        "main(['open', sys.argv[1]])\n"
        "print('after', gc.isenabled())\n")
    out = _run(code, str(review_path))
    assert out == ["filling", "False", "shown", "True", "True", "after", "True"]


def test_the_quick_source_check_is_in_place_before_the_window_modules_load(review_path):
    code = (
        "import os, sys\n"
        "seen = []\n"
        "class Spy:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'forms.app':\n"
        "            feature = sys.modules.get('shibokensupport.feature')\n"
        "            check = getattr(feature, '_mod_uses_pyside', None)\n"
        "            seen.append('absent' if check is None else\n"
        "                        'quick' if getattr(check, 'quick', False) else 'slow')\n"
        "        return None\n"
        "sys.meta_path.insert(0, Spy())\n"
        "from PySide6.QtWidgets import QApplication\n"
        "QApplication.exec = lambda *a, **k: 0\n"
        "from maturity.cli import main\n"
        "main(['open', sys.argv[1]])\n"
        "print(*seen)\n")
    out = _run(code, str(review_path))
    assert out in (["quick"], ["absent"])  # absent: a PySide6 without the check


def test_the_collector_waits_while_the_window_modules_load(review_path):
    code = (
        "import gc, sys\n"
        "seen = []\n"
        "class Spy:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name in ('PySide6', 'forms.app'):\n"
        "            seen.append(f'{name}:{gc.isenabled()}')\n"
        "        return None\n"
        "sys.meta_path.insert(0, Spy())\n"
        "from maturity.cli import build_parser\n"
        "build_parser('open')\n"  # the command line itself, before any of the app's modules
        "seen.append(f'parser:{gc.isenabled()}')\n"
        "import forms.cli\n"
        "forms.cli._launcher()\n"
        "print(*seen, f'after:{gc.isenabled()}')\n")
    assert _run(code, str(review_path)) == [
        "parser:True", "PySide6:False", "forms.app:False", "after:True"]
