"""A domain's indicators as one line each: the figure recorded, the threshold and the RAG
(or, for a figure the indicator rule rules out, why it has none).

The app's indicator table lists these lines; the texts are the core's so every view words a
figure the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .framework import Indicator
from .review import IndicatorValue, Review
from .rules import indicator_warnings
from .scoring import RAG, rag
from .wording import fmt_number


@dataclass(frozen=True)
class IndicatorLine:
    indicator: Indicator
    value: IndicatorValue | None
    rag: RAG | None
    problem: str = ""
    """Why the figure held cannot be right; such a figure gets no RAG."""

    @property
    def id(self) -> str:
        return self.indicator.id

    @property
    def label(self) -> str:
        unit = self.indicator.unit
        return self.indicator.name + (f" ({unit})" if unit else "")

    @property
    def about(self) -> str:
        """The indicator's name and, when the framework gives one, where the figure usually
        comes from."""
        source = self.indicator.source
        return f"{self.indicator.name}\nUsual source: {source}" if source else self.label

    @property
    def value_text(self) -> str:
        return fmt_number(self.value.value) if self.value else ""

    @property
    def date_text(self) -> str:
        return self.value.date.isoformat() if self.value and self.value.date else ""

    @property
    def source_text(self) -> str:
        return self.value.source if self.value else ""

    @property
    def threshold_text(self) -> str:
        """The threshold, marked "(note)" when the framework says where it comes from (the
        note itself is long: views show it on demand)."""
        note = " (note)" if self.indicator.threshold_note else ""
        return self.indicator.threshold_text + note


def indicator_line(review: Review, indicator: Indicator, problem: str = "") -> IndicatorLine:
    """The indicator with the figure the review holds for it now."""
    value = review.indicator_value(indicator.id)
    return IndicatorLine(indicator, value,
                         None if problem else rag(indicator, value.value if value else None),
                         problem)


def indicator_lines(review: Review, domain_id: str,
                    today: dt.date | None = None) -> list[IndicatorLine]:
    """The domain's indicators in the framework's order, each with its recorded figure and,
    for a figure the indicator rule rules out (as of ``today``), the reason."""
    problems = indicator_warnings(review, today or dt.date.today())
    return [indicator_line(review, i, problems.get(i.id, ""))
            for i in review.framework.domain(domain_id).indicators]
