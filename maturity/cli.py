"""``sit-maturity``: the headless command line, on the same core functions the app uses.

Exit codes: 0 done, 1 bad input (one plain line on stderr, never a traceback), 2 usage.
Commands from the upper layers (exports, the app) register through the
``sit_maturity.cli`` entry-point group, so this core module never imports them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .cli_args import USER_ERRORS, CliError, loaded, open_for_edit, path_arg, user_problem
from .terminal import escape, json_text, safe_output

# The core's models (and pydantic under them) are imported by the commands that use them, not
# here: opening the app starts from this module and paints its window before they load.

# The commands the upper layers register, by entry-point name: (module, function, commands).
# A run of one of these commands imports only its own layer, and a core command imports none,
# so no run pays for reading the installed packages' metadata. A plug-in that is not listed
# here is still found through the entry-point group whenever the command is not a known one.
# tests/test_cli_commands.py checks this table against the registered entry points.
PLUGINS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "exports": ("exports.cli", "register", ("export", "compare", "benchmark", "pack",
                                                "import-responses")),
    "app": ("forms.cli", "register", ("app", "open", "open-sample")),
}
ENTRY_POINT_GROUP = "sit_maturity.cli"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def cmd_new(args: argparse.Namespace) -> int:
    from .edits import new_review_info
    from .loader import load_framework
    from .reviewfile import ReviewFile

    framework = load_framework(args.framework)
    info = new_review_info(args.system, args.date or dt.date.today(), args.facilitator or "")
    path = Path(args.file)
    with ReviewFile.create(path, framework, info) as rf:
        print(f"Created {escape(path)} for {escape(rf.review.info.system)} "
              f"({escape(framework.summary())})")
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    from .edits import assess_kloe

    if not args.value.strip():
        raise CliError(f"{args.kloe_id}: an empty score was given; give a scale value, 'na', "
                       f"or 'clear' to remove the score")
    with open_for_edit(args.file) as rf:
        cmd = assess_kloe(rf.review, args.kloe_id, args.value, evidence=args.evidence,
                          confidence=args.confidence)
        rf.execute(cmd)
        print(escape(cmd.label))
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    with open_for_edit(args.file) as rf:
        done = rf.undo() if args.command == "undo" else rf.redo()
        if done is None:
            print(f"Nothing to {args.command}")
        else:
            print(f"{args.command.capitalize()}: {escape(done.label)}")
    return 0


def cmd_framework(args: argparse.Namespace) -> int:
    from .loader import load_framework

    fw = load_framework(args.dir)
    if args.json:
        print(json_text(fw.model_dump_json(indent=2)))
    elif args.markdown:
        from .markdown import framework_markdown

        sys.stdout.write(framework_markdown(fw))
    else:
        print(escape(fw.summary()))
        for d in fw.domains:
            print(f"{d.number:>2}. {escape(d.title)}")
            for e in d.elements:
                print(f"      {escape(e.id):<28} {escape(e.title)} ({len(e.kloes)} KLOEs)")
    return 0


def cmd_check_framework(args: argparse.Namespace) -> int:
    from .loader import FrameworkError, load_framework

    try:
        fw = load_framework(args.dir)
    except FrameworkError as exc:
        for line in exc.problems:
            print(escape(line), file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) found", file=sys.stderr)
        return 1
    print(f"OK: {escape(fw.summary())}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .samples import build_samples

    if os.path.lexists(args.out_dir) and not os.path.isdir(args.out_dir):
        raise CliError(f"{args.out_dir}: exists and is not a folder; --out-dir needs a folder")
    for path in build_samples(args.out_dir):
        print(escape(path))
    return 0


def cmd_rereview(args: argparse.Namespace) -> int:
    from .loader import load_framework
    from .rereview import RereviewError, start_rereview

    framework = load_framework(args.framework)
    try:
        done = start_rereview(args.previous, args.new, framework, prefill=args.prefill,
                              review_date=args.date, facilitator=args.facilitator)
    except RereviewError as exc:
        raise CliError(str(exc)) from None
    prev = done.info.previous
    print(f"Created {escape(args.new)}: re-review of {escape(prev.system)} (previous review "
          f"{prev.review_date.isoformat()}, {escape(args.previous)})")
    for line in done.summary_lines():
        print(escape(line))
    return 0


def cmd_share(args: argparse.Namespace) -> int:
    from .share import share_copy

    report = share_copy(args.file, args.out, attachments=not args.without_attachments,
                        evidence_text=not args.without_evidence_text)
    for line in report.lines():
        print(line)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .loader import framework_json_schema

    sys.stdout.write(framework_json_schema())
    return 0


class _VersionAction(argparse.Action):
    """``--version``: reads the framework only when asked, so other commands don't pay for it."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 help: str | None = None):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from .version import version_text

        print(version_text())
        parser.exit()


