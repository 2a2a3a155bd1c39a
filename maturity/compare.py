"""Comparing reviews of one system over time: what moved, what did not, and did the actions work.

Reviews are put in date order and matched by the framework's stable ids, so reviews scored on
different versions of one framework still line up; items that exist in only some versions are
shown where they exist and reported as added, retired or reworded. Each review is rolled up on
the framework copy it was scored against. Change is always last minus first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean
from typing import Any

from .actions import is_overdue
from .framework import Framework, format_number, unit_suffix
from .rereview import FrameworkChanges, framework_changes
from .review import ACTION_STATUSES, Action, Review
from .reviewfile import ReviewFile, ReviewFileError
from .scoring import rag, rollup

EPSILON = 1e-9
CONFIDENCE_VALUES = {"low": 1, "medium": 2, "high": 3}
WORKED_STATUSES = ("in_progress", "done")


class CompareError(ValueError):
    """Reviews that cannot be compared; the message names the files and the mismatch."""


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _delta(first: object, last: object) -> float | None:
    if isinstance(first, bool) or isinstance(last, bool):
        return None
    if isinstance(first, (int, float)) and isinstance(last, (int, float)):
        return last - first
    return None


def direction(change: float | None) -> str | None:
    if change is None:
        return None
    if change > EPSILON:
        return "improved"
    if change < -EPSILON:
        return "declined"
    return "unchanged"


@dataclass(frozen=True)
class ReviewRef:
    file: str
    system: str
    review_date: dt.date
    review_id: str
    review_type: str
    framework_version: str

    @property
    def label(self) -> str:
        return self.review_date.strftime("%d %b %Y").lstrip("0")


@dataclass(frozen=True)
class Row:
    """One domain, element or KLOE across the reviews. KLOE scores are ratings (a scale value,
    ``"na"`` or ``None``); domain and element scores are roll-up means or ``None``."""

    level: str
    id: str
    title: str
    scores: tuple[Any, ...]
    change: float | None
    domain_id: str = ""
    element_id: str = ""
    coverage: tuple[float | None, ...] = ()
    status: str = ""
    reason: str = ""
    label: str = ""

    @property
    def direction(self) -> str | None:
        return direction(self.change)

    @property
    def first(self) -> Any:
        return self.scores[0]

    @property
    def last(self) -> Any:
        return self.scores[-1]


@dataclass(frozen=True)
class IndicatorRow:
    id: str
    name: str
    unit: str
    higher_is_better: bool
    threshold_text: str
    values: tuple[float | None, ...]
    rags: tuple[str | None, ...]
    change: float | None

    @property
    def movement(self) -> str | None:
        """``better``/``worse``/``same`` by the indicator's direction, not the number's sign."""
        if self.change is None:
            return None
        if abs(self.change) <= EPSILON:
            return "same"
        return "better" if (self.change > 0) == self.higher_is_better else "worse"


@dataclass(frozen=True)
class ActionRow:
    id: str
    description: str
    statuses: tuple[str | None, ...]
    due: dt.date | None
    owners: tuple[str, ...]
    lead: str
    kloe_ids: tuple[str, ...]
    overdue: bool

    @property
    def status(self) -> str | None:
        return self.statuses[-1]

    @property
    def removed(self) -> bool:
        return self.statuses[-1] is None

    @property
    def new(self) -> bool:
        return self.statuses[0] is None


@dataclass(frozen=True)
class ActionEffect:
    """A finished action and the linked KLOEs that did not move up."""

    action: ActionRow
    unmoved: tuple[Row, ...]


@dataclass(frozen=True)
class UnexplainedMove:
    """A KLOE whose score moved with no action in progress or done behind it."""

    kloe: Row
    linked_actions: tuple[str, ...]


@dataclass(frozen=True)
class ConfidenceSummary:
    counts: dict[str, int]
    unrated: int
    mean: float | None


@dataclass(frozen=True)
class Comparison:
    reviews: tuple[ReviewRef, ...]
    overall: Row
    domains: tuple[Row, ...]
    elements: tuple[Row, ...]
    kloes: tuple[Row, ...]
    confidence: tuple[ConfidenceSummary, ...]
    indicators: tuple[IndicatorRow, ...]
    actions: tuple[ActionRow, ...]
    done_not_moved: tuple[ActionEffect, ...]
    moved_without_action: tuple[UnexplainedMove, ...]
    framework_changes: tuple[tuple[int, int, FrameworkChanges], ...]
    scale_max: int = 4
    last_step: Comparison | None = None

    @property
    def since_last(self) -> Comparison:
        """The latest review against the one before it (this comparison, for two reviews)."""
        return self.last_step or self

    @property
    def system(self) -> str:
        return self.reviews[-1].system

    def _kloes(self, which: str | None) -> tuple[Row, ...]:
        return tuple(k for k in self.kloes if k.direction == which)

    @property
    def improved(self) -> tuple[Row, ...]:
        return self._kloes("improved")

    @property
    def declined(self) -> tuple[Row, ...]:
        return self._kloes("declined")

    @property
    def unchanged(self) -> tuple[Row, ...]:
        return self._kloes("unchanged")

    @property
    def not_compared(self) -> tuple[Row, ...]:
        """KLOEs without a score at both ends: new, retired, not assessed or not applicable."""
        return self._kloes(None)

    @property
    def coverage_change(self) -> float | None:
        return _delta(self.overall.coverage[0], self.overall.coverage[-1])

    @property
    def confidence_change(self) -> float | None:
        return _delta(self.confidence[0].mean, self.confidence[-1].mean)

    @property
    def has_trend(self) -> bool:
        return len(self.reviews) >= 3

    @property
    def trend(self) -> tuple[Row, ...]:
        """Domain scores over time (meaningful with three or more reviews)."""
        return self.domains if self.has_trend else ()

    def progress(self) -> dict[str, int]:
        """The action plan as it stands at the latest review."""
        current = [a for a in self.actions if not a.removed]
        counts = {s: sum(1 for a in current if a.status == s) for s in ACTION_STATUSES}
        counts["total"] = len(current)
        counts["overdue"] = sum(1 for a in current if a.overdue)
        counts["done_since_first"] = sum(1 for a in current
                                         if a.status == "done" and a.statuses[0] != "done")
        counts["new"] = sum(1 for a in current if a.new)
        counts["removed"] = sum(1 for a in self.actions if a.removed)
        return counts

    @property
    def overdue(self) -> tuple[ActionRow, ...]:
        return tuple(a for a in self.actions if a.overdue)

    @property
    def dropped(self) -> tuple[ActionRow, ...]:
        return tuple(a for a in self.actions if a.status == "dropped")

    @property
    def done(self) -> tuple[ActionRow, ...]:
        return tuple(a for a in self.actions if a.status == "done")

    def row(self, item_id: str) -> Row:
        for r in (self.overall, *self.domains, *self.elements, *self.kloes):
            if r.id == item_id:
                return r
        raise KeyError(item_id)

    def to_json(self) -> dict[str, Any]:
        def rows(items: Sequence[Row], extra) -> list[dict[str, Any]]:
            return [{"id": r.id, "title": r.title, "scores": list(r.scores), "change": r.change,
                     **extra(r)} for r in items]

        progress = self.progress()
        return {
            "reviews": [{"file": r.file, "system": r.system,
                         "review_date": r.review_date.isoformat(),
                         "review_type": r.review_type,
                         "framework_version": r.framework_version} for r in self.reviews],
            "domains": rows(self.domains, lambda r: {"coverage": list(r.coverage)}),
            "elements": rows(self.elements, lambda r: {"domain": r.domain_id,
                                                       "coverage": list(r.coverage)}),
            "kloes": rows(self.kloes, lambda r: {"element": r.element_id,
                                                 "framework_change": r.status or None,
                                                 "reason": r.reason}),
            "overall": {"scores": list(self.overall.scores), "change": self.overall.change,
                        "coverage": list(self.overall.coverage),
                        "coverage_change": self.coverage_change},
            "improved": [r.id for r in self.improved],
            "declined": [r.id for r in self.declined],
            "unchanged": [r.id for r in self.unchanged],
            "not_compared": [r.id for r in self.not_compared],
            "confidence": {"per_review": [{"counts": c.counts, "unrated": c.unrated,
                                           "mean": c.mean} for c in self.confidence],
                           "change": self.confidence_change},
            "indicators": [{"id": i.id, "name": i.name, "unit": i.unit, "values": list(i.values),
                            "rag": list(i.rags), "change": i.change, "movement": i.movement,
                            "threshold": i.threshold_text} for i in self.indicators],
            "actions": {
                "progress": progress,
                "items": [{"id": a.id, "description": a.description,
                           "statuses": list(a.statuses), "overdue": a.overdue,
                           "due": a.due.isoformat() if a.due else None,
                           "kloes": list(a.kloe_ids)} for a in self.actions]},
            "done_not_moved": [{"action": e.action.id, "description": e.action.description,
                                "kloes": [{"id": k.id, "change": k.change,
                                           "scores": list(k.scores)} for k in e.unmoved]}
                               for e in self.done_not_moved],
            "moved_without_action": [{"kloe": m.kloe.id, "change": m.kloe.change,
                                      "linked_actions": list(m.linked_actions)}
                                     for m in self.moved_without_action],
            "trend": [{"id": r.id, "title": r.title, "scores": list(r.scores)}
                      for r in self.trend],
            "framework_changes": [
                {"from_review": i, "to_review": j, "from_version": c.from_version,
                 "to_version": c.to_version,
                 "added": [k.kloe_id for k in c.added],
                 "retired": [k.kloe_id for k in c.retired],
                 "reworded": [k.kloe_id for k in c.reworded]}
                for i, j, c in self.framework_changes],
        }


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
        domains.append(Row("domain", d.id, d.title, scores, _delta(scores[0], scores[-1]),
                           domain_id=d.id, coverage=rolled("domain", d.id, "coverage"),
                           label=d.label))
    elements = []
    for d, e in element_list:
        scores = rolled("element", e.id, "score")
        elements.append(Row("element", e.id, e.title, scores, _delta(scores[0], scores[-1]),
                            domain_id=d.id, element_id=e.id,
                            coverage=rolled("element", e.id, "coverage")))
    kloes = []
    for d, e, k in kloe_list:
        scores = tuple(r.kloe(k.id).rating if fw.kind_of(k.id) == "kloe" else None
                       for r, fw in zip(reviews, frameworks))
        kloes.append(Row("kloe", k.id, k.statement, scores, _delta(scores[0], scores[-1]),
                         domain_id=d.id, element_id=e.id, status=status.get(k.id, ""),
                         reason=reviews[-1].kloe(k.id).change_reason))
    overall_scores = tuple(r.score for r in rolls)
    overall = Row("overall", "overall", "Overall", overall_scores,
                  _delta(overall_scores[0], overall_scores[-1]),
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
                                 _delta(values[0], values[-1])))
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


def fmt_value(value: Any, digits: int = 1) -> str:
    """A score for people: a rating as typed, a mean to one place, '—' when there is none."""
    if value is None:
        return "—"
    if value == "na":
        return "N/A"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{digits}f}"


def fmt_change(change: float | None, digits: int = 1) -> str:
    """A signed change: whole levels for a KLOE rating, one decimal place for a mean."""
    if change is None:
        return "—"
    text = str(abs(change)) if isinstance(change, int) else f"{abs(change):.{digits}f}"
    if text.strip("0.") == "":
        return text
    return ("+" if change > 0 else "−") + text


def report_lines(c: Comparison) -> list[str]:
    """The comparison as plain text: the CLI's output, readable in a terminal or an email."""
    dates = [r.label for r in c.reviews]
    width = 44
    head = "".join(f"{d:>13}" for d in dates)
    out = [f"{c.system}: {len(c.reviews)} reviews compared, change is "
           f"{dates[-1]} minus {dates[0]}", ""]
    for i, j, step in c.framework_changes:
        out.append(f"Framework {step.framework_id} changed from {step.from_version} "
                   f"({dates[i]}) to {step.to_version} ({dates[j]}): "
                   f"{len(step.added)} KLOEs added, {len(step.retired)} retired, "
                   f"{len(step.reworded)} reworded")
        out += [f"  {line.strip()}" for line in step.lines()[1:]]
    if c.framework_changes:
        out.append("")
    out.append(f"{'':<{width}}{head}  Change")

    def line(label: str, values: Sequence[Any], change: float | None, fmt=fmt_value,
             chg=fmt_change) -> str:
        label = label if len(label) <= width - 1 else label[:width - 2] + "…"
        return f"{label:<{width}}" + "".join(f"{fmt(v):>13}" for v in values) + \
            f"  {chg(change)}"

    out.append(line("Overall", c.overall.scores, c.overall.change))
    out.append(line("Coverage", c.overall.coverage, c.coverage_change,
                    fmt=lambda v: "—" if v is None else f"{v:.0%}",
                    chg=lambda d: "—" if d is None else f"{d * 100:+.0f} pts"))
    out.append(line("Confidence (mean; 1 low, 3 high)", [x.mean for x in c.confidence],
                    c.confidence_change))
    elements_by_domain: dict[str, list[Row]] = {}
    for e in c.elements:
        elements_by_domain.setdefault(e.domain_id, []).append(e)
    for d in c.domains:
        out.append(line(d.title, d.scores, d.change))
        for e in elements_by_domain.get(d.id, []):
            out.append(line(f"    {e.title}", e.scores, e.change))

    def kloe_text(k: Row) -> str:
        flag = f" [{k.status}]" if k.status else ""
        return (f"  {k.id}: {' → '.join(fmt_value(s) for s in k.scores)} "
                f"({fmt_change(k.change)}){flag}  {k.title}")

    for title, rows in (("Improved", c.improved), ("Declined", c.declined)):
        out += ["", f"{title} ({len(rows)}):"] + [kloe_text(k) for k in rows]
    out += ["", f"Unchanged ({len(c.unchanged)}): " + _some(ids_of(c.unchanged))]
    out += [f"Not compared ({len(c.not_compared)}; no score at one end): "
            + _some(ids_of(c.not_compared))]
    if c.indicators:
        out += ["", "Indicators:"]
        for ind in c.indicators:
            values = " → ".join(
                ("—" if v is None else f"{format_number(v)}{unit_suffix(ind.unit)}")
                + (f" {r}" if r else "") for v, r in zip(ind.values, ind.rags))
            threshold = (ind.threshold_text if ind.threshold_text == "no threshold"
                         else f"threshold {ind.threshold_text}")
            out.append(f"  {ind.name}: {values} ({ind.movement or 'not compared'}; "
                       f"{threshold})")
    p = c.progress()
    out += ["", f"Action plan: {p['total']} actions — {p['done']} done, {p['in_progress']} in "
                f"progress, {p['not_started']} not started, {p['blocked']} blocked, "
                f"{p['dropped']} dropped; {p['overdue']} overdue; {p['new']} new since "
                f"{dates[0]}"]
    for title, rows in (("Overdue", c.overdue), ("Dropped", c.dropped)):
        for a in rows:
            due = f" (due {a.due.isoformat()})" if a.due else ""
            out.append(f"  {title}: {a.description}{due}")
    out += ["", "Done, but the linked KLOEs did not move:"]
    out += [f"  {e.action.description} — "
            + "; ".join(f"{k.id} {' → '.join(fmt_value(s) for s in k.scores)}"
                        for k in e.unmoved) for e in c.done_not_moved] or ["  none"]
    out += ["", "Moved with no action in progress or done behind them:"]
    out += [kloe_text(m.kloe) for m in c.moved_without_action] or ["  none"]
    return out


def _some(ids: list[str], limit: int = 20) -> str:
    if len(ids) <= limit:
        return ", ".join(ids)
    return ", ".join(ids[:limit]) + f" … and {len(ids) - limit} more (--json lists them all)"


def ids_of(rows: Sequence[Row]) -> list[str]:
    return [r.id for r in rows]
