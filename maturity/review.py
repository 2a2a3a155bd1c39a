"""A review: what a partnership recorded against a framework.

The review is a set of small immutable records, grouped by kind (one KLOE's assessment, one
evidence item, one organisation ...). Every edit replaces, adds or removes whole records, which
is what makes one generic undo/persist mechanism (``commands.py``) serve every kind of edit.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from .framework import Framework

Rating = int | Literal["na"] | None
"""An agreed score: a scale value, ``"na"`` (not applicable), or ``None`` (not assessed)."""

Confidence = Literal["low", "medium", "high"]
CONFIDENCES: tuple[Confidence, ...] = ("low", "medium", "high")

SECTORS: tuple[str, ...] = (
    "Commissioner",
    "NHS provider",
    "Non-NHS provider",
    "Local authority",
    "Education",
    "VCSE",
    "Primary care",
    "CYP & families",
)

EVIDENCE_TYPES: dict[str, str] = {
    "document": "Document",
    "data": "Data",
    "audit": "Audit",
    "voice": "CYP/family voice",
    "observation": "Observation",
    "link": "Link",
}

PARKING_STATUSES = ("open", "closed")



class ReviewError(ValueError):
    """An edit that cannot be made, or a stored value that is not allowed; names the item."""

class Record(BaseModel):
    """One stored unit of a review. ``kind`` names its table; ``key`` its identity there."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)
    kind: ClassVar[str] = ""

    @property
    def key(self) -> str:  # pragma: no cover - every record kind overrides
        raise NotImplementedError


