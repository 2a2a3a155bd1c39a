"""A review flattened into plain, immutable data for the outputs.

Every output (workbook, board report, plain-language summary, JSON and CSV) reads the same
``Report``, so they never disagree about a score or a name, and because it holds no live review
it can be handed to a background thread while the group keeps editing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .flags import kloe_flags, ordered
from .plan import action_domains, effective_rag, is_overdue, owner_names
from .recommend import OWN_REASON, PRIORITY_WORDS, STATUS_WORDS
from .review import ACTION_STATUSES, EVIDENCE_TYPES, Review
from .rules import indicator_warnings
from .scoring import RAG_WORDS, group_scores_in_order, rag, rollup
from .wording import fmt_date, fmt_number, rating_text, unit_suffix

REVIEW_TYPES = {"first": "First review", "re-review": "Re-review"}


@dataclass(frozen=True)
class EvidenceRow:
    id: str
    kloe_id: str
    type: str
    title: str
    date: dt.date | None
    link: str
    filename: str
    note: str


@dataclass(frozen=True)
class KloeRow:
    id: str
    statement: str
    rating: int | str | None
    score: int | None
    rating_text: str
    confidence: str
    group_scores: tuple[tuple[str, int], ...]
    spread: int | None
    disagreement: bool
    narrative: str
    evidence: tuple[EvidenceRow, ...]
    previous_text: str = ""
    change_reason: str = ""
    previous_score: int | None = None
    votes: dict[str, dict[str, int]] = field(default_factory=dict, compare=False)
    flags: tuple[str, ...] = ()  # maturity.flags, in FLAG_ORDER
    ref: str = ""
    """Where it sits, as readers number it: domain.element.line ("3.2.4")."""


@dataclass(frozen=True)
class ElementRow:
    id: str
    title: str
    score: float | None
    target: int
    gap: float | None
    coverage: float | None
    kloes: tuple[KloeRow, ...]


@dataclass(frozen=True)
class IndicatorRow:
    id: str
    domain_id: str
    name: str
    unit: str
    direction: str
    value: float | None
    value_text: str
    date: dt.date | None
    source: str
    threshold: float | None
    threshold_text: str
    rag: str | None
    problem: str = ""
    """Why the figure cannot be right (the indicator rule); it then has no RAG."""

    @property
    def rag_text(self) -> str:
        return RAG_WORDS[self.rag]


@dataclass(frozen=True)
class DomainRow:
    id: str
    number: int
    title: str
    label: str
    statement: str
    score: float | None
    coverage: float | None
    target: float
    common_findings: tuple[str, ...]
    resources: tuple[tuple[str, str], ...]
    elements: tuple[ElementRow, ...]
    indicators: tuple[IndicatorRow, ...]

    @property
    def kloes(self) -> list[KloeRow]:
        return [k for e in self.elements for k in e.kloes]


@dataclass(frozen=True)
class RecommendationRow:
    id: str
    source_id: str
    text: str
    original_text: str
    status: str
    status_text: str
    priority: str
    priority_text: str
    priority_score: float
    reason: str
    trigger_holds: bool
    domain_id: str
    domain_label: str
    element_titles: tuple[str, ...]
    high_impact: str
    note: str
    plain: str = ""
    rejection_reason: str = ""

    @property
    def accepted(self) -> bool:
        return self.status in ("accepted", "edited")

    @property
    def own(self) -> bool:
        return not self.source_id


@dataclass(frozen=True)
class ActionRow:
    id: str
    description: str
    recommendation_ids: tuple[str, ...]
    recommendation_texts: tuple[str, ...]
    kloe_ids: tuple[str, ...]
    owners: tuple[str, ...]
    lead: str
    start: dt.date | None
    due: dt.date | None
    status: str
    status_text: str
    rag: str | None
    effective_rag: str | None
    overdue: bool
    success_measure: str
    notes: tuple[tuple[dt.date, str], ...]
    domain_ids: tuple[str, ...]
    domain_labels: tuple[str, ...]
    carried: bool
    plain: str = ""


@dataclass(frozen=True)
class ParkingRow:
    id: str
    text: str
    where: str
    status: str
    raised: dt.date


@dataclass(frozen=True)
class Partner:
    name: str
    sector: str
    attendees: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    system: str
    review_date: dt.date
    review_type: str
    previous: str
    facilitator: str
    framework_title: str
    framework_id: str
    framework_version: str
    scale: tuple[tuple[int, str, str], ...]
    scale_max: int
    good: int
    partners: tuple[Partner, ...]
    score: float | None
    coverage: float | None
    domains: tuple[DomainRow, ...]
    recommendations: tuple[RecommendationRow, ...]
    actions: tuple[ActionRow, ...]
    parking: tuple[ParkingRow, ...]
    high_impact: tuple[tuple[str, str], ...]
    today: dt.date
    notes: str = ""
    help_text: str = ""
    contact: str = ""
    summary_text: str = ""
    """The group's own executive summary (empty: the reports write their own)."""
    board_ask: str = ""
    """What the group asks the board to note or decide."""
    _index: dict = field(default_factory=dict, compare=False, repr=False)
    _refs: dict = field(default_factory=dict, compare=False, repr=False)

    def domain(self, domain_id: str) -> DomainRow:
        if not self._index:
            self._index.update({d.id: d for d in self.domains})
        return self._index[domain_id]

    @property
    def scored_domains(self) -> list[DomainRow]:
        return [d for d in self.domains if d.score is not None]

    @property
    def accepted_recommendations(self) -> list[RecommendationRow]:
        return [r for r in self.recommendations if r.accepted]

    @property
    def indicators(self) -> list[IndicatorRow]:
        return [i for d in self.domains for i in d.indicators]

    @property
    def evidence(self) -> list[tuple[DomainRow, KloeRow, EvidenceRow]]:
        return [(d, k, e) for d in self.domains for k in d.kloes for e in k.evidence]

    def kloe_ref(self, kloe_id: str) -> str:
        """A KLOE's reader-facing number ("3.2.4"), or "" for one not in the framework."""
        if not self._refs:
            self._refs.update({k.id: k.ref for d in self.domains for k in d.kloes})
        return self._refs.get(kloe_id, "")

    def scale_label(self, value: int) -> str:
        return next((label for v, label, _ in self.scale if v == value), str(value))


