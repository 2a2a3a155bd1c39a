"""Where two copies of a review parted: their histories, checked, and the state they shared.

History rows are the same edit when label, changes and time are equal; the copies share the
longest run of such rows from the beginning. Each file's state is its first ``done`` rows
applied (undone rows are always the newest), so the state after any number of shared rows can
be rebuilt from either copy by undoing or redoing rows. When the copies disagree on whether a
shared row is undone, it counts as undone since the copy was made (an undo in one copy is a
change the other receives). Rows past the shared run — new edits, and undone rows a new edit
discarded — belong to one copy only. The state rebuilt from each copy must be the same, or the
two have no common past and are refused.

Merging again later still starts from where the copies parted, so the states each item held
since then are kept too: an item whose state in one copy is a state the other copy already
went through was merged before, and is not a conflict.

Every row is read as untrusted: each change must be a record that validates as its kind.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from .commands import Change, dump, load_record
from .edits import ReviewError
from .merge_names import KIND_NOUNS, quoted
from .review import RECORD_KINDS, Review
from .reviewfile import ReviewFile

Key = tuple[str, str]
State = dict[Key, dict]


class MergeError(ReviewError):
    """Two copies that cannot be merged, or a copy that cannot be trusted; for the user."""


# Histories ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """One history row, checked: its identity, whether it is applied, and its changes."""

    ident: tuple[str, str, str]
    done: bool
    changes: tuple[Change, ...]


def read_history(rf: ReviewFile, name: str) -> list[Step]:
    """Every history row of a copy, each value checked as strictly as a typed one."""
    steps: list[Step] = []
    undone_seen = False
    for n, row in enumerate(rf.history_rows(), 1):
        where = f"{name}: edit {n} of its history"
        if len(row) != 5:
            raise MergeError(f"{where} is damaged")
        _seq, label, text, done, at = row
        if not (isinstance(label, str) and isinstance(text, str) and isinstance(at, str)
                and type(done) is int and done in (0, 1)):
            raise MergeError(f"{where} is damaged (a value of the wrong type)")
        where = f"{where} ({quoted(label, 50)})"
        if done and undone_seen:
            raise MergeError(f"{where} is marked done after an undone edit; the history is "
                             f"damaged")
        undone_seen = undone_seen or not done
        steps.append(Step((label, text, at), bool(done), _parse_changes(text, where)))
    return steps


def _parse_changes(text: str, where: str) -> tuple[Change, ...]:
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError):
        raise MergeError(f"{where} is damaged (its changes cannot be read)") from None
    if not isinstance(raw, list):
        raise MergeError(f"{where} is damaged (its changes are not a list)")
    out = []
    for item in raw:
        if not (isinstance(item, list) and len(item) == 4):
            raise MergeError(f"{where} is damaged (a change of the wrong shape)")
        kind, key, before, after = item
        if kind not in RECORD_KINDS or not isinstance(key, str) or not key:
            raise MergeError(f"{where} changes an item of an unknown kind; it may have been "
                             f"made by a newer version of SIT Maturity")
        out.append(Change(kind, key, _normal(kind, key, before, where),
                          _normal(kind, key, after, where)))
    return tuple(out)


def _normal(kind: str, key: str, data: Any, where: str) -> dict | None:
    """A stored record as its kind validates and writes it (so older rows compare equal)."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise MergeError(f"{where} is damaged (a {KIND_NOUNS[kind][0]} that is not a record)")
    try:
        record = load_record(kind, data)
    except (ValidationError, ValueError, TypeError, RecursionError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise MergeError(f"{where} holds a {KIND_NOUNS[kind][0]} that is not valid "
                         f"({first})") from None
    if record.key != key:
        raise MergeError(f"{where} is damaged (a {KIND_NOUNS[kind][0]} filed under another "
                         f"item's key)")
    return dump(record)


def state_of(review: Review) -> State:
    return {(kind, key): dump(rec) for kind, bucket in review.records.items()
            for key, rec in bucket.items()}


def _put(state: State, kind: str, key: str, data: dict | None) -> None:
    if data is None:
        state.pop((kind, key), None)
    else:
        state[(kind, key)] = data


def wind(state: State, steps: list[Step], done: int, target: int) -> State:
    """The state after the first ``target`` edits, from a state after the first ``done``."""
    state = dict(state)
    if done >= target:
        for step in reversed(steps[target:done]):
            for c in reversed(step.changes):
                _put(state, c.kind, c.key, c.before)
    else:
        for step in steps[done:target]:
            for c in step.changes:
                _put(state, c.kind, c.key, c.after)
    return state


@dataclass(frozen=True)
class CommonStart:
    shared: int
    """History rows both copies hold, from the beginning."""
    applied: int
    """Of those, how many are applied in the starting state."""
    state: State
    mine_past: dict[Key, list[dict | None]]
    """Each state an item held in FILE since the start (before its current one)."""
    theirs_past: dict[Key, list[dict | None]]


def _past(steps: list[Step], applied: int, done: int) -> dict[Key, list[dict | None]]:
    past: dict[Key, list[dict | None]] = {}
    for step in steps[applied:done]:
        for c in step.changes:
            past.setdefault((c.kind, c.key), []).append(c.after)
    return past


def common_start(mine: ReviewFile, other: ReviewFile, mine_name: str,
                 other_name: str) -> CommonStart:
    ours, theirs = read_history(mine, mine_name), read_history(other, other_name)
    shared = 0
    for a, b in zip(ours, theirs):
        if a.ident != b.ident:
            break
        shared += 1
    done_ours = sum(s.done for s in ours)
    done_theirs = sum(s.done for s in theirs)
    applied = max(min(done_ours, shared), min(done_theirs, shared))
    start_ours = wind(state_of(mine.review), ours, done_ours, applied)
    start_theirs = wind(state_of(other.review), theirs, done_theirs, applied)
    if start_ours != start_theirs:
        differ = sum(1 for k in start_ours.keys() | start_theirs.keys()
                     if start_ours.get(k) != start_theirs.get(k))
        if shared == 0:
            raise MergeError(f"{other_name} and {mine_name} have no common history: neither "
                             f"was copied from the other, so they cannot be merged")
        raise MergeError(f"{other_name} and {mine_name} share {shared} edits, but their "
                         f"histories do not lead back to the same starting point ({differ} "
                         f"items differ); one of them may be damaged, so they are not merged")
    return CommonStart(shared, applied, start_ours, _past(ours, applied, done_ours),
                       _past(theirs, applied, done_theirs))
