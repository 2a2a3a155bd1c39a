"""Export figures: the full workbook against a plain openpyxl workbook of the same rows, and
the board report against LibreOffice turning our workbook into a PDF (when it is installed).

Uses the bundled sample review when it builds, otherwise a fully scored review of the real
framework made here.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from maturity import edits
from maturity.edits import new_review_info
from maturity.loader import load_framework
from maturity.plan import add_action, add_progress_note
from maturity.recommend import accept_recommendation, reevaluate, reject_recommendation
from maturity.report import build_report
from maturity.reviewfile import ReviewFile
from maturity.rules import indicator_bounds

from .common import median

ORGS = [("NHS Anyshire Integrated Care Board", "Commissioner"),
        ("Anyshire Children's Mental Health Trust", "NHS provider"),
        ("Anyshire County Council", "Local authority"), ("Anyshire Schools Partnership",
                                                         "Education"),
        ("Youth Minds Anyshire", "VCSE"), ("Anyshire Youth Voice", "CYP & families"),
        ("Anyshire GP Federation", "Primary care")]


def worked_review(path: Path) -> Path:
    """A realistic, fully scored review of the real framework (deterministic)."""
    rnd = random.Random(7)
    fw = load_framework()
    with ReviewFile.create(path, fw, new_review_info(
            "Anyshire CYP MH Partnership", dt.date(2026, 3, 12), "Jo Facilitator")) as rf:
        for name, sector in ORGS:
            rf.execute(edits.add_organisation(rf.review, name, sector))
        orgs = [o.id for o in rf.review.organisations]
        for d in fw.domains:
            base = rnd.choice([1, 2, 2, 3])
            for e in d.elements:
                for k in e.kloes:
                    score = max(0, min(4, base + rnd.choice([-1, 0, 0, 1])))
                    rf.execute(edits.assess_kloe(
                        rf.review, k.id, score, confidence=rnd.choice(["low", "medium", "high"]),
                        evidence=f"The group discussed {e.title.lower()}. " + rnd.choice([
                            "Partners agreed the score after reviewing the joint plan.",
                            "The trust and the council saw this differently; the CYP "
                            "representatives said waiting is still the main worry.",
                            "Evidence is mostly from the trust; schools and the voluntary "
                            "sector have less data."]) * rnd.choice([1, 2])))
                    if rnd.random() < 0.6:
                        rf.execute(edits.add_evidence(
                            rf.review, k.id, title=f"{e.title}: board paper",
                            type=rnd.choice(["document", "data", "audit", "voice"]),
                            date=dt.date(2025, rnd.randint(1, 12), rnd.randint(1, 28)),
                            link="https://example.org/papers/" + k.id))
            for ind in d.indicators:
                if ind.threshold is not None:
                    value = ind.threshold * rnd.choice([0.8, 0.97, 1.05, 1.3])
                    high = indicator_bounds(ind)[1]
                    value = value if high is None else min(value, high)
                    rf.execute(edits.set_indicator(rf.review, ind.id, round(value, 1),
                                                   date=dt.date(2026, 2, 1),
                                                   source="Local data"))
        rf.execute(reevaluate(rf.review))
        recs = rf.review.recommendations
        for n, r in enumerate(recs):
            if n % 5 == 4:
                rf.execute(reject_recommendation(rf.review, r.id, "Covered by another plan"))
            elif n % 3 != 2:
                rf.execute(accept_recommendation(rf.review, r.id))
        for n, r in enumerate([r for r in rf.review.recommendations
                               if r.status == "accepted"][:18]):
            owners = rnd.sample(orgs, rnd.choice([1, 1, 2]))
            start = dt.date(2026, 4, 1) + dt.timedelta(days=20 * n)
            rf.execute(add_action(rf.review, r.text, recommendation_ids=[r.id], owners=owners,
                                  lead=rnd.choice(["Sam Patel", "Alex Jones", "Rhian Ŵyn"]),
                                  start=start, due=start + dt.timedelta(days=120),
                                  status=rnd.choice(["not_started", "in_progress",
                                                     "in_progress", "done", "blocked"]),
                                  rag=rnd.choice(["R", "A", "G", None]),
                                  success_measure="Measured at the next quarterly review"))
            if n % 2 == 0:
                rf.execute(add_progress_note(rf.review, rf.review.actions[-1].id,
                                             "Project group met; plan agreed",
                                             start + dt.timedelta(days=30)))
        rf.execute(edits.add_parking(rf.review, "Transition to adult services at 18",
                                     "model"))
    return path


def sample_review(folder: Path) -> Path:
    try:
        from maturity.samples import build_samples

        return build_samples(folder)[-1]
    except Exception:  # the samples are optional for the figures
        return worked_review(folder / "worked.sitreview")


def naive_workbook(report, path: Path) -> None:
    """The baseline: the same rows in a plain openpyxl workbook, no styling."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Domain", "Score", "Target", "Coverage"])
    for d in report.domains:
        ws.append([d.title, d.score, d.target, d.coverage])
    for d in report.domains:
        ws = wb.create_sheet(str(d.number))
        ws.append(["Element", "Element score", "KLOE", "Statement", "Score", "Rating",
                   "Target", "Gap", "Confidence", "Spread", "Groups", "Narrative", "Items"])
        for e in d.elements:
            for k in e.kloes:
                ws.append([e.title, e.score, k.id, k.statement, k.score, k.rating_text,
                           e.target, None, k.confidence, k.spread, "", k.narrative,
                           "\n".join(x.title for x in k.evidence)])
    ws = wb.create_sheet("Indicators")
    for i in report.indicators:
        ws.append([i.name, i.value, i.unit, i.date, i.source, i.threshold_text, i.rag])
    ws = wb.create_sheet("Recommendations")
    for r in report.recommendations:
        ws.append([r.priority, r.status, r.text, r.reason, r.domain_label, "", r.high_impact,
                   r.trigger_holds, r.note, r.original_text])
    ws = wb.create_sheet("Actions")
    for a in report.actions:
        ws.append([a.description, "\n".join(a.recommendation_texts), ", ".join(a.kloe_ids),
                   "", ", ".join(a.owners), a.lead, a.start, a.due, a.status_text,
                   a.effective_rag, a.overdue, a.success_measure, ""])
    ws = wb.create_sheet("Evidence")
    for d, k, e in report.evidence:
        ws.append([d.label, k.id, e.type, e.title, e.date, e.link, e.note])
    ws = wb.create_sheet("Parking")
    for p in report.parking:
        ws.append([p.raised, p.where, p.text, p.status])
    wb.save(path)


