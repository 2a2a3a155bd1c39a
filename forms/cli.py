"""The app's commands (``sit-maturity`` with no command, ``open``, ``open-sample``), registered
by entry point.

Qt is imported only when one of these commands runs, so the headless commands stay light.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from maturity.cli_args import path_arg
from maturity.terminal import escape

VIEWS = ("navigator", "dashboard", "workshop", "comparison")


def _launcher():
    """``forms.launch.run``, imported once PySide6's source check is the quick one (every
    module imported after PySide6 is checked: the window's own modules are many). Qt and the
    window's modules allocate much and free little: the cyclic collector waits meanwhile, as
    it does while ``run`` starts the app."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        from forms.sourcecheck import quick_source_checks

        quick_source_checks()
        from forms.launch import run
    finally:
        if collecting:
            gc.enable()
    return run


def _view_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--view", choices=VIEWS, help="open on this view (default: navigator)")
    p.add_argument("--item", metavar="ID", help="select this domain, element or KLOE")
    p.add_argument("--screenshot", metavar="PNG", type=path_arg("--screenshot"),
                   help="render the view to this PNG file and exit (for docs and checks)")


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0-65535)")
    return int(text)


def _fail(message: str) -> int:
    print(f"sit-maturity: {escape(message)}", file=sys.stderr)
    return 1


def _png_problem(args: argparse.Namespace) -> str | None:
    if args.screenshot is not None:
        target = Path(args.screenshot)
        if target.suffix.lower() != ".png":
            return f"{target}: the screenshot must be a .png file"
        if not target.parent.is_dir():
            return f"{target.parent}: no such folder for the screenshot"
    return None


def cmd_app(args: argparse.Namespace) -> int:
    run = _launcher()

    return run()


def cmd_open(args: argparse.Namespace) -> int:
    problem = _png_problem(args)
    if problem:
        return _fail(problem)
    path = Path(args.file)
    if not path.exists():
        return _fail(f"{path}: no such file")
    if path.is_dir():
        return _fail(f"{path}: is a folder, not a review file")
    live = None
    if args.live_voting:
        if args.view not in (None, "workshop") or args.screenshot is not None:
            return _fail("--live-voting runs in workshop mode: use it with --view workshop "
                         "and without --screenshot")
        args.view = "workshop"
        live = (args.bind, args.port)
    elif args.bind is not None or args.port is not None:
        return _fail("--bind and --port go with --live-voting")
    run = _launcher()

    return run(path, view=args.view, screenshot=args.screenshot, item=args.item, live=live)


def cmd_open_sample(args: argparse.Namespace) -> int:
    problem = _png_problem(args)
    if problem:
        return _fail(problem)
    run = _launcher()

    return run(sample=True, view=args.view, screenshot=args.screenshot, item=args.item)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the app's commands to the ``sit-maturity`` parser."""
    p = sub.add_parser("app", help="open the app (the default with no command)")
    p.set_defaults(func=cmd_app)

    p = sub.add_parser("open", help="open a review file in the app")
    p.add_argument("file", type=path_arg("FILE"))
    _view_options(p)
    p.add_argument("--live-voting", action="store_true",
                   help="workshop mode with the room voting from phones on the agenda's first "
                        "KLOE; prints one line 'Live voting: URL'")
    p.add_argument("--bind", metavar="ADDR",
                   help="the address phones reach (default: this computer's network address)")
    p.add_argument("--port", type=_port, metavar="N", help="the port (default 8765, else any)")
    p.set_defaults(func=cmd_open)

    p = sub.add_parser("open-sample",
                       help="open the newest sample review in the app (built on first use)")
    _view_options(p)
    p.set_defaults(func=cmd_open_sample)
