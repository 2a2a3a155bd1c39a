"""The framework a review is scored against: domains, elements, KLOEs and their library.

Models are frozen and reject unknown keys, so a typo in a content file is an error rather than
a silently ignored field. Cross-field rules (unique ids, triggers that resolve) live in the
``Framework`` validator so every loader and every stored copy gets the same checks.
"""

from __future__ import annotations

from collections import Counter
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .wording import fmt_number, shorten, unit_suffix

Id = str


class FrozenModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True)


class ScaleLevel(FrozenModel):
    value: int
    label: str = Field(min_length=1)
    descriptor: str = ""


class Scale(FrozenModel):
    levels: tuple[ScaleLevel, ...] = Field(min_length=2)
    good: int = Field(description="The level regarded as good practice; the default target.")

    @model_validator(mode="after")
    def _check(self) -> Scale:
        values = [level.value for level in self.levels]
        if values != sorted(values) or len(set(values)) != len(values):
            raise ValueError(f"scale values must be strictly ascending, got {values}")
        if self.good not in values:
            raise ValueError(f"good level {self.good} is not one of the scale values {values}")
        return self

    @property
    def minimum(self) -> int:
        return self.levels[0].value

    @property
    def maximum(self) -> int:
        return self.levels[-1].value

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(level.value for level in self.levels)

    def level(self, value: int) -> ScaleLevel | None:
        return next((lvl for lvl in self.levels if lvl.value == value), None)

    def label(self, value: int) -> str:
        lvl = self.level(value)
        return lvl.label if lvl else str(value)


class Kloe(FrozenModel):
    id: Id = Field(min_length=1)
    statement: str = Field(min_length=1)
    prompts: tuple[str, ...] = ()


class NextLevel(FrozenModel):
    """What a partnership at a given level typically does next."""

    level: int
    guidance: str = Field(min_length=1)


class Element(FrozenModel):
    id: Id = Field(min_length=1)
    title: str = Field(min_length=1)
    description: str = ""
    default_target: int | None = None
    next_level: tuple[NextLevel, ...] = ()
    kloes: tuple[Kloe, ...] = Field(min_length=1)


class Trigger(FrozenModel):
    """When a recommendation is suggested: any element of ``elements`` scoring below ``below``,
    or the indicator breaching its threshold. Either part may be absent, not both."""

    below: float | None = None
    elements: tuple[Id, ...] = ()
    indicator: Id | None = None

    @model_validator(mode="after")
    def _check(self) -> Trigger:
        if self.below is None and self.indicator is None:
            raise ValueError("a trigger needs 'below' (with elements) or 'indicator', or both")
        if self.below is not None and not self.elements:
            raise ValueError("a trigger with 'below' must name the 'elements' it watches")
        return self


class Recommendation(FrozenModel):
    id: Id = Field(min_length=1)
    text: str = Field(min_length=1)
    elements: tuple[Id, ...] = Field(min_length=1)
    trigger: Trigger
    high_impact: str | None = Field(
        default=None, description="Id of the high-impact change this recommendation realises."
    )
    plain: str | None = Field(
        default=None, description="The recommendation in plain words a 10-year-old can follow, "
                                  "for the summary for young people and families.")


class Indicator(FrozenModel):
    id: Id = Field(min_length=1)
    name: str = Field(min_length=1)
    unit: str = ""
    direction: Literal["higher", "lower"]
    threshold: float | None = None
    inclusive: bool = Field(
        default=True, description="Whether a value equal to the threshold meets it."
    )
    threshold_note: str = ""
    source: str = ""

    def meets(self, value: float) -> bool | None:
        """True when ``value`` meets the threshold, None when there is no threshold."""
        if self.threshold is None:
            return None
        if self.direction == "higher":
            return value >= self.threshold if self.inclusive else value > self.threshold
        return value <= self.threshold if self.inclusive else value < self.threshold

    @property
    def threshold_text(self) -> str:
        if self.threshold is None:
            return "no threshold"
        if self.direction == "higher":
            op = "≥" if self.inclusive else ">"
        else:
            op = "≤" if self.inclusive else "<"
        return f"{op} {fmt_number(self.threshold)}{unit_suffix(self.unit)}"


class Example(FrozenModel):
    area: str = Field(min_length=1)
    text: str = Field(min_length=1)


