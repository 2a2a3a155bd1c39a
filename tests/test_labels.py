"""Undo labels name things as people know them: a KLOE by its element and statement, never by
the framework's internal id (which the Edit menu, the history and the CLI would all show)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from maturity import edits, plan, recommend, votes
from maturity.loader import load_framework
from maturity.samples import build_reviews, sample_data
from maturity.wording import shorten

KLOE_ID = re.compile(r"\b[a-z][a-z0-9_-]*\.[a-z][a-z0-9_-]*\.k\d+\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def sample_rereview():
    framework = load_framework()
    built = build_reviews(framework, sample_data())
    return built[-1][1]


def _labels(review) -> list[str]:
    """The label of every edit the app and the CLI can make to a KLOE, element or item."""
    fw = review.framework
    labels = []
    kloes = [d.elements[0].kloes[0].id for d in fw.domains]
    for kloe_id in kloes:
        for value in (3, "na", None):
            labels.append(edits.score_kloe(review, kloe_id, value).label)
        labels += [
            edits.set_narrative(review, kloe_id, "Discussed at the board").label,
            edits.add_evidence_line(review, kloe_id, "Board paper, March").label,
            edits.set_confidence(review, kloe_id, "high").label,
            edits.set_confidence(review, kloe_id, None).label,
            edits.set_group_score(review, kloe_id, "Education", 2).label,
            edits.set_group_scores(review, kloe_id, {"Education": 2, "VCSE": None}).label,
            edits.assess_kloe(review, kloe_id, 2, evidence="x", confidence="low").label,
            edits.assess_kloe(review, kloe_id, evidence="x", keep_score=True).label,
            edits.explain_change(review, kloe_id, reason="New service").label,
            edits.add_evidence(review, kloe_id, title="Board paper").label,
            edits.add_parking(review, "Check the figures", kloe_id).label,
            votes.record_room_vote(review, kloe_id, {"Education": {"3": 2}}).label,
            plan.add_action(review, "Agree the vision", kloe_ids=[kloe_id]).label,
        ]
    for d in fw.domains:
        labels.append(edits.set_target(review, d.elements[0].id, 3).label)
        labels.append(edits.add_parking(review, "Later", d.elements[0].id).label)
    labels.append(recommend.reevaluate(review).label)
    for item in review.recommendations[:5]:
        labels.append(recommend.accept_recommendation(review, item.id).label)
    for action in review.actions[:5]:
        labels.append(plan.update_action(review, action.id, status="done").label)
        labels.append(plan.add_progress_note(review, action.id, "Met",
                                             dt.date(2027, 1, 1)).label)
    return labels


def test_no_undo_label_shows_an_internal_id(sample_rereview):
    fw = sample_rereview.framework
    ids = [k.id for _, _, k in fw.kloes()] + [e.id for d in fw.domains for e in d.elements]
    labels = _labels(sample_rereview)
    assert len(labels) > 100
    for label in labels:
        assert not KLOE_ID.search(label), label
        assert not any(i in label for i in ids), label


def test_a_kloe_is_named_by_its_element_and_shortened_statement(sample_rereview):
    fw = sample_rereview.framework
    _, element, kloe = fw.kloes()[0]
    label = edits.score_kloe(sample_rereview, kloe.id, 3).label
    assert label.startswith(f"Score 3: {element.title} › ")
    shown = label.split(" › ", 1)[1]
    assert shown.endswith("…") and len(shown) <= 51
    words = shown[:-1].split()
    assert kloe.statement.split()[:len(words)] == words  # cut at a word boundary


@pytest.mark.parametrize(("text", "limit", "shown"), [
    ("Short enough.", 50, "Short enough."),
    ("All partners have agreed one written vision for CYP mental health", 30,
     "All partners have agreed one…"),
    ("  spaces\n and\tnewlines  ", 50, "spaces and newlines"),
    ("Averyveryverylongwordwithoutanyspacesatall", 10, "Averyvery…"),
    ("Cut after a comma, then more words here", 19, "Cut after a comma…"),
])
def test_shorten_cuts_at_a_word_boundary(text, limit, shown):
    assert shorten(text, limit) == shown
