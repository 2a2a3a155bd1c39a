"""The bundled CYP MH framework: structure, counts, and the quality rules for KLOE wording."""

import re
from collections import Counter
from urllib.parse import urlparse

import pytest

from maturity.loader import load_framework
from maturity.markdown import framework_markdown

from .conftest import REPO

TITLES = [
    "Strategy & Sustainability",
    "The Model",
    "Access & Waits",
    "Practice Based on Best Available Evidence",
    "Workforce",
    "Involvement & Participation",
    "Productivity",
    "Outcomes",
    "Data & Informatics",
    "Culture",
]


@pytest.fixture(scope="module")
def fw():
    return load_framework()


def test_ten_domains_in_order(fw):
    assert [d.title for d in fw.domains] == TITLES
    assert [d.number for d in fw.domains] == list(range(1, 11))


def test_counts(fw):
    for d in fw.domains:
        assert len(d.elements) >= 4, d.id
        assert sum(len(e.kloes) for e in d.elements) >= 12, d.id
        for e in d.elements:
            assert len(e.kloes) >= 3, e.id


def test_every_domain_is_complete(fw):
    for d in fw.domains:
        assert d.indicator_statement and d.what_good_looks_like, d.id
        assert d.common_findings, d.id
        assert d.recommendations, d.id
        for e in d.elements:
            assert e.description, e.id
            assert sorted(n.level for n in e.next_level) == [0, 1, 2, 3], e.id
        for r in d.recommendations:  # the loader already checks they resolve in the domain
            assert r.trigger.elements or r.trigger.indicator, r.id


def test_every_high_impact_change_is_realised(fw):
    flagged = Counter(r.high_impact for d in fw.domains for r in d.recommendations
                      if r.high_impact)
    assert set(flagged) == {h.id for h in fw.high_impact_changes}
    assert len([h for h in fw.high_impact_changes if not h.companion]) == 4
    # the participation change the source sets beside the four, carried by the involvement
    # recommendations that deliver it
    (companion,) = [h for h in fw.high_impact_changes if h.companion]
    carriers = {r.id for r in fw.domain("involvement").recommendations
                if r.high_impact == companion.id}
    assert {"involvement.r1", "involvement.r2", "involvement.r8", "involvement.r10",
            "involvement.r11"} <= carriers


def test_recommendations_that_realise_a_high_impact_change_say_so(fw):
    # the source's high-impact changes name these actions; each recommendation carrying one
    # must be flagged, or the prioritised plan under-ranks it
    expected = {
        "access.r1": "hic1-waits", "access.r4": "hic1-waits", "access.r6": "hic1-waits",
        "evidence.r2": "hic1-waits", "evidence.r4": "hic1-waits", "evidence.r5": "hic1-waits",
        "evidence.r6": "hic1-waits",
        "workforce.r1": "hic2-demand", "workforce.r12": "hic2-demand",
        "productivity.r1": "hic2-demand",
        "outcomes.r3": "hic3-outcomes", "outcomes.r4": "hic3-outcomes",
        "outcomes.r5": "hic3-outcomes", "outcomes.r6": "hic3-outcomes",
        "outcomes.r7": "hic3-outcomes", "outcomes.r8": "hic3-outcomes",
        "model.r1": "hic4-system", "strategy.r1": "hic4-system", "strategy.r6": "hic4-system",
        "culture.r7": "hic4-system", "culture.r9": "hic4-system",
    }
    assert {rid: fw.recommendation(rid).high_impact for rid in expected} == expected


def test_kloe_statements_are_single_distinct_sentences(fw):
    statements = [k.statement for _, _, k in fw.kloes()]
    dupes = [s for s, n in Counter(s.casefold() for s in statements).items() if n > 1]
    assert not dupes
    for s in statements:
        assert len(s) < 250, s
        assert s[0].isupper() and s.endswith("."), s
        # one sentence: no full stop followed by a new capitalised sentence inside it
        assert not re.search(r"[.!?]\s+[A-Z]", s[:-1].replace("e.g. ", "").replace("i.e. ", "")), s


