"""``sit-maturity export``: the same outputs as the app's Export dialog, for batch use."""

from __future__ import annotations

import argparse
from pathlib import Path

from maturity.cli_args import CliError, path_arg
from maturity.reviewfile import ReviewFile
from maturity.terminal import escape

FLAGS = (("xlsx", "--xlsx", "the Excel workbook"), ("pdf", "--pdf", "the board report PDF"),
         ("docx", "--docx", "the board report as a Word document"),
         ("accessible", "--accessible-pdf", "the board report as a tagged, accessible PDF "
          "(converted by LibreOffice, which must be installed)"),
         ("summary", "--summary", "the plain-language summary PDF"),
         ("json", "--json", "the JSON data export"),
         ("csv", "--csv", "a folder for the CSV data export"))


def add_export_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write the workbook, board report, summary and data",
                       description="Write any of the outputs of a review. With no output "
                                   "option, writes all of them beside the review file.")
    p.add_argument("file", type=path_arg("FILE"), help="the .sitreview file")
    for key, flag, what in FLAGS:
        p.add_argument(flag, dest=key, metavar="DIR" if key == "csv" else "OUT",
                       type=path_arg(flag), help=f"write {what} here")
    p.add_argument("--docx-template", metavar="FILE", type=path_arg("--docx-template"),
                   help="an organisation's Word template (.docx) whose styles the Word board "
                        "report uses")
    p.add_argument("--quiet", action="store_true", help="print nothing on success")
    p.add_argument("--compare", nargs="+", metavar="EARLIER", default=[],
                   type=path_arg("--compare"),
                   help="earlier reviews of the same system: adds the comparison and trend "
                        "to the workbook and the board report")
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from maturity.report import build_report

    from .outputs import OUTPUTS, write_outputs

    source = Path(args.file)
    targets = {key: Path(getattr(args, key)) for key, _, _ in FLAGS if getattr(args, key)}
    if args.docx_template:
        from .docx.board import TemplateError, load_template

        try:  # refused, naming it, before anything is written
            load_template(args.docx_template)
        except TemplateError as exc:
            raise CliError(str(exc)) from None
    with ReviewFile.open(source, readonly=True) as rf:
        report = build_report(rf.review)
    comparison = None
    if args.compare:
        from .compare_cli import comparison_with_earlier

        comparison = comparison_with_earlier(source, args.compare)
    if not targets:
        date = report.review_date.isoformat()
        targets = {k: source.parent / o.default_name(report.system, date)
                   for k, o in OUTPUTS.items() if not o.optional}
    # Every output is checked, and refused with a message naming it, before any is written.
    notes: list[str] = []   # what an output says of itself, such as the summary's reading grade

    def note(fraction: float, message: str) -> None:
        if "Flesch–Kincaid" in message:
            notes.append(message)

    written = write_outputs(report, targets, note, comparison=comparison,
                            sources=[source, *args.compare],
                            names={key: flag for key, flag, _ in FLAGS},
                            docx_template=args.docx_template)
    if not args.quiet:
        for path in written:
            print(escape(path))
        for message in notes:
            print(message)
    return 0