class Resource(FrozenModel):
    title: str = Field(min_length=1)
    url: str = Field(default="", description="Empty when the source names the document but "
                     "prints no address; the note then says so.")
    note: str = Field(default="", description="What a reader should know about the link: a "
                      "missing address, a broken one kept as printed, or one that points to the "
                      "wrong page.")

    @model_validator(mode="after")
    def _explained(self) -> Resource:
        if not self.url and not self.note:
            raise ValueError(f"resource {self.title!r} has no url; its note must say why")
        return self

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        from urllib.parse import urlparse

        if not value:
            return value
        parts = urlparse(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"not a web address: {value!r}")
        return value


class ContextNote(FrozenModel):
    """Why a domain matters, in the words of a named policy source (paraphrased)."""

    text: str = Field(min_length=1)
    source: str = Field(min_length=1, description="Who said it, and where.")
    url: str = ""


class Domain(FrozenModel):
    id: Id = Field(min_length=1)
    number: int = Field(ge=1)
    title: str = Field(min_length=1)
    short_title: str = ""
    indicator_statement: str = Field(min_length=1)
    context: tuple[ContextNote, ...] = ()
    what_good_looks_like: tuple[str, ...] = ()
    common_findings: tuple[str, ...] = ()
    elements: tuple[Element, ...] = Field(min_length=1)
    recommendations: tuple[Recommendation, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    examples: tuple[Example, ...] = ()
    resources: tuple[Resource, ...] = ()

    @property
    def label(self) -> str:
        return self.short_title or self.title


class HighImpactChange(FrozenModel):
    id: Id = Field(min_length=1)
    title: str = Field(min_length=1)
    description: str = ""
    companion: bool = Field(default=False, description="A change the source sets beside the "
                            "numbered high-impact changes without numbering it.")


class GuideSection(FrozenModel):
    """A titled list of points: one part of the review guide, or one framework note."""

    title: str = Field(min_length=1)
    intro: str = ""
    points: tuple[str, ...] = ()


class ReviewGuide(FrozenModel):
    """How a review is run, for the facilitator: the source's review process in steps."""

    title: str = Field(min_length=1)
    summary: str = ""
    sections: tuple[GuideSection, ...] = Field(min_length=1)
    resources: tuple[Resource, ...] = ()


class Framework(FrozenModel):
    id: Id = Field(min_length=1)
    title: str = Field(min_length=1)
    version: str = Field(min_length=1)
    description: str = ""
    scale: Scale
    high_impact_changes: tuple[HighImpactChange, ...] = ()
    review_guide: ReviewGuide | None = None
    notes: tuple[GuideSection, ...] = Field(default=(), description="What reviews found across "
                                            "systems: common strengths and key improvement areas.")
    domains: tuple[Domain, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _cross_check(self) -> Framework:
        problems: list[str] = []
        numbers = [d.number for d in self.domains]
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(f"domain numbers must run 1..{len(numbers)} in order, got {numbers}")
        ids: list[str] = [d.id for d in self.domains]
        for d in self.domains:
            for e in d.elements:
                ids.append(e.id)
                ids.extend(k.id for k in e.kloes)
            ids.extend(r.id for r in d.recommendations)
            ids.extend(i.id for i in d.indicators)
        ids.extend(h.id for h in self.high_impact_changes)
        dupes = sorted(i for i, n in Counter(ids).items() if n > 1)
        if dupes:
            problems.append(f"ids used more than once: {', '.join(dupes)}")
        hic = {h.id for h in self.high_impact_changes}
        values = set(self.scale.values)
        for d in self.domains:
            element_ids = {e.id for e in d.elements}
            indicator_ids = {i.id for i in d.indicators}
            for e in d.elements:
                if e.default_target is not None and e.default_target not in values:
                    problems.append(f"{d.id}: element {e.id}: default_target {e.default_target} "
                                    f"is not a scale value")
            for r in d.recommendations:
                unknown = [x for x in (*r.elements, *r.trigger.elements) if x not in element_ids]
                if unknown:
                    problems.append(f"{d.id}: recommendation {r.id} names elements not in this "
                                    f"domain: {', '.join(dict.fromkeys(unknown))}")
                if r.trigger.indicator and r.trigger.indicator not in indicator_ids:
                    problems.append(f"{d.id}: recommendation {r.id} names indicator "
                                    f"{r.trigger.indicator!r}, not in this domain")
                if r.high_impact and r.high_impact not in hic:
                    problems.append(f"{d.id}: recommendation {r.id} names high-impact change "
                                    f"{r.high_impact!r}, which is not defined")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # Look-ups used everywhere; built once per (immutable) framework.
    @cached_property
    def _index(self) -> dict[str, tuple]:
        index: dict[str, tuple] = {}
        for d in self.domains:
            index[d.id] = ("domain", d, None, None)
            for e in d.elements:
                index[e.id] = ("element", d, e, None)
                for k in e.kloes:
                    index[k.id] = ("kloe", d, e, k)
            for i in d.indicators:
                index[i.id] = ("indicator", d, None, i)
            for r in d.recommendations:
                index[r.id] = ("recommendation", d, None, r)
        return index

    def kind_of(self, item_id: str) -> str | None:
        hit = self._index.get(item_id)
        return hit[0] if hit else None

    def domain(self, domain_id: str) -> Domain:
        return self._get(domain_id, "domain")[1]

    def element(self, element_id: str) -> Element:
        return self._get(element_id, "element")[2]

    def kloe(self, kloe_id: str) -> Kloe:
        return self._get(kloe_id, "kloe")[3]

    def indicator(self, indicator_id: str) -> Indicator:
        return self._get(indicator_id, "indicator")[3]

    def recommendation(self, rec_id: str) -> Recommendation:
        return self._get(rec_id, "recommendation")[3]

    def parents(self, item_id: str) -> tuple[Domain, Element | None]:
        """The domain (and element, for a KLOE or element) an item belongs to."""
        hit = self._index.get(item_id)
        if hit is None:
            raise KeyError(item_id)
        return hit[1], hit[2]

    def _get(self, item_id: str, kind: str) -> tuple:
        hit = self._index.get(item_id)
        if hit is None or hit[0] != kind:
            raise KeyError(f"no {kind} with id {item_id!r} in framework {self.id} {self.version}")
        return hit

    def kloes(self) -> list[tuple[Domain, Element, Kloe]]:
        return [(d, e, k) for d in self.domains for e in d.elements for k in e.kloes]

    def target_for(self, element: Element) -> int:
        return element.default_target if element.default_target is not None else self.scale.good

    def name_of(self, item_id: str, limit: int = 50) -> str:
        """How people know an item: a KLOE by its element and (shortened) statement, an element
        or domain by its title; an id the framework lacks is shown as it is."""
        kind = self.kind_of(item_id)
        if kind == "kloe":
            element = self.parents(item_id)[1]
            return f"{element.title} › {shorten(self.kloe(item_id).statement, limit)}"
        if kind == "element":
            return self.element(item_id).title
        if kind == "domain":
            return self.domain(item_id).title
        if kind == "indicator":
            return self.indicator(item_id).name
        return item_id

    @property
    def kloe_count(self) -> int:
        return sum(len(e.kloes) for d in self.domains for e in d.elements)

    def summary(self) -> str:
        elements = sum(len(d.elements) for d in self.domains)
        recs = sum(len(d.recommendations) for d in self.domains)
        inds = sum(len(d.indicators) for d in self.domains)
        return (f"{self.title} ({self.id} {self.version}): {len(self.domains)} domains, "
                f"{elements} elements, {self.kloe_count} KLOEs, {recs} recommendations, "
                f"{inds} indicators")


# Stored framework copies already validated in this process, by the SHA-256 of their exact text.
# Reviews of one framework carry the same copy, so opening the second (a comparison, the
# previous review, a folder of reviews) reuses the first parse. Every text not seen before is
# validated in full; a text that failed is never kept, so it fails again. Models are frozen and
# hold only tuples, so sharing one between reviews cannot let one change another.
_STORED: dict[str, Framework] = {}
_STORED_MAX = 16


def stored_framework(text: str | bytes) -> Framework:
    """The framework a review file stores (its JSON text), validated once per distinct text;
    raises what ``Framework.model_validate_json`` raises."""
    import hashlib

    if not isinstance(text, str | bytes):  # a damaged file: refused the same way as before
        return Framework.model_validate_json(text)  # type: ignore[arg-type]
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    key = hashlib.sha256(data).hexdigest()
    found = _STORED.get(key)
    if found is None:
        found = Framework.model_validate_json(text)
        if len(_STORED) >= _STORED_MAX:
            _STORED.pop(next(iter(_STORED)))
        _STORED[key] = found
    return found
