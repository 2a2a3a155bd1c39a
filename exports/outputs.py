"""The outputs one export can produce, shared by the command line and the app's Export dialog.

Writers are looked up lazily so that importing this module costs nothing: openpyxl and reportlab
are loaded only when an output of theirs is written.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from maturity.report import Report

from .files import check_distinct, check_output

if TYPE_CHECKING:
    from maturity.compare import Comparison

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Output:
    key: str
    label: str
    module: str
    function: str
    suffix: str
    """File suffix, or "" for an output that is a folder of files."""
    optional: bool = False
    """Written only when asked for (it needs a program that may not be installed)."""

    def writer(self) -> Callable[..., object]:
        return getattr(importlib.import_module(self.module), self.function)

    def default_name(self, system: str, review_date: str) -> str:
        stem = safe_stem(f"{system} {review_date}")
        names = {"xlsx": f"{stem} workbook", "pdf": f"{stem} board report",
                 "docx": f"{stem} board report",
                 "accessible": f"{stem} board report (accessible)",
                 "summary": f"{stem} summary for young people and families",
                 "json": f"{stem} data", "csv": f"{stem} data (CSV)"}
        return names[self.key] + self.suffix


OUTPUTS: dict[str, Output] = {o.key: o for o in (
    Output("xlsx", "Excel workbook for partners", "exports.workbook.review", "write_workbook",
           ".xlsx"),
    Output("pdf", "Board report (PDF)", "exports.pdf.board", "write_board_report", ".pdf"),
    Output("docx", "Board report (Word)", "exports.docx.board", "write_board_docx", ".docx"),
    Output("accessible", "Board report, accessible tagged PDF (needs LibreOffice)",
           "exports.docx.accessible", "write_accessible_pdf", ".pdf", optional=True),
    Output("summary", "Plain-language summary for young people and families (PDF)",
           "exports.pdf.summary", "write_summary", ".pdf"),
    Output("json", "Data for regional aggregation (JSON)", "exports.data", "write_json",
           ".json"),
    Output("csv", "Data for regional aggregation (CSV folder)", "exports.data", "write_csv",
           ""),
)}


COMPARED = ("xlsx", "pdf", "docx", "accessible")
"""The outputs that show a comparison with earlier reviews when one is given."""


def safe_stem(text: str) -> str:
    """A file-name stem that every operating system accepts."""
    stem = re.sub(r'[\x00-\x1f<>:"/\\|?*]+', " ", text)
    stem = " ".join(stem.split()).strip(" .")
    return stem[:80] or "review"


def check_targets(targets: Mapping[str, Path], sources: Iterable[str | Path] = (),
                  names: Mapping[str, str] | None = None) -> None:
    """Refuse, before anything is written, an output that may not be written: one that is or
    leads to a review file (``sources`` are the reviews being read), a device or FIFO, a
    folder where a file is wanted, or a file that another output of the run also writes.

    ``names`` names each output in messages (a command-line option); else its label."""
    from .data import CSV_TABLES

    names = names or {}
    files: dict[str, Path] = {}
    for key, path in targets.items():
        out = OUTPUTS[key]
        name = names.get(key, out.label)
        path = check_output(path, folder=not out.suffix, option=names.get(key, ""))
        files[name] = path
        if not out.suffix:
            files.update({f"{name} ({table}.csv)": path / f"{table}.csv" for table in CSV_TABLES})
    check_distinct(files, sources)


def write_outputs(report: Report, targets: dict[str, Path],
                  progress: Progress | None = None,
                  comparison: Comparison | None = None, *,
                  sources: Iterable[str | Path] = (),
                  names: Mapping[str, str] | None = None,
                  docx_template: str | Path | None = None) -> list[Path]:
    """Write each requested output (key -> path); progress runs 0..1 across all of them.

    With ``comparison`` (this review against earlier ones), the workbook and the board report
    gain their comparison and trend parts; ``docx_template`` is an organisation's Word
    template whose styles the Word report uses. Every output is checked before any is written
    (see ``check_targets``)."""
    progress = progress or (lambda f, m: None)
    done: list[Path] = []
    keys = [k for k in OUTPUTS if k in targets]
    unknown = set(targets) - set(OUTPUTS)
    if unknown:
        raise ValueError(f"unknown outputs: {', '.join(sorted(unknown))}")
    check_targets(targets, sources, names)
    for n, key in enumerate(keys):
        out = OUTPUTS[key]

        def step(fraction: float, message: str, n=n, out=out) -> None:
            progress((n + max(0.0, min(1.0, fraction))) / len(keys), f"{out.label}: {message}")

        step(0.0, "starting")
        extra = {"comparison": comparison} if comparison is not None and key in COMPARED else {}
        if key in ("docx", "accessible") and docx_template:
            extra["template"] = docx_template
        result = out.writer()(report, targets[key], step, **extra)
        done.extend(result if isinstance(result, list) else [Path(result)])
    progress(1.0, "Done")
    return done