class KloeChange(BaseModel):
    """A KLOE that differs between the framework a previous review used and the current one."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)
    kloe_id: str
    change: Literal["added", "retired", "reworded"]
    statement: str = Field(default="", description="Current wording; '' when retired")
    previous_statement: str = Field(default="", description="Wording scored last time")
    previous_rating: Rating = None


class PreviousReview(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)
    file_name: str
    system: str
    review_date: dt.date
    review_id: str = ""
    framework_version: str = ""
    kloe_changes: tuple[KloeChange, ...] = ()


class ReviewInfo(Record):
    kind: ClassVar[str] = "info"
    review_id: str
    system: str
    review_date: dt.date
    review_type: Literal["first", "re-review"] = "first"
    previous: PreviousReview | None = None
    facilitator: str = ""
    notes: str = ""
    help_text: str = Field(default="", description="Where to get help now; '' for the "
                                                   "national default")
    contact: str = Field(default="", description="How families can reach the partnership")
    created_at: dt.datetime
    imported_packs: tuple[str, ...] = Field(
        default=(), description="Ids of the response packs whose answers this review holds")
    # The group's own words for the board report: its executive summary and what it asks the
    # board to note or decide. Optional, so reviews saved before they existed open unchanged.
    summary_text: str = ""
    board_ask: str = ""

    @property
    def key(self) -> str:
        return "review"


class Organisation(Record):
    kind: ClassVar[str] = "org"
    id: str
    name: str
    sector: str
    attendees: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.id


class KloeAssessment(Record):
    kind: ClassVar[str] = "kloe"
    kloe_id: str
    rating: Rating = None
    group_scores: dict[str, int] = Field(default_factory=dict)
    votes: dict[str, dict[str, int]] = Field(
        default_factory=dict,
        description="The room's live vote: per stakeholder group, how many chose each level "
                    "('0'..'4' or 'na'); files from before live voting have none")
    narrative: str = ""
    confidence: Confidence | None = None
    previous_rating: Rating = None
    previous_narrative: str = ""
    change_reason: str = ""
    linked_actions: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.kloe_id

    @property
    def score(self) -> int | None:
        return self.rating if isinstance(self.rating, int) else None

    @property
    def is_na(self) -> bool:
        return self.rating == "na"


class EvidenceItem(Record):
    kind: ClassVar[str] = "evidence"
    id: str
    kloe_id: str
    type: str = "document"
    title: str
    date: dt.date | None = None
    link: str = ""
    attachment: str = Field(default="", description="SHA-256 of an embedded file")
    filename: str = ""
    note: str = ""
    added_at: dt.datetime

    @property
    def key(self) -> str:
        return self.id


class ElementTarget(Record):
    kind: ClassVar[str] = "element"
    element_id: str
    target: int

    @property
    def key(self) -> str:
        return self.element_id


class IndicatorValue(Record):
    kind: ClassVar[str] = "indicator"
    indicator_id: str
    value: float
    date: dt.date | None = None
    source: str = ""

    @property
    def key(self) -> str:
        return self.indicator_id


class ParkingItem(Record):
    kind: ClassVar[str] = "parking"
    id: str
    text: str
    item_id: str = Field(default="", description="The domain, element or KLOE it was raised at")
    status: Literal["open", "closed"] = "open"
    raised_at: dt.datetime

    @property
    def key(self) -> str:
        return self.id


RECOMMENDATION_STATUSES = ("suggested", "accepted", "edited", "rejected")
PRIORITIES = ("high", "medium", "low")
ACTION_STATUSES: dict[str, str] = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "done": "Done",
    "blocked": "Blocked",
    "dropped": "Dropped",
}


class RecommendationItem(Record):
    """A recommendation in this review: suggested by a framework trigger, or written by hand."""

    kind: ClassVar[str] = "recommendation"
    id: str
    source_id: str = Field(default="", description="Framework recommendation id; '' if by hand")
    text: str
    original_text: str = Field(default="", description="The framework's wording, once edited")
    domain_id: str = ""
    element_ids: tuple[str, ...] = ()
    kloe_ids: tuple[str, ...] = ()
    status: Literal["suggested", "accepted", "edited", "rejected"] = "suggested"
    priority: Literal["high", "medium", "low"] = "medium"
    priority_score: float = 0.0
    reason: str = ""
    trigger_holds: bool = True
    high_impact: str = ""
    note: str = ""
    plain: str = Field(default="", description="In plain words; '' for the framework's")
    created_at: dt.datetime
    rejection_reason: str = Field(default="", description="Why the group rejected it; '' "
                                                          "unless rejected")

    @property
    def key(self) -> str:
        return self.id


class ProgressNote(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)
    date: dt.date
    text: str


class Action(Record):
    """One line of the action plan, owned by one or more roster organisations."""

    kind: ClassVar[str] = "action"
    id: str
    description: str
    recommendation_ids: tuple[str, ...] = ()
    kloe_ids: tuple[str, ...] = ()
    owners: tuple[str, ...] = Field(default=(), description="Organisation ids from the roster")
    lead: str = ""
    start: dt.date | None = None
    due: dt.date | None = None
    status: Literal["not_started", "in_progress", "done", "blocked", "dropped"] = "not_started"
    rag: Literal["R", "A", "G"] | None = None
    success_measure: str = ""
    notes: tuple[ProgressNote, ...] = ()
    carried_from: str = Field(default="", description="review_id of the review it came from")
    plain: str = Field(default="", description="In plain words, for young people and families")
    created_at: dt.datetime

    @property
    def key(self) -> str:
        return self.id


RECORD_KINDS: dict[str, type[Record]] = {}

# How a missing record of each kind is named in an error ("no action 'x' in the action plan").
MISSING_WHERE = {
    "action": "action {key!r} in the action plan",
    "recommendation": "recommendation {key!r} in this review",
    "evidence": "evidence item {key!r} in this review",
    "org": "organisation {key!r} on the roster",
    "parking": "parking-lot item {key!r}",
}


def register_kind(cls: type[Record]) -> type[Record]:
    """Make a record kind storable. Later features add their kinds through this."""
    RECORD_KINDS[cls.kind] = cls
    return cls


for _cls in (ReviewInfo, Organisation, KloeAssessment, EvidenceItem, ElementTarget,
             IndicatorValue, ParkingItem, RecommendationItem, Action):
    register_kind(_cls)


class Review:
    """The in-memory state of one review: the framework copy plus every record, by kind."""

    def __init__(self, framework: Framework, info: ReviewInfo,
                 records: dict[str, dict[str, Record]] | None = None):
        self.framework = framework
        self.records: dict[str, dict[str, Record]] = {k: {} for k in RECORD_KINDS}
        for kind, items in (records or {}).items():
            self.records.setdefault(kind, {}).update(items)
        self.records["info"]["review"] = info

    @property
    def info(self) -> ReviewInfo:
        return self.records["info"]["review"]  # type: ignore[return-value]

    def get(self, kind: str, key: str) -> Record | None:
        return self.records.get(kind, {}).get(key)

    def require(self, kind: str, key: str) -> Record:
        """The record, or a ReviewError that says which one is missing and where it was sought."""
        found = self.get(kind, key)
        if found is None:
            where = MISSING_WHERE.get(kind, f"{kind} {{key!r}} in this review")
            raise ReviewError("no " + where.format(key=key))
        return found

    def all(self, kind: str) -> list[Record]:
        return list(self.records.get(kind, {}).values())

    def put(self, record: Record | None, kind: str, key: str) -> None:
        bucket = self.records.setdefault(kind, {})
        if record is None:
            bucket.pop(key, None)
        else:
            bucket[key] = record

    # Typed accessors used by scoring, views and exports.
    def kloe(self, kloe_id: str) -> KloeAssessment:
        found = self.records["kloe"].get(kloe_id)
        return found if found is not None else KloeAssessment(kloe_id=kloe_id)  # type: ignore[return-value]

    def evidence_for(self, kloe_id: str) -> list[EvidenceItem]:
        items = [e for e in self.records["evidence"].values() if e.kloe_id == kloe_id]  # type: ignore[attr-defined]
        return sorted(items, key=lambda e: (e.added_at, e.id))  # type: ignore[attr-defined]

    def target(self, element_id: str) -> int:
        found = self.records["element"].get(element_id)
        if found is not None:
            return found.target  # type: ignore[attr-defined]
        return self.framework.target_for(self.framework.element(element_id))

    def indicator_value(self, indicator_id: str) -> IndicatorValue | None:
        return self.records["indicator"].get(indicator_id)  # type: ignore[return-value]

    @property
    def organisations(self) -> list[Organisation]:
        return sorted(self.records["org"].values(), key=lambda o: o.name.casefold())  # type: ignore[attr-defined]

    @property
    def parking(self) -> list[ParkingItem]:
        return sorted(self.records["parking"].values(), key=lambda p: (p.raised_at, p.id))  # type: ignore[attr-defined]

    @property
    def recommendations(self) -> list[RecommendationItem]:
        return sorted(self.records["recommendation"].values(),  # type: ignore[arg-type]
                      key=lambda r: (-r.priority_score, r.created_at, r.id))  # type: ignore[attr-defined]

    @property
    def actions(self) -> list[Action]:
        return sorted(self.records["action"].values(),  # type: ignore[arg-type]
                      key=lambda a: (a.due or dt.date.max, a.created_at, a.id))  # type: ignore[attr-defined]

    def title(self) -> str:
        return f"{self.info.system} — {self.info.review_date.isoformat()}"
