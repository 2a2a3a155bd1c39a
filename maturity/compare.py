"""Comparing reviews of one system over time: what moved, what did not, and did the actions work.

Reviews are put in date order and matched by the framework's stable ids, so reviews scored on
different versions of one framework still line up; items that exist in only some versions are
shown where they exist and reported as added, retired or reworded. Each review is rolled up on
the framework copy it was scored against. Change is always last minus first.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from statistics import fmean
from typing import Any

from .comparison import (  # noqa: F401  (RELIABLE_COVERAGE: one threshold, named here too)
    CONFIDENCE_VALUES,
    RELIABLE_COVERAGE,
    WORKED_STATUSES,
    ActionEffect,
    ActionRow,
    Comparison,
    ConfidenceSummary,
    IndicatorRow,
    ReviewRef,
    Row,
    UnexplainedMove,
    delta,
)
from .framework import Framework
from .plan import is_overdue
from .rereview import framework_changes
from .review import Action, Review
from .reviewfile import ReviewFile, ReviewFileError
from .scoring import rag, rollup


class CompareError(ValueError):
    """Reviews that cannot be compared; the message names the files and the mismatch."""


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()



def _check_comparable(named: Sequence[tuple[str, Review]]) -> None:
    if len(named) < 2:
        raise CompareError("a comparison needs at least two review files")
    first_name, first = named[0]
    for name, review in named[1:]:
        if _norm(review.info.system) != _norm(first.info.system):
            raise CompareError(
                f"cannot compare reviews of different systems: {first_name} is of "
                f"“{first.info.system}” but {name} is of “{review.info.system}”; "
                f"`sit-maturity benchmark` sets different systems side by side")
        if review.framework.id != first.framework.id:
            raise CompareError(
                f"cannot compare reviews on different frameworks: {first_name} uses "
                f"“{first.framework.id}” ({first.framework.title}) but {name} uses "
                f"“{review.framework.id}” ({review.framework.title})")


def _order(frameworks: Sequence[Framework]) -> tuple[list, list, list]:
    """Domains, elements and KLOEs of the latest framework, then any only earlier ones had."""
    domains: dict[str, Any] = {}
    elements: dict[str, Any] = {}
    kloes: dict[str, Any] = {}
    for fw in reversed(frameworks):
        for d in fw.domains:
            domains.setdefault(d.id, d)
            for e in d.elements:
                elements.setdefault(e.id, (d, e))
                for k in e.kloes:
                    kloes.setdefault(k.id, (d, e, k))
    return list(domains.values()), list(elements.values()), list(kloes.values())


def compare(named: Sequence[tuple[str, Review]]) -> Comparison:
    """Compare two or more reviews of one system on one framework (``(file name, review)``)."""
    _check_comparable(named)
    named = sorted(named, key=lambda nr: (nr[1].info.review_date, nr[1].info.created_at))
    reviews = [r for _, r in named]
    frameworks = [r.framework for r in reviews]
    rolls = [rollup(r) for r in reviews]
    refs = tuple(ReviewRef(file=name, system=r.info.system, review_date=r.info.review_date,
                           review_id=r.info.review_id, review_type=r.info.review_type,
                           framework_version=r.framework.version) for name, r in named)

    def rolled(level: str, item_id: str, attr: str) -> tuple:
        out = []
        for fw, roll in zip(frameworks, rolls):
            if fw.kind_of(item_id) != level:
                out.append(None)
            else:
                out.append(getattr(getattr(roll, level)(item_id), attr))
        return tuple(out)

    status = {c.kloe_id: c.change
              for c in framework_changes(frameworks[0], frameworks[-1]).kloes}
    domain_list, element_list, kloe_list = _order(frameworks)

    domains = []
    for d in domain_list:
        scores = rolled("domain", d.id, "score")
        domains.append(Row("domain", d.id, d.title, scores, delta(scores[0], scores[-1]),
                           domain_id=d.id, coverage=rolled("domain", d.id, "coverage"),
                           label=d.label))
    elements = []
    for d, e in element_list:
        scores = rolled("element", e.id, "score")
        elements.append(Row("element", e.id, e.title, scores, delta(scores[0], scores[-1]),
                            domain_id=d.id, element_id=e.id,
                            coverage=rolled("element", e.id, "coverage")))
    kloes = []
    for d, e, k in kloe_list:
        scores = tuple(r.kloe(k.id).rating if fw.kind_of(k.id) == "kloe" else None
                       for r, fw in zip(reviews, frameworks))
        kloes.append(Row("kloe", k.id, k.statement, scores, delta(scores[0], scores[-1]),
                         domain_id=d.id, element_id=e.id, status=status.get(k.id, ""),
                         reason=reviews[-1].kloe(k.id).change_reason))
    overall_scores = tuple(r.score for r in rolls)
    overall = Row("overall", "overall", "Overall", overall_scores,
                  delta(overall_scores[0], overall_scores[-1]),
                  coverage=tuple(r.coverage for r in rolls))

    confidence = tuple(_confidence(r, fw) for r, fw in zip(reviews, frameworks))
    indicators = _indicators(reviews, frameworks)
    actions = _actions(reviews)
    kloe_rows = {k.id: k for k in kloes}
    top = frameworks[-1].scale.maximum
    done_not_moved = []
    for a in actions:
        if a.status != "done":
            continue
        unmoved = tuple(kloe_rows[k] for k in a.kloe_ids
                        if k in kloe_rows and _did_not_move(kloe_rows[k], top))
        if unmoved:
            done_not_moved.append(ActionEffect(a, unmoved))
    behind: dict[str, list[str]] = {}
    for a in actions:
        for k in a.kloe_ids:
            behind.setdefault(k, []).append(a.id)
    worked = {a.id for a in actions if a.status in WORKED_STATUSES}
    moved_without_action = []
    for k in kloes:
        if k.direction in ("improved", "declined"):
            linked = tuple(behind.get(k.id, ()))
            if not any(a in worked for a in linked):
                moved_without_action.append(UnexplainedMove(k, linked))

    steps = []
    for i in range(1, len(frameworks)):
        step = framework_changes(frameworks[i - 1], frameworks[i])
        if step:
            steps.append((i - 1, i, step))
    return Comparison(
        reviews=refs, overall=overall, domains=tuple(domains), elements=tuple(elements),
        kloes=tuple(kloes), confidence=confidence, indicators=indicators, actions=actions,
        done_not_moved=tuple(done_not_moved), moved_without_action=tuple(moved_without_action),
        framework_changes=tuple(steps), scale_max=frameworks[-1].scale.maximum,
        last_step=compare(named[-2:]) if len(named) > 2 else None)


def _did_not_move(kloe: Row, top: int) -> bool:
    """Scored at both ends and not up, unless it was already at the top of the scale."""
    if kloe.direction == "declined":
        return True
    return kloe.direction == "unchanged" and kloe.first != top


def _confidence(review: Review, framework: Framework) -> ConfidenceSummary:
    counts = {c: 0 for c in CONFIDENCE_VALUES}
    unrated = 0
    for _, _, k in framework.kloes():
        a = review.kloe(k.id)
        if a.score is None:
            continue
        if a.confidence is None:
            unrated += 1
        else:
            counts[a.confidence] += 1
    values = [CONFIDENCE_VALUES[c] for c, n in counts.items() for _ in range(n)]
    return ConfidenceSummary(counts, unrated, fmean(values) if values else None)


def _indicators(reviews: Sequence[Review],
                frameworks: Sequence[Framework]) -> tuple[IndicatorRow, ...]:
    seen: dict[str, Any] = {}
    for fw in reversed(frameworks):
        for d in fw.domains:
            for ind in d.indicators:
                seen.setdefault(ind.id, ind)
    rows = []
    for ind_id, ind in seen.items():
        values: list[float | None] = []
        rags: list[str | None] = []
        for r, fw in zip(reviews, frameworks):
            own = fw.indicator(ind_id) if fw.kind_of(ind_id) == "indicator" else None
            v = r.indicator_value(ind_id)
            value = v.value if v is not None and own is not None else None
            values.append(value)
            rags.append(rag(own, value) if own is not None else None)
        if all(v is None for v in values):
            continue
        rows.append(IndicatorRow(ind_id, ind.name, ind.unit, ind.direction == "higher",
                                 ind.threshold_text, tuple(values), tuple(rags),
                                 delta(values[0], values[-1])))
    return tuple(rows)


def _actions(reviews: Sequence[Review]) -> tuple[ActionRow, ...]:
    """Every action in any of the reviews, matched by id, in the latest review's order."""
    latest: dict[str, tuple[Action, Review]] = {}
    for r in reviews:
        for a in r.actions:
            latest[a.id] = (a, r)
    last = reviews[-1]
    as_of = last.info.review_date
    order = [a.id for a in last.actions] + [i for i in latest if last.get("action", i) is None]
    linked_by_kloe: dict[str, list[str]] = {}
    for r in reviews:
        for k in r.all("kloe"):
            for a_id in k.linked_actions:  # type: ignore[attr-defined]
                linked_by_kloe.setdefault(a_id, []).append(k.kloe_id)  # type: ignore[attr-defined]
    rows = []
    for a_id in order:
        a, r = latest[a_id]
        statuses = tuple(_status(rv, a_id) for rv in reviews)
        owners = tuple(_org_name(r, oid) for oid in a.owners)
        kloe_ids = tuple(dict.fromkeys((*a.kloe_ids, *linked_by_kloe.get(a_id, ()))))
        overdue = statuses[-1] is not None and is_overdue(a, as_of)
        rows.append(ActionRow(a.id, a.description, statuses, a.due, owners, a.lead, kloe_ids,
                              overdue))
    return tuple(rows)


