"""What the board reports say, worked out once for the PDF and the Word document alike.

The first two pages of a board report tell the whole story: where the partnership stands,
what changed since the last review, the few things that matter most, the actions with owners
and dates, and what the board is asked to note or decide. Then how the review was done. The
group's own executive summary and board ask are used when it wrote them; otherwise the
sentences are generated here from the scores, so both formats always say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from maturity.compare import Comparison
from maturity.glossary import used_in
from maturity.report import ActionRow, Report
from maturity.wording import (
    fmt_change,
    fmt_coverage,
    fmt_date,
    fmt_score,
    fmt_value,
    plural,
    shorten,
)

from .text import paragraphs

KEY_ACTIONS = 6
"""Actions shown on the summary pages; the action plan lists them all."""
TOP_RECOMMENDATIONS = 3
NOTES_CHARS = 1500
"""The review's own notes on how it was run, on the method page; longer notes go whole to the
appendix."""
MOVERS = 6
"""KLOEs listed as improved or declined in the detail; the workbook lists every one."""


@dataclass(frozen=True)
class DomainLine:
    number: int
    title: str
    score: float | None
    previous: object
    change: float | None
    target: float


@dataclass(frozen=True)
class ActionLine:
    description: str
    who: str
    due: str
    status: str
    overdue: bool


@dataclass(frozen=True)
class SectorLine:
    sector: str
    organisations: int
    people: int


@dataclass(frozen=True)
class BoardFacts:
    title: str
    subtitle: str
    standing: str
    summary: tuple[str, ...]
    summary_is_own: bool
    overall: DomainLine
    domains: tuple[DomainLine, ...]
    previous_label: str
    changes: tuple[str, ...]
    matters: tuple[str, ...]
    actions: tuple[ActionLine, ...]
    actions_note: str
    asks: tuple[str, ...]
    ask_is_own: bool
    method: tuple[str, ...]
    sectors: tuple[SectorLine, ...]
    undecided: int
    header: str
    notes_in_full: str = ""
    """The review's notes when the method page had to shorten them."""


def _who(a: ActionRow) -> str:
    if a.lead:
        return a.lead
    return ", ".join(a.owners) or "no owner named"


def key_actions(report: Report) -> list[ActionRow]:
    """Overdue actions first, then open ones by due date: the ones the board should see."""
    open_ = [a for a in report.actions if a.status not in ("done", "dropped")]
    return sorted(open_, key=lambda a: (not a.overdue, a.due is None, a.due or report.today))


def _standing(report: Report, c: Comparison | None) -> str:
    label = report.scale_label(int(float(fmt_score(report.score)) + 0.5)) \
        if report.score is not None else ""
    out = (f"The partnership scored itself {fmt_score(report.score)} out of "
           f"{report.scale_max} overall" + (f" ({label.lower()})" if label else ""))
    if c is not None and c.since_last.overall.first is not None:
        since = c.since_last
        out += (f", against {fmt_value(since.overall.first)} at the last review on "
                f"{since.reviews[0].label}")
    out += (f". {report.good} is good practice; {fmt_coverage(report.coverage)} of the key "
            f"lines of enquiry were assessed.")
    scored = sorted(report.scored_domains, key=lambda d: d.score or 0, reverse=True)
    if len(scored) >= 4:
        strong, weak = scored[:2], scored[-2:][::-1]
        out += (" Strongest: " + " and ".join(f"{d.title} ({fmt_score(d.score)})"
                                             for d in strong)
                + "; weakest: " + " and ".join(f"{d.title} ({fmt_score(d.score)})"
                                              for d in weak) + ".")
    unassessed = [d.label for d in report.domains if d.score is None]
    if unassessed:
        out += " Not yet assessed: " + ", ".join(unassessed) + "."
    return out


def _changes(report: Report, c: Comparison | None) -> list[str]:
    if c is None:
        if report.review_type == "First review":
            return ["This is the partnership's first review: it sets the baseline the next "
                    "review will be measured against."]
        return ["No earlier review was given to compare with, so changes are not shown."]
    since = c.since_last
    out = [f"Overall {fmt_change(since.overall.change)} since {since.reviews[0].label}"
           + (f" ({since.change_caveat})" if since.change_caveat else "")
           + f": {len(since.improved)} key lines of enquiry improved, "
           f"{len(since.declined)} declined and {len(since.unchanged)} stayed the same."]
    moved = [d for d in since.domains if d.change is not None]
    ups = sorted((d for d in moved if d.change > 0), key=lambda d: -d.change)[:3]
    downs = sorted((d for d in moved if d.change < 0), key=lambda d: d.change)[:3]
    if ups:
        out.append("Biggest rises: " + ", ".join(f"{d.title} {fmt_change(d.change)}"
                                                  for d in ups) + ".")
    if downs:
        out.append("Fell: " + ", ".join(f"{d.title} {fmt_change(d.change)}"
                                        for d in downs) + ".")
    p = since.progress()
    if p["total"]:
        out.append(f"Action plan: {p['done']} of {p['total']} actions done, "
                   f"{p['in_progress']} in progress, {p['overdue']} overdue.")
    better = sum(1 for i in since.indicators if i.movement == "better")
    worse = sum(1 for i in since.indicators if i.movement == "worse")
    if better or worse:
        out.append(f"Indicators: {better} better and {worse} worse than at the last review.")
    return out


