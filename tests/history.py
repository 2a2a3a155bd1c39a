"""A hand-made review history of one system on the mini framework, with known changes.

First review (1 Mar 2025) with an action plan; a re-review a year later started from it, in
which scores, confidence, indicators and action statuses change in ways the tests spell out;
and a third review in 2027 for the trend.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from maturity import edits
from maturity.commands import Command, change
from maturity.framework import Framework
from maturity.rereview import start_rereview
from maturity.review import (
    Action,
    ElementTarget,
    EvidenceItem,
    IndicatorValue,
    KloeAssessment,
    Organisation,
    ParkingItem,
    ProgressNote,
    RecommendationItem,
    ReviewInfo,
)
from maturity.reviewfile import ReviewFile

FIRST_DATE = dt.date(2025, 3, 1)
SECOND_DATE = dt.date(2026, 3, 1)
THIRD_DATE = dt.date(2027, 3, 1)
SYSTEM = "Anyshire CYP MH Partnership"
AT = dt.datetime(2025, 3, 1, 10, 0, tzinfo=dt.UTC)

FIRST_SCORES = {"alpha.e1.k1": 1, "alpha.e1.k2": 2, "alpha.e2.k1": 2, "alpha.e2.k2": 3,
                "alpha.e2.k3": None, "beta.e1.k1": 2, "beta.e1.k2": "na", "beta.e2.k1": 3,
                "beta.e2.k2": 1}
FIRST_CONFIDENCE = {"alpha.e1.k1": "low", "alpha.e1.k2": "medium", "alpha.e2.k1": "medium",
                    "alpha.e2.k2": "high", "beta.e1.k1": "medium", "beta.e2.k1": "high",
                    "beta.e2.k2": "low"}
SECOND_SCORES = {"alpha.e1.k1": 3, "alpha.e1.k2": 2, "alpha.e2.k1": 1, "alpha.e2.k2": 3,
                 "alpha.e2.k3": 2, "beta.e1.k1": 3, "beta.e1.k2": 1, "beta.e2.k1": 4,
                 "beta.e2.k2": 1}
SECOND_CONFIDENCE = {"alpha.e1.k1": "high", "alpha.e1.k2": "high", "alpha.e2.k1": "medium",
                     "alpha.e2.k2": "high", "alpha.e2.k3": "low", "beta.e1.k1": "high",
                     "beta.e1.k2": "medium", "beta.e2.k1": "high"}
THIRD_SCORES = {"alpha.e1.k1": 4, "alpha.e1.k2": 3, "alpha.e2.k1": 2, "alpha.e2.k2": 3,
                "alpha.e2.k3": 3, "beta.e1.k1": 3, "beta.e1.k2": 1, "beta.e2.k1": 4,
                "beta.e2.k2": 2}


def _action(id: str, description: str, kloes: tuple[str, ...], due: dt.date, status: str,
            **extra) -> Action:
    return Action(id=id, description=description, kloe_ids=kloes, owners=("org-icb",),
                  due=due, status=status, created_at=AT, **extra)


def build_first(path: Path, framework: Framework) -> Path:
    info = ReviewInfo(review_id="review-2025", system=SYSTEM, review_date=FIRST_DATE,
                      facilitator="Fran Facilitator", created_at=AT)
    records = [
        Organisation(id="org-icb", name="Anyshire ICB", sector="Commissioner",
                     attendees=("Ama Owusu",)),
        Organisation(id="org-trust", name="Anyshire NHS Trust", sector="NHS provider"),
        ElementTarget(element_id="alpha.e1", target=4),
        ParkingItem(id="park-open", text="Check the schools data feed", item_id="beta.e1",
                    raised_at=AT),
        ParkingItem(id="park-closed", text="Room booking", status="closed", raised_at=AT),
        RecommendationItem(id="rec-accepted", source_id="alpha.r1", text="Single PTL",
                           status="accepted", created_at=AT),
        RecommendationItem(id="rec-rejected", source_id="alpha.r2", text="Cut DNAs",
                           status="rejected", created_at=AT),
        RecommendationItem(id="rec-suggested", text="Something else", created_at=AT),
        IndicatorValue(indicator_id="alpha.dna", value=14, date=FIRST_DATE),
        IndicatorValue(indicator_id="alpha.waitlist", value=120),
        IndicatorValue(indicator_id="beta.engagement", value=3.8),
        EvidenceItem(id="ev-ptl", kloe_id="alpha.e1.k1", title="PTL extract", type="data",
                     date=dt.date(2025, 2, 1), added_at=AT),
        _action("act-ptl", "Single PTL across providers", ("alpha.e1.k1",),
                dt.date(2025, 9, 30), "in_progress", recommendation_ids=("rec-accepted",),
                lead="Sam Lead", notes=(ProgressNote(date=dt.date(2025, 2, 20),
                                                     text="Data sharing agreed"),)),
        _action("act-jobplans", "Job plans with a complexity scale", ("alpha.e2.k2",),
                dt.date(2025, 12, 31), "not_started"),
        _action("act-leaflet", "Co-produce a waiting-well leaflet", ("beta.e2.k2",),
                dt.date(2025, 6, 30), "not_started"),
        _action("act-warehouse", "Commission a data warehouse", ("beta.e1.k1",),
                dt.date(2025, 10, 1), "in_progress"),
    ]
    for kid, rating in FIRST_SCORES.items():
        records.append(KloeAssessment(
            kloe_id=kid, rating=rating, confidence=FIRST_CONFIDENCE.get(kid),
            narrative="PTL covers the trust only" if kid == "alpha.e1.k1" else ""))
    ReviewFile.create(path, framework, info, records).close()
    return path


def set_action(rf: ReviewFile, action_id: str, status: str) -> None:
    action = rf.review.get("action", action_id)
    rf.execute(Command(f"Set {action_id} {status}",
                       (change(rf.review, action.model_copy(update={"status": status})),)))


def build_second(first: Path, path: Path, framework: Framework) -> Path:
    start_rereview(first, path, framework, review_date=SECOND_DATE)
    with ReviewFile.open(path) as rf:
        for kid, rating in SECOND_SCORES.items():
            if framework.kind_of(kid) != "kloe":
                continue
            rf.execute(edits.assess_kloe(rf.review, kid, rating,
                                         confidence=SECOND_CONFIDENCE.get(kid)))
        rf.execute(edits.set_indicator(rf.review, "alpha.dna", 9.8))
        rf.execute(edits.set_indicator(rf.review, "alpha.waitlist", 150))
        rf.execute(edits.set_indicator(rf.review, "beta.engagement", 4.5))
        set_action(rf, "act-ptl", "done")
        set_action(rf, "act-jobplans", "done")
        set_action(rf, "act-warehouse", "dropped")
        rf.execute(Command("Add action", (change(rf.review, _action(
            "act-caseload", "Quarterly caseload reviews", (), dt.date(2026, 9, 30),
            "not_started")),)))
        rf.execute(edits.explain_change(rf.review, "beta.e2.k1",
                                        reason="The single PTL made waits visible",
                                        linked_actions=["act-ptl"]))
    return path


def build_third(second: Path, path: Path, framework: Framework) -> Path:
    start_rereview(second, path, framework, review_date=THIRD_DATE)
    with ReviewFile.open(path) as rf:
        for kid, rating in THIRD_SCORES.items():
            rf.execute(edits.score_kloe(rf.review, kid, rating))
        set_action(rf, "act-leaflet", "done")
    return path


def build_history(folder: Path, framework: Framework, count: int = 2) -> list[Path]:
    paths = [build_first(folder / "anyshire-2025.sitreview", framework)]
    paths.append(build_second(paths[0], folder / "anyshire-2026.sitreview", framework))
    if count >= 3:
        paths.append(build_third(paths[1], folder / "anyshire-2027.sitreview", framework))
    return paths


def changed_framework_dir(folder: Path, mini: Path) -> Path:
    """A copy of the mini framework at version 1.1: alpha.e1.k3 added, beta.e2.k2 retired and
    alpha.e2.k1 reworded."""
    import shutil

    out = folder / "framework-mini-1.1"
    shutil.copytree(mini, out)
    fw = out / "framework.toml"
    fw.write_text(fw.read_text().replace('version = "1.0"', 'version = "1.1"'))
    alpha = out / "01-alpha.toml"
    text = alpha.read_text()
    text = text.replace('''  statement = "Alpha one second statement holds."
''', '''  statement = "Alpha one second statement holds."

  [[elements.kloes]]
  id = "alpha.e1.k3"
  statement = "Alpha one third statement, new this year, holds."
''')
    text = text.replace("Alpha two first statement holds.",
                        "Alpha two first statement holds across every provider.")
    alpha.write_text(text)
    beta = out / "02-beta.toml"
    text = beta.read_text()
    text = text.replace('''
  [[elements.kloes]]
  id = "beta.e2.k2"
  statement = "Beta two second statement holds."
''', "")
    beta.write_text(text)
    return out
