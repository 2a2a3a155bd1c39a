"""Links kept in a review open only as web pages or emails: a typed or pasted link that could
make the computer run or open anything else is refused with a message, and nothing is stored."""

from __future__ import annotations

import pytest

from maturity import edits
from maturity.edits import ReviewError, check_link


@pytest.mark.parametrize("typed, kept", [
    ("https://www.england.nhs.uk/mental-health/cyp/", "https://www.england.nhs.uk/mental-health/cyp/"),
    ("  http://intranet.example.org/ptl?week=12  ", "http://intranet.example.org/ptl?week=12"),
    ("mailto:cyp.team@example.org", "mailto:cyp.team@example.org"),
    ("HTTPS://EXAMPLE.ORG", "HTTPS://EXAMPLE.ORG"),
    ("www.nhs.uk/conditions", "https://www.nhs.uk/conditions"),
    ("", ""),
])
def test_web_and_email_links_are_kept(typed, kept):
    assert check_link(typed) == kept


@pytest.mark.parametrize("typed, says", [
    ("file:///C:/Windows/System32/calc.exe", "uses file:"),
    ("javascript:alert(document.cookie)", "uses javascript:"),
    ("ms-msdt:/id PCWDiagnostic", "spaces"),
    ("ms-msdt:/id", "uses ms-msdt:"),
    ("search-ms:query=invoice&crumb=location:\\\\evil\\share", "uses search-ms:"),
    ("smb://fileserver/share/setup.exe", "uses smb:"),
    ("data:text/html,<script>alert(1)</script>", "uses data:"),
    (r"\\fileserver\share\Board paper.docx", "spaces"),
    (r"\\fileserver\share\setup.exe", "not a web or email address"),
    (r"S:\Commissioning\CYP\ptl.xlsx", "not a web or email address"),
    ("board-paper.pdf", "not a web or email address"),
    ("https://www.nhs.uk@evil.example/login", "user name or password"),
    ("https://", "no web address"),
    ("https:evil.example", "no web address"),
    ("mailto:", "no email address"),
    ("https://example.org/\x1b[31mred", "control characters"),
    ("https://example.org/" + "a" * 2100, "too long"),
])
def test_links_that_could_do_more_than_open_a_page_are_refused(typed, says):
    with pytest.raises(ReviewError) as exc:
        check_link(typed)
    assert says in str(exc.value)
    assert str(exc.value).startswith("link ")


def test_adding_evidence_with_a_file_link_is_refused_and_nothing_is_stored(rf):
    review = rf.review
    with pytest.raises(ReviewError) as exc:
        edits.add_evidence(review, "alpha.e1.k1", title="Policy", type="link",
                           link="file:///etc/passwd")
    assert str(exc.value).startswith("alpha.e1.k1: evidence link “file:///etc/passwd” uses file:")
    assert review.evidence_for("alpha.e1.k1") == []
    rf.execute(edits.add_evidence(review, "alpha.e1.k1", title="Policy", type="link",
                                  link="www.example.org/policy"))
    [item] = rf.review.evidence_for("alpha.e1.k1")
    assert item.link == "https://www.example.org/policy"
