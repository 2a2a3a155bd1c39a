"""One function per user action: check the input, and describe the edit as a command.

Nothing here writes: ``ReviewFile.execute`` makes the command durable. Every check raises
``ReviewError`` with a message that says what was wrong and where, for CLI and GUI alike.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from .commands import Command, change
from .review import (
    CONFIDENCES,
    ElementTarget,
    EvidenceItem,
    IndicatorValue,
    Organisation,
    ParkingItem,
    Rating,
    Review,
    ReviewInfo,
)
from .rules import (
    CONTROL_CHARS,
    MAX_SHORT_TEXT,
    ReviewError,
    check_evidence_type,
    check_indicator_value,
    check_kind,
    check_link,
    check_scale,
    check_sector,
)
from .wording import rating_text

MAX_TEXT = 2_000_000


def new_id() -> str:
    return uuid.uuid4().hex[:12]


def now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


def clean_text(value: str, what: str, *, limit: int = MAX_TEXT, single_line: bool = False) -> str:
    """Text as typed, minus control characters no document can hold (tabs and newlines stay)."""
    if not isinstance(value, str):
        raise ReviewError(f"{what}: expected text")
    if len(value) > limit:
        raise ReviewError(f"{what}: too long ({len(value):,} characters; the limit is {limit:,})")
    value = CONTROL_CHARS.sub("", value)
    if single_line:
        value = " ".join(value.split())
    return value



def new_review_info(system: str, review_date: dt.date, facilitator: str = "") -> ReviewInfo:
    """The details of a review about to be created, checked like any typed text."""
    system = clean_text(system, "system name", limit=500, single_line=True)
    if not system:
        raise ReviewError("the system name cannot be empty")
    facilitator = clean_text(facilitator, "facilitator", limit=500, single_line=True)
    return ReviewInfo(review_id=new_id(), system=system, review_date=review_date,
                      facilitator=facilitator, created_at=now())

def _kloe_check(review: Review, kloe_id: str) -> None:
    try:
        check_kind(review.framework, kloe_id, ("kloe",), "")
    except ReviewError as exc:
        raise ReviewError(f"{exc}; `sit-maturity framework` lists them") from None


def parse_rating(review: Review, value: str | int | None, where: str) -> Rating:
    """Accept a scale value, ``na``, or ``clear``/``None`` (not assessed)."""
    scale = review.framework.scale
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("na", "n/a", "not applicable"):
            return "na"
        if text in ("clear", "", "none", "not assessed"):
            return None
        try:
            value = int(text)
        except ValueError:
            raise ReviewError(f"{where}: score {value!r} is not a number on the scale "
                              f"{scale.minimum}-{scale.maximum}, 'na' or 'clear'") from None
    check_scale(review.framework, value, where, allow_na=False)
    return value


def score_kloe(review: Review, kloe_id: str, value: str | int | None) -> Command:
    _kloe_check(review, kloe_id)
    rating = parse_rating(review, value, kloe_id)
    current = review.kloe(kloe_id)
    new = current.model_copy(update={"rating": rating})
    return Command(_score_label(review, kloe_id, rating), (change(review, new),))


def _score_label(review: Review, kloe_id: str, rating: Rating) -> str:
    name = review.framework.name_of(kloe_id)
    return f"Clear score: {name}" if rating is None else f"Score {rating_text(rating)}: {name}"


def set_narrative(review: Review, kloe_id: str, text: str) -> Command:
    _kloe_check(review, kloe_id)
    text = clean_text(text, f"{kloe_id}: evidence narrative")
    new = review.kloe(kloe_id).model_copy(update={"narrative": text})
    return Command(f"Edit evidence: {review.framework.name_of(kloe_id)}", (change(review, new),))


def add_evidence_line(review: Review, kloe_id: str, text: str) -> Command:
    """A line (or a few) added to the end of the KLOE's evidence narrative, as said in the room."""
    _kloe_check(review, kloe_id)
    text = clean_text(text, f"{kloe_id}: evidence").strip()
    if not text:
        raise ReviewError("a line of evidence needs some text")
    narrative = review.kloe(kloe_id).narrative.rstrip()
    narrative = f"{narrative}\n{text}" if narrative else text
    new = review.kloe(kloe_id).model_copy(update={"narrative": narrative})
    return Command(f"Add evidence: {review.framework.name_of(kloe_id)}", (change(review, new),))


