"""How scores, changes, numbers and ratings read, wherever they are shown.

The app, the workbook and the reports all take their wording from here, so a score reads the
same on screen, on paper and in a spreadsheet: one rounding rule (halves round up, as a
spreadsheet's number format does), one way to write a rating, one set of score bands.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple, Protocol


class Scale(Protocol):
    """What rating text needs of a framework's scale (kept structural so that the framework
    can import this module without a cycle)."""

    def label(self, value: int) -> str: ...

NO_VALUE = "—"
NOT_APPLICABLE = "N/A"


def round_half_up(value: float, digits: int = 1) -> float:
    """``value`` rounded as people (and spreadsheets) expect: 1.25 → 1.3, 1.15 → 1.2.

    Python's ``round`` and ``format`` round the binary value half to even, so 1.25 showed as
    1.2 in a report and 1.3 in the workbook. The shortest decimal that reads back as the same
    float is what a person sees, so that is what is rounded."""
    from decimal import ROUND_HALF_UP, Decimal  # not at import: the window's frame needs none

    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def fmt_score(score: float | None, digits: int = 1) -> str:
    """A mean score: one decimal place, or a dash when there is none."""
    return NO_VALUE if score is None else f"{round_half_up(score, digits):.{digits}f}"


def fmt_value(value: Any, digits: int = 1) -> str:
    """A score as entered or rolled up: a rating as typed, a mean to one place."""
    if value is None:
        return NO_VALUE
    if value == "na":
        return NOT_APPLICABLE
    if isinstance(value, int):
        return str(value)
    return fmt_score(value, digits)


def fmt_change(change: float | None, digits: int = 1) -> str:
    """A signed change: whole levels for a KLOE rating, one decimal place for a mean."""
    if change is None:
        return NO_VALUE
    if isinstance(change, int):
        text = str(abs(change))
    else:
        text = f"{round_half_up(abs(change), digits):.{digits}f}"
    if text.strip("0.") == "":
        return text
    return ("+" if change > 0 else "−") + text


def fmt_date(day: dt.date | dt.datetime | None, none: str = NO_VALUE) -> str:
    """A date as every output writes it: "14 Oct 2025" (no leading zero, short month)."""
    if day is None:
        return none
    return f"{day.day} {day:%b %Y}"


def fmt_coverage(cov: float | None) -> str:
    """A share of KLOEs scored, as a whole percentage."""
    return NO_VALUE if cov is None else f"{round_half_up(cov * 100, 0):.0f}%"


def fmt_number(value: float) -> str:
    """An indicator figure as entered: no trailing zeros, exponent only for huge values."""
    return f"{value:g}" if abs(value) < 1e15 else f"{value:.3e}"


def unit_suffix(unit: str) -> str:
    """What follows a figure: "%" directly, any other unit after a space."""
    if not unit:
        return ""
    return unit if unit == "%" else f" {unit}"


def rating_text(rating: object, scale: Scale | None = None, *, none: str = "not assessed",
                na: str = NOT_APPLICABLE) -> str:
    """An agreed rating in words: "3 Established" with a scale, "3" without; "N/A" for not
    applicable and ``none`` when the KLOE has not been assessed."""
    if rating is None:
        return none
    if rating == "na":
        return na
    if scale is None:
        return str(rating)
    return f"{rating} {scale.label(rating)}"  # type: ignore[arg-type]


class ScoreBand(NamedTuple):
    """The colours for scores that have reached ``level`` (and not the next one)."""

    level: int
    fill: str
    ink: str

    def describe(self, top: int) -> str:
        if self.level >= top:
            return f"{self.level}"
        if self.level == 0:
            return "below 1"
        return f"{self.level} to {self.level}.9"


# Light fills under dark text, one per level reached on the 0–4 scale; every pair is well
# above 4.5:1 contrast (checked by the app's tests).
SCORE_BANDS: tuple[ScoreBand, ...] = (
    ScoreBand(0, "#F7C8C3", "#212B32"),
    ScoreBand(1, "#FAD8A8", "#212B32"),
    ScoreBand(2, "#FFEDA6", "#212B32"),
    ScoreBand(3, "#CDE8C5", "#212B32"),
    ScoreBand(4, "#9ED6A8", "#212B32"),
)
NO_SCORE_BAND = ScoreBand(-1, "#E8EDEE", "#425563")


def score_band(score: float | None) -> ScoreBand:
    """The band a score has reached, judged on the score as it is shown (2.96 reads 3.0)."""
    if score is None:
        return NO_SCORE_BAND
    shown = round_half_up(score, 1)
    level = max(0, min(len(SCORE_BANDS) - 1, int(shown + 1e-9)))
    return SCORE_BANDS[level]


def shorten(text: str, limit: int = 40) -> str:
    """``text`` on one line and at most ``limit`` characters; a cut ends at a word and says so."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut[limit // 2:]:  # mid-word: back to the last word
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:·-–") + "…"


def plural(n: int, word: str, many: str | None = None) -> str:
    """"1 action", "3 actions" ("1 person", "3 people" with ``many``)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"
