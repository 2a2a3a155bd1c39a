"""``sit-maturity pack`` and ``sit-maturity import-responses``: response packs out and back."""

from __future__ import annotations

import argparse

from maturity.cli import CliError, path_arg
from maturity.review import SECTORS
from maturity.terminal import escape

from .files import check_output


def cmd_pack(args: argparse.Namespace) -> int:
    from maturity.reviewfile import ReviewFile

    if not args.out.lower().endswith(".xlsx"):
        raise CliError(f"--out {args.out}: the file name must end in .xlsx")
    out = check_output(args.out, option="--out")
    from .packs import write_pack

    with ReviewFile.open(args.file, readonly=True) as rf:
        write_pack(rf.review, out, group=args.group, organisation=args.org or "",
                   domains=args.domain or ())
    print(f"Wrote {escape(str(out))}")
    return 0


def cmd_import_responses(args: argparse.Namespace) -> int:
    from maturity.cli_args import open_for_edit
    from maturity.responses import plan_import

    from .packs import PackError, read_pack

    packs, unreadable = [], []
    for path in args.packs:
        try:
            packs.append(read_pack(path))
        except PackError as exc:
            unreadable.append(str(exc))
    with open_for_edit(args.file) as rf:
        plan = plan_import(rf.review, packs, good_rows_only=args.good_rows_only)
        for line in plan.lines:
            print(escape(line))
        problems = unreadable + plan.problems
        for problem in problems:
            print(f"problem: {escape(problem)}")
        if args.dry_run:
            print("Dry run: nothing recorded")
        elif plan.command is None:
            print("Nothing imported")
        else:
            rf.execute(plan.command)
            print(escape(plan.command.label))
    if problems and not args.good_rows_only:
        print("Packs with problems were not imported; fix them, or import their good rows "
              "with --good-rows-only")
    return 1 if problems else 0


def register_packs(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("pack", help="write a response pack for one partner or group to answer")
    p.add_argument("file", metavar="FILE", type=path_arg("FILE"), help="the review file")
    p.add_argument("--group", required=True, choices=SECTORS, metavar="SECTOR",
                   help=f"stakeholder group: {', '.join(SECTORS)}")
    p.add_argument("--org", help="the partner organisation's name")
    p.add_argument("--domain", action="append", metavar="ID", help="only this domain (repeat)")
    p.add_argument("--out", required=True, type=path_arg("--out"), help="the pack (.xlsx)")
    p.set_defaults(func=cmd_pack)
    p = sub.add_parser("import-responses", help="record the answers in returned response packs")
    p.add_argument("file", metavar="FILE", type=path_arg("FILE"), help="the review file")
    p.add_argument("packs", nargs="+", metavar="PACK.xlsx", type=path_arg("PACK"))
    p.add_argument("--dry-run", action="store_true", help="show what would change; record nothing")
    p.add_argument("--good-rows-only", action="store_true",
                   help="from a pack with problems, import the rows that are right")
    p.set_defaults(func=cmd_import_responses)