# Every address each domain's page in the review findings prints, in its good-practice slide,
# its findings and recommendations, and its row of the tools table; built from
# ../shared/reference/mh-sit-cyp-review-findings.txt. Addresses printed without a scheme are given
# http://; addresses the table wraps over two lines are joined. Broken or misdirected addresses
# appear exactly as printed: the framework keeps them, with a note.
SOURCE_URLS = {
    "strategy": [
        "https://www.longtermplan.nhs.uk/wp-content/uploads/2019/07/nhs-mental-health-implementation-plan-2019-20-2023-24.pdf",
        "https://www.longtermplan.nhs.uk/",
        "https://www.england.nhs.uk/wp-content/uploads/2014/10/5yfv-web.pdf",
        "https://assets.publishing.service.gov.uk/government/uploads/system/uploads/attachment_data/file/414024/Childrens_Mental_Health.pdf",
        "https://www.england.nhs.uk/wp-content/uploads/2018/04/change-model-guide-v5.pdf",
        "https://www.england.nhs.uk/mental-health/cyp/",
        "https://www.londonleadershipacademy.nhs.uk/",
    ],
    "model": [
        "http://implementingthrive.org/wp-content/uploads/2019/03/THRIVE-Framework-for-system-change-2019.pdf",
        "http://implementingthrive.org/wp-content/uploads/2016/03/Thrive.pdf",
        "https://www.longtermplan.nhs.uk/",
        "https://assets.publishing.service.gov.uk/government/uploads/system/uploads/attachment_data/file/414024/Childrens_Mental_Health.pdf",
        "http://implementingthrive.org/implementation-sites/i-thrive-community-of-practice/",
        "http://capa.co.uk/",
    ],
    "access": [
        "https://www.longtermplan.nhs.uk/wp-content/uploads/2019/07/nhs-mental-health-implementation-plan-2019-20-2023-24.pdf",
        "https://www.longtermplan.nhs.uk/",
        "https://assets.publishing.service.gov.uk/government/uploads/system/uploads/attachment_data/file/414024/Childrens_Mental_Health.pdf",
    ],
    "evidence": [
        "https://www.nice.org.uk/",
        "https://www.pointofcarefoundation.org.uk/resource/experience-based-co-design-ebcd-toolkit/",
        "https://www.annafreud.org/what-we-do/research-policy/research-units/evidence-based-practice-unit/",
    ],
    "workforce": [
        "https://www.kingsfund.org.uk/projects/positions/mental-health",
        "https://www.ucl.ac.uk/clinical-psychology/CORE/child-adolescent-competences/CAMHS%20Competences%20Framework_V1%20(2).pdf",
        "https://www.hee.nhs.uk/our-work/hee-star",
        "https://www.healthylondon.org/wp-content/uploads/2019/05/Children-and-young-peoples-mental-health-workforce-strategy-May-2019-1.pdf",
        "https://www.hee.nhs.uk/sites/default/files/documents/HEE%20Star%20user%20guide%20v2.0.pdf",
        "https://www.yhscn.nhs.uk/media/PDFs/children/Docs%20and%20Links/YH-CYP-MH-Whole-System-Workforce-Strategy-Toolkit-v2.0.pdf",
    ],
    "involvement": [
        "https://youngminds.org.uk/youngminds-professionals/our-projects/amplified/about-amplified/#what-is-participation",
        "https://www.england.nhs.uk/wp-content/uploads/2014/10/5yfv-web.pdf",
        "http://www.england.nhs.uk/wp-content/uploads/2017/11/15-stepschildren-young-people.pdf",
        "https://www.england.nhs.uk/wp-content/uploads/2017/11/15-steps-children-young-people.pdf",
        "https://youngminds.org.uk/youngminds-professionals/our-projects/amplified/",
    ],
    "productivity": [
        "http://dev.cypmh-model.nhs.uk",
        "https://www.scwcsu.nhs.uk/case-studies/Giving-children-and-young-people-access-to-the-Mental-Health-services-they-need/",
    ],
    "outcomes": [
        "https://www.corc.uk.net/media/2112/201404guide_to_using_outcomes_measures_and_feedback_tools-updated.pdf",
        "https://www.england.nhs.uk/wp-content/uploads/2014/10/5yfv-web.pdf",
        "https://www.healthylondon.org/wp-content/uploads/2017/08/Using-Clinical-Outcomes-for-Service-Improvement_A-guide-for-Outcomes-Based-Commissioning_Updated-Feb_2020-FINAL-V2.0-no-watermark-JM.pdf",
    ],
    "data": [
        "https://www.england.nhs.uk/data-services/validate/",
        "https://digital.nhs.uk/about-nhs-digital/our-work/nhs-digital-data-and-technology-standards",
    ],
    "culture": [
        "https://www.england.nhs.uk/data-services/validate/",
        "https://www.leadershipacademy.nhs.uk/wp-content/uploads/2014/10/NHSLeadership-LeadershipModel-colour.pdf",
        "http://implementingthrive.org/wpcontent/uploads/2016/03/Thrive.pdf%20.",
        "http://implementingthrive.org/wpcontent/uploads/2016/03/Thrive.pdf",
    ],
}


