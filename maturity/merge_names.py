"""Records, fields and values of a merge named in the words a user knows.

A merge reports what comes in and what conflicts; an internal id (``alpha.e1.k1``, an
evidence item's random key) means nothing to the group, so every record is named by what the
user sees — the KLOE's domain, element and statement; the evidence item's title; the action's
description — and every value is shown as the app shows it.
"""

from __future__ import annotations

from typing import Any

from .framework import Framework
from .review import ACTION_STATUSES, EVIDENCE_TYPES
from .wording import shorten

ABSENT: Any = type("Absent", (), {"__repr__": lambda self: "ABSENT"})()
"""A key missing from a mapping field (e.g. no score from a stakeholder group)."""

FIELD_LABELS: dict[str, dict[str, str]] = {
    "kloe": {"rating": "agreed score", "group_scores": "score from {sub}",
             "narrative": "evidence narrative", "confidence": "confidence",
             "previous_rating": "last review's score",
             "previous_narrative": "last review's evidence", "change_reason": "reason for change",
             "linked_actions": "actions meant to move the score"},
    "evidence": {"kloe_id": "KLOE", "type": "type", "title": "title", "date": "date",
                 "link": "link", "attachment": "attached file", "filename": "file name",
                 "note": "note", "added_at": "time added"},
    "org": {"name": "name", "sector": "sector", "attendees": "attendees"},
    "info": {"system": "system name", "review_date": "review date", "review_type": "review type",
             "facilitator": "facilitator", "notes": "notes", "previous": "previous review"},
    "element": {"target": "target level"},
    "indicator": {"value": "value", "date": "date", "source": "source"},
    "parking": {"text": "text", "item_id": "raised at", "status": "status",
                "raised_at": "time raised"},
    "recommendation": {"text": "text", "original_text": "framework wording",
                       "status": "decision", "priority": "priority",
                       "priority_score": "priority score", "reason": "reason",
                       "trigger_holds": "trigger still holds", "note": "note",
                       "element_ids": "elements", "kloe_ids": "KLOEs",
                       "domain_id": "domain", "high_impact": "high-impact change"},
    "action": {"description": "description", "recommendation_ids": "recommendations",
               "kloe_ids": "KLOEs", "owners": "owners", "lead": "lead", "start": "start date",
               "due": "due date", "status": "status", "rag": "RAG rating",
               "success_measure": "success measure", "notes": "progress notes"},
}

KIND_NOUNS: dict[str, tuple[str, str]] = {
    "kloe": ("KLOE", "KLOEs"), "evidence": ("evidence item", "evidence items"),
    "org": ("organisation", "organisations"), "info": ("review details", "review details"),
    "element": ("element target", "element targets"),
    "indicator": ("indicator value", "indicator values"),
    "parking": ("parked issue", "parked issues"),
    "recommendation": ("recommendation", "recommendations"),
    "action": ("action", "actions"),
}



def quoted(text: str, limit: int = 80) -> str:
    return f"“{shorten(text, limit)}”"


def kind_count(kind: str, n: int) -> str:
    one, many = KIND_NOUNS.get(kind, (kind, kind))
    return f"{n} {one if n == 1 else many}"


class Namer:
    """Names records and values of one review, looking names up in both copies' records."""

    def __init__(self, framework: Framework, *states: dict[tuple[str, str], dict | None]):
        self.framework = framework
        self._records: dict[tuple[str, str], dict] = {}
        for state in states:
            for k, v in state.items():
                if v is not None:
                    self._records.setdefault(k, v)

    def _named(self, kind: str, key: str, field: str) -> str:
        data = self._records.get((kind, key))
        return str(data.get(field, "")) if data else ""

    def item(self, item_id: str) -> str:
        """A domain, element or KLOE of the framework, by its titles."""
        fw = self.framework
        kind = fw.kind_of(item_id)
        if kind == "kloe":
            d, e = fw.parents(item_id)
            return f"{d.label} › {e.title} › {quoted(fw.kloe(item_id).statement, 120)}"
        if kind == "element":
            d, e = fw.parents(item_id)
            return f"{d.label} › {e.title}"
        if kind == "domain":
            return fw.domain(item_id).label
        if kind == "indicator":
            d, _ = fw.parents(item_id)
            return f"{fw.indicator(item_id).name} ({d.label})"
        return f"an item not in this framework ({shorten(item_id, 40)})"

    def record(self, kind: str, key: str, data: dict | None = None) -> str:
        data = data or self._records.get((kind, key)) or {}
        if kind == "kloe":
            return self.item(key)
        if kind == "element":
            return f"Target for {self.item(key)}"
        if kind == "indicator":
            return f"Indicator {self.item(key)}"
        if kind == "info":
            return "Review details"
        if kind == "evidence":
            return (f"Evidence {quoted(data.get('title', ''), 60)} on "
                    f"{self.item(str(data.get('kloe_id', '')))}")
        if kind == "org":
            return f"Organisation {quoted(data.get('name', ''), 60)}"
        if kind == "parking":
            return f"Parked issue {quoted(data.get('text', ''), 60)}"
        if kind == "recommendation":
            return f"Recommendation {quoted(data.get('text', ''), 60)}"
        if kind == "action":
            return f"Action {quoted(data.get('description', ''), 60)}"
        return f"{kind} {quoted(key, 40)}"

    def field(self, kind: str, field: str | None, sub: str | None = None) -> str:
        if field is None:
            return "the whole item"
        label = FIELD_LABELS.get(kind, {}).get(field, field.replace("_", " "))
        if sub is not None:
            label = label.format(sub=sub) if "{sub}" in label else f"{label} ({sub})"
        return label

    def value(self, kind: str, field: str | None, value: Any, sub: str | None = None) -> str:
        """A value as the app shows it; ``None`` for a whole record means deleted."""
        if field is None:
            return "deleted" if value is None else "kept, with its edits"
        if value is ABSENT:
            return "none"
        scale = self.framework.scale
        if field in ("rating", "previous_rating", "target") or (field == "group_scores" and sub):
            if value is None:
                return "not assessed"
            if value == "na":
                return "N/A (not applicable)"
            if isinstance(value, int) and not isinstance(value, bool):
                return f"{value} {scale.label(value)}"
        if value is None or value == "" or value == [] or value == {}:
            return "empty"
        if kind == "action" and field == "status":
            return ACTION_STATUSES.get(str(value), str(value))
        if kind == "evidence" and field == "type":
            return EVIDENCE_TYPES.get(str(value), str(value))
        if field == "owners":
            return ", ".join(self._named("org", v, "name") or "an organisation no longer "
                             "on the roster" for v in value)
        if field == "linked_actions":
            return ", ".join(quoted(self._named("action", v, "description") or v, 40)
                             for v in value)
        if field == "recommendation_ids":
            return ", ".join(quoted(self._named("recommendation", v, "text") or v, 40)
                             for v in value)
        if field in ("kloe_ids", "element_ids", "kloe_id", "item_id", "domain_id"):
            items = value if isinstance(value, list) else [value]
            return "; ".join(self.item(str(v)) for v in items)
        if field == "notes" and isinstance(value, list):
            return "; ".join(f"{n.get('date', '')}: {shorten(n.get('text', ''), 40)}"
                             for n in value if isinstance(n, dict))
        if field == "attachment":
            return f"a file ({str(value)[:12]}…)"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list):
            return ", ".join(shorten(str(v), 40) for v in value)
        if isinstance(value, dict):
            return ", ".join(f"{k}: {shorten(str(v), 30)}" for k, v in value.items())
        if isinstance(value, str):
            return quoted(value)
        return str(value)
