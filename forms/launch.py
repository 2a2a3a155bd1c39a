"""Starting the app: the QApplication, the window on a review, and the command line's views and screenshots."""

from __future__ import annotations

import gc
import os
import sys
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QWidget

from forms import style
from forms.app import APPLICATION, ORGANISATION, MainWindow
from forms.crash import ErrorHook, describe, write_log
from forms.icon import app_icon
from forms.sourcecheck import quick_source_checks as _quick_source_checks


def create_app(argv: list[str] | None = None) -> QApplication:
    app = _frame_app(argv)
    _show_icons_in_menus(app)
    return app


def _frame_app(argv: list[str] | None) -> QApplication:
    """All the application needs for its first window to be shown."""
    app = QApplication.instance()
    if app is None:
        # Fusion named on the command line Qt reads: setStyle() would first build Python's view
        # of QStyle, whose enums cost several milliseconds before the first frame.
        app = QApplication([*(argv or ["sit-maturity"]), "-style", "fusion"])
        app.setPalette(style.light_palette())
    else:
        style.pin_light_look(app)  # one light look, whatever the system's palette
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("sit-maturity")  # matches the Linux .desktop entry's taskbar icon
    return app  # type: ignore[return-value]


def _show_icons_in_menus(app: QApplication) -> None:
    # Qt's namespace of enums is the costliest import there is: it waits until a frame is shown.
    from PySide6.QtCore import Qt

    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)


# Set to a file name, the app writes there the time (``time.time()``) its window was first
# exposed, i.e. had its first frame on screen: ``make bench`` measures first paint with it.
FIRST_PAINT_ENV = "SIT_MATURITY_FIRST_PAINT"


def _record_first_paint(window: QWidget) -> None:
    """Watch the shown window's own surface for its first frame (only its events, so that the
    measuring adds no call per event to every other object)."""
    target = os.environ.get(FIRST_PAINT_ENV)
    handle = window.windowHandle()
    if not target or handle is None:
        return
    from PySide6.QtCore import QEvent, QObject

    class FirstExpose(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Expose and handle.isExposed():
                Path(target).write_text(f"{time.time():.6f}\n")
                handle.removeEventFilter(self)
            return False

    window._first_paint = FirstExpose(window)  # type: ignore[attr-defined]
    handle.installEventFilter(window._first_paint)  # type: ignore[attr-defined]


VIEWS = ("navigator", "dashboard", "workshop")
SCREENSHOT_SIZE = (1440, 900)
WORKSHOP_SCREENSHOT_SIZE = (1920, 1080)


def show_view(window: MainWindow, view: str | None, item: str | None = None) -> None:
    """Put the window in one of the named views (for ``open --view`` and screenshots)."""
    if item:
        window.go_to_item(item)
    if view == "dashboard":
        window.show_page(window.dashboard)
    elif view == "workshop":
        window.enter_workshop(start=True)
    elif view == "navigator":
        window.show_page(window.review_page)
    elif view == "comparison":
        window.show_page(window.comparison_page)
        window.comparison_page.view().wait()


def run(path: str | Path | None = None, *, sample: bool = False, view: str | None = None,
        screenshot: str | Path | None = None, item: str | None = None,
        live: tuple[str | None, int | None] | None = None) -> int:
    """Start the app (on a file, or the sample); with ``screenshot``, save the view and exit."""
    # Start-up allocates much and frees little (the models, the pages): the cyclic collector's
    # passes over it are put off until the window is up (``_resume_collection``), or until
    # start-up ends some other way.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(path, sample=sample, view=view, screenshot=screenshot, item=item, live=live,
                    collecting=collecting)
    finally:
        if collecting:
            gc.enable()


def _resume_collection(collecting: bool) -> None:
    """What start-up built lives as long as the window: the collector's full passes skip it
    from here on (so one never takes ~25 ms in the middle of someone typing), and collection
    resumes for what is made from now on."""
    gc.freeze()
    if collecting:
        gc.enable()


def _run(path: str | Path | None, *, sample: bool, view: str | None,
         screenshot: str | Path | None, item: str | None,
         live: tuple[str | None, int | None] | None, collecting: bool) -> int:
    # Opening a file, the window is on screen first (titled with the file, sized, menus and
    # status line), then its pages are built and the file read before any input is handled.
    early = path is not None and screenshot is None
    _quick_source_checks()
    app = _frame_app(sys.argv[:1]) if early else create_app(sys.argv[:1])
    try:
        window = MainWindow(fill_later=True) if early else MainWindow()
        if early:
            window.show_opening(Path(path).name)
            window.show()
            _record_first_paint(window)
            app.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
            _show_icons_in_menus(app)
            window.fill()
    except Exception as exc:  # the window could not be built: say so in a line, not a traceback
        log = write_log("".join(traceback.format_exception(exc)))
        print(f"sit-maturity: the window could not be opened: {describe(exc)}"
              + (f" (details in {log})" if log else ""), file=sys.stderr)
        return 1
    hook = ErrorHook(lambda title, message: window.show_error(title, message)).install()
    try:
        return _run_window(app, window, path, sample=sample, view=view, screenshot=screenshot,
                           item=item, live=live, collecting=collecting)
    finally:
        hook.uninstall()


def _run_window(app: QApplication, window: MainWindow, path: str | Path | None, *, sample: bool,
                view: str | None, screenshot: str | Path | None, item: str | None,
                live: tuple[str | None, int | None] | None, collecting: bool) -> int:
    if screenshot is not None:
        failures: list[str] = []

        def report(title: str, message: str) -> None:
            failures.append(f"{title}: {message}")

        window.show_error = report  # type: ignore[method-assign]
        window.show_notice = lambda title, message: None  # type: ignore[method-assign]
        window.remember_layout = False
        from PySide6.QtCore import Qt

        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    if live is not None:  # started from a script: problems are one line on stderr, no dialog
        window.show_error = lambda title, message: print(  # type: ignore[method-assign]
            f"sit-maturity: {title}: {message}", file=sys.stderr)
        window.show_notice = lambda title, message: None  # type: ignore[method-assign]
    opened = window.open_sample() if sample else window.open_path(path) if path else True
    if screenshot is not None:
        if not opened or failures:
            print(f"sit-maturity: {'; '.join(failures) or 'nothing to show'}", file=sys.stderr)
            window.close()
            return 1
        if item and window.session.review.framework.kind_of(item) is None:
            print(f"sit-maturity: {item}: no such domain, element or KLOE in this review",
                  file=sys.stderr)
            window.close()
            return 1
        size = WORKSHOP_SCREENSHOT_SIZE if view == "workshop" else SCREENSHOT_SIZE
        window.resize(*size)
        window.show()
        show_view(window, view, item)
        if view == "workshop":
            window.showNormal()  # keep the projector size exact whatever the screen is
            window.resize(*size)
        for _ in range(3):
            app.processEvents()
        target = Path(screenshot)
        ok = window.grab().save(str(target))
        window.workshop.stop()
        window.close()
        if not ok:
            print(f"sit-maturity: {target}: the picture could not be written", file=sys.stderr)
            return 1
        print(f"Saved {target}")
        return 0
    shown = window.isVisible()
    window.show()
    if not shown:
        _record_first_paint(window)
    show_view(window, view, item)
    if live is not None:
        from forms.livevoting import start_from_cli

        if not opened or start_from_cli(window, *live):
            window.close()
            return 1
        del window.show_error, window.show_notice  # back to dialogs for the facilitator
    _resume_collection(collecting)
    return app.exec()
