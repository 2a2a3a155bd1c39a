"""A change in the overall score is flagged, not shown as a rise or fall, when too few KLOEs
were scored: the one threshold in the core, said in the text report, JSON and exports."""

from __future__ import annotations

import datetime as dt

from maturity import edits
from maturity.compare import RELIABLE_COVERAGE, compare
from maturity.compare_text import report_lines
from maturity.edits import new_review_info
from maturity.reviewfile import ReviewFile

KLOES = ["alpha.e1.k1", "alpha.e1.k2", "alpha.e2.k1", "alpha.e2.k2", "alpha.e2.k3",
         "beta.e1.k1", "beta.e1.k2", "beta.e2.k1", "beta.e2.k2"]


def reviewed(path, framework, date, scores):
    info = new_review_info("Testshire", date, "Fran")
    ReviewFile.create(path, framework, info).close()
    with ReviewFile.open(path) as rf:
        for kloe, value in scores.items():
            rf.execute(edits.score_kloe(rf.review, kloe, value))
    return path


def comparison(tmp_path, framework, first, second):
    named = []
    for n, (date, scores) in enumerate(((dt.date(2025, 3, 1), first),
                                        (dt.date(2026, 3, 1), second))):
        path = reviewed(tmp_path / f"r{n}.sitreview", framework, date, scores)
        with ReviewFile.open(path, readonly=True) as rf:
            named.append((path.name, rf.review))
    return compare(named)


def test_low_coverage_in_the_latest_review_flags_the_change(tmp_path, mini_framework):
    c = comparison(tmp_path, mini_framework, dict.fromkeys(KLOES, 2),
                   {"alpha.e1.k1": 2, "alpha.e1.k2": 3, "alpha.e2.k1": 2})
    assert c.overall.coverage[-1] < RELIABLE_COVERAGE
    assert c.overall.change is not None and c.overall.change > 0
    assert c.change_caveat == "Only 33% of KLOEs scored in the latest review — change not reliable"
    assert c.to_json()["overall"]["caveat"] == c.change_caveat
    text = "\n".join(report_lines(c))
    assert c.change_caveat in text


def test_low_coverage_in_the_earlier_review_flags_it_naming_that_review(tmp_path,
                                                                        mini_framework):
    c = comparison(tmp_path, mini_framework, {"alpha.e1.k1": 1},
                   dict.fromkeys(KLOES, 2))
    assert c.change_caveat == ("Only 11% of KLOEs scored in the review of 1 Mar 2025 — "
                               "change not reliable")


def test_enough_scored_at_both_ends_has_no_caveat(tmp_path, mini_framework):
    half = KLOES[:5]   # 5 of 9 = 56%, above the threshold
    c = comparison(tmp_path, mini_framework, dict.fromkeys(KLOES, 1), dict.fromkeys(half, 2))
    assert c.overall.coverage[-1] >= RELIABLE_COVERAGE
    assert c.change_caveat == ""
    assert c.to_json()["overall"]["caveat"] is None
    assert "not reliable" not in "\n".join(report_lines(c))


def test_the_comparison_workbook_and_pdf_say_it(tmp_path, mini_framework):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from exports.pdf.comparison import write_comparison_pdf
    from exports.workbook.comparison import write_comparison_workbook

    c = comparison(tmp_path, mini_framework, dict.fromkeys(KLOES, 2), {"alpha.e1.k1": 3})
    xlsx = tmp_path / "c.xlsx"
    write_comparison_workbook(c, xlsx)
    ws = load_workbook(xlsx)["Comparison"]
    cells = [ws.cell(row=r, column=1).value for r in range(1, 5)]
    assert f"Overall change: {c.change_caveat}." in cells
    pdf = tmp_path / "c.pdf"
    write_comparison_pdf(c, pdf)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert "change not reliable" in text