def set_confidence(review: Review, kloe_id: str, confidence: str | None) -> Command:
    _kloe_check(review, kloe_id)
    if confidence in ("", None):
        confidence = None
    elif confidence not in CONFIDENCES:
        raise ReviewError(f"{kloe_id}: confidence {confidence!r} must be one of "
                          f"{', '.join(CONFIDENCES)}")
    new = review.kloe(kloe_id).model_copy(update={"confidence": confidence})
    name = review.framework.name_of(kloe_id)
    return Command(f"Set confidence {confidence}: {name}" if confidence
                   else f"Clear confidence: {name}", (change(review, new),))


def _put_group_score(review: Review, kloe_id: str, scores: dict, group: str,
                     value: str | int | None) -> None:
    """Checks one stakeholder group's score and sets (or, given None, clears) it in scores."""
    group = clean_text(group, f"{kloe_id}: stakeholder group", limit=200, single_line=True)
    if not group:
        raise ReviewError(f"{kloe_id}: a stakeholder group needs a name")
    rating = parse_rating(review, value, f"{kloe_id} ({group})")
    if rating == "na":
        raise ReviewError(f"{kloe_id} ({group}): a stakeholder group gives a score or none")
    if rating is None:
        scores.pop(group, None)
    else:
        scores[group] = rating


def set_group_score(review: Review, kloe_id: str, group: str, value: str | int | None) -> Command:
    _kloe_check(review, kloe_id)
    scores = dict(review.kloe(kloe_id).group_scores)
    _put_group_score(review, kloe_id, scores, group, value)
    new = review.kloe(kloe_id).model_copy(update={"group_scores": scores})
    label = clean_text(group, f"{kloe_id}: stakeholder group", limit=200, single_line=True)
    return Command(f"Score for {label}: {review.framework.name_of(kloe_id)}",
                   (change(review, new),))


def set_group_scores(review: Review, kloe_id: str,
                     scores: dict[str, str | int | None]) -> Command:
    """Several stakeholder groups' scores at once (as the room gives them), one undo step;
    a group given None loses its score, a group not named keeps it."""
    _kloe_check(review, kloe_id)
    current = dict(review.kloe(kloe_id).group_scores)
    for group, value in scores.items():
        _put_group_score(review, kloe_id, current, group, value)
    new = review.kloe(kloe_id).model_copy(update={"group_scores": current})
    return Command(f"Stakeholder groups' scores: {review.framework.name_of(kloe_id)}",
                   (change(review, new),))


def assess_kloe(review: Review, kloe_id: str, value: str | int | None = None, *,
                evidence: str | None = None, confidence: str | None = None,
                keep_score: bool = False) -> Command:
    """Score, narrative and confidence in one undoable step (the CLI's ``score``)."""
    _kloe_check(review, kloe_id)
    update: dict[str, object] = {}
    if not keep_score:
        update["rating"] = parse_rating(review, value, kloe_id)
    if evidence is not None:
        update["narrative"] = clean_text(evidence, f"{kloe_id}: evidence narrative")
    if confidence is not None:
        if confidence not in CONFIDENCES:
            raise ReviewError(f"{kloe_id}: confidence {confidence!r} must be one of "
                              f"{', '.join(CONFIDENCES)}")
        update["confidence"] = confidence
    new = review.kloe(kloe_id).model_copy(update=update)
    label = (_score_label(review, kloe_id, new.rating) if not keep_score
             else f"Edit: {review.framework.name_of(kloe_id)}")
    return Command(label, (change(review, new),))


