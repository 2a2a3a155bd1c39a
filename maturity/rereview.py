"""Starting a re-review from a previous review, and how the framework moved in between.

A re-review is a new file, never an edit of last year's: the previous review stays as the
record of what was agreed then. The new file carries forward what the partnership still works
with (roster, targets, open parked issues, the whole action plan) and last time's score and
evidence beside each KLOE, matched by the framework's stable ids, so a newer framework version
still lines up. Items are kept under their ids, so action owners, recommendation links and
action links keep resolving, and a comparison can match actions across the two files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .edits import clean_text, new_id, now
from .framework import Framework
from .review import (
    EVIDENCE_TYPES,
    Action,
    ElementTarget,
    KloeAssessment,
    KloeChange,
    Organisation,
    ParkingItem,
    PreviousReview,
    RecommendationItem,
    Record,
    Review,
    ReviewInfo,
)
from .reviewfile import SUFFIX, ReviewFile
from .wording import fmt_change, fmt_date, rating_text

CARRIED_RECOMMENDATION_STATUSES = ("accepted", "edited")


class RereviewError(ValueError):
    """A re-review that cannot be started; the message names the files and the mismatch."""


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


@dataclass(frozen=True)
class FrameworkChanges:
    """KLOEs added, retired or reworded between two versions of one framework."""

    framework_id: str
    from_version: str
    to_version: str
    kloes: tuple[KloeChange, ...] = ()

    def _of(self, kind: str) -> tuple[KloeChange, ...]:
        return tuple(c for c in self.kloes if c.change == kind)

    @property
    def added(self) -> tuple[KloeChange, ...]:
        return self._of("added")

    @property
    def retired(self) -> tuple[KloeChange, ...]:
        return self._of("retired")

    @property
    def reworded(self) -> tuple[KloeChange, ...]:
        return self._of("reworded")

    def __bool__(self) -> bool:
        return bool(self.kloes)

    def lines(self) -> list[str]:
        """The changes in words, for the CLI and the app's notice."""
        if not self.kloes:
            return []
        out = [f"Framework {self.framework_id} changed from version {self.from_version} to "
               f"{self.to_version}:"]
        for c in self.added:
            out.append(f"  added     {c.kloe_id}: {c.statement}")
        for c in self.retired:
            out.append(f"  retired   {c.kloe_id}: {c.previous_statement}")
        for c in self.reworded:
            out.append(f"  reworded  {c.kloe_id}: now “{c.statement}” "
                       f"(was “{c.previous_statement}”)")
        return out


def framework_changes(old: Framework, new: Framework,
                      previous: Review | None = None) -> FrameworkChanges:
    """Match KLOEs by id: new ids are added, missing ids retired, changed statements reworded.

    With ``previous`` (a review scored on ``old``), each change also keeps last time's rating,
    so a retired KLOE's score is not lost from the record.
    """
    old_kloes = {k.id: k for _, _, k in old.kloes()}
    new_kloes = {k.id: k for _, _, k in new.kloes()}

    def rating(kloe_id: str):
        return previous.kloe(kloe_id).rating if previous is not None else None

    changes: list[KloeChange] = []
    for kid, k in new_kloes.items():
        before = old_kloes.get(kid)
        if before is None:
            changes.append(KloeChange(kloe_id=kid, change="added", statement=k.statement))
        elif not _same_text(before.statement, k.statement):
            changes.append(KloeChange(kloe_id=kid, change="reworded", statement=k.statement,
                                      previous_statement=before.statement,
                                      previous_rating=rating(kid)))
    for kid, k in old_kloes.items():
        if kid not in new_kloes:
            changes.append(KloeChange(kloe_id=kid, change="retired",
                                      previous_statement=k.statement,
                                      previous_rating=rating(kid)))
    return FrameworkChanges(new.id, old.version, new.version, tuple(changes))


def previous_evidence_text(review: Review, kloe_id: str) -> str:
    """Last time's narrative followed by the evidence items it cited, as one readable text."""
    parts = []
    narrative = review.kloe(kloe_id).narrative.strip()
    if narrative:
        parts.append(narrative)
    items = review.evidence_for(kloe_id)
    if items:
        lines = ["Evidence items:"]
        for e in items:
            bits = [EVIDENCE_TYPES.get(e.type, e.type)]
            if e.date is not None:
                bits.append(e.date.isoformat())
            if e.link:
                bits.append(e.link)
            elif e.filename:
                bits.append(e.filename)
            lines.append(f"• {e.title} ({', '.join(bits)})")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def previous_score_text(review: Review, kloe_id: str) -> str:
    """Last review's score for the KLOE and how it moved, in words; empty for a first review.

    "Last review (12 Mar 2025): 2 Developing · now 3 Established (+1)"."""
    prev = review.info.previous
    a = review.kloe(kloe_id)
    if prev is None and a.previous_rating is None:
        return ""
    scale = review.framework.scale
    when = f" ({fmt_date(prev.review_date)})" if prev is not None else ""
    change = next((c for c in (prev.kloe_changes if prev else ()) if c.kloe_id == kloe_id), None)
    if change is not None and change.change == "added":
        return f"Last review{when}: not asked (new KLOE)"
    text = f"Last review{when}: {rating_text(a.previous_rating, scale, none='not scored')}"
    if a.rating is None:
        return text + " · not yet scored this time"
    text += f" · now {rating_text(a.rating, scale)}"
    if isinstance(a.rating, int) and isinstance(a.previous_rating, int):
        moved = a.rating - a.previous_rating
        text += " (no change)" if moved == 0 else f" ({fmt_change(moved)})"
    return text


