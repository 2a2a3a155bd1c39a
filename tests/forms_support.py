"""Helpers for the app's tests: a review with something in every panel, and a window whose
dialogs are answered by the test instead of a person."""

from __future__ import annotations

import datetime as dt
import random
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