def add_evidence(review: Review, kloe_id: str, *, title: str, type: str = "document",
                 date: dt.date | None = None, link: str = "", attachment: str = "",
                 filename: str = "", note: str = "") -> Command:
    _kloe_check(review, kloe_id)
    check_evidence_type(type, kloe_id)
    title = clean_text(title, f"{kloe_id}: evidence title", limit=MAX_SHORT_TEXT,
                       single_line=True)
    if not title:
        raise ReviewError(f"{kloe_id}: an evidence item needs a title")
    link = clean_text(link, f"{kloe_id}: evidence link", limit=MAX_SHORT_TEXT,
                      single_line=True)
    item = EvidenceItem(id=new_id(), kloe_id=kloe_id, type=type, title=title, date=date,
                        link=_evidence_link(kloe_id, link),
                        attachment=attachment, filename=filename,
                        note=clean_text(note, f"{kloe_id}: evidence note"), added_at=now())
    return Command(f"Add evidence “{title[:40]}”", (change(review, item),))


def _evidence_link(kloe_id: str, link: str) -> str:
    try:
        return check_link(link)
    except ReviewError as exc:
        raise ReviewError(f"{kloe_id}: evidence {exc}") from None


def remove_evidence(review: Review, evidence_id: str) -> Command:
    item = review.require("evidence", evidence_id)
    return Command(f"Remove evidence “{item.title[:40]}”",  # type: ignore[attr-defined]
                   (change(review, None, kind="evidence", key=evidence_id),))


def set_target(review: Review, element_id: str, target: int) -> Command:
    if review.framework.kind_of(element_id) != "element":
        raise ReviewError(f"unknown element id {element_id!r}")
    check_scale(review.framework, target, element_id, allow_na=False, what="target")
    new = ElementTarget(element_id=element_id, target=target)
    return Command(f"Set target {target}: {review.framework.name_of(element_id)}",
                   (change(review, new),))


