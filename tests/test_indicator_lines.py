"""A domain's indicator lines: the core words each figure, threshold and RAG for the views."""

from __future__ import annotations

import datetime as dt

from maturity import edits
from maturity.indicators import indicator_lines


def test_lines_follow_the_framework_order_and_the_recorded_figures(rf):
    lines = indicator_lines(rf.review, "alpha")
    assert [line.id for line in lines] == ["alpha.dna", "alpha.waitlist"]
    dna, waits = lines
    assert (dna.label, dna.value_text, dna.date_text, dna.source_text) == (
        "Missed appointments (DNA rate) (%)", "", "", "")
    assert dna.rag is None and dna.threshold_text == "≤ 10%"
    assert dna.about == "Missed appointments (DNA rate)\nUsual source: Plan extract"
    assert waits.threshold_text == "no threshold" and waits.about == "Waiting-list size (CYP)"

    rf.execute(edits.set_indicator(rf.review, "alpha.dna", "14.5", date=dt.date(2026, 3, 31),
                                   source="Trust extract"))
    dna = indicator_lines(rf.review, "alpha")[0]
    assert (dna.value_text, dna.date_text, dna.source_text, dna.rag) == (
        "14.5", "2026-03-31", "Trust extract", "R")
    rf.execute(edits.set_indicator(rf.review, "alpha.dna", 10))
    assert indicator_lines(rf.review, "alpha")[0].rag == "A"  # on the threshold: a warning
    rf.execute(edits.set_indicator(rf.review, "alpha.dna", 2))
    assert indicator_lines(rf.review, "alpha")[0].rag == "G"


def test_each_domain_lists_only_its_own_indicators(rf):
    rf.execute(edits.set_indicator(rf.review, "alpha.dna", 3))
    beta = indicator_lines(rf.review, "beta")
    assert [line.id for line in beta] == [i.id for i in rf.review.framework.domain("beta").indicators]
    assert beta and all(line.value is None for line in beta)


def test_a_figure_the_rule_rules_out_has_a_reason_and_no_rag(rf):
    rf.execute(edits.set_indicator(rf.review, "alpha.dna", 14, date=dt.date(2026, 3, 31)))
    dna = indicator_lines(rf.review, "alpha", today=dt.date(2026, 1, 1))[0]
    assert dna.rag is None and "in the future" in dna.problem
    assert dna.value_text == "14"  # the figure is kept, only flagged
    assert indicator_lines(rf.review, "alpha", today=dt.date(2026, 6, 1))[0].rag == "R"
