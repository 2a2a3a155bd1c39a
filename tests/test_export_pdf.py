import datetime as dt
import re

import pytest
from pypdf import PdfReader

from exports.pdf.board import write_board_report
from exports.pdf.kit import printable
from exports.pdf.summary import write_summary
from exports.text import para
from maturity.report import build_report
from tests.pdfs import outline_entries
from tests.reviews import internal_ids, populate

TODAY = dt.date(2026, 6, 1)


def text_of(path):
    reader = PdfReader(path)
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def flat(text):
    return " ".join(text.split())


def outline_titles(reader):
    return [(e.depth, e.title) for e in outline_entries(reader)]


@pytest.fixture
def board(rf, tmp_path):
    populate(rf)
    report = build_report(rf.review, TODAY)
    path = write_board_report(report, tmp_path / "board.pdf")
    reader, text = text_of(path)
    return reader, text, report


def test_every_domain_and_accepted_recommendation_is_in_the_text(board):
    reader, text, report = board
    text = flat(text)
    for d in report.domains:
        assert f"{d.number}. {d.title}" in text
    accepted = report.accepted_recommendations
    assert len(accepted) == 3
    for r in accepted:
        assert r.text in text
    assert "Missed appointments (DNA rate) at 14% (threshold ≤ 10%)" in text
    assert "Executive summary" in text and "Action plan" in text
    assert re.search(r"(Not started|In progress|Blocked) · overdue", text)


def test_outline_has_every_section_and_domain(board):
    reader, _, report = board
    titles = outline_titles(reader)
    names = [t for _, t in titles]
    for section in ("Executive summary", "Scores at a glance", "Recommendations",
                    "Action plan", "Appendix B: evidence items", "How the review was done"):
        assert section in names
    for d in report.domains:
        assert (0, f"{d.number}. {d.title}") in titles or \
            (1, f"{d.number}. {d.title}") in titles


def test_outline_entries_point_at_their_pages(board):
    reader, _, report = board
    seen = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                seen.setdefault(item.title, reader.get_destination_page_number(item))
    walk(reader.outline)
    for d in report.domains:
        page = reader.pages[seen[f"{d.number}. {d.title}"]]
        assert flat(page.extract_text()).find(f"{d.number}. {d.title}") >= 0
    assert seen["Executive summary"] == 0 and 1 <= seen["How the review was done"] <= 2
    assert seen["Action plan"] >= seen["Recommendations"] >= seen["1. Alpha Domain"] > 0


def test_page_x_of_y_and_running_header(board):
    reader, _, _ = board
    n = len(reader.pages)
    assert n >= 6
    for i, page in enumerate(reader.pages[1:], 2):
        t = flat(page.extract_text())
        assert f"Page {i} of {n}" in t
        assert "Testshire · maturity self-review" in t


def test_font_is_embedded_truetype(board, tmp_path):
    reader, _, _ = board
    fonts = set()
    for page in reader.pages:
        for f in page["/Resources"]["/Font"].values():
            f = f.get_object()
            fonts.add(str(f["/BaseFont"]))
            descriptor = f.get("/FontDescriptor")
            if descriptor is not None:
                assert "/FontFile2" in descriptor.get_object()
    assert any(f.endswith("+DejaVuSans") for f in fonts)
    # reportlab names Helvetica in every page's opening state, but no text may be drawn in it
    for page in reader.pages:
        content = page.get_contents().get_data().decode("latin-1")
        for block in re.findall(r"BT(.*?)ET", content, flags=re.S):
            fonts_used = re.findall(r"/(F\d+)\S* [\d.]+ Tf", block)
            if "F1" in fonts_used:
                assert not re.search(r"\)\s*Tj|\]\s*TJ", block), block[:200]


def test_welsh_letters_print_and_markup_is_literal(rf, tmp_path):
    from maturity import edits
    rf.execute(edits.set_details(rf.review, system="Ynys Môn a Gwynedd ŵ ŷ"))
    rf.execute(edits.assess_kloe(rf.review, "alpha.e1.k1", 2,
                                 evidence="x<y and <pending> and AT&T and <b>bold?</b>"))
    path = write_board_report(build_report(rf.review, TODAY), tmp_path / "w.pdf")
    _, text = text_of(path)
    text = flat(text)
    assert "Ynys Môn a Gwynedd ŵ ŷ" in text
    assert "x<y and <pending> and AT&T and <b>bold?</b>" in text


def test_para_escapes_markup():
    assert para("x<y") == "x&lt;y"
    assert para("<pending>") == "&lt;pending&gt;"
    assert para("AT&T\nnext") == "AT&amp;T<br/>next"


def test_printable_replaces_only_what_the_font_cannot_draw():
    assert printable("ŵ ŷ é ñ") == "ŵ ŷ é ñ"
    assert printable("a\x00b") == "ab"
    assert printable("\U0001FAE0") == "\ufffd"  # not in DejaVu Sans