def _status(review: Review, action_id: str) -> str | None:
    found = review.get("action", action_id)
    return found.status if found is not None else None  # type: ignore[attr-defined]


def _org_name(review: Review, org_id: str) -> str:
    found = review.get("org", org_id)
    return found.name if found is not None else org_id  # type: ignore[attr-defined]


def find_earlier(path: str | Path, review: Review, limit: int = 20) -> list[Path]:
    """The reviews this one was started from, oldest first, when they sit in its folder.

    Follows each review's record of its previous file and checks the review id, so a renamed
    or unrelated file of the same name is not taken for it."""
    folder = Path(path).parent
    found: list[Path] = []
    seen = {Path(path).resolve()}
    current = review.info
    while current.previous is not None and len(found) < limit:
        candidate = folder / current.previous.file_name
        if not candidate.is_file() or candidate.resolve() in seen:
            break
        try:
            with ReviewFile.open(candidate, readonly=True) as rf:
                info = rf.review.info
        except ReviewFileError:
            break
        if current.previous.review_id and info.review_id != current.previous.review_id:
            break
        seen.add(candidate.resolve())
        found.append(candidate)
        current = info
    return found[::-1]


def compare_files(paths: Sequence[str | Path]) -> Comparison:
    """Open each file read-only (they are never changed) and compare them."""
    named: list[tuple[str, Review]] = []
    seen: dict[Path, str] = {}
    for p in paths:
        p = Path(p)
        resolved = p.resolve()
        if resolved in seen:
            raise CompareError(f"{p}: given twice (also as {seen[resolved]})")
        seen[resolved] = str(p)
        with ReviewFile.open(p, readonly=True) as rf:
            named.append((str(p), rf.review))
    return compare(named)


def compare_with_earlier(path: str | Path, review: Review,
                         earlier: Sequence[str | Path]) -> Comparison:
    """``review`` (the one at ``path``, perhaps a snapshot of it) against earlier reviews of its
    system, opened read-only; refuses this review's own file and any review not earlier."""
    path = Path(path)
    named: list[tuple[str, Review]] = [(path.name, review)]
    seen = {path.resolve(): path.name}
    for p in map(Path, earlier):
        resolved = p.resolve()
        if resolved in seen:
            what = "this review itself" if seen[resolved] == path.name else "given twice"
            raise CompareError(f"{p}: it is {what}; choose an earlier review of "
                               f"{review.info.system}")
        seen[resolved] = p.name
        with ReviewFile.open(p, readonly=True) as rf:
            named.append((p.name, rf.review))
    comparison = compare(named)
    latest = comparison.reviews[-1]
    if latest.file != path.name or latest.review_id != review.info.review_id:
        raise CompareError(f"{latest.file}: its review date {latest.review_date.isoformat()} "
                           f"is not earlier than this review's "
                           f"({review.info.review_date.isoformat()}); compare with earlier "
                           f"reviews only")
    return comparison
