"""Recommendations: the framework's triggers evaluated on a review, and the group's decisions.

A framework recommendation is suggested when any element it watches scores below the trigger
level, or when its indicator breaches the threshold. Each suggestion carries its reason in words
and a priority. Suggestions live in the review as ``RecommendationItem`` records keyed by the
framework id, so re-evaluating after the scores move refreshes the reason and priority and marks
items whose trigger no longer holds, but never touches the text, status or note the group set.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .commands import Change, Command, change
from .edits import MAX_SHORT_TEXT, ReviewError, clean_text, new_id, now
from .framework import Recommendation
from .review import PRIORITIES, RecommendationItem, Review
from .scoring import Rollup, breaches, rollup
from .wording import fmt_number, fmt_score, shorten, unit_suffix

GAP_WEIGHT = 2.0
BREACH_WEIGHT = 2.0
BREACH_SEVERITY_WEIGHT = 1.0
HIGH_IMPACT_WEIGHT = 1.5
HIGH_FROM = 4.0
MEDIUM_FROM = 2.0

STATUS_WORDS = {"suggested": "Suggested", "accepted": "Accepted", "edited": "Accepted (edited)",
                "rejected": "Rejected"}
PRIORITY_WORDS = {"high": "High", "medium": "Medium", "low": "Low"}
OWN_REASON = "Added by the group"


@dataclass(frozen=True)
class Suggestion:
    """A framework recommendation whose trigger holds on a review, with why and how urgent."""

    source_id: str
    text: str
    domain_id: str
    element_ids: tuple[str, ...]
    kloe_ids: tuple[str, ...]
    reasons: tuple[str, ...]
    priority: str
    priority_score: float
    high_impact: str

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def item_id(source_id: str) -> str:
    """Suggested items are keyed by their framework id, so re-evaluation is idempotent."""
    return f"fw:{source_id}"


def band(priority_score: float) -> str:
    if priority_score >= HIGH_FROM:
        return "high"
    if priority_score >= MEDIUM_FROM:
        return "medium"
    return "low"


def _element_reason(review: Review, element_id: str, score: float, target: int) -> str:
    domain, element = review.framework.parents(element_id)
    return f"{domain.label} › {element.title} scored {fmt_score(score)}, target {target}"


def indicator_reason(review: Review, indicator_id: str, value: float) -> str:
    ind = review.framework.indicator(indicator_id)
    return (f"{ind.name} {fmt_number(value)}{unit_suffix(ind.unit)}, "
            f"threshold {ind.threshold_text}")


def _assess(review: Review, rec: Recommendation, roll: Rollup) -> tuple[list[str], float, list[str]]:
    """Reasons that hold, the priority score, and the current figures (for the 'no longer' text)."""
    trigger = rec.trigger
    reasons: list[str] = []
    figures: list[str] = []
    max_gap = 0.0
    if trigger.below is not None:
        for element_id in trigger.elements:
            result = roll.element(element_id)
            if result.score is None:
                continue
            text = _element_reason(review, element_id, result.score, result.target)
            figures.append(text)
            if result.score < trigger.below:
                reasons.append(text)
                max_gap = max(max_gap, result.gap or 0.0)
    score = GAP_WEIGHT * max_gap
    if trigger.indicator:
        ind = review.framework.indicator(trigger.indicator)
        value = review.indicator_value(trigger.indicator)
        if value is not None:
            text = indicator_reason(review, trigger.indicator, value.value)
            figures.append(text)
            if breaches(ind, value.value):
                reasons.append(text)
                t = ind.threshold or 0.0
                severity = min(1.0, abs(value.value - t) / abs(t)) if t else 1.0
                score += BREACH_WEIGHT + BREACH_SEVERITY_WEIGHT * severity
    if reasons and rec.high_impact:
        score += HIGH_IMPACT_WEIGHT
    return reasons, round(score, 2), figures


def _kloes_of(review: Review, element_ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(k.id for e in element_ids for k in review.framework.element(e).kloes)


def evaluate(review: Review, roll: Rollup | None = None) -> list[Suggestion]:
    """Every framework recommendation whose trigger holds now, highest priority first."""
    roll = roll or rollup(review)
    out = []
    for domain in review.framework.domains:
        for rec in domain.recommendations:
            reasons, score, _ = _assess(review, rec, roll)
            if not reasons:
                continue
            out.append(Suggestion(
                source_id=rec.id, text=rec.text, domain_id=domain.id, element_ids=rec.elements,
                kloe_ids=_kloes_of(review, rec.elements), reasons=tuple(reasons),
                priority=band(score), priority_score=score, high_impact=rec.high_impact or ""))
    out.sort(key=lambda s: -s.priority_score)
    return out


def reevaluate(review: Review) -> Command:
    """Bring the suggestions up to date with the scores and indicators.

    New triggers add suggested items; items whose trigger stopped holding are marked, not
    removed; reason and priority are refreshed. The group's text, status and note are kept.
    """
    roll = rollup(review)
    changes: list[Change] = []
    added = marked = 0
    for domain in review.framework.domains:
        for rec in domain.recommendations:
            reasons, score, figures = _assess(review, rec, roll)
            key = item_id(rec.id)
            current = review.get("recommendation", key)
            if current is None:
                if not reasons:
                    continue
                new = RecommendationItem(
                    id=key, source_id=rec.id, text=rec.text, domain_id=domain.id,
                    element_ids=rec.elements, kloe_ids=_kloes_of(review, rec.elements),
                    priority=band(score), priority_score=score, reason="; ".join(reasons),
                    high_impact=rec.high_impact or "", created_at=now())
                added += 1
            elif reasons:
                new = current.model_copy(update={  # type: ignore[union-attr]
                    "reason": "; ".join(reasons), "priority": band(score),
                    "priority_score": score, "trigger_holds": True})
            else:
                was = current.reason  # type: ignore[attr-defined]
                now_text = ("now " + "; ".join(figures)) if figures else "no longer scored"
                new = current.model_copy(update={  # type: ignore[union-attr]
                    "trigger_holds": False,
                    "reason": f"Trigger no longer holds ({now_text}). Was: "
                              f"{_strip_no_longer(was)}"})
                if current.trigger_holds:  # type: ignore[attr-defined]
                    marked += 1
            if new != current:
                changes.append(change(review, new))
    parts = []
    if added:
        parts.append(f"{added} new")
    if marked:
        parts.append(f"{marked} no longer triggered")
    label = "Re-evaluate recommendations" + (f" ({', '.join(parts)})" if parts else "")
    return Command(label, tuple(changes))


def _strip_no_longer(reason: str) -> str:
    marker = ". Was: "
    return reason.split(marker, 1)[1] if reason.startswith("Trigger no longer") and \
        marker in reason else reason


# The group's decisions ---------------------------------------------------------------------

def _item(review: Review, rec_id: str) -> RecommendationItem:
    return review.require("recommendation", rec_id)  # type: ignore[return-value]



def _framework_text(review: Review, item: RecommendationItem) -> str:
    if item.source_id and review.framework.kind_of(item.source_id) == "recommendation":
        return review.framework.recommendation(item.source_id).text
    return item.original_text


def accept_recommendation(review: Review, rec_id: str) -> Command:
    item = _item(review, rec_id)
    original = _framework_text(review, item)
    status = "edited" if item.source_id and original and item.text != original else "accepted"
    new = item.model_copy(update={"status": status, "rejection_reason": ""})
    return Command(f"Accept “{shorten(item.text)}”", (change(review, new),))


MAX_REJECTION_REASON = 500


def rejection_reason(reason: str) -> str:
    """A reason for rejecting as it is kept: required, one short paragraph."""
    reason = clean_text(reason, "reason for rejecting", limit=MAX_REJECTION_REASON,
                        single_line=True)
    if not reason:
        raise ReviewError("give a short reason for rejecting it, so the group and the board "
                          "can see why")
    return reason


def reject_recommendation(review: Review, rec_id: str, reason: str) -> Command:
    """Rejecting needs a reason; it is kept with the decision, and undone with it."""
    item = _item(review, rec_id)
    new = item.model_copy(update={"status": "rejected",
                                  "rejection_reason": rejection_reason(reason)})
    return Command(f"Reject “{shorten(item.text)}”", (change(review, new),))


def reconsider_recommendation(review: Review, rec_id: str) -> Command:
    """Put a decided suggestion back to 'suggested' (its text and note stay)."""
    item = _item(review, rec_id)
    status = "suggested" if item.source_id else "accepted"
    return Command(f"Reconsider “{shorten(item.text)}”",
                   (change(review, item.model_copy(update={"status": status,
                                                           "rejection_reason": ""})),))


def edit_recommendation(review: Review, rec_id: str, text: str) -> Command:
    """The group's own wording. A framework suggestion keeps its original text beside it.

    Saving the wording decides nothing: a suggestion stays to be decided and a rejected one
    stays rejected; only one already accepted shows whether it was accepted as reworded."""
    item = _item(review, rec_id)
    text = clean_text(text, "recommendation text", limit=20_000).strip()
    if not text:
        raise ReviewError("a recommendation needs some text")
    update: dict[str, object] = {"text": text}
    if item.source_id:
        original = _framework_text(review, item)
        update["original_text"] = original if text != original else ""
        if item.status in ("accepted", "edited"):
            update["status"] = "edited" if text != original else "accepted"
    return Command(f"Edit “{shorten(text)}”", (change(review, item.model_copy(update=update)),))


def set_recommendation_note(review: Review, rec_id: str, note: str) -> Command:
    item = _item(review, rec_id)
    note = clean_text(note, "recommendation note", limit=20_000).strip()
    return Command(f"Note on “{shorten(item.text)}”",
                   (change(review, item.model_copy(update={"note": note})),))


def _check_links(review: Review, domain_id: str, element_ids: Iterable[str],
                 kloe_ids: Iterable[str]) -> None:
    fw = review.framework
    if domain_id and fw.kind_of(domain_id) != "domain":
        raise ReviewError(f"recommendation: unknown domain {domain_id!r}")
    for e in element_ids:
        if fw.kind_of(e) != "element":
            raise ReviewError(f"recommendation: unknown element {e!r}")
        if domain_id and fw.parents(e)[0].id != domain_id:
            raise ReviewError(f"recommendation: element {e!r} is not in domain {domain_id!r}")
    for k in kloe_ids:
        if fw.kind_of(k) != "kloe":
            raise ReviewError(f"recommendation: unknown KLOE {k!r}")


PRIORITY_SCORES = {"high": HIGH_FROM + 1, "medium": MEDIUM_FROM + 1, "low": 1.0}


def add_recommendation(review: Review, text: str, *, domain_id: str = "",
                       element_ids: Iterable[str] = (), kloe_ids: Iterable[str] = (),
                       priority: str = "medium", note: str = "") -> Command:
    """A recommendation the group writes itself: accepted as soon as it is written."""
    text = clean_text(text, "recommendation text", limit=20_000).strip()
    if not text:
        raise ReviewError("a recommendation needs some text")
    if priority not in PRIORITIES:
        raise ReviewError(f"priority {priority!r} must be one of {', '.join(PRIORITIES)}")
    element_ids, kloe_ids = tuple(element_ids), tuple(kloe_ids)
    if not domain_id and element_ids:
        domain_id = review.framework.parents(element_ids[0])[0].id \
            if review.framework.kind_of(element_ids[0]) == "element" else ""
    _check_links(review, domain_id, element_ids, kloe_ids)
    item = RecommendationItem(
        id=new_id(), text=text, domain_id=domain_id, element_ids=element_ids, kloe_ids=kloe_ids,
        status="accepted", priority=priority, priority_score=PRIORITY_SCORES[priority],
        reason=OWN_REASON, note=clean_text(note, "recommendation note", limit=20_000).strip(),
        created_at=now())
    return Command(f"Add recommendation “{shorten(text)}”", (change(review, item),))


def set_priority(review: Review, rec_id: str, priority: str) -> Command:
    """Only the group's own recommendations take a priority by hand; suggestions are scored."""
    item = _item(review, rec_id)
    if item.source_id:
        raise ReviewError("a suggested recommendation's priority comes from its gap, indicator "
                          "and high-impact flag; it cannot be set by hand")
    if priority not in PRIORITIES:
        raise ReviewError(f"priority {priority!r} must be one of {', '.join(PRIORITIES)}")
    new = item.model_copy(update={"priority": priority,
                                  "priority_score": PRIORITY_SCORES[priority]})
    return Command(f"Set priority {priority}", (change(review, new),))


def remove_recommendation(review: Review, rec_id: str) -> Command:
    """Remove one the group wrote, unlinking it from actions in the same undoable step."""
    item = _item(review, rec_id)
    if item.source_id:
        raise ReviewError("a suggested recommendation cannot be removed (it would come back at "
                          "the next re-evaluation); reject it instead")
    changes = [change(review, None, kind="recommendation", key=rec_id)]
    for action in review.actions:
        if rec_id in action.recommendation_ids:
            links = tuple(r for r in action.recommendation_ids if r != rec_id)
            changes.append(change(review, action.model_copy(update={"recommendation_ids": links})))
    return Command(f"Remove recommendation “{shorten(item.text)}”", tuple(changes))


def recommendation_label(text: str, limit: int = MAX_SHORT_TEXT) -> str:
    """One line of a recommendation's text, for lists and link pickers."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
