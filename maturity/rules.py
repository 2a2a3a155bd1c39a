"""The rules a review's values obey, whether typed by a user or read from a file.

Edits (``edits.py``, ``actions.py``) check what is typed with these functions, and the review
file checks every stored record and every undo step with the same ones, so a value a user could
not type (a score of 99, a link that runs a program, a KLOE the framework lacks) cannot arrive
by file either. Each failure raises ``ReviewError`` naming the item and the field.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from .framework import Framework, Indicator
from .review import (
    EVIDENCE_TYPES,
    RECORD_KINDS,
    SECTORS,
    Action,
    ElementTarget,
    EvidenceItem,
    IndicatorValue,
    KloeAssessment,
    Organisation,
    ParkingItem,
    RecommendationItem,
    Record,
    ReviewError,
    ReviewInfo,
)
from .wording import fmt_number, unit_suffix

LINK_SCHEMES = ("http", "https", "mailto")
MAX_SHORT_TEXT = 2_000
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_DIGEST = re.compile(r"[0-9a-f]{64}")
MAX_LABEL = 2_000


def check_kind(framework: Framework, item_id: str, kinds: tuple[str, ...], where: str) -> None:
    if framework.kind_of(item_id) not in kinds:
        what = " or ".join("KLOE" if k == "kloe" else k for k in kinds)
        raise ReviewError(f"{where + ': ' if where else ''}unknown {what} id {item_id!r} "
                          f"(framework {framework.id} {framework.version})")


def check_scale(framework: Framework, value: object, where: str, *, allow_na: bool = True,
                what: str = "score") -> None:
    """A scale value, or ``na`` where not-applicable is allowed, or ``None``."""
    scale = framework.scale
    if value is None or (allow_na and value == "na"):
        return
    if isinstance(value, bool) or not isinstance(value, int) or value not in scale.values:
        raise ReviewError(f"{where}: {what} {value!r} is outside the scale "
                          f"{scale.minimum}-{scale.maximum}")


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def check_link(url: str) -> str:
    """A link as it may be stored and opened: ``http``, ``https`` or ``mailto`` only.

    Returns the link (stripped; "" for no link; ``www.example.org/x`` gains ``https://``).
    Anything that could make the computer do more than show a page or start an email (a
    ``file:`` path, ``javascript:``, a shared-drive path, another program's scheme, a link
    hiding a user name before the host) raises ``ReviewError`` with a message for the user.
    """
    if not isinstance(url, str):
        raise ReviewError("a link must be text")
    text = url.strip()
    if not text:
        return ""
    shown = "“" + "".join(c if c.isprintable() else "?" for c in text[:80]) \
        + ("…”" if len(text) > 80 else "”")
    if len(text) > MAX_SHORT_TEXT:
        raise ReviewError(f"link {shown} is too long ({len(text):,} characters; the limit is "
                          f"{MAX_SHORT_TEXT:,})")
    if CONTROL_CHARS.search(text) or any(c.isspace() for c in text):
        raise ReviewError(f"link {shown} contains spaces or control characters; copy the "
                          f"address from the browser's address bar")
    if text[:4].lower() == "www.":
        text = "https://" + text
    match = _SCHEME.match(text)
    if match is None or len(match.group(1)) == 1:  # no scheme, or a drive letter (C:\...)
        raise ReviewError(f"link {shown} is not a web or email address; only links starting "
                          f"http://, https:// or mailto: are kept (attach a file from a shared "
                          f"drive instead of linking to it)")
    scheme = match.group(1).lower()
    if scheme not in LINK_SCHEMES:
        raise ReviewError(f"link {shown} uses {scheme}:, which could make the computer run or "
                          f"open something; only http, https and mailto links are allowed")
    rest = text[match.end():]
    if scheme == "mailto":
        if not rest.lstrip("/") or "@" not in rest:
            raise ReviewError(f"link {shown} has no email address after mailto:")
        return text
    if not rest.startswith("//"):
        raise ReviewError(f"link {shown} has no web address after {scheme}:")
    host = re.split(r"[/?#]", rest[2:], maxsplit=1)[0]
    if "@" in host:
        raise ReviewError(f"link {shown} hides a user name or password before the web "
                          f"address, a trick used to disguise where a link goes")
    if not host.split(":")[0].strip("[]"):
        raise ReviewError(f"link {shown} has no web address after {scheme}://")
    return text


def check_sector(sector: str, where: str = "") -> None:
    if sector not in SECTORS:
        raise ReviewError(f"{where + ': ' if where else ''}sector {sector!r} must be one of: "
                          f"{', '.join(SECTORS)}")


def check_evidence_type(type_: str, where: str) -> None:
    if type_ not in EVIDENCE_TYPES:
        raise ReviewError(f"{where}: evidence type {type_!r} must be one of "
                          f"{', '.join(EVIDENCE_TYPES)}")


def check_action_dates(action: Action, where: str) -> None:
    if action.start and action.due and action.due < action.start:
        raise ReviewError(f"{where}: due date {action.due.isoformat()} is before the start date "
                          f"{action.start.isoformat()}")


_OUT_OF = re.compile(r"^out of (\d+(?:\.\d+)?)$")


def indicator_bounds(indicator: Indicator) -> tuple[float | None, float | None]:
    """The lowest and highest value an indicator's unit allows (``None``: no bound).

    A percentage is a share of something, so 0-100; a "% of target" may pass 100; a change
    may fall below 0; "out of N" runs 0-N; every other unit (counts, days, weeks, scores)
    cannot be negative."""
    unit = " ".join(indicator.unit.split()).casefold()
    if "change" in unit:
        return None, None
    if unit == "%":
        return 0.0, 100.0
    match = _OUT_OF.match(unit)
    if match:
        return 0.0, float(match.group(1))
    return 0.0, None


def indicator_problem(indicator: Indicator, value: float, date: dt.date | None = None,
                      today: dt.date | None = None) -> str:
    """Why a figure for ``indicator`` cannot be right ("" when it can), for the user.

    The one rule for a figure typed in the app, given to the command line or read from a
    file. ``today`` (when given) refuses a date after it: a figure cannot be measured yet."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return f"{value!r} is not a usable number"
    unit = indicator.unit.strip()
    shown = fmt_number(value) + unit_suffix(unit)
    low, high = indicator_bounds(indicator)
    if unit == "%" and low is not None and high is not None and not low <= value <= high:
        return f"{shown} is outside 0–100%; a percentage runs from 0 to 100"
    if low is not None and value < low:
        return f"{shown} is negative; this figure cannot be below 0"
    if high is not None and value > high:
        return f"{shown} is above {fmt_number(high)}, the most “{unit}” allows"
    if date is not None and today is not None and date > today:
        return (f"its date {date.isoformat()} is in the future; give the date the figure "
                f"was measured or published")
    return ""


def check_indicator_value(indicator: Indicator, value: float, date: dt.date | None,
                          where: str = "", today: dt.date | None = None) -> None:
    """``indicator_problem`` as a ``ReviewError`` naming the indicator."""
    problem = indicator_problem(indicator, value, date, today)
    if problem:
        raise ReviewError(f"{where or indicator.name}: {problem}")


def indicator_warnings(review: Any, today: dt.date | None = None) -> dict[str, str]:
    """Stored figures the indicator rule would refuse, by indicator id, with the reason.

    A review file may hold such a figure (typed before the rule, or written by another
    program); it still opens, so nothing saved is lost, and the app and reports flag it."""
    fw = review.framework
    out = {}
    for key, value in review.records.get("indicator", {}).items():
        if fw.kind_of(key) == "indicator":
            problem = indicator_problem(fw.indicator(key), value.value, value.date, today)
            if problem:
                out[key] = problem
    return out


def check_present(ids: Iterable[str], present: set[str], where: str, what: str) -> None:
    missing = [i for i in ids if i not in present]
    if missing:
        raise ReviewError(f"{where}: no {what} {', '.join(map(repr, missing))} in this review")


def _nonempty(text: str, where: str, field: str) -> None:
    if not text.strip():
        raise ReviewError(f"{where}: {field} is empty")


def check_record(framework: Framework, record: Record, where: str) -> None:
    """Everything a single record must satisfy against its framework (links checked apart)."""
    fw = framework
    if isinstance(record, ReviewInfo):
        _nonempty(record.system, where, "system name")
    elif isinstance(record, Organisation):
        _nonempty(record.name, where, "name")
        check_sector(record.sector, where)
    elif isinstance(record, KloeAssessment):
        check_kind(fw, record.kloe_id, ("kloe",), where)
        check_scale(fw, record.rating, f"{where} rating")
        check_scale(fw, record.previous_rating, f"{where} previous_rating")
        for group, value in record.group_scores.items():
            _nonempty(group, where, "a stakeholder group name")
            check_scale(fw, value, f"{where} group_scores[{group!r}]", allow_na=False)
    elif isinstance(record, EvidenceItem):
        check_kind(fw, record.kloe_id, ("kloe",), f"{where} kloe_id")
        check_evidence_type(record.type, where)
        _nonempty(record.title, where, "title")
        try:
            check_link(record.link)
        except ReviewError as exc:
            raise ReviewError(f"{where}: {exc}") from None
        if record.attachment and not _DIGEST.fullmatch(record.attachment):
            raise ReviewError(f"{where}: attachment {record.attachment[:80]!r} is not a "
                              f"SHA-256 digest")
    elif isinstance(record, ElementTarget):
        check_kind(fw, record.element_id, ("element",), where)
        check_scale(fw, record.target, where, allow_na=False, what="target")
    elif isinstance(record, IndicatorValue):
        check_kind(fw, record.indicator_id, ("indicator",), where)
        if not math.isfinite(record.value):
            raise ReviewError(f"{where}: value {record.value!r} is not a usable number")
    elif isinstance(record, ParkingItem):
        _nonempty(record.text, where, "text")
        if record.item_id:
            check_kind(fw, record.item_id, ("domain", "element", "kloe"), f"{where} item_id")
    elif isinstance(record, Action):
        _nonempty(record.description, where, "description")
        check_action_dates(record, where)
    elif isinstance(record, RecommendationItem) and not math.isfinite(record.priority_score):
        raise ReviewError(f"{where}: priority_score is not a usable number")


def where_of(kind: str, key: str) -> str:
    return f"the {kind} record {key[:80]!r}"


def load_checked(framework: Framework, kind: str, key: str, data: Any) -> Record:
    """A stored record, validated as its kind and against the framework, or ``ReviewError``."""
    where = where_of(kind, key)
    cls = RECORD_KINDS.get(kind)
    if cls is None:
        raise ReviewError(f"{where}: unknown kind {kind!r}; it may have been made by a newer "
                          f"version of SIT Maturity")
    try:
        record = cls.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "the record"
        raise ReviewError(f"{where}: field {field}: {err['msg']}") from None
    if record.key != key:
        raise ReviewError(f"{where}: it is stored under another key than its own "
                          f"({record.key[:80]!r})")
    check_record(framework, record, where)
    return record


def _json(text: object, where: str, what: str) -> Any:
    """``what`` is the subject of the message: "its data is", "its changes are"."""
    if not isinstance(text, str):
        raise ReviewError(f"{where}: {what} not text")
    try:
        return json.loads(text)
    except ValueError:
        raise ReviewError(f"{where}: {what} not valid JSON") from None


def load_stored(framework: Framework, kind: str, key: str, text: object) -> Record:
    """A record as stored in the file (JSON text), checked by ``load_checked``."""
    return load_checked(framework, kind, key, _json(text, where_of(kind, str(key)), "its data is"))


def check_links(records: dict[str, dict[str, Record]]) -> None:
    """Ids that one record holds of another must exist (the edits keep them so)."""
    actions = set(records.get("action", {}))
    recs = set(records.get("recommendation", {}))
    for key, a in records.get("action", {}).items():
        check_present(a.recommendation_ids, recs, where_of("action", key),  # type: ignore[attr-defined]
                      "recommendation")
    for key, k in records.get("kloe", {}).items():
        check_present(k.linked_actions, actions, where_of("kloe", key),  # type: ignore[attr-defined]
                      "action")


def parse_history(framework: Framework, seq: int, label: object, text: object
                  ) -> list[tuple[str, str, Record | None, Record | None]]:
    """One undo step as stored: the label and a JSON list of [kind, key, before, after]."""
    where = f"undo step {seq}"
    if not isinstance(label, str) or len(label) > MAX_LABEL:
        raise ReviewError(f"{where}: its label is not text")
    items = _json(text, where, "its changes are")
    if not isinstance(items, list) or not items:
        raise ReviewError(f"{where}: its changes are not a list of record changes")
    out = []
    for n, item in enumerate(items, 1):
        if not (isinstance(item, list) and len(item) == 4 and isinstance(item[0], str)
                and isinstance(item[1], str)):
            raise ReviewError(f"{where}: change {n} is not [kind, key, before, after]")
        kind, key, before, after = item
        if kind not in RECORD_KINDS:
            raise ReviewError(f"{where}: change {n} has an unknown kind {kind[:40]!r}")
        sides = []
        for side, data in (("before", before), ("after", after)):
            if data is None:
                sides.append(None)
                continue
            if not isinstance(data, dict):
                raise ReviewError(f"{where}: change {n} holds something not a record")
            try:
                sides.append(load_checked(framework, kind, key, data))
            except ReviewError as exc:
                raise ReviewError(f"{where}, change {n} ({side}): {exc}") from None
        if kind == "info" and (sides[0] is None or sides[1] is None):
            raise ReviewError(f"{where}: change {n} would remove the review details")
        out.append((kind, key, sides[0], sides[1]))
    return out