def _where(review: Review, item_id: str) -> str:
    fw = review.framework
    kind = fw.kind_of(item_id) if item_id else None
    if kind == "domain":
        return fw.domain(item_id).label
    if kind in ("element", "kloe"):
        d, e = fw.parents(item_id)
        if kind == "element":
            return f"{d.label} › {e.title}"
        n = next(i for i, k in enumerate(e.kloes, 1) if k.id == item_id)
        return f"{d.label} › {e.title}, key line {n}"  # a reader is never shown an id
    return "General" if not item_id else "an item no longer in the framework"


def _framework_plain(fw, source_id: str, text: str) -> str:
    """The framework's plain words, while the group's wording still says what the framework's
    does (an edited recommendation may no longer mean what the plain line says)."""
    if not source_id or fw.kind_of(source_id) != "recommendation":
        return ""
    rec = fw.recommendation(source_id)
    return (rec.plain or "") if text == rec.text else ""


def build_report(review: Review, today: dt.date | None = None) -> Report:
    """Flatten ``review`` into a ``Report``. Cheap enough to call on the UI thread."""
    today = today or dt.date.today()
    fw = review.framework
    roll = rollup(review)
    flagged = indicator_warnings(review, today)
    evidence_by_kloe: dict[str, list[EvidenceRow]] = {}
    for kloe_id in {e.kloe_id for e in review.all("evidence")}:  # type: ignore[attr-defined]
        evidence_by_kloe[kloe_id] = [
            EvidenceRow(id=e.id, kloe_id=e.kloe_id, type=EVIDENCE_TYPES.get(e.type, e.type),
                        title=e.title, date=e.date, link=e.link, filename=e.filename,
                        note=e.note) for e in review.evidence_for(kloe_id)]
    domains = []
    for d in fw.domains:
        dr = roll.domain(d.id)
        elements = []
        for en, e in enumerate(d.elements, 1):
            er = roll.element(e.id)
            kloes = []
            for kn, (k, kr) in enumerate(zip(e.kloes, er.kloes), 1):
                a = review.kloe(k.id)
                kloes.append(KloeRow(
                    id=k.id, statement=k.statement, rating=a.rating, score=a.score,
                    rating_text=rating_text(a.rating, review.framework.scale, none="Not assessed"),
                    confidence=(a.confidence or "").capitalize(),
                    group_scores=tuple(group_scores_in_order(a.group_scores)), spread=kr.spread,
                    disagreement=kr.disagreement, flags=ordered(kloe_flags(kr)),
                    narrative=a.narrative,
                    evidence=tuple(evidence_by_kloe.get(k.id, ())), votes=dict(a.votes),
                    previous_text=(rating_text(a.previous_rating, review.framework.scale, none="Not assessed")
                                   if review.info.review_type == "re-review" else ""),
                    change_reason=a.change_reason,
                    previous_score=(a.previous_rating
                                    if isinstance(a.previous_rating, int) else None),
                    ref=f"{d.number}.{en}.{kn}"))
            elements.append(ElementRow(id=e.id, title=e.title, score=er.score, target=er.target,
                                       gap=er.gap, coverage=er.coverage, kloes=tuple(kloes)))
        indicators = []
        for ind in d.indicators:
            v = review.indicator_value(ind.id)
            problem = flagged.get(ind.id, "")
            value = v.value if v else None
            indicators.append(IndicatorRow(
                id=ind.id, domain_id=d.id, name=ind.name, unit=ind.unit,
                direction=ind.direction, value=value,
                value_text=("" if value is None
                            else f"{fmt_number(value)}{unit_suffix(ind.unit)}"),
                date=v.date if v else None, source=(v.source if v and v.source else ind.source),
                threshold=ind.threshold, threshold_text=ind.threshold_text,
                rag=None if problem else rag(ind, value), problem=problem))
        domains.append(DomainRow(
            id=d.id, number=d.number, title=d.title, label=d.label,
            statement=d.indicator_statement, score=dr.score, coverage=dr.coverage,
            target=dr.target, common_findings=d.common_findings,
            # reports list links; a document the source names without an address has none
            resources=tuple((r.title, r.url) for r in d.resources if r.url),
            elements=tuple(elements), indicators=tuple(indicators)))
    hic = {h.id: h.title for h in fw.high_impact_changes}
    recs = []
    rec_text = {}
    for r in review.recommendations:
        rec_text[r.id] = r.text
        label = fw.domain(r.domain_id).label if fw.kind_of(r.domain_id) == "domain" else ""
        recs.append(RecommendationRow(
            id=r.id, source_id=r.source_id, text=r.text, original_text=r.original_text,
            status=r.status, status_text=STATUS_WORDS[r.status], priority=r.priority,
            priority_text=PRIORITY_WORDS[r.priority], priority_score=r.priority_score,
            reason=r.reason or ("" if r.source_id else OWN_REASON),
            trigger_holds=r.trigger_holds, domain_id=r.domain_id, domain_label=label,
            element_titles=tuple(fw.element(e).title for e in r.element_ids
                                 if fw.kind_of(e) == "element"),
            high_impact=hic.get(r.high_impact, r.high_impact), note=r.note,
            rejection_reason=r.rejection_reason if r.status == "rejected" else "",
            plain=r.plain or _framework_plain(fw, r.source_id, r.text)))
    actions = []
    for a in review.actions:
        ds = action_domains(review, a)
        actions.append(ActionRow(
            id=a.id, description=a.description, recommendation_ids=a.recommendation_ids,
            recommendation_texts=tuple(rec_text[r] for r in a.recommendation_ids
                                       if r in rec_text),
            kloe_ids=a.kloe_ids, owners=tuple(owner_names(review, a)), lead=a.lead,
            start=a.start, due=a.due, status=a.status, status_text=ACTION_STATUSES[a.status],
            rag=a.rag, effective_rag=effective_rag(a, today), overdue=is_overdue(a, today),
            success_measure=a.success_measure, notes=tuple((n.date, n.text) for n in a.notes),
            domain_ids=ds, domain_labels=tuple(fw.domain(x).label for x in ds),
            carried=bool(a.carried_from), plain=a.plain))
    parking = tuple(ParkingRow(id=p.id, text=p.text, where=_where(review, p.item_id),
                               status=p.status.capitalize(), raised=p.raised_at.date())
                    for p in review.parking)
    info = review.info
    previous = ""
    if info.previous is not None:
        previous = f"{info.previous.system}, {fmt_date(info.previous.review_date)}"
    return Report(
        system=info.system, review_date=info.review_date,
        review_type=REVIEW_TYPES.get(info.review_type, info.review_type), previous=previous,
        facilitator=info.facilitator, framework_title=fw.title, framework_id=fw.id,
        framework_version=fw.version,
        scale=tuple((lvl.value, lvl.label, lvl.descriptor) for lvl in fw.scale.levels),
        scale_max=fw.scale.maximum, good=fw.scale.good,
        partners=tuple(Partner(o.name, o.sector, o.attendees) for o in review.organisations),
        score=roll.score, coverage=roll.coverage, domains=tuple(domains),
        recommendations=tuple(recs), actions=tuple(actions), parking=parking,
        high_impact=tuple(hic.items()), today=today, notes=info.notes,
        help_text=info.help_text, contact=info.contact,
        summary_text=info.summary_text, board_ask=info.board_ask)