def _time(fn, repeat: int) -> float:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return median(out)


def _paired(ours, base, repeat: int) -> tuple[float, float]:
    """Medians of alternating runs, so load from other work on the machine hits both alike."""
    a, b = [], []
    for _ in range(repeat):
        a.append(_time(ours, 1))
        b.append(_time(base, 1))
    return median(a), median(b)


def run(report_figure) -> None:
    from exports.pdf.board import write_board_report
    from exports.workbook.review import write_workbook

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = sample_review(tmp)
        with ReviewFile.open(source, readonly=True) as rf:
            report = build_report(rf.review)
        book = tmp / "book.xlsx"
        write_workbook(report, book)  # warm imports and fonts
        naive_workbook(report, tmp / "naive.xlsx")
        ours, base = _paired(lambda: write_workbook(report, book),
                             lambda: naive_workbook(report, tmp / "naive.xlsx"), 9)
        report_figure("full workbook, sample review (ms)", ours, base, "<= 1.5x naive openpyxl")

        write_board_report(report, tmp / "board.pdf")
        ours_pdf = _time(lambda: write_board_report(report, tmp / "board.pdf"), 3)
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            print("board report PDF vs LibreOffice: skipped (soffice is not installed; "
                  f"our PDF took {ours_pdf:.0f} ms)")
            return
        profile = tmp / "lo-profile"

        def convert() -> None:
            subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                            "--convert-to", "pdf", "--outdir", str(tmp / "lo"), str(book)],
                           check=True, capture_output=True, timeout=300)

        convert()  # first start of a fresh profile is not representative
        lo = _time(convert, 3)
        report_figure("full board report PDF (ms)", ours_pdf, lo,
                      "<= 0.7x LibreOffice xlsx->pdf")
