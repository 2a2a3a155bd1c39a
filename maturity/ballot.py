"""The ballot box between the phones and the review file, safe to use from many threads.

Phones' requests arrive on the server's threads; the review file is written by one thread (the
app's UI thread). A vote is checked and counted here, then its request waits while the writer
folds every vote that arrived meanwhile into one command per KLOE (a group commit): the phone is
told "saved" only once its vote is on disk, or told it was not saved so it can tap again. Voting
again replaces the voter's vote, so a retry never counts twice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from .commands import Command
from .review import Review
from .votes import NA, VOTING_GROUPS, Tally, record_room_vote, round_label, vote_levels

MAX_VOTERS = 2_000
SAVE_TIMEOUT = 10.0


class VoteRefused(Exception):
    """A vote or request that changes nothing; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class _Round:
    """One KLOE's votes in this voting session: the tally stored before it, and each voter's."""

    base: Tally
    voters: dict[str, tuple[str, str]] = field(default_factory=dict)
    written: Tally = field(default_factory=dict)

    def tally(self) -> Tally:
        out = {g: dict(c) for g, c in self.base.items()}
        for group, level in self.voters.values():
            counts = out.setdefault(group, {})
            counts[level] = counts.get(level, 0) + 1
        return out


class Ballot:
    """The open KLOE, its votes, and which votes are safely written."""

    def __init__(self, review: Review):
        fw = review.framework
        self.scale = [(lvl.value, lvl.label, lvl.descriptor) for lvl in fw.scale.levels]
        self.levels = vote_levels(fw)
        self.groups = VOTING_GROUPS
        self._cond = threading.Condition()
        self._kloe: str | None = None
        self._statement = ""
        self._open = False
        self._rounds: dict[str, _Round] = {}
        self._dirty: set[str] = set()
        self._issued = 0
        self._settled = 0
        self._failures: list[tuple[int, int, str]] = []

    # The facilitator's side (the writer's thread) -------------------------------------------
    def open(self, kloe_id: str, statement: str, stored: Tally) -> None:
        """Open voting on a KLOE; votes already stored for it are kept and added to."""
        with self._cond:
            self._sync(kloe_id, stored)
            self._kloe, self._statement, self._open = kloe_id, statement, True

    def close(self) -> None:
        with self._cond:
            self._open = False

    def sync(self, kloe_id: str, stored: Tally) -> None:
        """The stored tally changed by other means (undo, another edit): start again from it."""
        with self._cond:
            if kloe_id in self._rounds:
                self._sync(kloe_id, stored)

    def _sync(self, kloe_id: str, stored: Tally) -> None:
        current = self._rounds.get(kloe_id)
        if current is not None and stored == current.written:
            return
        self._rounds[kloe_id] = _Round(base={g: dict(c) for g, c in stored.items()},
                                       written={g: dict(c) for g, c in stored.items()})
        if current is not None and current.voters:
            self._dirty.discard(kloe_id)
            self._fail_outstanding("the votes were changed on the facilitator's laptop; "
                                   "tap your answer again")

    @property
    def kloe_id(self) -> str | None:
        return self._kloe

    @property
    def is_open(self) -> bool:
        return self._open

    def count(self, kloe_id: str | None = None) -> int:
        """How many votes the KLOE has (stored before this session plus this session's)."""
        with self._cond:
            r = self._rounds.get(kloe_id or self._kloe or "")
            return sum(sum(c.values()) for c in r.tally().values()) if r else 0

    def has_pending(self) -> bool:
        with self._cond:
            return bool(self._dirty)

    def take(self) -> tuple[list[tuple[str, Tally]], int]:
        """The tallies to write now, and the last vote they include."""
        with self._cond:
            batch = [(k, self._rounds[k].tally()) for k in sorted(self._dirty)]
            self._dirty.clear()
            return batch, self._issued

    def settle(self, upto: int, written: list[tuple[str, Tally]], error: str | None) -> None:
        """Votes up to ``upto`` are on disk (``error`` None) or were not saved."""
        with self._cond:
            if error is None:
                for kloe_id, tally in written:
                    if kloe_id in self._rounds:
                        self._rounds[kloe_id].written = tally
            else:
                self._failures.append((self._settled + 1, upto, error))
                del self._failures[:-50]
            self._settled = max(self._settled, upto)
            self._cond.notify_all()

    def _fail_outstanding(self, message: str) -> None:
        if self._issued > self._settled:
            self._failures.append((self._settled + 1, self._issued, message))
            self._settled = self._issued
            self._cond.notify_all()

    # The phones' side (any server thread) ---------------------------------------------------
    def state(self) -> dict:
        with self._cond:
            kloe = ({"id": self._kloe, "statement": self._statement}
                    if self._kloe is not None and self._open else None)
            return {"kloe": kloe, "scale": [{"value": v, "label": label, "descriptor": text}
                                            for v, label, text in self.scale],
                    "open": self._open and self._kloe is not None, "groups": list(self.groups)}

    def cast(self, voter: str, group: str, value: object, kloe_id: str | None = None) -> int:
        """Count a vote (replacing the voter's earlier one); its ticket for ``wait_saved``."""
        if group not in self.groups:
            raise VoteRefused(422, f"unknown group {str(group)[:60]!r}; choose one of the list")
        if isinstance(value, bool) or not (value == NA or (isinstance(value, int)
                                                          and str(value) in self.levels)):
            raise VoteRefused(422, f"a vote is a level from {self.levels[0]} to "
                                   f"{self.levels[-2]}, or \"na\"")
        with self._cond:
            if not self._open or self._kloe is None:
                raise VoteRefused(409, "voting is closed just now")
            if kloe_id is not None and kloe_id != self._kloe:
                raise VoteRefused(409, "voting on that statement has closed; the room has "
                                       "moved on")
            r = self._rounds[self._kloe]
            if voter not in r.voters and len(r.voters) >= MAX_VOTERS:
                raise VoteRefused(429, "too many voters for one statement")
            r.voters[voter] = (group, str(value))
            self._dirty.add(self._kloe)
            self._issued += 1
            return self._issued

    def wait_saved(self, ticket: int, timeout: float = SAVE_TIMEOUT) -> str | None:
        """Block until the ticket's vote is written: None when saved, else why it was not."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._settled >= ticket, timeout):
                return "the facilitator's laptop is busy; tap your answer again"
            for lo, hi, message in self._failures:
                if lo <= ticket <= hi:
                    return message
            return None


def flush(ballot: Ballot, review: Review,
          execute: Callable[[Command, str], object]) -> str | None:
    """Write every waiting vote: one command per KLOE, joined to that KLOE's round in the
    history. ``execute(command, join_label)`` writes durably or raises; returns the error."""
    batch, upto = ballot.take()
    error = None
    written = []
    for kloe_id, tally in batch:
        try:
            execute(record_room_vote(review, kloe_id, tally), f"{round_label(review.framework, kloe_id)} (")
        except Exception as exc:  # every failure goes back to the phones waiting on it
            error = f"your vote was not saved ({exc}); tap your answer again"
        else:
            written.append((kloe_id, tally))
    ballot.settle(upto, written, error)
    return error
