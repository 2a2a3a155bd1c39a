"""Roll-ups: pure functions from a framework and a review to scores, coverage, gaps and RAG.

Element = mean of its scored KLOEs; domain = mean of its scored elements; overall = mean of
scored domains. "Not assessed" and "N/A" never count as a score. Coverage is scored KLOEs over
applicable (not N/A) KLOEs, and is ``None`` when nothing is applicable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from statistics import fmean
from typing import Literal

from .framework import Framework, Indicator
from .review import KloeAssessment, Review

SPREAD_FLAG = 2
RAG = Literal["R", "A", "G"]
RAG_WORDS = {"R": "Red", "A": "Amber", "G": "Green", None: "Not rated"}


@dataclass(frozen=True)
class KloeResult:
    id: str
    rating: object
    score: int | None
    confidence: str | None
    spread: int | None
    disagreement: bool
    has_evidence: bool

    @property
    def unevidenced_high(self) -> bool:
        return self.score is not None and self.score >= 3 and not self.has_evidence


@dataclass(frozen=True)
class ElementResult:
    id: str
    score: float | None
    coverage: float | None
    target: int
    scored: int
    applicable: int
    kloes: tuple[KloeResult, ...]

    @property
    def gap(self) -> float | None:
        return None if self.score is None else self.target - self.score


@dataclass(frozen=True)
class DomainResult:
    id: str
    score: float | None
    coverage: float | None
    scored: int
    applicable: int
    elements: tuple[ElementResult, ...]

    @property
    def target(self) -> float:
        return fmean(e.target for e in self.elements)


@dataclass(frozen=True)
class Rollup:
    score: float | None
    coverage: float | None
    scored: int
    applicable: int
    domains: tuple[DomainResult, ...]
    _by_id: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for d in self.domains:
            self._by_id[d.id] = d
            for e in d.elements:
                self._by_id[e.id] = e
                for k in e.kloes:
                    self._by_id[k.id] = k

    def domain(self, domain_id: str) -> DomainResult:
        return self._by_id[domain_id]  # type: ignore[return-value]

    def element(self, element_id: str) -> ElementResult:
        return self._by_id[element_id]  # type: ignore[return-value]

    def kloe(self, kloe_id: str) -> KloeResult:
        return self._by_id[kloe_id]  # type: ignore[return-value]


def mean_or_none(values: list[float]) -> float | None:
    return fmean(values) if values else None


def coverage(scored: int, applicable: int) -> float | None:
    return scored / applicable if applicable else None


def spread(group_scores: dict[str, int]) -> int | None:
    """Max minus min of the stakeholder groups' scores; ``None`` with fewer than two groups."""
    if len(group_scores) < 2:
        return None
    values = group_scores.values()
    return max(values) - min(values)


def group_scores_in_order(group_scores: Mapping[str, int]) -> list[tuple[str, int]]:
    """Each stakeholder group's own score, groups in alphabetical order whatever their case
    (the order every view and report lists them in)."""
    return sorted(group_scores.items(), key=lambda kv: (kv[0].casefold(), kv[0]))


def kloe_result(assessment: KloeAssessment, has_evidence: bool) -> KloeResult:
    s = spread(assessment.group_scores)
    return KloeResult(
        id=assessment.kloe_id, rating=assessment.rating, score=assessment.score,
        confidence=assessment.confidence, spread=s,
        disagreement=s is not None and s >= SPREAD_FLAG,
        has_evidence=has_evidence or bool(assessment.narrative.strip()))


def rollup(review: Review, framework: Framework | None = None) -> Rollup:
    framework = framework or review.framework
    with_evidence = {e.kloe_id for e in review.all("evidence")}  # type: ignore[attr-defined]
    domains = []
    for d in framework.domains:
        elements = []
        for e in d.elements:
            kloes = tuple(kloe_result(review.kloe(k.id), k.id in with_evidence) for k in e.kloes)
            scores = [k.score for k in kloes if k.score is not None]
            applicable = sum(1 for k in kloes if k.rating != "na")
            elements.append(ElementResult(
                id=e.id, score=mean_or_none(scores), coverage=coverage(len(scores), applicable),
                target=review.target(e.id), scored=len(scores), applicable=applicable,
                kloes=kloes))
        scored = sum(x.scored for x in elements)
        applicable = sum(x.applicable for x in elements)
        domains.append(DomainResult(
            id=d.id, score=mean_or_none([x.score for x in elements if x.score is not None]),
            coverage=coverage(scored, applicable), scored=scored, applicable=applicable,
            elements=tuple(elements)))
    scored = sum(x.scored for x in domains)
    applicable = sum(x.applicable for x in domains)
    return Rollup(score=mean_or_none([x.score for x in domains if x.score is not None]),
                  coverage=coverage(scored, applicable), scored=scored, applicable=applicable,
                  domains=tuple(domains))


def rag(indicator: Indicator, value: float | None) -> RAG | None:
    """Red when the value breaches the threshold, green when it meets it; ``None`` when there
    is no value or no threshold. Amber marks a value within 5% of the threshold on the good
    side, an early warning rather than a breach."""
    if value is None:
        return None
    meets = indicator.meets(value)
    if meets is None:
        return None
    if not meets:
        return "R"
    t = indicator.threshold or 0.0
    margin = abs(t) * 0.05
    near = value - t <= margin if indicator.direction == "higher" else t - value <= margin
    return "A" if near else "G"


def breaches(indicator: Indicator, value: float | None) -> bool:
    return value is not None and indicator.meets(value) is False
