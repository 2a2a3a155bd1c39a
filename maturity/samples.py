"""The bundled sample reviews: a fictional partnership reviewed twice, a year apart.

The reviews are kept as readable data (``samples/anyshire.toml``) and built into
``.sitreview`` files on demand, so the sample stays reviewable in the repository and always
matches the current framework and file format. The build goes through the same core steps
a partnership's own reviews do: recommendations come from the framework's triggers, and the
second review is started from the first with ``rereview_records``, so it carries the roster
and the action plan and shows last year's score beside each KLOE.

The data gives each review's own parking lot in full (the re-review's includes the items it
carried, as they stood at the end of that workshop), and each carried action's progress as
``action_updates``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .commands import apply_to_review
from .edits import parse_rating
from .framework import Framework
from .loader import load_framework
from .recommend import accept_recommendation, item_id, reevaluate
from .rereview import rereview_records
from .review import (
    ACTION_STATUSES,
    CONFIDENCES,
    EVIDENCE_TYPES,
    PARKING_STATUSES,
    SECTORS,
    Action,
    ElementTarget,
    EvidenceItem,
    IndicatorValue,
    Organisation,
    ParkingItem,
    ProgressNote,
    RecommendationItem,
    Record,
    Review,
    ReviewInfo,
)
from .reviewfile import FileLock, ReviewFile, ReviewFileError
from .rules import indicator_problem

SAMPLE_NAME = "anyshire.toml"


class SampleError(ValueError):
    """The sample data does not fit the framework; the message names the item."""


@dataclass(frozen=True)
class Attachment:
    name: str
    data: bytes

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def sample_data() -> dict[str, Any]:
    with resources.files("maturity").joinpath("samples", SAMPLE_NAME).open("rb") as fh:
        return tomllib.load(fh)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour)).astimezone()


def _one_of(value: Any, allowed: Any, where: str) -> Any:
    if value not in allowed:
        raise SampleError(f"{where}: {value!r} must be one of {', '.join(map(str, allowed))}")
    return value


class _Builder:
    """Builds one review's records in memory, checking every value against the framework."""

    def __init__(self, framework: Framework, data: dict[str, Any], spec: dict[str, Any]):
        self.framework = framework
        self.data = data
        self.spec = spec
        self.where = f"review {spec['id']}"
        self.date: dt.date = spec["review_date"]
        self.attachments: list[Attachment] = []

    def info(self) -> ReviewInfo:
        return ReviewInfo(review_id=self.spec["id"], system=self.data["system"],
                          review_date=self.date, facilitator=self.spec.get("facilitator", ""),
                          notes=self.spec.get("notes", ""), created_at=_at(self.date, 9))

    def organisations(self) -> list[Record]:
        return [Organisation(id=o["id"], name=o["name"],
                             sector=_one_of(o["sector"], SECTORS, f"organisation {o['id']}"),
                             attendees=tuple(o.get("attendees", ())))
                for o in self.data["organisations"]]

    def assessments(self, review: Review) -> list[Record]:
        elements = self.spec.get("elements", {})
        known = {e.id for d in self.framework.domains for e in d.elements}
        unknown = sorted(set(elements) - known)
        if unknown:
            raise SampleError(f"{self.where}: unknown elements {', '.join(unknown)}")
        out: list[Record] = []
        for d in self.framework.domains:
            for e in d.elements:
                es = elements.get(e.id)
                if es is None:
                    raise SampleError(f"{self.where}: element {e.id} has no scores")
                if len(es["scores"]) != len(e.kloes):
                    raise SampleError(f"{self.where}: element {e.id} has {len(es['scores'])} "
                                      f"scores for {len(e.kloes)} KLOEs")
                if "target" in es:
                    out.append(ElementTarget(element_id=e.id, target=_one_of(
                        es["target"], self.framework.scale.values, f"{e.id} target")))
                overrides = es.get("kloes", {})
                stray = set(overrides) - {k.id for k in e.kloes}
                if stray:
                    raise SampleError(f"{self.where}: {', '.join(sorted(stray))} not KLOEs "
                                      f"of {e.id}")
                for k, raw in zip(e.kloes, es["scores"]):
                    o = overrides.get(k.id, {})
                    groups = {_one_of(g, SECTORS, f"{k.id} group"): v
                              for g, v in o.get("groups", {}).items()}
                    confidence = o.get("confidence", es.get("confidence"))
                    try:
                        rating = parse_rating(review, raw, k.id)
                        for g, v in groups.items():
                            parse_rating(review, v, f"{k.id} ({g})")
                    except ValueError as exc:
                        raise SampleError(f"{self.where}: {exc}") from None
                    current = review.kloe(k.id)
                    out.append(current.model_copy(update={
                        "rating": rating,
                        "narrative": o.get("narrative", es.get("narrative", "")),
                        "confidence": _one_of(confidence, CONFIDENCES, f"{k.id} confidence"),
                        "group_scores": groups,
                        "change_reason": o.get("change_reason", "")}))
        return out

    def evidence(self) -> list[Record]:
        out: list[Record] = []
        for n, ev in enumerate(self.spec.get("evidence", [])):
            where = f"{self.where}: evidence[{n}]"
            if self.framework.kind_of(ev["kloe"]) != "kloe":
                raise SampleError(f"{where}: unknown KLOE {ev['kloe']!r}")
            att = None
            if "content" in ev:
                att = Attachment(ev["filename"], ev["content"].encode("utf-8"))
                self.attachments.append(att)
            out.append(EvidenceItem(
                id=f"{self.spec['id']}-ev{n + 1}", kloe_id=ev["kloe"],
                type=_one_of(ev.get("type", "document"), EVIDENCE_TYPES, where),
                title=ev["title"], date=ev.get("date"), link=ev.get("link", ""),
                attachment=att.digest if att else "", filename=att.name if att else "",
                note=ev.get("note", ""), added_at=_at(self.date, 11)))
        return out

    def indicators(self) -> list[Record]:
        out: list[Record] = []
        for ind_id, iv in self.spec.get("indicators", {}).items():
            if self.framework.kind_of(ind_id) != "indicator":
                raise SampleError(f"{self.where}: unknown indicator {ind_id!r}")
            value = IndicatorValue(indicator_id=ind_id, value=float(iv["value"]),
                                   date=iv.get("date"), source=iv.get("source", ""))
            problem = indicator_problem(self.framework.indicator(ind_id), value.value)
            if problem:
                raise SampleError(f"{self.where}: indicator {ind_id!r}: {problem}")
            out.append(value)
        return out

    def parking(self) -> list[Record]:
        out: list[Record] = []
        for n, p in enumerate(self.spec.get("parking", [])):
            where = f"{self.where}: parking[{n}]"
            item = p.get("item", "")
            if item and self.framework.kind_of(item) not in ("domain", "element", "kloe"):
                raise SampleError(f"{where}: unknown item {item!r}")
            raised = p.get("raised", self.date)  # an item carried from last year keeps its date
            if not isinstance(raised, dt.date) or raised > self.date:
                raise SampleError(f"{where}: raised must be a date on or before the review")
            out.append(ParkingItem(id=f"{self.spec['id']}-p{n + 1}", text=p["text"],
                                   item_id=item,
                                   status=_one_of(p.get("status", "open"), PARKING_STATUSES,
                                                  where),
                                   raised_at=_at(raised, 12)))
        return out

    def _notes(self, notes: list[dict[str, Any]]) -> tuple[ProgressNote, ...]:
        return tuple(ProgressNote(date=n["date"], text=n["text"]) for n in notes)

    def actions(self, review: Review) -> list[Record]:
        out: list[Record] = []
        orgs = {o.id for o in review.organisations}
        for a in self.spec.get("actions", []):
            where = f"{self.where}: action {a['id']}"
            bad_owner = [o for o in a.get("owners", []) if o not in orgs]
            bad_kloe = [k for k in a.get("kloes", []) if self.framework.kind_of(k) != "kloe"]
            if bad_owner or bad_kloe:
                raise SampleError(f"{where}: unknown owners {bad_owner} or KLOEs {bad_kloe}")
            recs: tuple[str, ...] = ()
            if a.get("recommendation"):
                recs = (self._adopt(review, a["recommendation"], where),)
            out.append(Action(
                id=a["id"], description=a["description"], recommendation_ids=recs,
                kloe_ids=tuple(a.get("kloes", ())), owners=tuple(a.get("owners", ())),
                lead=a.get("lead", ""), start=a.get("start"), due=a.get("due"),
                status=_one_of(a.get("status", "not_started"), ACTION_STATUSES, where),
                success_measure=a.get("success_measure", ""), plain=a.get("plain", ""),
                notes=self._notes(a.get("notes", [])), created_at=_at(self.date, 14)))
        return out

    def _adopt(self, review: Review, source_id: str, where: str) -> str:
        """The group accepts the framework recommendation an action answers."""
        if self.framework.kind_of(source_id) != "recommendation":
            raise SampleError(f"{where}: unknown recommendation {source_id!r}")
        key = item_id(source_id)
        if review.get("recommendation", key) is None:
            rec = self.framework.recommendation(source_id)
            domain, _ = self.framework.parents(rec.elements[0])
            review.put(RecommendationItem(
                id=key, source_id=source_id, text=rec.text, domain_id=domain.id,
                element_ids=rec.elements, status="accepted", reason="Chosen by the group",
                high_impact=rec.high_impact or "", created_at=_at(self.date, 13)),
                "recommendation", key)
        elif review.get("recommendation", key).status == "suggested":  # type: ignore[attr-defined]
            apply_to_review(review, accept_recommendation(review, key))
        return key

    def action_updates(self, review: Review) -> None:
        for action_id, upd in self.spec.get("action_updates", {}).items():
            action = review.get("action", action_id)
            if action is None:
                raise SampleError(f"{self.where}: action_updates names {action_id!r}, which "
                                  f"was not carried from the previous review")
            status = _one_of(upd.get("status", action.status), ACTION_STATUSES,  # type: ignore[attr-defined]
                             f"{self.where}: action {action_id}")
            review.put(action.model_copy(update={
                "status": status,
                "notes": action.notes + self._notes(upd.get("notes", []))}),  # type: ignore[attr-defined]
                "action", action_id)


