"""The accessible (tagged, PDF/UA) board report: the Word report converted by LibreOffice.

reportlab writes the print PDF but cannot tag its structure for screen readers; LibreOffice's
PDF export can, from the Word document's real headings, tables and alternative texts. It runs
headless, with a throwaway user profile (so it neither touches nor waits on the user's own
LibreOffice), within a time limit, and its result is moved into place like every other output.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from maturity.compare import Comparison
from maturity.report import Report

from ..files import OutputError, save_atomic
from .board import write_board_docx
from .soffice import GET_IT, available, find_soffice

Progress = Callable[[float, str], None]

TIMEOUT = 180
"""Seconds LibreOffice may take to convert one report before it is stopped."""
FILTER = "pdf:writer_pdf_Export:" + json.dumps({
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "PDFUACompliance": {"type": "boolean", "value": "true"},
    "ExportBookmarks": {"type": "boolean", "value": "true"},
    "OpenBookmarkLevels": {"type": "long", "value": "-1"},
    "InitialView": {"type": "long", "value": "1"},
}, separators=(",", ":"))


def _stop(proc: subprocess.Popen) -> None:
    """Stop the converter and every process it started (soffice runs a helper process)."""
    try:
        if os.name != "nt":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except OSError:
        pass
    proc.communicate()


def convert_to_pdf(docx: Path, out_dir: Path, soffice: str | None = None) -> Path:
    """Convert ``docx`` into a tagged PDF in ``out_dir``; an ``OutputError`` says why not."""
    soffice = soffice or find_soffice()
    if soffice is None:
        raise OutputError(docx.with_suffix(".pdf"), f"LibreOffice was not found: {GET_IT}")
    with tempfile.TemporaryDirectory(prefix="sit-lo-profile-") as profile:
        cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
               "--norestore", "--nolockcheck", "--convert-to", FILTER,
               "--outdir", str(out_dir), str(docx)]
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, start_new_session=os.name != "nt",
                                    env={**os.environ, "HOME": profile})
        except OSError as exc:
            raise OutputError(docx.with_suffix(".pdf"),
                              f"LibreOffice could not be started ({exc.strerror or exc})") from None
        try:
            stdout, stderr = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            _stop(proc)
            raise OutputError(docx.with_suffix(".pdf"), f"LibreOffice took over {TIMEOUT} "
                              "seconds to convert the report and was stopped") from None
    result = out_dir / (docx.stem + ".pdf")
    if proc.returncode != 0 or not result.is_file():
        said = (stderr or stdout).decode("utf-8", "replace").strip().splitlines()
        raise OutputError(docx.with_suffix(".pdf"), "LibreOffice could not convert the report"
                          + (f" ({said[-1][:200]})" if said else ""))
    return result


def write_accessible_pdf(report: Report, path: str | Path, progress: Progress | None = None,
                         template: str | Path | None = None,
                         comparison: Comparison | None = None) -> Path:
    """Write the tagged board report PDF to ``path``, whole or not at all."""
    progress = progress or (lambda f, m: None)
    if not available():
        raise OutputError(path, f"the accessible PDF needs LibreOffice: {GET_IT}")
    with tempfile.TemporaryDirectory(prefix="sit-accessible-") as work:
        docx = write_board_docx(report, Path(work) / "board report.docx", template=template,
                                comparison=comparison)
        progress(0.3, "Converting with LibreOffice")
        pdf = convert_to_pdf(docx, Path(work))
        save_atomic(path, lambda tmp: shutil.copyfile(pdf, tmp))
    progress(1.0, "Accessible board report written")
    return Path(path)
