"""The summary for young people and families, read as a 10-year-old and a parent would."""

import datetime as dt
import re

import pytest
from pypdf import PdfReader

from exports.pdf.summary import ALLOWED_CAPITALS, summary_grade, summary_story, write_summary
from maturity.edits import ReviewError
from maturity.family import DEFAULT_HELP, set_family_help, set_plain
from maturity.plan import add_action, remove_action
from maturity.report import build_report
from maturity.reviewfile import ReviewFile
from maturity.samples import build_samples
from tests.reviews import populate

TODAY = dt.date(2026, 6, 1)


def text_of(path):
    return " ".join("\n".join(p.extract_text() for p in PdfReader(path).pages).split())


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory):
    paths = build_samples(tmp_path_factory.mktemp("demo"))
    with ReviewFile.open(paths[-1], readonly=True) as rf:   # the newer review
        return build_report(rf.review, dt.date(2026, 12, 1))


def action_id(rf, description):
    return next(a.id for a in rf.review.actions if a.description == description)


def test_the_sample_reads_at_grade_six_or_below_and_the_export_says_so(sample_report,
                                                                         tmp_path):
    messages = []
    path = write_summary(sample_report, tmp_path / "s.pdf", lambda f, m: messages.append(m))
    grade = summary_grade(summary_story(sample_report))
    assert grade <= 6
    assert f"Flesch–Kincaid grade {grade:.1f}" in messages[-1]
    assert len(PdfReader(path).pages) <= 2


def test_no_abbreviation_a_family_would_not_know(sample_report, tmp_path):
    text = text_of(write_summary(sample_report, tmp_path / "s.pdf"))
    capitals = set(re.findall(r"\b[A-Z]{2,}s?\b", text))
    assert capitals <= ALLOWED_CAPITALS, capitals - ALLOWED_CAPITALS
    for slip in ("CYP", "CAMHS", "EPR", "PTL", "MHSDS", "ICB", "VCSE", "ROMs"):
        assert slip not in text


def test_the_sample_uses_plain_words_never_the_service_wording(sample_report, tmp_path):
    text = text_of(write_summary(sample_report, tmp_path / "s.pdf"))
    assert "Put all the waiting lists together in one list" in text
    assert "patient tracking list" not in text
    assert "…" not in text                        # nothing cut mid-word


def test_a_date_that_has_passed_is_never_promised(rf, tmp_path):
    populate(rf)
    for text, due in (("Late thing", dt.date(2026, 3, 31)), ("Future thing", dt.date(2026, 9, 30))):
        rf.execute(add_action(rf.review, text, due=due, status="in_progress"))
        rf.execute(set_plain(rf.review, "action", action_id(rf, text), f"We will do the {text}."))
    text = text_of(write_summary(build_report(rf.review, TODAY), tmp_path / "s.pdf"))
    assert "By March 2026" not in text
    assert "This is late. It was meant to be done by March 2026." in text
    assert "By September 2026: We will do the Future thing." in text
    # the same file exported before the date passed still promises it
    earlier = text_of(write_summary(build_report(rf.review, dt.date(2026, 1, 1)),
                                    tmp_path / "e.pdf"))
    assert "By March 2026: We will do the Late thing." in earlier


def test_items_without_plain_words_are_counted_not_pasted(rf, tmp_path):
    populate(rf)
    for n in range(5):
        rf.execute(add_action(rf.review, f"Deliver the MHSDS item {n}"))
    rf.execute(set_plain(rf.review, "action", action_id(rf, "Deliver the MHSDS item 0"),
                         "Share our numbers."))
    text = text_of(write_summary(build_report(rf.review, TODAY), tmp_path / "s.pdf"))
    assert "Share our numbers." in text
    assert "MHSDS" not in text
    assert "And 6 more things in the full plan." in text   # 4 here and 2 from populate


def test_framework_plain_words_stand_for_accepted_recommendations_until_reworded(
        rf, tmp_path):
    from maturity.recommend import accept_recommendation, edit_recommendation
    from tests.reviews import item_id
    fw_rec = rf.review.framework.recommendation("alpha.r1")
    populate(rf)
    for a in list(rf.review.actions):
        rf.execute(remove_action(rf.review, a.id))
    report = build_report(rf.review, TODAY)
    rows = {r.source_id: r for r in report.recommendations}
    assert fw_rec.plain and rows["alpha.r1"].plain == fw_rec.plain
    assert rows["alpha.r2"].plain == ""               # the framework gives it none
    text = text_of(write_summary(report, tmp_path / "s.pdf"))
    assert fw_rec.plain in text and fw_rec.text not in text
    rf.execute(accept_recommendation(rf.review, item_id("alpha.r1")))
    rf.execute(edit_recommendation(rf.review, item_id("alpha.r1"), "Something else entirely"))
    rows = {r.source_id: r for r in build_report(rf.review, TODAY).recommendations}
    assert rows["alpha.r1"].plain == ""


def test_ends_with_help_contact_and_what_changed(rf, tmp_path):
    populate(rf)
    text = text_of(write_summary(build_report(rf.review, TODAY), tmp_path / "s.pdf"))
    changed, help_, contact = (text.index(h) for h in (
        "What changed since last time", "Where to get help now", "How to contact us"))
    assert changed < help_ < contact
    assert "This was our first review" in text
    for line in DEFAULT_HELP.splitlines():
        assert line in text
    rf.execute(set_family_help(rf.review, "Call the Testshire crisis line on 0800 000 0000.",
                               "Email hello@testshire.example"))
    text = text_of(write_summary(build_report(rf.review, TODAY), tmp_path / "c.pdf"))
    assert "Testshire crisis line" in text and "Childline" not in text
    assert "Email hello@testshire.example" in text


def test_plain_words_slips_are_refused_with_a_message(rf):
    populate(rf)
    aid = rf.review.actions[0].id
    with pytest.raises(ReviewError, match="no action 'nope'"):
        set_plain(rf.review, "action", "nope", "x")
    with pytest.raises(ReviewError, match="too long"):
        set_plain(rf.review, "action", aid, "word " * 100)
    with pytest.raises(ReviewError, match="not an action or a recommendation"):
        set_plain(rf.review, "kloe", aid, "x")
    assert rf.review.actions[0].plain == ""


def test_the_export_command_says_the_reading_grade(rf, tmp_path, capsys):
    from maturity.cli import main
    populate(rf)
    path = rf.path
    rf.close()
    assert main(["export", str(path), "--summary", str(tmp_path / "s.pdf")]) == 0
    out = capsys.readouterr().out
    assert re.search(r"Flesch–Kincaid grade -?\d+\.\d \(reading age \d+\)", out)
    assert main(["export", str(path), "--summary", str(tmp_path / "q.pdf"), "--quiet"]) == 0
    assert capsys.readouterr().out == ""


def test_every_framework_recommendation_has_short_plain_words(full_framework):
    from maturity.readability import fk_grade
    recs = [r for d in full_framework.domains for r in d.recommendations]
    assert len(recs) > 50
    missing = [r.id for r in recs if not (r.plain or "").strip()]
    assert not missing, missing
    for r in recs:
        assert len(r.plain) <= 120, r.id
        assert set(re.findall(r"\b[A-Z]{2,}s?\b", r.plain)) <= ALLOWED_CAPITALS, r.id
    together = " ".join(r.plain for r in recs)
    assert fk_grade(together) <= 6