@dataclass(frozen=True)
class Rereview:
    """What starting a re-review made: the new file's records and what was carried over."""

    info: ReviewInfo
    records: tuple[Record, ...]
    changes: FrameworkChanges
    carried: dict[str, int] = field(default_factory=dict)
    path: Path | None = None

    def summary_lines(self) -> list[str]:
        c = self.carried
        out = [f"Carried over: {c.get('org', 0)} organisations, {c.get('action', 0)} actions, "
               f"{c.get('parking', 0)} open parked items, {c.get('element', 0)} element "
               f"targets, {c.get('recommendation', 0)} recommendations; "
               f"{c.get('previous', 0)} previous scores shown beside their KLOEs"
               + (f", {c.get('prefilled', 0)} copied as a starting point"
                  if c.get("prefilled") else "")]
        return out + self.changes.lines()


def rereview_records(previous: Review, framework: Framework, *, file_name: str,
                     review_date: dt.date | None = None, facilitator: str | None = None,
                     prefill: bool = False) -> Rereview:
    """Build the records of a re-review of ``previous``, scored on ``framework``."""
    old_fw = previous.framework
    if old_fw.id != framework.id:
        raise RereviewError(
            f"{file_name} was scored on framework {old_fw.id!r} ({old_fw.title}), but the "
            f"re-review would use framework {framework.id!r} ({framework.title}); a re-review "
            f"must use the same framework so its scores can be compared")
    changes = framework_changes(old_fw, framework, previous)
    prev_info = previous.info
    review_date = review_date or dt.date.today()
    if review_date < prev_info.review_date:
        raise RereviewError(f"the re-review date {review_date.isoformat()} is before the "
                            f"previous review's date {prev_info.review_date.isoformat()}")
    info = ReviewInfo(
        review_id=new_id(), system=prev_info.system, review_date=review_date,
        review_type="re-review",
        # A name with bytes that are not text (kept by the OS as surrogates) is stored as text,
        # with U+FFFD for those bytes: the record must be valid UTF-8.
        previous=PreviousReview(file_name=file_name.encode("utf-8", "surrogateescape")
                                .decode("utf-8", "replace"), system=prev_info.system,
                                review_date=prev_info.review_date,
                                review_id=prev_info.review_id,
                                framework_version=old_fw.version,
                                kloe_changes=changes.kloes),
        facilitator=(prev_info.facilitator if facilitator is None
                     else clean_text(facilitator, "facilitator", limit=500, single_line=True)),
        created_at=now())

    records: list[Record] = []
    carried = {"org": 0, "element": 0, "parking": 0, "action": 0, "recommendation": 0,
               "previous": 0, "prefilled": 0}
    for org in previous.all("org"):
        assert isinstance(org, Organisation)
        records.append(org)
        carried["org"] += 1
    for target in previous.all("element"):
        assert isinstance(target, ElementTarget)
        if framework.kind_of(target.element_id) == "element":
            records.append(target)
            carried["element"] += 1
    for item in previous.parking:
        if item.status != "open":
            continue
        if item.item_id and framework.kind_of(item.item_id) not in ("domain", "element", "kloe"):
            item = item.model_copy(update={
                "item_id": "", "text": f"{item.text}\n(Raised at {item.item_id}, which the "
                                      f"framework no longer has.)"})
        records.append(ParkingItem.model_validate(item.model_dump()))
        carried["parking"] += 1

    actions = previous.actions
    linked_recs = {r for a in actions for r in a.recommendation_ids}
    for rec in previous.recommendations:
        if rec.status in CARRIED_RECOMMENDATION_STATUSES or rec.id in linked_recs:
            records.append(RecommendationItem.model_validate(rec.model_dump()))
            carried["recommendation"] += 1
    for action in actions:
        records.append(Action.model_validate(
            {**action.model_dump(), "carried_from": prev_info.review_id}))
        carried["action"] += 1

    for _, _, k in framework.kloes():
        if old_fw.kind_of(k.id) != "kloe":
            continue
        before = previous.kloe(k.id)
        evidence = previous_evidence_text(previous, k.id)
        if before.rating is None and not evidence:
            continue
        update: dict[str, object] = {"previous_rating": before.rating,
                                     "previous_narrative": evidence}
        if prefill and before.rating is not None:
            update["rating"] = before.rating
            carried["prefilled"] += 1
        records.append(KloeAssessment(kloe_id=k.id, **update))  # type: ignore[arg-type]
        if before.rating is not None:
            carried["previous"] += 1
    return Rereview(info=info, records=tuple(records), changes=changes, carried=carried)


def start_rereview(previous_path: str | Path, new_path: str | Path,
                   framework: Framework | None = None, *, review_date: dt.date | None = None,
                   facilitator: str | None = None, prefill: bool = False) -> Rereview:
    """Write a new re-review file from the review at ``previous_path``; the previous file is
    only read. ``framework`` defaults to the bundled one."""
    previous_path, new_path = Path(previous_path), Path(new_path)
    if new_path.suffix != SUFFIX:
        raise RereviewError(f"{new_path}: a review file name must end in {SUFFIX}")
    if new_path.exists():
        raise RereviewError(f"{new_path}: already exists; choose another name")
    if previous_path.exists() and new_path.resolve() == previous_path.resolve():
        raise RereviewError(f"{new_path}: is the previous review itself; choose a new name")
    if framework is None:
        from .loader import load_framework

        framework = load_framework()
    with ReviewFile.open(previous_path, readonly=True) as prev:
        built = rereview_records(prev.review, framework, file_name=previous_path.name,
                                 review_date=review_date, facilitator=facilitator,
                                 prefill=prefill)
    ReviewFile.create(new_path, framework, built.info, list(built.records)).close()
    return Rereview(info=built.info, records=built.records, changes=built.changes,
                    carried=built.carried, path=new_path)
