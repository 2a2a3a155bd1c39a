"""The action plan: edits that return commands, and the sorting and filtering every view shares.

An action is owned by one or more roster organisations and linked to recommendations and KLOEs.
Its RAG is the group's judgement, except that an action past its due date that is neither done
nor dropped always shows red: the plan should not look healthier than the calendar says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from .commands import Change, Command, change
from .edits import MAX_SHORT_TEXT, ReviewError, clean_text, new_id, now
from .family import MAX_PLAIN
from .review import ACTION_STATUSES, Action, ProgressNote, Review
from .rules import check_action_dates
from .wording import shorten

RAGS = ("R", "A", "G")
RAG_WORDS = {"R": "Red", "A": "Amber", "G": "Green", None: "Not rated"}
CLOSED = ("done", "dropped")
SORT_KEYS = ("due", "start", "owner", "status", "domain", "rag", "description")
REMOVED_ORGANISATION = "(removed organisation)"
MAX_ACTION_TEXT = 200_000


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()
"""Marks an ``update_action`` argument that should be left as it is."""


# Reading --------------------------------------------------------------------------------------

def is_overdue(action: Action, today: dt.date) -> bool:
    return action.due is not None and action.due < today and action.status not in CLOSED


def effective_rag(action: Action, today: dt.date) -> str | None:
    return "R" if is_overdue(action, today) else action.rag


def owner_names(review: Review, action: Action) -> list[str]:
    names = []
    for org_id in action.owners:
        org = review.get("org", org_id)
        names.append(org.name if org is not None else REMOVED_ORGANISATION)  # type: ignore[attr-defined]
    return names


def action_domains(review: Review, action: Action) -> tuple[str, ...]:
    """The domains an action touches, through its KLOEs and its recommendations, in order."""
    fw = review.framework
    found: set[str] = set()
    for k in action.kloe_ids:
        if fw.kind_of(k) == "kloe":
            found.add(fw.parents(k)[0].id)
    for r in action.recommendation_ids:
        rec = review.get("recommendation", r)
        if rec is None:
            continue
        if rec.domain_id and fw.kind_of(rec.domain_id) == "domain":  # type: ignore[attr-defined]
            found.add(rec.domain_id)  # type: ignore[attr-defined]
        for e in rec.element_ids:  # type: ignore[attr-defined]
            if fw.kind_of(e) == "element":
                found.add(fw.parents(e)[0].id)
    return tuple(d.id for d in fw.domains if d.id in found)


def filter_actions(review: Review, actions: Iterable[Action], *, today: dt.date,
                   owner: str | None = None, status: str | None = None,
                   domain: str | None = None, overdue: bool | None = None,
                   due_before: dt.date | None = None, text: str = "") -> list[Action]:
    """Actions matching every filter given (``None`` means any)."""
    needle = text.casefold().strip()
    out = []
    for a in actions:
        if owner is not None and owner not in a.owners:
            continue
        if status is not None and a.status != status:
            continue
        if domain is not None and domain not in action_domains(review, a):
            continue
        if overdue is not None and is_overdue(a, today) != overdue:
            continue
        if due_before is not None and (a.due is None or a.due > due_before):
            continue
        if needle and needle not in a.description.casefold() and \
                needle not in a.lead.casefold():
            continue
        out.append(a)
    return out


def sort_key(review: Review, by: str, today: dt.date):
    """A key for ``sorted``; missing values sort last in either direction of the primary key."""
    if by not in SORT_KEYS:
        raise ValueError(f"cannot sort actions by {by!r}; choose from {', '.join(SORT_KEYS)}")
    statuses = list(ACTION_STATUSES)
    domain_order = {d.id: d.number for d in review.framework.domains}
    rag_order = {"R": 0, "A": 1, "G": 2}

    def key(a: Action) -> tuple:
        if by == "due":
            value: Any = a.due
        elif by == "start":
            value = a.start
        elif by == "owner":
            names = owner_names(review, a)
            value = ", ".join(sorted(n.casefold() for n in names)) or None
        elif by == "status":
            value = statuses.index(a.status)
        elif by == "domain":
            ds = action_domains(review, a)
            value = domain_order[ds[0]] if ds else None
        elif by == "rag":
            r = effective_rag(a, today)
            value = rag_order[r] if r else None
        else:
            value = a.description.casefold()
        return (value is None, value if value is not None else 0, a.due or dt.date.max,
                a.created_at, a.id)

    return key


def sort_actions(review: Review, actions: Iterable[Action], by: str = "due", *,
                 today: dt.date, descending: bool = False) -> list[Action]:
    key = sort_key(review, by, today)
    items = list(actions)
    present = [a for a in items if not key(a)[0]]
    missing = [a for a in items if key(a)[0]]
    present.sort(key=key, reverse=descending)
    missing.sort(key=key)
    return present + missing


# Editing --------------------------------------------------------------------------------------

def _action(review: Review, action_id: str) -> Action:
    return review.require("action", action_id)  # type: ignore[return-value]



def parse_date(value: str | dt.date | None, what: str) -> dt.date | None:
    """A date from a date, ISO text (YYYY-MM-DD) or empty for none."""
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ReviewError(f"{what}: {value!r} is not a date (YYYY-MM-DD)") from None


def _check_fields(review: Review, fields: dict[str, Any], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    fw = review.framework
    if "description" in fields:
        text = clean_text(fields["description"], f"{where}: description",
                          limit=MAX_ACTION_TEXT).strip()
        if not text:
            raise ReviewError(f"{where}: an action needs a description")
        out["description"] = text
    if "owners" in fields:
        owners = tuple(dict.fromkeys(fields["owners"]))
        for org_id in owners:
            if review.get("org", org_id) is None:
                raise ReviewError(f"{where}: owner {org_id!r} is not an organisation on the "
                                  f"roster; add it to the roster first")
        out["owners"] = owners
    if "lead" in fields:
        out["lead"] = clean_text(fields["lead"], f"{where}: lead", limit=500, single_line=True)
    if "plain" in fields:
        out["plain"] = " ".join(clean_text(fields["plain"], f"{where}: plain words",
                                           limit=MAX_PLAIN).split())
    for name in ("start", "due"):
        if name in fields:
            out[name] = parse_date(fields[name], f"{where}: {name} date")
    if "status" in fields:
        if fields["status"] not in ACTION_STATUSES:
            raise ReviewError(f"{where}: status {fields['status']!r} must be one of "
                              f"{', '.join(ACTION_STATUSES)}")
        out["status"] = fields["status"]
    if "rag" in fields:
        rag = fields["rag"] or None
        if isinstance(rag, str):
            rag = {"red": "R", "amber": "A", "green": "G"}.get(rag.lower(), rag.upper())
        if rag is not None and rag not in RAGS:
            raise ReviewError(f"{where}: RAG {fields['rag']!r} must be R, A, G or empty")
        out["rag"] = rag
    if "success_measure" in fields:
        out["success_measure"] = clean_text(fields["success_measure"],
                                            f"{where}: success measure", limit=MAX_ACTION_TEXT
                                            ).strip()
    if "recommendation_ids" in fields:
        ids = tuple(dict.fromkeys(fields["recommendation_ids"]))
        for r in ids:
            if review.get("recommendation", r) is None:
                raise ReviewError(f"{where}: no recommendation {r!r} in this review")
        out["recommendation_ids"] = ids
    if "notes" in fields:
        notes = []
        for n, note in enumerate(fields["notes"], 1):
            if isinstance(note, ProgressNote):
                when, text = note.date, note.text
            else:
                when, text = note
            text = clean_text(text, f"{where}: progress note {n}", limit=MAX_ACTION_TEXT).strip()
            if not text:
                raise ReviewError(f"{where}: progress note {n} needs some text")
            day = parse_date(when, f"{where}: progress note {n} date")
            if day is None:
                raise ReviewError(f"{where}: progress note {n} needs a date")
            notes.append(ProgressNote(date=day, text=text))
        out["notes"] = _sorted_notes(notes)
    if "kloe_ids" in fields:
        ids = tuple(dict.fromkeys(fields["kloe_ids"]))
        for k in ids:
            if fw.kind_of(k) != "kloe":
                raise ReviewError(f"{where}: unknown KLOE {k!r}")
        out["kloe_ids"] = ids
    return out


def _check_dates(action: Action, where: str) -> None:
    check_action_dates(action, where)


def kloes_of_recommendations(review: Review, rec_ids: Iterable[str]) -> tuple[str, ...]:
    """The KLOEs recommendations point at (their elements' KLOEs when they name none)."""
    linked: dict[str, None] = {}
    for r in rec_ids:
        rec = review.get("recommendation", r)
        if rec is None:
            continue
        kloes = rec.kloe_ids or tuple(  # type: ignore[attr-defined]
            k.id for e in rec.element_ids  # type: ignore[attr-defined]
            if review.framework.kind_of(e) == "element"
            for k in review.framework.element(e).kloes)
        for k in kloes:
            linked[k] = None
    return tuple(linked)


def add_action(review: Review, description: str, *, recommendation_ids: Sequence[str] = (),
               kloe_ids: Sequence[str] | None = None, owners: Sequence[str] = (),
               lead: str = "", start: dt.date | str | None = None,
               due: dt.date | str | None = None, status: str = "not_started",
               rag: str | None = None, success_measure: str = "",
               notes: Sequence[Any] = (), plain: str = "") -> Command:
    """A new action. Without ``kloe_ids`` it takes the KLOEs of its recommendations."""
    fields = _check_fields(review, {
        "description": description, "recommendation_ids": recommendation_ids,
        "owners": owners, "lead": lead, "start": start, "due": due, "status": status,
        "rag": rag, "success_measure": success_measure, "notes": notes, "plain": plain,
        "kloe_ids": kloe_ids if kloe_ids is not None else ()}, "new action")
    if kloe_ids is None:
        fields["kloe_ids"] = kloes_of_recommendations(review, fields["recommendation_ids"])
    action = Action(id=new_id(), created_at=now(), **fields)
    _check_dates(action, "new action")
    return Command(f"Add action “{shorten(action.description)}”", (change(review, action),))


def update_action(review: Review, action_id: str, *, description: Any = KEEP,
                  recommendation_ids: Any = KEEP, kloe_ids: Any = KEEP, owners: Any = KEEP,
                  lead: Any = KEEP, start: Any = KEEP, due: Any = KEEP, status: Any = KEEP,
                  rag: Any = KEEP, success_measure: Any = KEEP, notes: Any = KEEP,
                  plain: Any = KEEP) -> Command:
    """Change any of an action's fields in one undoable step; others are left as they are.

    ``notes`` replaces the progress notes (each a ``ProgressNote`` or ``(date, text)``), so
    an edit dialog's whole result is one command.
    """
    action = _action(review, action_id)
    given = {k: v for k, v in dict(
        description=description, recommendation_ids=recommendation_ids, kloe_ids=kloe_ids,
        owners=owners, lead=lead, start=start, due=due, status=status, rag=rag,
        success_measure=success_measure, notes=notes, plain=plain).items() if v is not KEEP}
    where = f"action “{shorten(action.description)}”"
    if "kloe_ids" in given and given["kloe_ids"] is None:
        given["kloe_ids"] = kloes_of_recommendations(
            review, given.get("recommendation_ids", action.recommendation_ids))
    new = action.model_copy(update=_check_fields(review, given, where))
    _check_dates(new, where)
    if len(given) == 1 and "status" in given:
        label = f"Mark “{shorten(new.description)}” {ACTION_STATUSES[new.status].lower()}"
    else:
        label = f"Edit action “{shorten(new.description)}”"
    return Command(label, (change(review, new),))


def remove_action(review: Review, action_id: str) -> Command:
    """Remove an action and the links KLOE assessments hold to it, in one step."""
    action = _action(review, action_id)
    changes: list[Change] = [change(review, None, kind="action", key=action_id)]
    for assessment in review.all("kloe"):
        if action_id in assessment.linked_actions:  # type: ignore[attr-defined]
            links = tuple(a for a in assessment.linked_actions if a != action_id)  # type: ignore[attr-defined]
            changes.append(change(review, assessment.model_copy(update={"linked_actions": links})))
    return Command(f"Remove action “{shorten(action.description)}”", tuple(changes))


def _sorted_notes(notes: Iterable[ProgressNote]) -> tuple[ProgressNote, ...]:
    return tuple(sorted(notes, key=lambda n: n.date))


def add_progress_note(review: Review, action_id: str, text: str,
                      date: dt.date | str | None = None) -> Command:
    action = _action(review, action_id)
    where = f"action “{shorten(action.description)}”"
    text = clean_text(text, f"{where}: progress note", limit=MAX_ACTION_TEXT).strip()
    if not text:
        raise ReviewError(f"{where}: a progress note needs some text")
    when = parse_date(date, f"{where}: progress note date") or dt.date.today()
    notes = _sorted_notes((*action.notes, ProgressNote(date=when, text=text)))
    return Command(f"Progress note on “{shorten(action.description)}”",
                   (change(review, action.model_copy(update={"notes": notes})),))


def _note_index(action: Action, index: int, where: str) -> None:
    if not 0 <= index < len(action.notes):
        raise ReviewError(f"{where}: there is no progress note number {index + 1}")


def edit_progress_note(review: Review, action_id: str, index: int, text: str,
                       date: dt.date | str | None = None) -> Command:
    action = _action(review, action_id)
    where = f"action “{shorten(action.description)}”"
    _note_index(action, index, where)
    text = clean_text(text, f"{where}: progress note", limit=MAX_ACTION_TEXT).strip()
    if not text:
        raise ReviewError(f"{where}: a progress note needs some text")
    old = action.notes[index]
    when = parse_date(date, f"{where}: progress note date") or old.date
    notes = list(action.notes)
    notes[index] = ProgressNote(date=when, text=text)
    return Command("Edit progress note",
                   (change(review, action.model_copy(update={"notes": _sorted_notes(notes)})),))


def remove_progress_note(review: Review, action_id: str, index: int) -> Command:
    action = _action(review, action_id)
    _note_index(action, index, f"action “{shorten(action.description)}”")
    notes = action.notes[:index] + action.notes[index + 1:]
    return Command("Remove progress note",
                   (change(review, action.model_copy(update={"notes": notes})),))


def action_from_recommendation(review: Review, rec_id: str, **fields: Any) -> Command:
    """Start an action from a recommendation: its text, KLOEs and link filled in."""
    rec = review.require("recommendation", rec_id)
    if rec.status == "rejected":  # type: ignore[attr-defined]
        raise ReviewError("this recommendation was rejected; reconsider it before planning "
                          "an action for it")
    description = fields.pop("description", None) or rec.text  # type: ignore[attr-defined]
    return add_action(review, description[:MAX_SHORT_TEXT * 10], recommendation_ids=[rec_id],
                      **fields)