@pytest.mark.parametrize("domain_id", sorted(SOURCE_URLS))
def test_every_link_the_source_prints_is_a_resource(fw, domain_id):
    held = {r.url for r in fw.domain(domain_id).resources}
    missing = [u for u in SOURCE_URLS[domain_id] if u not in held]
    assert not missing, f"{domain_id} lacks links its source page prints: {missing}"


def test_odd_links_carry_a_note(fw):
    by_url = {r.url: r for d in fw.domains for r in d.resources}
    # broken as printed: kept, with a note that says so
    for url in ("http://implementingthrive.org/wpcontent/uploads/2016/03/Thrive.pdf%20.",
                "http://www.england.nhs.uk/wp-content/uploads/2017/11/15-stepschildren-young-people.pdf"):
        assert "broken" in by_url[url].note.lower(), url
    # the culture page's King's Fund link points at an NHS England data page: flagged
    kings = next(r for r in fw.domain("culture").resources if "King's Fund" in r.title
                 and r.url == "https://www.england.nhs.uk/data-services/validate/")
    assert "wrong page" in kings.note
    # a document named without an address is listed, and the note says it has none
    carter = next(r for r in fw.domain("productivity").resources if "Carter" in r.title)
    assert carter.url == "" and "without a web address" in carter.note


def test_every_domain_has_attributed_context(fw):
    for d in fw.domains:
        assert d.context, d.id
        for c in d.context:
            assert c.text and c.source, d.id
    culture = " ".join(c.source + c.text for c in fw.domain("culture").context)
    assert "Michael West" in culture and "King's Fund" in culture
    outcomes = " ".join(c.text for c in fw.domain("outcomes").context)
    assert "2020/21" in outcomes and "national metrics" in outcomes


def test_the_review_guide_describes_the_process(fw):
    guide = fw.review_guide
    text = " ".join([guide.summary] + [p for s in guide.sections for p in (s.intro, *s.points)])
    for fact in ("two to three days", "not an assurance", "Bromley", "Tower Hamlets", "Camden",
                 "Haringey", "5 of the 7", "senior enough"):
        assert fact in text, fact
    assert {r.url for r in guide.resources} >= {
        "https://www.youtube.com/watch?v=FCJOa2eX2TI",
        "https://future.nhs.uk/MHLDAcovid19/view?objectId=76399397"}
    titles = [n.title for n in fw.notes]
    assert any("Strengths" in t for t in titles) and any("improvement" in t for t in titles)


def test_every_url_parses(fw):
    urls = [r.url for d in fw.domains for r in d.resources]
    assert urls
    for url in filter(None, urls):
        parts = urlparse(url)
        assert parts.scheme in ("http", "https") and "." in parts.netloc, url


def test_the_scale(fw):
    assert [(lvl.value, lvl.label) for lvl in fw.scale.levels] == [
        (0, "Not in place"), (1, "Emerging"), (2, "Developing"), (3, "Established"),
        (4, "Embedded")]
    assert fw.scale.good == 3
    assert all(lvl.descriptor for lvl in fw.scale.levels)


