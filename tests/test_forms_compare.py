"""The comparison page, last review's score beside each KLOE, and starting a re-review."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from forms.dialogs.rereview import RereviewOptions
from forms.models.deltas import UP, DeltaTableModel, findings_html
from forms.pages.comparison import ComparisonView
from maturity import edits
from maturity.compare import compare_files
from maturity.loader import load_framework
from maturity.reviewfile import ReviewFile

from .conftest import MINI
from .history import build_first, build_history, changed_framework_dir


@pytest.fixture
def history(tmp_path, mini_framework):
    folder = tmp_path / "h"
    folder.mkdir()
    return build_history(folder, mini_framework, 3)


def show_comparison(qtbot, window) -> ComparisonView:
    view = window.comparison_page.view()
    with qtbot.waitSignal(view.loaded, timeout=10_000) as blocker:
        window.show_page(window.comparison_page)
    assert blocker.args[0] is view.comparison
    return view


def cell(model: DeltaTableModel, row_id: str, col: int, role=Qt.ItemDataRole.DisplayRole):
    row = next(i for i, r in enumerate(model.rows) if r.id == row_id)
    return model.data(model.index(row, col), role)


def test_page_finds_earlier_reviews_and_shows_every_delta(qtbot, make_window, history):
    window = make_window(history[2])
    view = show_comparison(qtbot, window)
    c = view.comparison
    assert [r.review_date.year for r in c.reviews] == [2025, 2026, 2027]
    assert view.earlier == [history[0], history[1]]
    assert view.radar.comparison is c and view.trend.comparison is c
    # 2026 is 2.25, which rounds half up as in the workbook and the reports
    assert "Alpha Domain: 1 Mar 2025 2.0, 1 Mar 2026 2.3" in view.radar.accessibleDescription()
    model = view.model
    assert [model.headerData(i, Qt.Orientation.Horizontal) for i in range(5)] == [
        "Item", "1 Mar 2025", "1 Mar 2026", "1 Mar 2027", "Change"]
    assert [cell(model, "alpha", i) for i in (1, 2, 3, 4)] == ["2.0", "2.3", "3.1", "+1.1"]
    assert cell(model, "alpha.e1", 0) == "    Alpha element one"
    assert cell(model, "alpha", 4, Qt.ItemDataRole.BackgroundRole).name() == QColor(UP[0]).name()
    view.filter.setCurrentIndex(view.filter.findData("moved"))
    assert [r.id for r in model.rows] == ["alpha.e1.k1", "alpha.e1.k2", "beta.e1.k1",
                                          "beta.e2.k1", "beta.e2.k2"]
    assert cell(model, "alpha.e1.k1", 4) == "+3"
    assert cell(model, "alpha.e1.k1", 1) == "1"
    view.filter.setCurrentIndex(view.filter.findData("kloes"))
    assert model.rowCount() == 9
    html = view.findings.toHtml()
    assert "Job plans with a complexity scale" in html and "Quarterly caseload reviews" in html
    assert "Since the last review (1 Mar 2026): 5 improved, 0 declined" in html


def test_edits_refresh_the_comparison_in_the_background(qtbot, make_window, history):
    window = make_window(history[2])
    view = show_comparison(qtbot, window)
    assert view.comparison.row("alpha.e2.k1").scores == (2, 1, 2)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        assert window.session.edit(edits.score_kloe, "alpha.e2.k1", 4)
    assert view.comparison.row("alpha.e2.k1").scores == (2, 1, 4)
    assert view.comparison.row("alpha.e2.k1").change == 2


def test_an_unexpected_error_while_comparing_is_shown_not_left_comparing(
        qtbot, make_window, history, monkeypatch):
    """Any failure of the background work reaches the page: it never says "Comparing…"
    for ever."""
    import forms.pages.comparison as page

    def broken(named):
        raise RuntimeError("the comparison broke")

    monkeypatch.setattr(page, "compare", broken)
    window = make_window(history[2])
    view = window.comparison_page.view()
    with qtbot.waitSignal(view.failed, timeout=10_000) as blocker:
        window.show_page(window.comparison_page)
    assert blocker.args == ["the comparison broke"]
    assert view.message.text() == "Cannot compare: the comparison broke"
    assert view.comparison is None and view.wait(100)


def test_choosing_files_and_the_refusals(qtbot, make_window, history, tmp_path,
                                         mini_framework):
    other = tmp_path / "other.sitreview"
    shutil.copyfile(history[0], other)
    with ReviewFile.open(other) as rf:
        rf.execute(edits.set_details(rf.review, system="Boroughshire"))
    lonely = tmp_path / "lonely" / "a.sitreview"
    lonely.parent.mkdir()
    shutil.copyfile(history[1], lonely)
    window = make_window(lonely)
    assert not window.comparison_page.is_built()  # not built until needed
    view = window.comparison_page.view()
    with qtbot.waitSignal(view.nothing_found, timeout=10_000):
        window.show_page(window.comparison_page)
    assert "No earlier review of this system was found" in view.message.text()
    assert not view.body.isVisible()

    view.ask_earlier_paths = lambda: [str(other)]
    with qtbot.waitSignal(view.failed, timeout=10_000) as blocker:
        assert view.choose_earlier()
    assert "different systems" in blocker.args[0]
    assert "Cannot compare: cannot compare reviews of different systems" in view.message.text()
    assert view.comparison is None

    view.ask_earlier_paths = lambda: [str(history[2])]
    with qtbot.waitSignal(view.failed, timeout=10_000):
        view.choose_earlier()
    assert "This review is older than the ones chosen" in view.message.text()

    view.ask_earlier_paths = lambda: [str(history[0])]
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.choose_earlier()
    assert [r.review_date.year for r in view.comparison.reviews] == [2025, 2026]
    assert view.message.isHidden()
    view.ask_earlier_paths = lambda: []
    assert not view.choose_earlier()
    assert QApplication.activeModalWidget() is None


def test_findings_html_escapes_user_text(history):
    c = compare_files(history)
    html = findings_html(c)
    assert "Did the actions work?" in html
    assert html.index("Did the actions work?") < html.index("<h4>Improved</h4>")


def test_previous_score_strip_asks_for_a_reason_without_blocking(qtbot, make_window, tmp_path,
                                                                 mini_framework):
    first = build_first(tmp_path / "a.sitreview", mini_framework)
    from maturity.rereview import start_rereview

    new = tmp_path / "b.sitreview"
    start_rereview(first, new, mini_framework, review_date=dt.date(2026, 3, 1))
    window = make_window(new)
    window.go_to_item("alpha.e1.k1")
    panel = window.review_page.kloe_panel
    strip = panel.previous_strip
    assert strip.isVisible()
    assert "Last review (1 Mar 2025):" in strip.summary.text()
    assert "1 Emerging" in strip.summary.text() and "now:" not in strip.summary.text()
    assert strip.change_box.isHidden()
    assert not strip.evidence.is_expanded()
    strip.evidence.set_expanded(True)
    assert "PTL covers the trust only" in strip.evidence_text.text()
    assert "PTL extract (Data, 2025-02-01)" in strip.evidence_text.text()

    panel.setFocus()
    assert panel.score(3)
    assert window.session.review.kloe("alpha.e1.k1").rating == 3
    assert strip.change_box.isVisible()
    assert "moved from 1 Emerging to 3 Established" in strip.change_label.text()
    assert QApplication.activeModalWidget() is None
    assert not strip.reason.hasFocus()

    qtbot.keyClicks(strip.reason, "Single PTL live across providers")
    strip.reason_commit.flush()
    assert window.session.review.kloe("alpha.e1.k1").change_reason == \
        "Single PTL live across providers"
    menu_actions = {a.data(): a for a in strip.link_menu.actions()}
    assert set(menu_actions) == {"act-ptl", "act-jobplans", "act-leaflet", "act-warehouse"}
    menu_actions["act-ptl"].trigger()
    assert window.session.review.kloe("alpha.e1.k1").linked_actions == ("act-ptl",)
    assert "Linked: Single PTL across providers" in strip.linked_label.text()
    assert strip.link_button.text() == "Link actions (1) ▾"
    window.session.undo()
    assert window.session.review.kloe("alpha.e1.k1").linked_actions == ()
    assert strip.link_button.text() == "Link actions (0) ▾"

    # Same score as last time: no strip; a KLOE never scored before shows nothing to explain.
    window.go_to_item("alpha.e1.k2")
    assert panel.score(2)
    assert strip.isVisible() and strip.change_box.isHidden()
    window.go_to_item("alpha.e2.k3")
    assert "not assessed" in strip.summary.text()


def test_strip_is_hidden_for_a_first_review(qtbot, make_window, tmp_path, mini_framework):
    first = build_first(tmp_path / "a.sitreview", mini_framework)
    window = make_window(first)
    window.go_to_item("alpha.e1.k1")
    assert window.review_page.kloe_panel.previous_strip.isHidden()


def test_strip_notes_added_and_reworded_kloes(qtbot, make_window, tmp_path, mini_framework):
    from maturity.rereview import start_rereview

    newer = load_framework(changed_framework_dir(tmp_path, MINI))
    first = build_first(tmp_path / "a.sitreview", mini_framework)
    new = tmp_path / "b.sitreview"
    start_rereview(first, new, newer, review_date=dt.date(2026, 3, 1))
    window = make_window(new)
    strip = window.review_page.kloe_panel.previous_strip
    window.go_to_item("alpha.e1.k3")
    assert "New since the last review" in strip.summary.text()
    assert "framework version 1.1" in strip.summary.text()
    window.go_to_item("alpha.e2.k1")
    assert "Reworded since the last review" in strip.summary.text()
    assert "Alpha two first statement holds." in strip.summary.text()


def test_start_rereview_from_the_file_menu(qtbot, make_window, tmp_path, mini_framework,
                                           answers):
    newer_dir = changed_framework_dir(tmp_path, MINI)
    first = build_first(tmp_path / "a.sitreview", mini_framework)
    window = make_window(first)
    assert window.act_rereview in window.file_menu.actions()
    assert window.act_compare in window.file_menu.actions()
    controller = window.rereview
    told = []
    asked = []
    controller.ask_options = lambda system, date, facilitator: asked.append(
        (system, date, facilitator)) or RereviewOptions(
        review_date=dt.date(2026, 3, 2), facilitator="New Facilitator", prefill=True,
        framework_dir=str(newer_dir))
    controller.tell = lambda title, text: told.append((title, text))
    target = tmp_path / "b.sitreview"
    window.ask_save_path = lambda title, suggested: (
        asked.append(suggested) or str(target))
    window.act_rereview.trigger()
    assert asked == [("Anyshire CYP MH Partnership", dt.date(2025, 3, 1), "Fran Facilitator"),
                     "Anyshire CYP MH Partnership 2026-03-02.sitreview"]
    assert not answers.errors
    assert window.session.path == target
    review = window.session.review
    assert review.info.review_type == "re-review" and review.info.facilitator == "New Facilitator"
    assert review.kloe("alpha.e1.k1").rating == 1  # prefilled
    assert review.framework.version == "1.1"
    assert told and told[0][0] == "Re-review started"
    assert "retired   beta.e2.k2" in told[0][1] and "added     alpha.e1.k3" in told[0][1]

    # Starting again onto the same file name is refused with a plain message.
    window.open_path(first)
    window.act_rereview.trigger()
    assert answers.errors and "already exists" in answers.errors[-1][1]
    assert window.session.path == first


def test_rereview_dialog_values(qtbot):
    from forms.dialogs.rereview import RereviewDialog

    dialog = RereviewDialog("Anyshire", dt.date(2025, 10, 14), "Fran")
    qtbot.addWidget(dialog)
    assert dialog.date.minimumDate().toPython() == dt.date(2025, 10, 14)
    dialog.prefill.setChecked(True)
    dialog.facilitator.setText("  Sam  ")
    dialog.date.setDate(dialog.date.minimumDate().addDays(365))
    value = dialog.value()
    assert value == RereviewOptions(review_date=dt.date(2026, 10, 14), facilitator="Sam",
                                    prefill=True, framework_dir=None)


def test_start_rereview_with_no_review_open_asks_for_the_previous(qtbot, make_window, tmp_path,
                                                                  mini_framework, answers):
    first = build_first(tmp_path / "a.sitreview", mini_framework)
    window = make_window()
    window.ask_open_path = lambda: str(first)
    window.rereview.ask_options = lambda *a: RereviewOptions(
        review_date=dt.date(2026, 3, 1), facilitator="", prefill=False,
        framework_dir=str(MINI))
    window.rereview.tell = lambda title, text: None
    window.ask_save_path = lambda title, suggested: str(tmp_path / "b.sitreview")
    assert window.rereview.start()
    assert window.session.review.info.previous.file_name == "a.sitreview"
    assert window.session.review.kloe("alpha.e1.k1").rating is None
    window.close_review()
    (tmp_path / "junk.sitreview").write_text("junk")
    window.ask_open_path = lambda: str(tmp_path / "junk.sitreview")
    assert not window.rereview.start()
    assert "not a SIT Maturity review file" in answers.errors[-1][1]
