"""Which KLOEs are flagged for a second look: one rule, checked without Qt."""

from __future__ import annotations

import pytest

from maturity import edits
from maturity.flags import (
    DISAGREE,
    FLAG_ORDER,
    LOW,
    UNEVIDENCED,
    flag_counts,
    flagged_kloes,
    kloe_flags,
    kloes_of,
)
from maturity.scoring import rollup


def do(rf, command, *args, **kwargs):
    rf.execute(command(rf.review, *args, **kwargs))


def test_each_flag_follows_its_own_rule(rf):
    roll = rollup(rf.review)
    assert all(not kloe_flags(k) for k in kloes_of(roll.domain("alpha")))
    # Low confidence says nothing until the KLOE is scored.
    do(rf, edits.set_confidence, "alpha.e1.k1", "low")
    assert kloe_flags(rollup(rf.review).kloe("alpha.e1.k1")) == frozenset()
    do(rf, edits.score_kloe, "alpha.e1.k1", 2)
    assert kloe_flags(rollup(rf.review).kloe("alpha.e1.k1")) == {LOW}
    # Scored 3 with nothing to show for it; evidence clears the flag.
    do(rf, edits.score_kloe, "alpha.e1.k2", 3)
    assert kloe_flags(rollup(rf.review).kloe("alpha.e1.k2")) == {UNEVIDENCED}
    do(rf, edits.add_evidence, "alpha.e1.k2", title="Waiting-list audit")
    assert kloe_flags(rollup(rf.review).kloe("alpha.e1.k2")) == frozenset()
    do(rf, edits.score_kloe, "alpha.e1.k2", 2)
    # Groups one level apart agree well enough; two apart do not.
    do(rf, edits.set_group_score, "beta.e1.k1", "Commissioner", 2)
    do(rf, edits.set_group_score, "beta.e1.k1", "VCSE", 1)
    assert kloe_flags(rollup(rf.review).kloe("beta.e1.k1")) == frozenset()
    do(rf, edits.set_group_score, "beta.e1.k1", "VCSE", 0)
    assert kloe_flags(rollup(rf.review).kloe("beta.e1.k1")) == {DISAGREE}


def test_counts_and_lists_add_up_over_domains_and_elements(rf):
    do(rf, edits.score_kloe, "alpha.e1.k1", 4)
    do(rf, edits.set_confidence, "alpha.e1.k1", "low")
    do(rf, edits.score_kloe, "alpha.e2.k1", 3)
    do(rf, edits.set_group_score, "beta.e1.k1", "Commissioner", 3)
    do(rf, edits.set_group_score, "beta.e1.k1", "VCSE", 0)
    roll = rollup(rf.review)
    assert flag_counts(kloes_of(roll.domain("alpha"))) == {LOW: 1, UNEVIDENCED: 2}
    assert list(flag_counts(kloes_of(roll.domain("alpha")))) == [LOW, UNEVIDENCED]
    assert flag_counts(kloes_of(roll.element("alpha.e2"))) == {UNEVIDENCED: 1}
    assert flag_counts(kloes_of(roll.kloe("beta.e1.k1"))) == {DISAGREE: 1}
    assert flag_counts(kloes_of(roll.domain("beta"))) == {DISAGREE: 1}
    [split] = flagged_kloes(rf.review, roll, DISAGREE)
    assert split.kloe_id == "beta.e1.k1" and split.domain_label == "Beta Domain"
    assert split.detail == "spread 3 (Commissioner 3, VCSE 0)"
    assert [k.kloe_id for k in flagged_kloes(rf.review, roll, UNEVIDENCED)] == \
        ["alpha.e1.k1", "alpha.e2.k1"]  # the framework's order
    assert flagged_kloes(rf.review, roll, LOW)[0].detail == "scored 4, low confidence"
    total = sum(len(flagged_kloes(rf.review, roll, f)) for f in FLAG_ORDER)
    assert total == sum(flag_counts(kloes_of(d)).get(f, 0)
                        for d in roll.domains for f in FLAG_ORDER)
    with pytest.raises(ValueError, match="unknown flag 'late'"):
        flagged_kloes(rf.review, roll, "late")