def _matters(report: Report) -> list[str]:
    out: list[str] = []
    gaps = sorted((d for d in report.domains if d.score is not None),
                  key=lambda d: d.score - d.target)[:2]
    if gaps:
        out.append("Furthest below target: " + "; ".join(
            f"{d.title}, {fmt_score(d.score)} against a target of {fmt_score(d.target)}"
            for d in gaps) + ".")
    breached = [i for i in report.indicators if i.rag == "R"]
    if breached:
        names = "; ".join(f"{shorten(i.name, 70)} at {i.value_text} "
                          f"(threshold {i.threshold_text})" for i in breached[:3])
        more = (f", and {len(breached) - 3} more (see the indicators in each domain)"
                if len(breached) > 3 else "")
        out.append(f"{plural(len(breached), 'indicator')} outside threshold: {names}{more}.")
    top = sorted(report.accepted_recommendations, key=lambda r: -r.priority_score)
    for r in top[:TOP_RECOMMENDATIONS]:
        out.append(f"{r.priority_text} priority: {shorten(r.text, 190)}")
    return out


def _asks(report: Report, c: Comparison | None) -> list[str]:
    overdue = [a for a in report.actions if a.overdue]
    agreed = len(report.accepted_recommendations)
    undecided = sum(1 for r in report.recommendations if r.status == "suggested")
    out = ["Note where the partnership stands"
           + (" and what has changed since the last review." if c is not None else ".")]
    if agreed:
        out.append(f"Endorse the {plural(agreed, 'recommendation')} the partnership has "
                   f"agreed, and the action plan that answers them.")
    if overdue:
        out.append(f"Note the {plural(len(overdue), 'overdue action')} and ask the owners "
                   f"for a recovery date.")
    if undecided:
        out.append(f"Note that {plural(undecided, 'suggested recommendation')} "
                   f"{'is' if undecided == 1 else 'are'} still to be decided by the "
                   f"partnership.")
    return out


def _method(report: Report) -> list[str]:
    people = sum(len(p.attendees) for p in report.partners)
    out = [f"{report.review_type} on {fmt_date(report.review_date)}"
           + (f", facilitated by {report.facilitator}" if report.facilitator else "")
           + f", against the {report.framework_title} (version {report.framework_version})."]
    notes = report.notes.strip()
    if len(notes) > NOTES_CHARS:  # cut at a word, and said; the appendix has it whole
        cut = notes[:NOTES_CHARS]
        cut = cut[:max(cut.rfind(" "), cut.rfind("\n"), NOTES_CHARS // 2)].rstrip(" ,;:")
        notes = cut + "… (the notes continue in full in the appendix)"
    if notes:
        out += paragraphs(notes)
    out.append(f"{plural(len(report.partners), 'partner organisation')} took part"
               + (f", with {plural(people, 'person', 'people')} named on the roster"
                  if people else "") + ".")
    levels = ", ".join(f"{v} {label.lower()}" for v, label, _ in report.scale)
    out.append(f"Each key line of enquiry was rated on a scale of 0 to {report.scale_max} "
               f"({levels}) with the evidence for it; element and domain scores are the "
               f"means of those ratings. Where partners disagreed, each stakeholder group's "
               f"score was recorded as well.")
    return out


def board_facts(report: Report, comparison: Comparison | None = None) -> BoardFacts:
    c = comparison
    prev = {}
    label = ""
    if c is not None:
        since = c.since_last
        label = since.reviews[0].label
        prev = {r.id: r for r in since.domains}
    domains = tuple(DomainLine(d.number, d.title, d.score,
                               prev[d.id].first if d.id in prev else None,
                               prev[d.id].change if d.id in prev else None, d.target)
                    for d in report.domains)
    since = c.since_last if c is not None else None
    overall = DomainLine(0, "Overall", report.score,
                         since.overall.first if since else None,
                         since.overall.change if since else None,
                         sum(d.target for d in report.domains) / max(1, len(report.domains)))
    picked = key_actions(report)
    shown = picked[:KEY_ACTIONS]
    actions = tuple(ActionLine(shorten(a.description, 150), shorten(_who(a), 60),
                               fmt_date(a.due), a.status_text, a.overdue) for a in shown)
    rest = len(report.actions) - len(shown)
    note = (f"The action plan lists all {len(report.actions)} actions, "
            f"{sum(1 for a in report.actions if a.status == 'done')} of them done."
            if rest else "")
    summary = paragraphs(report.summary_text)
    asks = paragraphs(report.board_ask)
    by_sector: dict[str, list[int]] = {}
    for p in report.partners:
        counts = by_sector.setdefault(p.sector or "Other", [0, 0])
        counts[0] += 1
        counts[1] += len(p.attendees)
    sectors = tuple(SectorLine(s, n, k) for s, (n, k) in
                    sorted(by_sector.items(), key=lambda x: (-x[1][0], x[0])))
    return BoardFacts(
        title=f"{report.system}: maturity self-review",
        subtitle=(f"Children and young people's mental health · {report.review_type} · "
                  f"{fmt_date(report.review_date)}"),
        standing=_standing(report, c), summary=tuple(summary),
        summary_is_own=bool(summary), overall=overall, domains=domains, previous_label=label,
        changes=tuple(_changes(report, c)), matters=tuple(_matters(report)),
        actions=actions, actions_note=note,
        asks=tuple(asks or _asks(report, c)), ask_is_own=bool(asks),
        method=tuple(_method(report)), sectors=sectors,
        undecided=sum(1 for r in report.recommendations if r.status == "suggested"),
        header=f"{report.system} · maturity self-review · {fmt_date(report.review_date)}",
        notes_in_full=report.notes if len(report.notes.strip()) > NOTES_CHARS else "")


def glossary(texts: list[str]) -> list[tuple[str, str]]:
    """The abbreviations the report's own text uses."""
    return used_in(texts)