def set_indicator(review: Review, indicator_id: str, value: float | str | None, *,
                  date: dt.date | None = None, source: str = "",
                  today: dt.date | None = None) -> Command:
    """A figure for an indicator, refused (naming why) when its unit or date rules it out:
    a percentage outside 0-100, a negative count, a date after ``today``."""
    if review.framework.kind_of(indicator_id) != "indicator":
        raise ReviewError(f"unknown indicator id {indicator_id!r}")
    indicator = review.framework.indicator(indicator_id)
    name = indicator.name
    if value is None or (isinstance(value, str) and not value.strip()):
        return Command(f"Clear {name}",
                       (change(review, None, kind="indicator", key=indicator_id),))
    try:
        number = float(str(value).strip().rstrip("%")) if isinstance(value, str) else float(value)
    except ValueError:
        raise ReviewError(f"{name}: {value!r} is not a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ReviewError(f"{name}: {value!r} is not a usable number")
    check_indicator_value(indicator, number, date, name, today or dt.date.today())
    new = IndicatorValue(indicator_id=indicator_id, value=number, date=date,
                         source=clean_text(source, f"{name}: source", limit=MAX_SHORT_TEXT,
                                           single_line=True))
    return Command(f"Set {name}", (change(review, new),))


def add_organisation(review: Review, name: str, sector: str,
                     attendees: Iterable[str] = ()) -> Command:
    name = clean_text(name, "organisation name", limit=500, single_line=True)
    if not name:
        raise ReviewError("an organisation needs a name")
    check_sector(sector)
    if any(o.name.casefold() == name.casefold() for o in review.organisations):
        raise ReviewError(f"organisation {name!r} is already on the roster")
    org = Organisation(id=new_id(), name=name, sector=sector,
                       attendees=tuple(_attendees(attendees)))
    return Command(f"Add {name}", (change(review, org),))


def _attendees(names: Iterable[str]) -> list[str]:
    out = []
    for n in names:
        n = clean_text(n, "attendee name", limit=500, single_line=True)
        if n:
            out.append(n)
    return out


def update_organisation(review: Review, org_id: str, *, name: str | None = None,
                        sector: str | None = None,
                        attendees: Iterable[str] | None = None) -> Command:
    org = review.require("org", org_id)
    update: dict[str, object] = {}
    if name is not None:
        name = clean_text(name, "organisation name", limit=500, single_line=True)
        if not name:
            raise ReviewError("an organisation needs a name")
        if any(o.id != org_id and o.name.casefold() == name.casefold()
               for o in review.organisations):
            raise ReviewError(f"organisation {name!r} is already on the roster")
        update["name"] = name
    if sector is not None:
        check_sector(sector)
        update["sector"] = sector
    if attendees is not None:
        update["attendees"] = tuple(_attendees(attendees))
    new = org.model_copy(update=update)
    return Command(f"Edit {new.name}", (change(review, new),))  # type: ignore[attr-defined]


def remove_organisation(review: Review, org_id: str) -> Command:
    org = review.require("org", org_id)
    return Command(f"Remove {org.name}",  # type: ignore[attr-defined]
                   (change(review, None, kind="org", key=org_id),))


def set_details(review: Review, *, system: str | None = None, review_date: dt.date | None = None,
                facilitator: str | None = None, notes: str | None = None) -> Command:
    update: dict[str, object] = {}
    if system is not None:
        system = clean_text(system, "system name", limit=500, single_line=True)
        if not system:
            raise ReviewError("the system name cannot be empty")
        update["system"] = system
    if review_date is not None:
        update["review_date"] = review_date
    if facilitator is not None:
        update["facilitator"] = clean_text(facilitator, "facilitator", limit=500,
                                           single_line=True)
    if notes is not None:
        update["notes"] = clean_text(notes, "review notes")
    new = review.info.model_copy(update=update)
    return Command("Edit review details", (change(review, new),))


def set_report_texts(review: Review, *, summary_text: str | None = None,
                     board_ask: str | None = None) -> Command:
    """The group's own executive summary and its ask of the board, as the reports print them."""
    update: dict[str, object] = {}
    if summary_text is not None:
        update["summary_text"] = clean_text(summary_text, "executive summary", limit=20_000)
    if board_ask is not None:
        update["board_ask"] = clean_text(board_ask, "what we ask the board", limit=20_000)
    new = review.info.model_copy(update=update)
    return Command("Edit the board report's texts", (change(review, new),))


def add_parking(review: Review, text: str, item_id: str = "") -> Command:
    text = clean_text(text, "parking-lot item", limit=20_000).strip()
    if not text:
        raise ReviewError("a parking-lot item needs some text")
    if item_id and review.framework.kind_of(item_id) not in ("domain", "element", "kloe"):
        raise ReviewError(f"parking-lot item: unknown domain, element or KLOE {item_id!r}")
    item = ParkingItem(id=new_id(), text=text, item_id=item_id, raised_at=now())
    return Command(f"Park “{text[:40]}”", (change(review, item),))


def set_parking_status(review: Review, parking_id: str, status: str) -> Command:
    item = review.require("parking", parking_id)
    if status not in ("open", "closed"):
        raise ReviewError(f"parking-lot status {status!r} must be open or closed")
    new = item.model_copy(update={"status": status})
    verb = "Close" if status == "closed" else "Reopen"
    return Command(f"{verb} parked item", (change(review, new),))


def edit_parking(review: Review, parking_id: str, text: str) -> Command:
    item = review.require("parking", parking_id)
    text = clean_text(text, "parking-lot item", limit=20_000).strip()
    if not text:
        raise ReviewError("a parking-lot item needs some text")
    return Command("Edit parked item", (change(review, item.model_copy(update={"text": text})),))


def remove_parking(review: Review, parking_id: str) -> Command:
    if review.get("parking", parking_id) is None:
        raise ReviewError(f"no parking-lot item {parking_id!r}")
    return Command("Remove parked item", (change(review, None, kind="parking", key=parking_id),))


def explain_change(review: Review, kloe_id: str, *, reason: str | None = None,
                   linked_actions: Iterable[str] | None = None) -> Command:
    """Why a re-reviewed score moved, and the action(s) that were meant to move it."""
    _kloe_check(review, kloe_id)
    update: dict[str, object] = {}
    if reason is not None:
        update["change_reason"] = clean_text(reason, f"{kloe_id}: reason for change").strip()
    if linked_actions is not None:
        ids = tuple(dict.fromkeys(linked_actions))
        unknown = [a for a in ids if review.get("action", a) is None]
        if unknown:
            raise ReviewError(f"{kloe_id}: no action {', '.join(map(repr, unknown))} in this "
                              f"review's action plan")
        update["linked_actions"] = ids
    new = review.kloe(kloe_id).model_copy(update=update)
    return Command(f"Explain change: {review.framework.name_of(kloe_id)}",
                   (change(review, new),))
