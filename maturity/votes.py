"""The room's live vote on a KLOE: a tally per stakeholder group of how many chose each level.

Only counts are kept (no voter ids), so the review file says how the room voted without saying
who voted what. The tally is recorded like every other edit: one command, durable when written.
A round of votes arriving in batches is folded into one undo step (``ROUND_LABEL``).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from .commands import Command, change
from .edits import ReviewError
from .framework import Framework
from .review import SECTORS, Review

Tally = dict[str, dict[str, int]]
"""Stakeholder group → level ('0'..'4' or 'na') → number of votes."""

NA = "na"
VOTING_GROUPS: tuple[str, ...] = SECTORS
MAX_COUNT = 100_000


def vote_levels(framework: Framework) -> tuple[str, ...]:
    """The levels a vote may take, as the tally's keys: the scale's values, then 'na'."""
    return (*(str(v) for v in framework.scale.values), NA)


def round_label(framework: Framework, kloe_id: str) -> str:
    return f"Room's vote: {framework.name_of(kloe_id)}"


def clean_tally(framework: Framework, kloe_id: str, tally: Tally) -> Tally:
    """The tally with empty entries dropped; every group, level and count checked."""
    levels = vote_levels(framework)
    out: Tally = {}
    for group, counts in tally.items():
        if group not in VOTING_GROUPS:
            raise ReviewError(f"{kloe_id}: the room's vote names an unknown stakeholder group "
                              f"{group!r}; groups are {', '.join(VOTING_GROUPS)}")
        kept = {}
        for level, count in counts.items():
            if level not in levels:
                raise ReviewError(f"{kloe_id} ({group}): vote level {level!r} is not one of "
                                  f"{', '.join(levels)}")
            if isinstance(count, bool) or not isinstance(count, int) \
                    or not 0 <= count <= MAX_COUNT:
                raise ReviewError(f"{kloe_id} ({group}): vote count {count!r} for level "
                                  f"{level} is not a whole number from 0 to {MAX_COUNT:,}")
            if count:
                kept[level] = count
        if kept:
            out[group] = {lvl: kept[lvl] for lvl in levels if lvl in kept}
    return out


def record_room_vote(review: Review, kloe_id: str, tally: Tally) -> Command:
    """Store the room's tally for a KLOE (replacing the one stored)."""
    if review.framework.kind_of(kloe_id) != "kloe":
        raise ReviewError(f"unknown KLOE id {kloe_id!r}")
    votes = clean_tally(review.framework, kloe_id, tally)
    new = review.kloe(kloe_id).model_copy(update={"votes": votes})
    total = sum(sum(c.values()) for c in votes.values())
    votes_text = f"{total} vote{'s' if total != 1 else ''}"
    return Command(f"{round_label(review.framework, kloe_id)} ({votes_text})",
                   (change(review, new),))


def clear_room_vote(review: Review, kloe_id: str) -> Command:
    return record_room_vote(review, kloe_id, {})


@dataclass(frozen=True)
class VoteSummary:
    """What the projector reveals: totals by level and by group, and how far groups differ."""

    total: int
    by_level: dict[str, int]
    by_group: Tally
    group_medians: dict[str, float]
    spread: float | None
    disagreement: bool

    @property
    def scored(self) -> int:
        return self.total - self.by_level.get(NA, 0)


SPREAD_FLAG = 2


def summarise(framework: Framework, votes: Tally) -> VoteSummary:
    """Counts per level, and each group's median score (N/A left out); groups whose medians
    differ by two levels or more are flagged, as for stakeholder-group scores."""
    levels = vote_levels(framework)
    by_level = {lvl: sum(c.get(lvl, 0) for c in votes.values()) for lvl in levels}
    medians = {}
    for group in sorted(votes, key=str.casefold):
        values = [int(lvl) for lvl, n in votes[group].items() if lvl != NA for _ in range(n)]
        if values:
            medians[group] = float(statistics.median(values))
    spread = max(medians.values()) - min(medians.values()) if len(medians) >= 2 else None
    return VoteSummary(total=sum(by_level.values()), by_level=by_level,
                       by_group={g: dict(c) for g, c in votes.items()}, group_medians=medians,
                       spread=spread, disagreement=spread is not None and spread >= SPREAD_FLAG)


def fmt_median(value: float) -> str:
    return f"{value:g}"
