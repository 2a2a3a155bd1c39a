"""Importing 30 returned response packs (read, checked, one command written), against openpyxl
reading every cell of the same 30 files in read-only mode (the floor for reading them)."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from maturity.edits import new_review_info
from maturity.review import SECTORS
from maturity.reviewfile import ReviewFile

from .common import synthetic_framework

PACKS = 30


def run(report) -> None:
    from openpyxl import load_workbook

    from exports.packs import read_pack, write_pack
    from maturity.responses import plan_import

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.sitreview"
        ReviewFile.create(path, synthetic_framework(), new_review_info(
            "Benchshire", dt.date(2026, 3, 1))).close()
        files = []
        with ReviewFile.open(path, readonly=True) as rf:
            for n in range(PACKS):
                out = Path(tmp) / f"pack{n}.xlsx"
                write_pack(rf.review, out, group=SECTORS[n % len(SECTORS)])
                wb = load_workbook(out)
                ws = wb["Responses"]
                for r in range(2, ws.max_row + 1):
                    ws.cell(r, 6, (n + r) % 5)
                    ws.cell(r, 7, f"Comment {n}/{r}")
                wb.save(out)
                files.append(out)
        t0 = time.perf_counter()
        for f in files:
            wb = load_workbook(f, read_only=True)
            for ws in wb.worksheets:
                for _ in ws.iter_rows(values_only=True):
                    pass
            wb.close()
        baseline = time.perf_counter() - t0
        t0 = time.perf_counter()
        with ReviewFile.open(path) as rf:
            plan = plan_import(rf.review, [read_pack(f) for f in files])
            assert not plan.problems, plan.problems[:3]
            rf.execute(plan.command)
        ours = time.perf_counter() - t0
    report(f"import {PACKS} response packs (s)", ours, baseline, "openpyxl reading them")
