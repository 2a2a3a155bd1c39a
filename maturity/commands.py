"""Edits as data: a command is a labelled list of record changes, each with before and after.

Because a change carries both states, undo is the same operation as do with the sides
swapped, and what is written to disk for an edit is exactly what undo will later replay.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .review import RECORD_KINDS, Record, Review


@dataclass(frozen=True)
class Change:
    kind: str
    key: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def inverted(self) -> Change:
        return Change(self.kind, self.key, self.after, self.before)


@dataclass(frozen=True)
class Command:
    label: str
    changes: tuple[Change, ...]

    def inverted(self) -> Command:
        return Command(self.label, tuple(c.inverted() for c in reversed(self.changes)))

    def joined(self, later: Command) -> Command:
        """This command followed by ``later`` as one step: each record goes from its state
        before the first to its state after the last (for a stream of like edits)."""
        merged: dict[tuple[str, str], Change] = {}
        for c in (*self.changes, *later.changes):
            first = merged.get((c.kind, c.key))
            merged[(c.kind, c.key)] = Change(c.kind, c.key,
                                             first.before if first else c.before, c.after)
        return Command(later.label, tuple(merged.values()))

    @property
    def kinds(self) -> set[str]:
        return {c.kind for c in self.changes}

    def keys(self, kind: str) -> set[str]:
        return {c.key for c in self.changes if c.kind == kind}

    def to_json(self) -> str:
        return json.dumps([[c.kind, c.key, c.before, c.after] for c in self.changes],
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, label: str, text: str) -> Command:
        return cls(label, tuple(Change(k, key, b, a) for k, key, b, a in json.loads(text)))


def dump(record: Record | None) -> dict[str, Any] | None:
    return None if record is None else record.model_dump(mode="json")


def load_record(kind: str, data: dict[str, Any] | None) -> Record | None:
    if data is None:
        return None
    return RECORD_KINDS[kind].model_validate(data)


def change(review: Review, new: Record | None, *, kind: str | None = None,
           key: str | None = None) -> Change:
    """A change that replaces the record at (kind, key) with ``new`` (``None`` removes it)."""
    kind = kind or (new.kind if new is not None else None)
    key = key or (new.key if new is not None else None)
    if kind is None or key is None:
        raise ValueError("removing a record needs its kind and key")
    return Change(kind, key, dump(review.get(kind, key)), dump(new))


def apply_to_review(review: Review, command: Command) -> None:
    for c in command.changes:
        review.put(load_record(c.kind, c.after), c.kind, c.key)