def test_docs_framework_md_is_current(fw):
    committed = (REPO / "docs" / "framework.md").read_text(encoding="utf-8")
    assert committed == framework_markdown(fw), "run `make docs` to regenerate docs/framework.md"


# (indicator id, unit, direction, threshold, inclusive) exactly as the sources give them
REQUIRED_INDICATORS = [
    ("workforce.sickness", "%", "lower", 4.0, False),            # below 4%
    ("culture.staff-engagement", "out of 5", "higher", 4.0, False),  # above 4.0
    ("data.dqmi", "%", "higher", 95.0, True),                     # at or above 95%
    ("productivity.contacts-per-day", "contacts", "higher", 2.0, True),  # below 2 warns
    ("access.first-assessment", "%", "higher", 100.0, True),     # every child within 28 days
    ("data.mhsds-flow", "%", "higher", 100.0, True),             # every provider submits
    ("access.cyp-ed-attendance", "% change", "lower", -5.0, True),  # 5% fewer by 2028
    ("access.community-paeds-wait", "weeks", "lower", 65.0, True),
    ("access.rtt-incomplete", "%", "higher", 92.0, True),
    ("access.rtt-completed", "%", "higher", 95.0, True),
    ("productivity.dna-rate", "%", "lower", 10.0, True),          # at or below 10%
    ("involvement.satisfaction", "%", "higher", 70.0, True),      # at or above 70%
    # no threshold in any source: never invented
    ("access.rate", None, "higher", None, True),
    ("outcomes.paired-roms", "%", "higher", None, True),
    ("workforce.vacancy", "%", "lower", None, True),
    ("access.waiting-list", "CYP", "lower", None, True),
    ("access.internal-waits", "days", "lower", None, True),
    ("access.average-first-wait", "days", "lower", None, True),  # context, not a pass mark
    ("access.diagnosis-18-weeks", "%", "higher", None, True),
    ("access.crisis-urgent-response", "%", "higher", None, True),
]


@pytest.mark.parametrize("ind_id, unit, direction, threshold, inclusive", REQUIRED_INDICATORS)
def test_required_indicators(fw, ind_id, unit, direction, threshold, inclusive):
    ind = fw.indicator(ind_id)
    if unit is not None:
        assert ind.unit == unit
    assert (ind.direction, ind.threshold, ind.inclusive) == (direction, threshold, inclusive)
    assert ind.threshold_note and ind.source


def test_boundaries_read_as_the_sources_say(fw):
    assert fw.indicator("workforce.sickness").meets(3.99)
    assert not fw.indicator("workforce.sickness").meets(4.0)
    assert not fw.indicator("culture.staff-engagement").meets(4.0)
    assert fw.indicator("productivity.dna-rate").meets(10.0)
    assert not fw.indicator("productivity.contacts-per-day").meets(1.9)


def test_reports_list_only_resources_with_an_address(fw, tmp_path):
    # exports turn every report resource into a hyperlink; a document the source names
    # without an address must not become an empty link
    import datetime as dt

    from maturity.edits import new_review_info
    from maturity.report import build_report
    from maturity.reviewfile import ReviewFile

    info = new_review_info("Testshire", dt.date(2026, 3, 1), "Sam")
    with ReviewFile.create(tmp_path / "r.sitreview", fw, info) as rf:
        report = build_report(rf.review, dt.date(2026, 3, 1))
    productivity = report.domain("productivity").resources
    assert productivity and all(url for _, url in productivity)
    assert len(productivity) == sum(1 for r in fw.domain("productivity").resources if r.url)


def test_a_framework_stored_before_these_fields_still_loads(fw):
    # review files keep a copy of the framework they were made with; copies written before
    # context, notes, the guide, resource notes and companion changes existed must load
    from maturity.framework import Framework

    old = fw.model_dump(mode="json")
    old.pop("review_guide"), old.pop("notes")
    for h in old["high_impact_changes"]:
        h.pop("companion")
    for d in old["domains"]:
        d.pop("context")
        d["resources"] = [{"title": r["title"], "url": r["url"]} for r in d["resources"]
                          if r["url"]]
    loaded = Framework.model_validate(old)
    assert loaded.review_guide is None and not loaded.notes
    assert all(not d.context for d in loaded.domains)
