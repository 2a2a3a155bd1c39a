import datetime as dt

from maturity import edits
from maturity.report import build_report
from tests.reviews import populate


def test_report_is_a_snapshot_with_names_resolved(rf):
    populate(rf)
    report = build_report(rf.review, dt.date(2026, 6, 1))
    assert report.system == "Testshire" and len(report.domains) == 2
    assert report.domain("alpha").score == 2.25
    [k] = [k for k in report.domain("alpha").kloes if k.id == "alpha.e1.k1"]
    assert k.rating_text == "1 Emerging" and k.evidence[0].title.startswith("Board paper")
    act = report.actions[0]
    assert act.owners == ("Anyshire ICB", "Anyshire NHS Trust") and act.overdue
    assert act.domain_labels == ("Alpha Domain",)
    assert act.recommendation_texts == ("Put a single tracking list in place.",)
    # later edits do not reach a report already built
    rf.execute(edits.score_kloe(rf.review, "alpha.e1.k1", 4))
    assert report.domain("alpha").score == 2.25
    assert build_report(rf.review).domain("alpha").score != 2.25
