"""Which KLOEs a facilitator should look at again, and why.

One rule for every place that marks a KLOE: the navigator tree's flag column and its "flagged"
filter, the dashboard's lists and count, and the exports. A KLOE is flagged when its
stakeholder groups are 2 or more levels apart, when it is scored with low confidence, or when
it is scored 3 or more with no evidence recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .review import Review
from .scoring import SPREAD_FLAG, DomainResult, ElementResult, KloeResult, Rollup

DISAGREE, LOW, UNEVIDENCED = "disagree", "low", "unevidenced"
FLAG_ORDER = (DISAGREE, LOW, UNEVIDENCED)
FLAG_GLYPHS = {DISAGREE: "≠", LOW: "?", UNEVIDENCED: "!"}
FLAG_WORDS = {
    DISAGREE: f"stakeholder groups disagree by {SPREAD_FLAG} or more levels",
    LOW: "low confidence",
    UNEVIDENCED: "scored 3 or more with no evidence",
}


def kloe_flags(result: KloeResult) -> frozenset[str]:
    """The flags one KLOE carries (an unscored KLOE's confidence flags nothing)."""
    out = set()
    if result.disagreement:
        out.add(DISAGREE)
    if result.confidence == "low" and result.rating is not None:
        out.add(LOW)
    if result.unevidenced_high:
        out.add(UNEVIDENCED)
    return frozenset(out)


def kloes_of(result: DomainResult | ElementResult | KloeResult) -> tuple[KloeResult, ...]:
    """The KLOE results under a domain's or an element's result, or the KLOE's own."""
    if isinstance(result, KloeResult):
        return (result,)
    if isinstance(result, ElementResult):
        return result.kloes
    return tuple(k for e in result.elements for k in e.kloes)


def flag_counts(results: Iterable[KloeResult]) -> dict[str, int]:
    """How many of the KLOEs carry each flag, in ``FLAG_ORDER``; flags no KLOE carries are left
    out."""
    counts = dict.fromkeys(FLAG_ORDER, 0)
    for k in results:
        for flag in kloe_flags(k):
            counts[flag] += 1
    return {f: n for f, n in counts.items() if n}


def ordered(flags: Iterable[str]) -> tuple[str, ...]:
    present = set(flags)
    return tuple(f for f in FLAG_ORDER if f in present)


@dataclass(frozen=True)
class FlaggedKloe:
    """A flagged KLOE as a list shows it: where it sits, what it says, and the figures why."""

    kloe_id: str
    domain_label: str
    element_title: str
    statement: str
    detail: str


def _detail(review: Review, k: KloeResult, flag: str) -> str:
    if flag == DISAGREE:
        groups = review.kloe(k.id).group_scores
        return f"spread {k.spread} (" + ", ".join(f"{g} {v}"
                                                 for g, v in sorted(groups.items())) + ")"
    if flag == LOW:
        return f"scored {k.score if k.score is not None else k.rating}, low confidence"
    return f"scored {k.score}"


def flagged_kloes(review: Review, roll: Rollup, flag: str) -> list[FlaggedKloe]:
    """Every KLOE carrying ``flag``, in the framework's order."""
    if flag not in FLAG_ORDER:
        raise ValueError(f"unknown flag {flag!r}; one of {', '.join(FLAG_ORDER)}")
    out = []
    for d in review.framework.domains:
        for e in d.elements:
            for k in e.kloes:
                result = roll.kloe(k.id)
                if flag in kloe_flags(result):
                    out.append(FlaggedKloe(k.id, d.label, e.title, k.statement,
                                           _detail(review, result, flag)))
    return out
