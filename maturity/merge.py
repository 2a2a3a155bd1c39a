"""Merging two copies of one review that were edited apart (breakout groups, an emailed copy).

Two copies share their undo history up to the moment the file was copied. The merge finds
that common starting point from the two histories, works out what OTHER changed since then —
record by record, OTHER's state now against its state at the start — and brings each change
into FILE field by field, so one copy editing a KLOE's evidence and the other its score both
arrive. The same field changed differently in both copies is a conflict the user settles
(keep mine or take theirs). The whole merge is one command, so one Undo reverts it.

How the common starting point is found: ``merge_history``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from .commands import Change, Command, dump, load_record
from .merge_history import MergeError, common_start, state_of
from .merge_names import ABSENT, KIND_NOUNS, Namer, kind_count
from .review import RECORD_KINDS, KloeAssessment, Review
from .reviewfile import ReviewFile
from .rules import indicator_problem
from .wording import fmt_date

Choice = Literal["mine", "theirs"]
CHOICES: tuple[Choice, ...] = ("mine", "theirs")
TIMESTAMPS = frozenset({"created_at", "added_at", "raised_at"})
_SHA256 = re.compile(r"[0-9a-f]{64}")


# Three-way merge of one record --------------------------------------------------------------

@dataclass(frozen=True)
class Conflict:
    """One field (or one stakeholder group's score, or a whole item) changed in both copies."""

    id: str
    kind: str
    key: str
    field: str | None
    sub: str | None
    mine: Any
    theirs: Any
    where: str
    what: str
    mine_text: str
    theirs_text: str

    def describe(self, other_name: str = "the other copy") -> str:
        return (f"{self.where} — {self.what}: this review has {self.mine_text}; "
                f"{other_name} has {self.theirs_text}")


@dataclass(frozen=True)
class Incoming:
    """What one item receives from the other copy, in words."""

    kind: str
    key: str
    how: Literal["added", "changed", "removed"]
    where: str
    fields: tuple[str, ...] = ()
    to_choose: tuple[str, ...] = ()
    """Fields changed in both copies: a conflict to settle."""

    def describe(self) -> str:
        if self.how == "added":
            text = f"New: {self.where}"
        elif self.how == "removed":
            text = f"Removed: {self.where}"
        else:
            text = f"{self.where}: {', '.join(self.fields)}" if self.fields else self.where
        if self.to_choose:
            text += f" (changed in both copies, to choose: {', '.join(self.to_choose)})"
        return text


@dataclass(frozen=True)
class RecordMerge:
    kind: str
    key: str
    mine: dict | None
    """As FILE holds it now (``None``: not there)."""
    auto: dict | None
    """The merged item with every conflict settled as mine."""
    conflicts: tuple[Conflict, ...]

    def result(self, choices: Mapping[str, Choice], prefer: Choice) -> dict | None:
        out = None if self.auto is None else dict(self.auto)
        for c in self.conflicts:
            if choices.get(c.id, prefer) != "theirs":
                continue
            if c.field is None:
                return c.theirs
            if c.sub is None:
                out[c.field] = c.theirs
            else:
                scores = dict(out[c.field])
                if c.theirs is ABSENT:
                    scores.pop(c.sub, None)
                else:
                    scores[c.sub] = c.theirs
                out[c.field] = scores
        return out


def _default(kind: str, key: str) -> dict | None:
    """An item the app treats as present with defaults when absent (a KLOE not yet scored)."""
    return dump(KloeAssessment(kloe_id=key)) if kind == "kloe" else None


class _RecordMerger:
    def __init__(self, kind: str, key: str, namer: Namer, where: str):
        self.kind, self.key, self.namer, self.where = kind, key, namer, where
        self.conflicts: list[Conflict] = []
        self.taken: list[str] = []

    def conflict(self, field: str | None, mine: Any, theirs: Any, sub: str | None = None) -> None:
        n = self.namer
        self.conflicts.append(Conflict(
            id="\x1f".join((self.kind, self.key, field or "", sub or "")), kind=self.kind,
            key=self.key, field=field, sub=sub, mine=mine, theirs=theirs, where=self.where,
            what=n.field(self.kind, field, sub), mine_text=n.value(self.kind, field, mine, sub),
            theirs_text=n.value(self.kind, field, theirs, sub)))

    def fields(self, base: dict | None, mine: dict, theirs: dict) -> dict:
        out = dict(mine)
        for f in dict.fromkeys([*theirs, *mine]):
            b = ABSENT if base is None else base.get(f, ABSENT)
            m, t = mine.get(f, ABSENT), theirs.get(f, ABSENT)
            if t == b or t == m:
                continue
            if m == b:
                out[f] = t
                self.taken.append(self.namer.field(self.kind, f))
            elif f in TIMESTAMPS:
                continue  # the same item made in both copies: keep when this one was made
            elif isinstance(m, dict) and isinstance(t, dict) and (b is ABSENT
                                                                  or isinstance(b, dict)):
                out[f] = self.mapping(f, {} if b is ABSENT else b, m, t)
            elif (isinstance(m, list) and isinstance(t, list)
                  and (b is ABSENT or isinstance(b, list))):
                prefix = [] if b is ABSENT else b
                if m[:len(prefix)] == prefix and t[:len(prefix)] == prefix:
                    out[f] = m + [x for x in t[len(prefix):] if x not in m]
                    self.taken.append(self.namer.field(self.kind, f))
                else:
                    self.conflict(f, m, t)
            else:
                self.conflict(f, m, t)
        return out

    def mapping(self, field: str, base: dict, mine: dict, theirs: dict) -> dict:
        out = dict(mine)
        for k in dict.fromkeys([*theirs, *mine]):
            b, m, t = base.get(k, ABSENT), mine.get(k, ABSENT), theirs.get(k, ABSENT)
            if t == b or t == m:
                continue
            if m == b:
                if t is ABSENT:
                    out.pop(k, None)
                else:
                    out[k] = t
                self.taken.append(self.namer.field(self.kind, field, k))
            else:
                self.conflict(field, m, t, sub=k)
        return out


def merge_record(kind: str, key: str, base: dict | None, mine: dict | None,
                 theirs: dict | None, namer: Namer, mine_past: list[dict | None] = (),
                 theirs_past: list[dict | None] = ()) -> tuple[RecordMerge, Incoming] | None:
    """OTHER's net change to one item brought onto FILE's, or None when nothing comes in.

    ``mine_past`` and ``theirs_past`` are the states the item held in each copy since the
    start: a state one copy already went through is one it has moved on from (a merge made
    before), not a change to bring in or a conflict.
    """
    default = _default(kind, key)
    b, m, t = (default if v is None else v for v in (base, mine, theirs))
    if t == b or t == m or t in [default if v is None else v for v in mine_past]:
        return None
    where = namer.record(kind, key, t or m or b)
    merger = _RecordMerger(kind, key, namer, where)
    if m == b or m in [default if v is None else v for v in theirs_past]:
        auto = t
        how = "added" if m is None else "removed" if t is None else "changed"
        if how == "changed":
            merger.taken = [namer.field(kind, f) for f in dict.fromkeys([*t, *m])
                            if t.get(f, ABSENT) != m.get(f, ABSENT)]
    elif m is None or t is None:
        auto, how = m, "removed" if t is None else "changed"
        merger.conflict(None, m, t)
    else:
        auto = merger.fields(b, m, t)
        how = "changed"
        if auto == m and not merger.conflicts:
            return None  # every change it made, this copy made too
    record = RecordMerge(kind, key, mine, auto, tuple(merger.conflicts))
    return record, Incoming(kind, key, how, where, tuple(dict.fromkeys(merger.taken)),
                            tuple(dict.fromkeys(c.what for c in merger.conflicts)))


# The plan and its command -------------------------------------------------------------------

@dataclass(frozen=True)
class MergePlan:
    file_name: str
    other_name: str
    records: tuple[RecordMerge, ...]
    incoming: tuple[Incoming, ...]
    conflicts: tuple[Conflict, ...]

    @property
    def nothing(self) -> bool:
        return not self.records

    @property
    def label(self) -> str:
        return f"Merge changes from {self.other_name}"

    def counts(self) -> str:
        """What comes in, by kind: "3 KLOEs, 1 evidence item"."""
        tally: dict[str, int] = {}
        for item in self.incoming:
            tally[item.kind] = tally.get(item.kind, 0) + 1
        return ", ".join(kind_count(k, tally[k]) for k in RECORD_KINDS if k in tally)

    def command(self, review: Review, choices: Mapping[str, Choice] | None = None,
                prefer: Choice = "mine") -> Command:
        """One command bringing everything in, each conflict settled by ``choices`` (by
        conflict id) or else ``prefer``; checked against FILE as it is now."""
        choices = choices or {}
        changes = []
        for r in self.records:
            if dump(review.get(r.kind, r.key)) != r.mine:
                raise MergeError(f"{self.file_name} changed while the merge was being prepared; "
                                 f"start the merge again")
            after = r.result(choices, prefer)
            if after == r.mine or (r.mine is None and after == _default(r.kind, r.key)):
                continue
            if after is not None:
                check_record(review, r.kind, r.key, after, self.other_name)
            changes.append(Change(r.kind, r.key, r.mine, after))
        return Command(self.label, tuple(changes))


def check_record(review: Review, kind: str, key: str, data: dict, source: str) -> None:
    """A merged item must be one the app could have made in this review."""
    fw = review.framework
    try:
        record = load_record(kind, data)
    except (ValidationError, ValueError, TypeError) as exc:
        raise MergeError(f"{source}: a {KIND_NOUNS[kind][0]} is not valid "
                         f"({str(exc).splitlines()[0]})") from None
    problem = None
    if record.key != key:
        problem = "is filed under another item's key"
    elif kind == "kloe":
        scale = fw.scale.values
        if fw.kind_of(key) != "kloe":
            problem = "is not a KLOE of this review's framework"
        elif record.rating not in (None, "na", *scale) or \
                record.previous_rating not in (None, "na", *scale) or \
                any(v not in scale for v in record.group_scores.values()):
            problem = "has a score outside the scale"
    elif kind == "evidence":
        if fw.kind_of(record.kloe_id) != "kloe":
            problem = "is filed under a KLOE this review's framework does not have"
        elif record.attachment and not _SHA256.fullmatch(record.attachment):
            problem = "names its attached file wrongly"
    elif kind == "element":
        if fw.kind_of(key) != "element" or record.target not in fw.scale.values:
            problem = "is not an element target this framework allows"
    elif kind == "indicator":
        if fw.kind_of(key) != "indicator" or not math.isfinite(record.value):
            problem = "is not an indicator value this framework allows"
        else:
            reason = indicator_problem(fw.indicator(key), record.value, record.date,
                                       dt.date.today())
            if reason:
                problem = f"cannot be right: {reason}"
    elif kind == "info":
        if record.review_id != review.info.review_id:
            problem = "would turn the review into another review"
    elif kind == "parking":
        if record.item_id and fw.kind_of(record.item_id) not in ("domain", "element", "kloe"):
            problem = "is raised at an item this framework does not have"
    if problem:
        raise MergeError(f"{source}: {Namer(fw).record(kind, key, data)} {problem}; nothing "
                         f"was merged")


def _order(review: Review):
    fw = review.framework
    place: dict[str, int] = {}
    for d in fw.domains:
        for e in d.elements:
            place.setdefault(e.id, len(place))
            for k in e.kloes:
                place.setdefault(k.id, len(place))
        for i in d.indicators:
            place.setdefault(i.id, len(place))
    kinds = {k: n for n, k in enumerate(RECORD_KINDS)}

    def key(item: tuple[RecordMerge, Incoming]):
        r, inc = item
        return kinds.get(r.kind, len(kinds)), place.get(r.key, len(place)), inc.where.casefold()
    return key


def plan_merge(mine: ReviewFile, other: ReviewFile) -> MergePlan:
    """What merging OTHER into FILE would do; reads both, changes nothing."""
    mine_name, other_name = mine.path.name, other.path.name
    try:
        same = mine.path.resolve() == other.path.resolve() or mine.path.samefile(other.path)
    except OSError:
        same = False
    if same:
        raise MergeError(f"{other_name} is the same file as {mine_name}; choose the other "
                         f"copy to merge")
    a, b = mine.review.info, other.review.info
    if a.review_id != b.review_id:
        raise MergeError(
            f"{other_name} is another review ({b.system}, {fmt_date(b.review_date)}), not a copy "
            f"of {mine_name} ({a.system}, {fmt_date(a.review_date)}); only two copies of one "
            f"review can be merged")
    if mine.framework != other.framework:
        raise MergeError(f"{other_name} holds another copy of the framework "
                         f"({other.framework.id} {other.framework.version}) than {mine_name} "
                         f"({mine.framework.id} {mine.framework.version}), so it is not a copy "
                         f"of this review")
    start = common_start(mine, other, mine_name, other_name)
    ours, theirs = state_of(mine.review), state_of(other.review)
    namer = Namer(mine.framework, theirs, ours, start.state)
    merged = []
    for key in dict.fromkeys([*theirs, *start.state]):
        found = merge_record(*key, start.state.get(key), ours.get(key), theirs.get(key), namer,
                             start.mine_past.get(key, []), start.theirs_past.get(key, []))
        if found is not None:
            merged.append(found)
    merged.sort(key=_order(mine.review))
    plan = MergePlan(mine_name, other_name, tuple(r for r, _ in merged),
                     tuple(i for _, i in merged),
                     tuple(c for r, _ in merged for c in r.conflicts))
    held = mine.attachment_digests() | other.attachment_digests()
    for prefer in CHOICES:  # every item that could come in is checked before anything is asked
        for c in plan.command(mine.review, prefer=prefer).changes:
            digest = (c.after or {}).get("attachment") if c.kind == "evidence" else ""
            if digest and digest not in held:
                raise MergeError(f"{other_name}: {namer.record(c.kind, c.key, c.after)} refers "
                                 f"to an attached file the copy does not hold; it is damaged, "
                                 f"so nothing was merged")
    return plan


@dataclass(frozen=True)
class MergeOutcome:
    command: Command
    attachments_copied: int


def attachments_needed(command: Command, target: ReviewFile) -> dict[str, str]:
    """Attached files the merged items refer to that FILE does not hold yet (by SHA-256)."""
    have = target.attachment_digests()
    need: dict[str, str] = {}
    for c in command.changes:
        digest = (c.after or {}).get("attachment") if c.kind == "evidence" else ""
        if digest and digest not in have:
            need.setdefault(digest, c.after.get("filename") or c.after.get("title") or "file")
    return need


def apply_merge(target: ReviewFile, other: ReviewFile, plan: MergePlan,
                choices: Mapping[str, Choice] | None = None,
                prefer: Choice = "mine") -> MergeOutcome:
    """Copy the attached files the merge needs (each once), then run the merge as one edit."""
    command = plan.command(target.review, choices, prefer)
    if not command.changes:
        return MergeOutcome(command, 0)
    files = [(name, other.attachment(digest)) for digest, name in
             attachments_needed(command, target).items()]  # every one read and checked first
    for name, data in files:
        target.add_attachment(data, name)
    target.execute(command)
    return MergeOutcome(command, len(files))
