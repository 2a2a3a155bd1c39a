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
    assert len(fw.high_impact_changes) == 4


def test_kloe_statements_are_single_distinct_sentences(fw):
    statements = [k.statement for _, _, k in fw.kloes()]
    dupes = [s for s, n in Counter(s.casefold() for s in statements).items() if n > 1]
    assert not dupes
    for s in statements:
        assert len(s) < 250, s
        assert s[0].isupper() and s.endswith("."), s
        # one sentence: no full stop followed by a new capitalised sentence inside it
        assert not re.search(r"[.!?]\s+[A-Z]", s[:-1].replace("e.g. ", "").replace("i.e. ", "")), s


def test_every_url_parses(fw):
    urls = [r.url for d in fw.domains for r in d.resources]
    assert urls
    for url in urls:
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
    ("access.average-first-wait", "days", "lower", 28.0, True),   # within 28 days
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
    ("data.mhsds-flow", "%", "higher", None, True),
    ("access.first-assessment", "%", "higher", None, True),
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