def _load_plugin(name: str, sub: argparse._SubParsersAction) -> bool:
    """Register one listed plug-in's commands; False if its layer is not installed."""
    import importlib

    module_name, func, _ = PLUGINS[name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name is None or not module_name.startswith(exc.name):
            raise  # the layer is there but something it needs is not: not ours to hide
        return False
    getattr(module, func)(sub)
    return True


def _discover_plugins(sub: argparse._SubParsersAction) -> None:
    """Every plug-in the listed table does not already cover, from the installed metadata."""
    from importlib.metadata import entry_points

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in PLUGINS:
            continue
        register: Callable[[argparse._SubParsersAction], None] = ep.load()
        register(sub)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``command``, only the layers that command needs are imported
    (all of them when it is none of the known commands)."""
    parser = argparse.ArgumentParser(
        prog="sit-maturity",
        usage="%(prog)s [-h] [--version] [COMMAND ... | FILE]",
        description="Maturity self-reviews of children and young people's mental health "
                    "systems. With no command, opens the app; with a review file as the only "
                    "argument, opens that file (a file named like a command: give it as ./info).")
    parser.add_argument("--version", action=_VersionAction,
                        help="print the app's and the framework's versions and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    # A listed plug-in's command needs only that plug-in's commands (opening the app is one).
    owner = next((name for name, (_, _, cmds) in PLUGINS.items() if command in cmds), None)
    if owner is None or not _load_plugin(owner, sub):
        _add_core_commands(sub)
        if command not in sub.choices and owner is None:
            for name in PLUGINS:
                _load_plugin(name, sub)
            _discover_plugins(sub)
    parser.set_defaults(subcommands=sub.choices)
    return parser


def _add_core_commands(sub: argparse._SubParsersAction) -> None:
    from .info_cli import add_info_command

    p = sub.add_parser("new", help="create a review file")
    p.add_argument("file", type=path_arg("FILE"))
    p.add_argument("--system", required=True, help="the system (partnership) under review")
    p.add_argument("--date", type=_date, help="review date, YYYY-MM-DD (default today)")
    p.add_argument("--facilitator")
    p.add_argument("--framework", metavar="DIR", type=path_arg("--framework"),
                   help="framework folder (default: bundled)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("score", help="score a KLOE, with evidence and confidence")
    p.add_argument("file", type=path_arg("FILE"))
    p.add_argument("kloe_id")
    p.add_argument("value", help="a scale value, 'na', or 'clear'")
    p.add_argument("--evidence", help="the evidence narrative")
    p.add_argument("--confidence", choices=["low", "medium", "high"])
    p.set_defaults(func=cmd_score)

    add_info_command(sub)

    p = sub.add_parser("framework", help="print a framework")
    p.add_argument("dir", nargs="?", type=path_arg("DIR"))
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true")
    fmt.add_argument("--markdown", action="store_true")
    p.set_defaults(func=cmd_framework)

    p = sub.add_parser("check-framework", help="validate a framework folder")
    p.add_argument("dir", type=path_arg("DIR"))
    p.set_defaults(func=cmd_check_framework)

    p = sub.add_parser("demo", help="write the sample reviews and print their paths, oldest first")
    p.add_argument("--out-dir", required=True, metavar="DIR", type=path_arg("--out-dir"))
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("rereview", help="start a re-review from a previous review")
    p.add_argument("previous", type=path_arg("PREVIOUS"),
                   help="the previous review file (only read)")
    p.add_argument("new", type=path_arg("NEW"), help="the new review file to create")
    p.add_argument("--prefill", action="store_true",
                   help="copy the previous scores as a starting point")
    p.add_argument("--date", type=_date, help="review date, YYYY-MM-DD (default today)")
    p.add_argument("--facilitator", help="default: the previous review's facilitator")
    p.add_argument("--framework", metavar="DIR", type=path_arg("--framework"),
                   help="framework folder (default: bundled)")
    p.set_defaults(func=cmd_rereview)

    p = sub.add_parser("share", help="write a copy to send to others: no undo history, no "
                                     "unused attachments, nothing deleted left inside")
    p.add_argument("file", help="the review file (only read; it keeps its history)")
    p.add_argument("out", help="the new file to write")
    p.add_argument("--without-attachments", action="store_true",
                   help="leave out every embedded file")
    p.add_argument("--without-evidence-text", action="store_true",
                   help="blank evidence narratives and notes")
    p.set_defaults(func=cmd_share)

    p = sub.add_parser("schema", help="print the JSON Schema for framework files")
    p.set_defaults(func=cmd_schema)

    for name in ("undo", "redo"):
        p = sub.add_parser(name, help=f"{name} the last edit in a review file")
        p.add_argument("file", type=path_arg("FILE"))
        p.set_defaults(func=cmd_undo)

    from .recommend_cli import add_recommend_command

    add_recommend_command(sub)

    from .merge_cli import add_merge_command

    add_merge_command(sub)


def _file_as_open(argv: list[str], commands: dict) -> list[str]:
    """A file given as the only argument (what a desktop file association passes) is opened.

    A command's name always means the command; anything that is a path (an existing file, or a
    name with a folder or an extension, which no command has) means the file.
    """
    if len(argv) != 1 or "open" not in commands:
        return argv
    arg = argv[0]
    if arg.startswith("-") or arg in commands:
        return argv
    if Path(arg).exists() or _names_a_file(arg):
        return ["open", arg]
    return argv


def _names_a_file(arg: str) -> bool:
    """A name with a folder or an extension, which no command has."""
    return "/" in arg or os.sep in arg or bool(Path(arg).suffix)


def main(argv: Sequence[str] | None = None) -> int:
    # Everything printed from here on (ours, argparse's, the app's) is escaped on its way out:
    # file names, system names and framework text must never act on the terminal.
    with safe_output():
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and not argv[0].startswith("-") else None
    if len(argv) == 1 and command is not None and _names_a_file(command):
        command = "open"  # a file given alone (a desktop file association) opens the app
    parser = build_parser(command)
    try:
        args = parser.parse_args(_file_as_open(argv, parser.get_default("subcommands")))
        func = getattr(args, "func", None)
        if func is None:
            if "app" not in args.subcommands:  # the app registers itself when installed
                parser.print_help()
                return 2
            args = parser.parse_args(["app"])
            func = args.func
        return func(args)
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as other command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (CliError, OSError, UnicodeError, *loaded(*USER_ERRORS)) as exc:
        problem = user_problem(exc)
        if problem is None:
            raise
        print(f"sit-maturity: {escape(problem)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    # Run through the imported module, not this ``__main__`` copy, so that errors raised by the
    # entry-point commands (which import ``maturity.cli.CliError``) are the ones caught here.
    from maturity.cli import main as imported_main

    raise SystemExit(imported_main())
