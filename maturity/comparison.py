"""What a comparison of reviews holds: rows of scores over time, indicators, actions, and
the findings drawn from them. Built by :mod:`maturity.compare`; read by the app and exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .rereview import FrameworkChanges
from .review import ACTION_STATUSES
from .wording import fmt_coverage, fmt_date

EPSILON = 1e-9
RELIABLE_COVERAGE = 0.5
"""Below this share of applicable KLOEs scored in either review, a change in the overall
score says more about which KLOEs were scored than about the system, and is flagged."""
CONFIDENCE_VALUES = {"low": 1, "medium": 2, "high": 3}
WORKED_STATUSES = ("in_progress", "done")


def delta(first: object, last: object) -> float | None:
    if isinstance(first, bool) or isinstance(last, bool):
        return None
    if isinstance(first, (int, float)) and isinstance(last, (int, float)):
        return last - first
    return None


def direction(change: float | None) -> str | None:
    if change is None:
        return None
    if change > EPSILON:
        return "improved"
    if change < -EPSILON:
        return "declined"
    return "unchanged"


@dataclass(frozen=True)
class ReviewRef:
    file: str
    system: str
    review_date: dt.date
    review_id: str
    review_type: str
    framework_version: str

    @property
    def label(self) -> str:
        return fmt_date(self.review_date)


@dataclass(frozen=True)
class Row:
    """One domain, element or KLOE across the reviews. KLOE scores are ratings (a scale value,
    ``"na"`` or ``None``); domain and element scores are roll-up means or ``None``."""

    level: str
    id: str
    title: str
    scores: tuple[Any, ...]
    change: float | None
    domain_id: str = ""
    element_id: str = ""
    coverage: tuple[float | None, ...] = ()
    status: str = ""
    reason: str = ""
    label: str = ""

    @property
    def direction(self) -> str | None:
        return direction(self.change)

    @property
    def first(self) -> Any:
        return self.scores[0]

    @property
    def last(self) -> Any:
        return self.scores[-1]


@dataclass(frozen=True)
class IndicatorRow:
    id: str
    name: str
    unit: str
    higher_is_better: bool
    threshold_text: str
    values: tuple[float | None, ...]
    rags: tuple[str | None, ...]
    change: float | None

    @property
    def movement(self) -> str | None:
        """``better``/``worse``/``same`` by the indicator's direction, not the number's sign."""
        if self.change is None:
            return None
        if abs(self.change) <= EPSILON:
            return "same"
        return "better" if (self.change > 0) == self.higher_is_better else "worse"


@dataclass(frozen=True)
class ActionRow:
    id: str
    description: str
    statuses: tuple[str | None, ...]
    due: dt.date | None
    owners: tuple[str, ...]
    lead: str
    kloe_ids: tuple[str, ...]
    overdue: bool

    @property
    def status(self) -> str | None:
        return self.statuses[-1]

    @property
    def removed(self) -> bool:
        return self.statuses[-1] is None

    @property
    def new(self) -> bool:
        return self.statuses[0] is None


@dataclass(frozen=True)
class ActionEffect:
    """A finished action and the linked KLOEs that did not move up."""

    action: ActionRow
    unmoved: tuple[Row, ...]


@dataclass(frozen=True)
class UnexplainedMove:
    """A KLOE whose score moved with no action in progress or done behind it."""

    kloe: Row
    linked_actions: tuple[str, ...]


@dataclass(frozen=True)
class ConfidenceSummary:
    counts: dict[str, int]
    unrated: int
    mean: float | None


@dataclass(frozen=True)
class Comparison:
    reviews: tuple[ReviewRef, ...]
    overall: Row
    domains: tuple[Row, ...]
    elements: tuple[Row, ...]
    kloes: tuple[Row, ...]
    confidence: tuple[ConfidenceSummary, ...]
    indicators: tuple[IndicatorRow, ...]
    actions: tuple[ActionRow, ...]
    done_not_moved: tuple[ActionEffect, ...]
    moved_without_action: tuple[UnexplainedMove, ...]
    framework_changes: tuple[tuple[int, int, FrameworkChanges], ...]
    scale_max: int = 4
    last_step: Comparison | None = None

    @property
    def since_last(self) -> Comparison:
        """The latest review against the one before it (this comparison, for two reviews)."""
        return self.last_step or self

    @property
    def system(self) -> str:
        return self.reviews[-1].system

    def _kloes(self, which: str | None) -> tuple[Row, ...]:
        return tuple(k for k in self.kloes if k.direction == which)

    @property
    def improved(self) -> tuple[Row, ...]:
        return self._kloes("improved")

    @property
    def declined(self) -> tuple[Row, ...]:
        return self._kloes("declined")

    @property
    def unchanged(self) -> tuple[Row, ...]:
        return self._kloes("unchanged")

    @property
    def not_compared(self) -> tuple[Row, ...]:
        """KLOEs without a score at both ends: new, retired, not assessed or not applicable."""
        return self._kloes(None)

    @property
    def change_caveat(self) -> str:
        """Why the overall change is not reliable ("" when it is): too few KLOEs scored in
        the latest review (or the earliest). The app, the text report and the exports say it
        beside the change instead of the bare number."""
        cov = self.overall.coverage
        if self.overall.change is None or len(cov) < 2:
            return ""
        for value, where in ((cov[-1], "the latest review"),
                             (cov[0], f"the review of {self.reviews[0].label}")):
            if value is not None and value < RELIABLE_COVERAGE:
                return (f"Only {fmt_coverage(value)} of KLOEs scored in {where} — "
                        f"change not reliable")
        return ""

    @property
    def coverage_change(self) -> float | None:
        return delta(self.overall.coverage[0], self.overall.coverage[-1])

    @property
    def confidence_change(self) -> float | None:
        return delta(self.confidence[0].mean, self.confidence[-1].mean)

    @property
    def has_trend(self) -> bool:
        return len(self.reviews) >= 3

    @property
    def trend(self) -> tuple[Row, ...]:
        """Domain scores over time (meaningful with three or more reviews)."""
        return self.domains if self.has_trend else ()

    def progress(self) -> dict[str, int]:
        """The action plan as it stands at the latest review."""
        current = [a for a in self.actions if not a.removed]
        counts = {s: sum(1 for a in current if a.status == s) for s in ACTION_STATUSES}
        counts["total"] = len(current)
        counts["overdue"] = sum(1 for a in current if a.overdue)
        counts["done_since_first"] = sum(1 for a in current
                                         if a.status == "done" and a.statuses[0] != "done")
        counts["new"] = sum(1 for a in current if a.new)
        counts["removed"] = sum(1 for a in self.actions if a.removed)
        return counts

    @property
    def overdue(self) -> tuple[ActionRow, ...]:
        return tuple(a for a in self.actions if a.overdue)

    @property
    def dropped(self) -> tuple[ActionRow, ...]:
        return tuple(a for a in self.actions if a.status == "dropped")

    @property
    def done(self) -> tuple[ActionRow, ...]:
        return tuple(a for a in self.actions if a.status == "done")

    def row(self, item_id: str) -> Row:
        for r in (self.overall, *self.domains, *self.elements, *self.kloes):
            if r.id == item_id:
                return r
        raise KeyError(item_id)

    def to_json(self) -> dict[str, Any]:
        def rows(items: Sequence[Row], extra) -> list[dict[str, Any]]:
            return [{"id": r.id, "title": r.title, "scores": list(r.scores), "change": r.change,
                     **extra(r)} for r in items]

        progress = self.progress()
        return {
            "reviews": [{"file": r.file, "system": r.system,
                         "review_date": r.review_date.isoformat(),
                         "review_type": r.review_type,
                         "framework_version": r.framework_version} for r in self.reviews],
            "domains": rows(self.domains, lambda r: {"coverage": list(r.coverage)}),
            "elements": rows(self.elements, lambda r: {"domain": r.domain_id,
                                                       "coverage": list(r.coverage)}),
            "kloes": rows(self.kloes, lambda r: {"element": r.element_id,
                                                 "framework_change": r.status or None,
                                                 "reason": r.reason}),
            "overall": {"scores": list(self.overall.scores), "change": self.overall.change,
                        "coverage": list(self.overall.coverage),
                        "coverage_change": self.coverage_change,
                        "caveat": self.change_caveat or None},
            "improved": [r.id for r in self.improved],
            "declined": [r.id for r in self.declined],
            "unchanged": [r.id for r in self.unchanged],
            "not_compared": [r.id for r in self.not_compared],
            "confidence": {"per_review": [{"counts": c.counts, "unrated": c.unrated,
                                           "mean": c.mean} for c in self.confidence],
                           "change": self.confidence_change},
            "indicators": [{"id": i.id, "name": i.name, "unit": i.unit, "values": list(i.values),
                            "rag": list(i.rags), "change": i.change, "movement": i.movement,
                            "threshold": i.threshold_text} for i in self.indicators],
            "actions": {
                "progress": progress,
                "items": [{"id": a.id, "description": a.description,
                           "statuses": list(a.statuses), "overdue": a.overdue,
                           "due": a.due.isoformat() if a.due else None,
                           "kloes": list(a.kloe_ids)} for a in self.actions]},
            "done_not_moved": [{"action": e.action.id, "description": e.action.description,
                                "kloes": [{"id": k.id, "change": k.change,
                                           "scores": list(k.scores)} for k in e.unmoved]}
                               for e in self.done_not_moved],
            "moved_without_action": [{"kloe": m.kloe.id, "change": m.kloe.change,
                                      "linked_actions": list(m.linked_actions)}
                                     for m in self.moved_without_action],
            "trend": [{"id": r.id, "title": r.title, "scores": list(r.scores)}
                      for r in self.trend],
            "framework_changes": [
                {"from_review": i, "to_review": j, "from_version": c.from_version,
                 "to_version": c.to_version,
                 "added": [k.kloe_id for k in c.added],
                 "retired": [k.kloe_id for k in c.retired],
                 "reworded": [k.kloe_id for k in c.reworded]}
                for i, j, c in self.framework_changes],
        }