def _accept_high_priority(review: Review) -> None:
    """The group accepts every high-priority suggestion; the rest wait for its decision."""
    for rec in review.recommendations:
        if rec.status == "suggested" and rec.priority == "high" and rec.trigger_holds:
            apply_to_review(review, accept_recommendation(review, rec.id))


def _link_moved_kloes(review: Review) -> None:
    """Link each KLOE whose score moved to the carried actions that were meant to move it."""
    meant: dict[str, list[str]] = {}
    for a in review.actions:
        if a.carried_from:
            for k in a.kloe_ids:
                meant.setdefault(k, []).append(a.id)
    for kloe_id, action_ids in meant.items():
        k = review.kloe(kloe_id)
        if k.score is not None and isinstance(k.previous_rating, int) \
                and k.score != k.previous_rating:
            review.put(k.model_copy(update={"linked_actions": tuple(action_ids)}), "kloe",
                       kloe_id)


def build_reviews(framework: Framework, data: dict[str, Any]
                  ) -> list[tuple[str, Review, list[Attachment]]]:
    """The sample reviews in memory, oldest first, with their file names and attachments."""
    built: list[tuple[str, Review, list[Attachment]]] = []
    specs = sorted(data["reviews"], key=lambda r: r["review_date"])
    for n, spec in enumerate(specs):
        b = _Builder(framework, data, spec)
        if n == 0:
            review = Review(framework, b.info())
            for r in b.organisations():
                review.put(r, r.kind, r.key)
        else:
            prev_name, previous, _ = built[-1]
            carried = rereview_records(previous, framework, file_name=prev_name,
                                       review_date=b.date, facilitator=b.spec.get("facilitator"))
            info = carried.info.model_copy(update={
                "review_id": spec["id"], "notes": spec.get("notes", ""),
                "created_at": _at(b.date, 9)})
            review = Review(framework, info)
            for r in carried.records:
                if r.kind != "parking":  # the data gives this review's parking lot in full
                    review.put(r, r.kind, r.key)
        for r in [*b.assessments(review), *b.evidence(), *b.indicators(), *b.parking()]:
            review.put(r, r.kind, r.key)
        apply_to_review(review, reevaluate(review))
        _accept_high_priority(review)
        b.action_updates(review)
        for r in b.actions(review):
            review.put(r, r.kind, r.key)
        _link_moved_kloes(review)
        built.append((spec["file"], review, b.attachments))
    return built


def build_samples(out_dir: str | Path, framework: Framework | None = None) -> list[Path]:
    """Write the sample reviews into ``out_dir`` (replacing earlier copies); oldest first."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    framework = framework or load_framework()
    paths: list[Path] = []
    for file_name, review, attachments in build_reviews(framework, sample_data()):
        path = out_dir / file_name
        if path.exists():
            lock = FileLock(path)
            holder = lock.acquire()
            if holder is not None:
                raise ReviewFileError(f"{path}: cannot be replaced: it is open by "
                                      f"{holder.describe()}")
            path.unlink()
            lock.release()
        records = [r for kind, items in review.records.items() if kind != "info"
                   for r in items.values()]
        with ReviewFile.create(path, framework, review.info, records) as rf:
            for att in attachments:
                rf.add_attachment(att.data, att.name)
        paths.append(path)
    return paths
