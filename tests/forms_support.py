"""Helpers for the app's tests: a review with something in every panel, and a window whose
dialogs are answered by the test instead of a person."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

from maturity import edits
from maturity.edits import new_review_info
from maturity.framework import Framework
from maturity.review import SECTORS
from maturity.reviewfile import ReviewFile


def build_rich_review(path: Path, framework: Framework, *, coverage: float = 0.8,
                      seed: int = 7) -> Path:
    """Most KLOEs scored, some with group scores, evidence, indicators, a roster, a parking
    lot: a stand-in for the sample review that tests can build quickly from any framework."""
    rnd = random.Random(seed)
    info = new_review_info("Testshire CYP MH Partnership", dt.date(2026, 3, 12), "Sam Facilitator")
    with ReviewFile.create(path, framework, info) as rf:
        for i, sector in enumerate(SECTORS[:6]):
            rf.execute(edits.add_organisation(rf.review, f"{sector} org {i + 1}", sector,
                                              [f"Person {i}a", f"Person {i}b"]))
        for n, (d, e, k) in enumerate(framework.kloes()):
            if rnd.random() > coverage:
                continue
            base = (d.number + len(e.id)) % 4
            value = max(0, min(4, base + rnd.choice((-1, 0, 0, 1))))
            confidence = rnd.choice(("low", "medium", "high", "high"))
            evidence = "" if value >= 3 and n % 5 == 0 else f"Discussed at workshop {n % 3 + 1}."
            rf.execute(edits.assess_kloe(rf.review, k.id, value, evidence=evidence,
                                         confidence=confidence))
            if n % 4 == 0:
                rf.execute(edits.set_group_score(rf.review, k.id, "Commissioner", value))
                rf.execute(edits.set_group_score(rf.review, k.id, "NHS provider",
                                                 max(0, value - (2 if n % 8 == 0 else 1))))
            if n % 3 == 0:
                rf.execute(edits.add_evidence(rf.review, k.id, title=f"Board paper {n}",
                                              date=dt.date(2026, 1, 1 + n % 28)))
        for d in framework.domains:
            for ind in d.indicators[:2]:
                if ind.threshold is not None:
                    rf.execute(edits.set_indicator(rf.review, ind.id, ind.threshold * 0.9,
                                                   date=dt.date(2026, 2, 1), source="Local data"))
        rf.execute(edits.add_parking(rf.review, "Check the waiting-list figures with the trust",
                                     framework.domains[0].id))
    return path


class Answers:
    """Scripted replies for the window's dialogs; errors are collected, never shown."""

    def __init__(self):
        self.errors: list[tuple[str, str]] = []
        self.texts: list[str | None] = []
        self.yes_no: list[bool] = []
        self.opened_urls: list[str] = []

    def error(self, title: str, message: str) -> None:
        self.errors.append((title, message))

    def text(self, title: str, label: str) -> str | None:
        if not self.texts:
            raise AssertionError(f"unexpected text prompt: {title}: {label}")
        return self.texts.pop(0)


def every_dialog(window, tmp_path):
    """One of each dialog the app opens, built as the app builds it."""
    from forms.dialogs.action import ActionDialog
    from forms.dialogs.evidence import EvidenceDialog
    from forms.dialogs.export import ExportDialog
    from forms.dialogs.family_help import FamilyHelpDialog
    from forms.dialogs.merge import MergeDialog
    from forms.dialogs.newreview import NewReviewDialog
    from forms.dialogs.packs import SendPackDialog
    from forms.dialogs.reject import RejectReasonDialog
    from forms.dialogs.report_texts import ReportTextsDialog
    from forms.dialogs.rereview import RereviewDialog
    from forms.dialogs.review_guide import ReviewGuideDialog
    from forms.dialogs.share import ShareDialog
    from maturity.merge import plan_merge

    session = window.session
    review = session.review
    kloe = review.framework.kloes()[0][2].id
    other = tmp_path / "breakout.sitreview"
    shutil.copyfile(session.path, other)
    with ReviewFile.open(other) as rf:
        rf.execute(edits.score_kloe(rf.review, kloe, 1))
        rf.execute(edits.add_evidence(rf.review, kloe, title="Schools survey"))
    session.edit(edits.score_kloe, kloe, 3)
    with ReviewFile.open(session.path, readonly=True) as a, \
            ReviewFile.open(other, readonly=True) as b:
        plan = plan_merge(a, b)
    yield ActionDialog(review, review.actions[0] if review.actions else None, window)
    yield ActionDialog(review, None, window)
    for choice in ("file", "link", "data", "voice", "other"):
        yield EvidenceDialog(choice, {}, window)
    yield ExportDialog(session, window, folder=tmp_path)
    yield FamilyHelpDialog("Help text", "Call us", window)
    yield MergeDialog(plan, window)
    yield NewReviewDialog(window)
    yield SendPackDialog(session, window)
    yield RejectReasonDialog("A recommendation", "", window)
    yield ReportTextsDialog(session, window)
    yield ReviewGuideDialog(review.framework, window)
    yield ShareDialog(session, lambda *_: None, window)
    yield RereviewDialog("Testshire", dt.date(2025, 10, 14), "Fran", window)
