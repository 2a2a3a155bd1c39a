"""A fully worked mini review for the export tests, optionally full of hostile text."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

from maturity import edits
from maturity.plan import add_action, add_progress_note
from maturity.recommend import accept_recommendation, add_recommendation, item_id, reevaluate
from maturity.reviewfile import ReviewFile

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-2 weeks",
    "@SUM(A1)",
    "\tstarts with a tab",
    "<b>",
    "x<y",
    "AT&T",
    "<pending>",
    "Arabic: مرحبا بالعالم",
    "Emoji: 😀👍🏽",
    "Welsh: ŵ ŷ Ŵ Ŷ â ê î ô û",
]
CONTROL = "bell\x07nul\x00esc\x1bvt\x0bend"
CONTROL_CLEAN = "bellnulescvtend"
LONG = ("Long evidence " * 7143)[:100_000]


def populate(rf: ReviewFile, *, hostile: bool = False) -> None:
    """Scores on every KLOE, evidence, indicators, partners, recommendations and actions."""
    review = rf.review
    rf.execute(edits.add_organisation(review, "Anyshire ICB", "Commissioner", ["Ann Commissioner"]))
    rf.execute(edits.add_organisation(review, "Anyshire NHS Trust", "NHS provider"))
    rf.execute(edits.add_organisation(review, "Anyshire Youth Voice", "CYP & families"))
    orgs = {o.name: o.id for o in review.organisations}
    scores = {"alpha.e1.k1": 1, "alpha.e1.k2": 1, "alpha.e2.k1": 4, "alpha.e2.k2": "na",
              "alpha.e2.k3": 3, "beta.e1.k1": 2, "beta.e1.k2": 3, "beta.e2.k1": 0,
              "beta.e2.k2": 2}
    for n, (kloe, value) in enumerate(scores.items()):
        rf.execute(edits.assess_kloe(review, kloe, value, evidence=f"Narrative for {kloe}.",
                                     confidence=("low", "medium", "high")[n % 3]))
        rf.execute(edits.add_evidence(review, kloe, title=f"Board paper for {kloe}",
                                      type="document", date=dt.date(2026, 1, 1 + n),
                                      link="https://example.org/paper"))
    rf.execute(edits.set_group_score(review, "beta.e1.k1", "NHS provider", 1))
    rf.execute(edits.set_group_score(review, "beta.e1.k1", "CYP & families", 3))
    rf.execute(edits.set_indicator(review, "alpha.dna", 14, date=dt.date(2026, 2, 1),
                                   source="Trust data"))
    rf.execute(edits.set_indicator(review, "beta.engagement", 4.5))
    rf.execute(edits.add_parking(review, "Come back to transition at 18", "beta.e2"))
    rf.execute(reevaluate(review))
    rf.execute(accept_recommendation(review, item_id("alpha.r1")))
    rf.execute(accept_recommendation(review, item_id("alpha.r2")))
    rf.execute(add_recommendation(review, "Agree a joint staff wellbeing offer.",
                                  element_ids=["beta.e1"], priority="low"))
    rf.execute(add_action(review, "Set up one patient-tracking list across partners",
                          recommendation_ids=[item_id("alpha.r1")],
                          owners=[orgs["Anyshire ICB"], orgs["Anyshire NHS Trust"]],
                          lead="Pat Lead", start=dt.date(2026, 3, 1), due=dt.date(2026, 4, 30),
                          status="in_progress", rag="A",
                          success_measure="Every waiting child on one list"))
    rf.execute(add_action(review, "Text reminders before appointments",
                          recommendation_ids=[item_id("alpha.r2")],
                          owners=[orgs["Anyshire NHS Trust"]], lead="Dee",
                          due=dt.date(2027, 1, 31), rag="G", success_measure="DNA below 10%"))
    aid = review.actions[0].id
    rf.execute(add_progress_note(review, aid, "Specification agreed", dt.date(2026, 3, 20)))
    if hostile:
        add_hostile(rf)


def add_hostile(rf: ReviewFile) -> None:
    review = rf.review
    for text in HOSTILE:
        # A link can only be a web page or an email address; the hostile text rides in its path.
        rf.execute(edits.add_evidence(review, "alpha.e1.k1", title=text, note=text,
                                      link="https://example.org/?q=" + quote(text)))
        rf.execute(add_action(review, text, lead=text, success_measure=text))
    rf.execute(edits.add_evidence(review, "alpha.e1.k2", title="Control characters",
                                  note=CONTROL))
    rf.execute(edits.assess_kloe(review, "beta.e2.k2", 2, evidence=LONG))
    rf.execute(edits.set_narrative(review, "alpha.e1.k1", "\n".join(HOSTILE)))
    rf.execute(add_recommendation(review, "\n".join(HOSTILE), element_ids=["alpha.e1"]))
    rf.execute(edits.add_parking(review, " | ".join(HOSTILE)))


# The only formulas a workbook holds: the action plan's overdue flag and RAG, built from the
# row's own due date and status; a user's text never becomes one.
OUR_FORMULAS = re.compile(r'=IF\((AND\(ISNUMBER\(H\d+\),H\d+<TODAY\(\),ISNA\(MATCH\(I\d+,'
                          r'\{"Done","Dropped"\},0\)\)\),"OVERDUE",""|K\d+="OVERDUE","R","[RAG]?")\)')


def assert_only_our_formulas(wb) -> None:
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    assert ws.title == "Action plan" and c.column in (10, 11), c.coordinate
                    assert OUR_FORMULAS.fullmatch(c.value), c.value


# A framework or record id (strategy.vision.k2, act-neuro-interface) that a reader must never
# see; web addresses are taken out first, as their dots are not ids.
INTERNAL_ID = re.compile(r"\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+){2,}\b"
                         r"|\b(?:act|rec|ev|park)-[a-z0-9-]+\b")


def internal_ids(text: str) -> set[str]:
    """The internal ids printed in a report's ``text``."""
    return set(INTERNAL_ID.findall(re.sub(r"(?:https?://|www\.)\S+", " ", text)))