def test_summary_is_plain_and_at_most_two_pages(rf, tmp_path):
    populate(rf)
    report = build_report(rf.review, TODAY)
    path = write_summary(report, tmp_path / "summary.pdf")
    reader, text = text_of(path)
    assert len(reader.pages) <= 2
    text = flat(text)
    assert "What we found and what we will do: Testshire" in text
    assert "What needs to get better" in text and "What we will do" in text
    # actions without plain words are counted, never pasted in their service wording
    assert "Set up one patient-tracking list across partners" not in text
    assert "There are 2 things in the full plan" in text
    for jargon in ("KLOE", "RAG", "coverage"):
        assert jargon not in text


def test_summary_separates_what_is_done_from_what_is_planned(rf, tmp_path):
    from maturity.family import set_plain
    from maturity.plan import add_action
    populate(rf)
    for text, status, due in (("Open a drop-in hub in Northvale", "done", dt.date(2026, 1, 31)),
                              ("Train every school nurse in the new pathway", "in_progress",
                               dt.date(2026, 9, 30)),
                              ("Run a youth festival", "dropped", None)):
        rf.execute(add_action(rf.review, f"service wording {status}", status=status, due=due))
        action = next(a for a in rf.review.actions if a.description.endswith(status))
        rf.execute(set_plain(rf.review, "action", action.id, text))
    _, text = text_of(write_summary(build_report(rf.review, TODAY), tmp_path / "s.pdf"))
    text = flat(text)
    done_part, _, planned_part = text.partition("What we will do")
    assert "What we have done" in done_part
    assert "Open a drop-in hub in Northvale" in done_part
    assert "Train every school nurse in the new pathway" in planned_part
    assert "Open a drop-in hub in Northvale" not in planned_part
    assert "youth festival" not in text


def test_summary_stays_within_two_pages_with_many_actions(rf, tmp_path):
    from maturity.plan import add_action
    populate(rf)
    from maturity.family import MAX_PLAIN, set_plain
    for n in range(40):
        rf.execute(add_action(rf.review, f"Action number {n}",
                              due=dt.date(2026, 7, 1) + dt.timedelta(days=n)))
        action = next(a for a in rf.review.actions if a.description == f"Action number {n}")
        plain = (f"Thing number {n} " + "with many words " * 30)[:MAX_PLAIN]
        rf.execute(set_plain(rf.review, "action", action.id, plain))
    path = write_summary(build_report(rf.review, TODAY), tmp_path / "s.pdf")
    reader, text = text_of(path)
    assert len(reader.pages) <= 2
    assert re.search(r"And \d+ more things in the full plan", flat(text))
    assert "…" not in text          # shortened by leaving items out, never by cutting words


def test_board_report_of_an_empty_review(rf, tmp_path):
    path = write_board_report(build_report(rf.review, TODAY), tmp_path / "empty.pdf")
    _, text = text_of(path)
    assert "No actions have been planned yet." in flat(text)
    assert "Not yet assessed" in flat(text)


def test_plain_words_spell_out_service_shorthand():
    from exports.pdf.summary import plain_words
    assert plain_words("Hold patient tracking list (PTL) meetings for CYP") == \
        "Hold patient tracking list meetings for children and young people"
    assert plain_words("Agree KPIs with the ICB") == "Agree targets with the local NHS"




def test_opens_with_bookmarks_title_author_and_language(board):
    reader, _, _ = board
    root = reader.trailer["/Root"]
    assert root["/PageMode"] == "/UseOutlines"
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Testshire: maturity self-review"
    assert reader.metadata.author


def test_evidence_web_links_are_clickable(board):
    reader, _, _ = board
    uris = [a.get_object()["/A"]["/URI"] for page in reader.pages
            for a in page.get("/Annots", []) if a.get_object().get("/Subtype") == "/Link"
            and "/URI" in a.get_object().get("/A", {})]
    assert "https://example.org/paper" in uris


@pytest.mark.parametrize("writer", [write_board_report, write_summary])
def test_no_internal_ids_in_the_text(rf, tmp_path, writer):
    populate(rf)
    report = build_report(rf.review, TODAY)
    path = writer(report, tmp_path / "r.pdf")
    # The sample's own narratives and evidence titles quote ids ("Narrative for alpha.e1.k1");
    # what the group typed is theirs to print. Every other id is a leak.
    typed = " ".join(f"{k.narrative} " + " ".join(f"{e.title} {e.note}" for e in k.evidence)
                     for d in report.domains for el in d.elements for k in el.kloes)
    found = internal_ids(flat(text_of(path)[1])) - internal_ids(typed)
    assert not found, sorted(found)[:10]
