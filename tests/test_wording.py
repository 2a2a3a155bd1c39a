"""One way to write scores, changes and ratings, shared by the app, the workbook and reports."""

import pytest

from maturity.framework import Scale, ScaleLevel
from maturity.wording import (
    NO_SCORE_BAND,
    SCORE_BANDS,
    fmt_change,
    fmt_coverage,
    fmt_number,
    fmt_score,
    fmt_value,
    rating_text,
    round_half_up,
    score_band,
    unit_suffix,
)


@pytest.mark.parametrize(("value", "shown"), [
    (1.25, "1.3"),   # Python's own format gives 1.2 (half to even on the binary value)
    (1.15, "1.2"),   # the float is 1.1499…, but a person reads 1.15
    (2.35, "2.4"),
    (0.05, "0.1"),
    (2.0, "2.0"),
    (3.04999, "3.0"),
    (None, "—"),
])
def test_a_score_rounds_half_up_as_a_spreadsheet_shows_it(value, shown):
    assert fmt_score(value) == shown


def test_round_half_up_keeps_the_digits_asked_for():
    assert round_half_up(2.675, 2) == 2.68
    assert round_half_up(12.5, 0) == 13.0
    assert round_half_up(-1.25) == -1.3


def test_values_and_changes():
    assert fmt_value(3) == "3" and fmt_value("na") == "N/A" and fmt_value(None) == "—"
    assert fmt_value(2.25) == "2.3"
    assert fmt_change(1) == "+1" and fmt_change(-2) == "−2"
    assert fmt_change(0.25) == "+0.3" and fmt_change(-0.25) == "−0.3"
    assert fmt_change(0.0) == "0.0" and fmt_change(0.04) == "0.0"
    assert fmt_change(None) == "—"


def test_coverage_numbers_and_units():
    assert fmt_coverage(0.125) == "13%" and fmt_coverage(1.0) == "100%"
    assert fmt_coverage(None) == "—"
    assert fmt_number(92.0) == "92" and fmt_number(0.5) == "0.5"
    assert unit_suffix("%") == "%" and unit_suffix("days") == " days" and unit_suffix("") == ""


def test_rating_text_with_and_without_the_scale():
    scale = Scale(levels=[ScaleLevel(value=v, label=name, descriptor=f"{name} descriptor")
                          for v, name in enumerate(("Not in place", "Emerging", "Developing",
                                                    "Established", "Embedded"))], good=3)
    assert rating_text(3, scale) == "3 Established"
    assert rating_text(3) == "3"
    assert rating_text("na", scale) == "N/A"
    assert rating_text(None) == "not assessed"
    assert rating_text(None, none="—") == "—"


def test_score_bands_follow_the_score_as_shown():
    assert score_band(None) is NO_SCORE_BAND
    assert score_band(0.0) is SCORE_BANDS[0]
    assert score_band(2.96) is SCORE_BANDS[3]  # shown as 3.0, so coloured as a 3
    assert score_band(2.94) is SCORE_BANDS[2]
    assert score_band(4.0) is SCORE_BANDS[-1]
    assert score_band(9.0) is SCORE_BANDS[-1]
    assert [b.describe(4) for b in SCORE_BANDS] == ["below 1", "1 to 1.9", "2 to 2.9",
                                                    "3 to 3.9", "4"]


def test_shorten_cuts_at_a_word_and_says_it_cut():
    from maturity.wording import shorten

    assert shorten("  one\n two  ") == "one two"
    cut = shorten("All partners have agreed a shared vision for children's mental health", 40)
    assert cut.endswith("…") and len(cut) <= 40
    assert cut[:-1] in "All partners have agreed a shared vision for children's mental health"
    assert not cut[:-1].endswith(("vis", "sha")), "the cut ends at a word"
    assert shorten("x" * 100, 10) == "x" * 9 + "…", "one long word is cut where it must be"


def test_a_missing_record_is_named_with_where_it_was_sought(rf):
    import pytest

    from maturity.review import ReviewError

    with pytest.raises(ReviewError, match="no action 'gone' in the action plan"):
        rf.review.require("action", "gone")
    with pytest.raises(ReviewError, match="no parking-lot item 'p9'"):
        rf.review.require("parking", "p9")
    with pytest.raises(ReviewError, match="no vote 'v1' in this review"):
        rf.review.require("vote", "v1")
