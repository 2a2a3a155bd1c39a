"""Everything a user can type survives every output: inert, readable, and never a crash."""

import csv
import datetime as dt
import json

from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from exports.outputs import OUTPUTS, write_outputs
from exports.pdf.kit import printable
from maturity.report import build_report
from tests.reviews import CONTROL_CLEAN, HOSTILE, LONG, assert_only_our_formulas, populate

TODAY = dt.date(2026, 6, 1)


def test_every_output_is_produced_and_holds_the_text(rf, tmp_path):
    populate(rf, hostile=True)
    report = build_report(rf.review, TODAY)
    targets = {"xlsx": tmp_path / "b.xlsx", "pdf": tmp_path / "b.pdf",
               "docx": tmp_path / "b.docx", "summary": tmp_path / "s.pdf", "json": tmp_path / "d.json",
               "csv": tmp_path / "csv"}
    assert set(targets) == {k for k, o in OUTPUTS.items() if not o.optional}
    seen = []
    written = write_outputs(report, targets, lambda f, m: seen.append(f))
    assert seen[-1] == 1.0 and seen == sorted(seen)
    assert all(p.exists() and p.stat().st_size > 0 for p in written)

    data = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    descriptions = {a["description"] for a in data["actions"]}
    for text in HOSTILE:
        assert text.strip() in descriptions  # an action's description is trimmed on entry
    narratives = [k["narrative"] for d in data["domains"] for e in d["elements"]
                  for k in e["kloes"]]
    assert LONG in narratives
    notes = [ev["note"] for d in data["domains"] for e in d["elements"] for k in e["kloes"]
             for ev in k["evidence"]]
    assert CONTROL_CLEAN in notes

    wb = load_workbook(tmp_path / "b.xlsx")
    plan = [c.value for c in wb["Action plan"]["A"]]
    notes = {c.value: c for c in wb["Evidence"]["G"]}
    for text in HOSTILE:
        assert text.strip() in plan
        assert text in notes
    assert notes["\tstarts with a tab"].quotePrefix
    assert_only_our_formulas(wb)

    with open(tmp_path / "csv" / "actions.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {r["description"] for r in csv.DictReader(fh)}
    for text in HOSTILE:
        text = text.strip()
        guarded = "'" + text if text[0] in "=+-@\t" else text
        assert guarded in rows

    doc = Document(tmp_path / "b.docx")
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    for text in HOSTILE:
        assert text.strip() in cells

    reader = PdfReader(tmp_path / "b.pdf")
    body = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for text in HOSTILE:
        if text.startswith("Emoji"):
            # beyond what the font and PDF text map can hold: each shown as a marker
            assert "Emoji: \ufffd\ufffd\ufffd" in body
            assert printable(text) == "Emoji: \ufffd\ufffd\ufffd"
        else:
            assert " ".join(text.split()) in body, text  # Arabic too, in reading order
    assert LONG[-2000:].split()[-1] in body  # the long field is printed in full
    summary = PdfReader(tmp_path / "s.pdf")
    assert len(summary.pages) <= 2
