"""The room's live-vote tally as the exports show it: one line per KLOE voted on.

Only KLOEs that were voted on appear; counts are by level and by stakeholder group, the same
figures the projector showed, so the written record matches what the room saw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from maturity.votes import NA

if TYPE_CHECKING:
    from maturity.report import Report

LEVELS = ("0", "1", "2", "3", "4", NA)


@dataclass(frozen=True)
class VoteLine:
    domain: str
    kloe_id: str
    statement: str
    total: int
    by_level: dict[str, int]
    by_group: str


def vote_lines(report: Report) -> list[VoteLine]:
    """One line per KLOE the room voted on, in framework order."""
    out = []
    for d in report.domains:
        for k in (k for e in d.elements for k in e.kloes):
            if not k.votes:
                continue
            by_level = {lvl: sum(c.get(lvl, 0) for c in k.votes.values()) for lvl in LEVELS}
            groups = "; ".join(
                f"{g}: " + ", ".join(f"{'N/A' if lvl == NA else lvl}×{n}"
                                     for lvl, n in counts.items())
                for g, counts in sorted(k.votes.items(), key=lambda i: i[0].casefold()))
            out.append(VoteLine(d.label, k.id, k.statement, sum(by_level.values()), by_level,
                                groups))
    return out
