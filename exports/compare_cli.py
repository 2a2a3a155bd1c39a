"""``sit-maturity compare`` and ``sit-maturity benchmark``: text, JSON, workbook and PDF.

They live in the exports layer because they can write workbooks and PDFs; openpyxl and
reportlab are imported only when one of those is asked for.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from maturity.cli_args import CliError, path_arg
from maturity.terminal import escape, json_dumps

from .files import check_output

if TYPE_CHECKING:
    from maturity.benchmark import Benchmark
    from maturity.benchmark_files import Skipped
    from maturity.compare import Comparison

# maturity.compare and maturity.benchmark are imported by the commands that use them: this
# module is loaded to build the command parser, which the app's start-up also pays for.


def _check_out(path: str | None, suffix: str, option: str) -> Path | None:
    if path is None:
        return None
    out = Path(path)
    if out.suffix.lower() != suffix:
        raise CliError(f"{option} {path}: the file name must end in {suffix}")
    return check_output(out, option=option)


def comparison_with_earlier(current: str | Path, earlier: Sequence[str | Path]) -> Comparison:
    """``current`` against earlier reviews of its system, refusing any that is not earlier."""
    from maturity.compare import CompareError, compare_files

    try:
        comparison = compare_files([current, *earlier])
    except CompareError as exc:
        raise CliError(str(exc)) from None
    latest = comparison.reviews[-1]
    if latest.file != str(current):
        raise CliError(f"--compare {latest.file}: its review date "
                       f"{latest.review_date.isoformat()} is not earlier than {current}'s; "
                       f"export the latest review and compare it with the earlier ones")
    return comparison


def cmd_compare(args: argparse.Namespace) -> int:
    xlsx = _check_out(args.xlsx, ".xlsx", "--xlsx")
    pdf = _check_out(args.pdf, ".pdf", "--pdf")
    from maturity.compare import CompareError, compare_files
    from maturity.compare_text import report_lines

    try:
        comparison = compare_files(args.files)
    except CompareError as exc:
        raise CliError(str(exc)) from None
    _show(comparison, args, report_lines, writes_files=bool(xlsx or pdf))
    _write(comparison, [(xlsx, _comparison_workbook), (pdf, _comparison_pdf)], quiet=args.json)
    return 0


def cmd_benchmark(args: argparse.Namespace) -> int:
    xlsx = _check_out(args.xlsx, ".xlsx", "--xlsx")
    pdf = _check_out(args.pdf, ".pdf", "--pdf")
    from maturity.benchmark import BenchmarkError, benchmark
    from maturity.benchmark import report_lines as benchmark_lines

    try:
        result = benchmark(args.paths, highlight=args.highlight,
                           **({} if args.min_systems is None else
                              {"min_systems": args.min_systems}))
    except BenchmarkError as exc:
        # The message names the paths given; list only files found inside folders.
        given = {str(Path(p)) for p in args.paths}
        _list_not_counted([s for s in exc.skipped if s.file not in given], ())
        raise CliError(str(exc)) from None
    # Which files were left out, and why, is for whoever runs the benchmark: on stderr only,
    # never in the outputs, which may be shared.
    _list_not_counted(result.skipped, result.superseded)
    _show(result, args, benchmark_lines, writes_files=bool(xlsx or pdf))
    if (xlsx or pdf) and not args.json:
        print(f"Benchmark of {result.systems} systems; "
              f"{len(result.skipped) + len(result.superseded)} file(s) not counted")
    _write(result, [(xlsx, _benchmark_workbook), (pdf, _benchmark_pdf)], quiet=args.json)
    return 0


def _show(result: Any, args: argparse.Namespace, lines: Callable[[Any], list[str]], *,
          writes_files: bool) -> None:
    """Print the result as JSON when asked, else as text unless it goes to files."""
    if args.json:
        print(json_dumps(result.to_json()))
    elif not writes_files:
        print("\n".join(map(escape, lines(result))))


# Each writer imports its library only when its output is asked for.

def _comparison_workbook(comparison: Comparison, path: Path) -> None:
    from .workbook.comparison import write_comparison_workbook

    write_comparison_workbook(comparison, path)


def _comparison_pdf(comparison: Comparison, path: Path) -> None:
    from .pdf.comparison import write_comparison_pdf

    write_comparison_pdf(comparison, path)


def _benchmark_workbook(result: Benchmark, path: Path) -> None:
    from .workbook.benchmark import write_benchmark_workbook

    write_benchmark_workbook(result, path)


def _benchmark_pdf(result: Benchmark, path: Path) -> None:
    from .pdf.benchmark import write_benchmark_pdf

    write_benchmark_pdf(result, path)


def _write(result: object, outputs: list[tuple[Path | None, Callable[[Any, Path], None]]],
           quiet: bool) -> None:
    for path, write in outputs:
        if path is not None:
            write(result, path)
            if not quiet:
                print(f"Wrote {escape(path)}")


def _list_not_counted(skipped: Sequence[Skipped], superseded: Sequence[Skipped]) -> None:
    for s in skipped:
        print(f"sit-maturity: skipped {escape(s.file)}: {escape(s.reason)}", file=sys.stderr)
    for s in superseded:
        print(f"sit-maturity: not counted {escape(s.file)}: {escape(s.reason)}",
              file=sys.stderr)


def register_compare(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compare", help="compare two or more reviews of one system over time")
    p.add_argument("files", nargs="+", metavar="FILE", type=path_arg("FILE"),
                   help="review files of the same system (any order; they are sorted by date)")
    p.add_argument("--json", action="store_true", help="print the comparison as JSON")
    p.add_argument("--xlsx", metavar="OUT", type=path_arg("--xlsx"),
                   help="write a comparison workbook")
    p.add_argument("--pdf", metavar="OUT", type=path_arg("--pdf"), help="write a comparison PDF")
    p.set_defaults(func=_at_least_two(cmd_compare, p))

    p = sub.add_parser("benchmark", help="an anonymised benchmark across many systems' reviews")
    p.add_argument("paths", nargs="+", metavar="PATH", type=path_arg("PATH"),
                   help="review files, or folders searched for *.sitreview files")
    p.add_argument("--highlight", metavar="FILE", type=path_arg("--highlight"),
                   help="the one system shown by name")
    p.add_argument("--min-systems", type=int, metavar="N",
                   help="show a figure only when at least N systems contribute to it "
                        "(default 5, at least 3)")
    p.add_argument("--json", action="store_true", help="print the benchmark as JSON")
    p.add_argument("--xlsx", metavar="OUT", type=path_arg("--xlsx"),
                   help="write a benchmark workbook")
    p.add_argument("--pdf", metavar="OUT", type=path_arg("--pdf"), help="write a benchmark PDF")
    p.set_defaults(func=cmd_benchmark)


def _at_least_two(func, parser: argparse.ArgumentParser):
    def run(args: argparse.Namespace) -> int:
        if len(args.files) < 2:
            parser.print_usage()
            print(f"{parser.prog}: error: give at least two review files to compare",
                  file=sys.stderr)
            return 2
        return func(args)
    return run
