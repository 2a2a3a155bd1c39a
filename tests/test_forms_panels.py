"""Each panel both ways: change the core and see the view; act on the view and see the core."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QUrl

from forms.panels.domain import IND_DATE, IND_RAG, IND_SOURCE, IND_VALUE
from maturity import edits
from tests.tables import cell, column_texts, row_count


def kloe_panel(window, kloe_id):
    window.go_to_item(kloe_id)
    panel = window.review_page.kloe_panel
    assert window.review_page.panels.currentWidget() is panel
    assert panel.kloe_id == kloe_id
    return panel


# KLOE panel ---------------------------------------------------------------------------------
def test_kloe_panel_shows_the_statement_and_follows_core_scores(make_window, review_path):
    window = make_window(review_path)
    panel = kloe_panel(window, "alpha.e1.k2")
    assert panel.statement.text() == "Alpha one second statement holds."
    assert "Alpha Domain" in panel.crumb.text() and "Alpha element one" in panel.crumb.text()
    assert not any(b.isChecked() for b in panel.score_buttons.values())
    window.session.edit(edits.score_kloe, "alpha.e1.k2", 2)
    assert [v for v, b in panel.score_buttons.items() if b.isChecked()] == [2]
    window.session.edit(edits.score_kloe, "alpha.e1.k2", "na")
    assert [v for v, b in panel.score_buttons.items() if b.isChecked()] == ["na"]
    # Every scale level shows its number and words (colour is never the only signal).
    assert panel.score_buttons[3].accessibleName() == "Score 3: Established"


def test_kloe_panel_buttons_score_and_clear(qtbot, make_window, review_path):
    window = make_window(review_path)
    panel = kloe_panel(window, "alpha.e1.k1")
    qtbot.mouseClick(panel.score_buttons[3], Qt.MouseButton.LeftButton)
    assert window.session.review.kloe("alpha.e1.k1").rating == 3
    qtbot.mouseClick(panel.score_buttons[3], Qt.MouseButton.LeftButton)  # a second click keeps it
    assert window.session.review.kloe("alpha.e1.k1").rating == 3
    assert panel.score_buttons[3].isChecked()
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    assert window.session.review.kloe("alpha.e1.k1").rating is None
    assert not any(b.isChecked() for b in panel.score_buttons.values())


def test_score_keys_work_in_the_tree_but_not_in_text_boxes(qtbot, make_window, review_path):
    window = make_window(review_path)
    window.show()
    qtbot.waitExposed(window)
    panel = kloe_panel(window, "alpha.e1.k1")
    tree = window.review_page.navigator.view
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_3)
    assert window.session.review.kloe("alpha.e1.k1").rating == 3
    qtbot.keyClick(tree, Qt.Key.Key_N)
    assert window.session.review.kloe("alpha.e1.k1").rating == "na"
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    assert window.session.review.kloe("alpha.e1.k1").rating is None
    panel.narrative.setFocus()
    qtbot.keyClicks(panel.narrative, "3 partners")
    assert window.session.review.kloe("alpha.e1.k1").rating is None
    assert panel.narrative.toPlainText() == "3 partners"


def test_narrative_is_saved_when_typing_pauses_and_status_stays_honest(qtbot, make_window,
                                                                       review_path):
    window = make_window(review_path)
    panel = kloe_panel(window, "alpha.e1.k1")
    qtbot.keyClicks(panel.narrative, "Tracking list seen")
    assert window.session.pending
    assert "Typing" in window.saved_label.text()
    qtbot.waitUntil(lambda: not window.session.pending, timeout=3000)
    assert window.session.review.kloe("alpha.e1.k1").narrative == "Tracking list seen"
    assert window.saved_label.text() == "All changes saved"
    assert window.session.undo_label() == "Edit evidence: Alpha element one › Alpha one first statement holds."
    # Core → view: an undo puts the old text back in the box.
    window.session.undo()
    assert panel.narrative.toPlainText() == ""


def test_moving_to_another_kloe_commits_typing_at_once(qtbot, make_window, review_path):
    window = make_window(review_path)
    panel = kloe_panel(window, "alpha.e1.k1")
    qtbot.keyClicks(panel.narrative, "First note")
    window.go_to_item("alpha.e1.k2")
    assert window.session.review.kloe("alpha.e1.k1").narrative == "First note"
    assert not window.session.pending
    assert panel.narrative.toPlainText() == ""


def test_confidence_and_group_scores(qtbot, make_window, review_path):
    window = make_window(review_path)
    panel = kloe_panel(window, "alpha.e1.k1")
    panel.confidence.setCurrentIndex(panel.confidence.findData("low"))
    assert window.session.review.kloe("alpha.e1.k1").confidence == "low"
    window.session.edit(edits.set_confidence, "alpha.e1.k1", "high")
    assert panel.confidence.currentData() == "high"

    panel.group_name.setEditText("Commissioner")
    panel.group_score.setCurrentIndex(panel.group_score.findData(4))
    qtbot.mouseClick(panel.group_set, Qt.MouseButton.LeftButton)
    panel.group_name.setEditText("VCSE")
    panel.group_score.setCurrentIndex(panel.group_score.findData(1))
    qtbot.mouseClick(panel.group_set, Qt.MouseButton.LeftButton)
    assert window.session.review.kloe("alpha.e1.k1").group_scores == {"Commissioner": 4,
                                                                      "VCSE": 1}
    assert column_texts(panel.groups, 0) == ["Commissioner", "VCSE"]
    assert column_texts(panel.groups, 1) == ["4 Embedded", "1 Emerging"]
    assert "Spread 3" in panel.spread_label.text() and "disagree" in panel.spread_label.text()
    panel.groups.selectRow(1)
    qtbot.mouseClick(panel.group_remove, Qt.MouseButton.LeftButton)
    assert window.session.review.kloe("alpha.e1.k1").group_scores == {"Commissioner": 4}
    assert "two or more groups" in panel.spread_label.text()
    qtbot.mouseClick(panel.group_set, Qt.MouseButton.LeftButton)  # no name typed
    assert answers_titles(window) == ["No group named"]


def answers_titles(window):
    return [title for title, _ in window.show_error.__self__.errors]


def test_evidence_link_and_data_point(qtbot, make_window, review_path):
    window = make_window(review_path)
    panel = kloe_panel(window, "alpha.e1.k1")
    panel.ask_evidence = lambda choice, defaults: {
        "type": "link", "title": "Tracking SOP", "date": dt.date(2026, 2, 3),
        "link": "https://example.org/sop", "note": ""}
    assert panel.add_evidence("link")
    items = window.session.review.evidence_for("alpha.e1.k1")
    assert [(e.title, e.link, e.date) for e in items] == [
        ("Tracking SOP", "https://example.org/sop", dt.date(2026, 2, 3))]
    assert row_count(panel.evidence_list) == 1
    assert "Tracking SOP" in cell(panel.evidence_list, 0, 0)
    panel.evidence_list.selectRow(0)
    assert panel.open_button.isEnabled()
    assert panel.open_selected_evidence()
    assert window.show_error.__self__.opened_urls == ["https://example.org/sop"]
    # Core → view.
    window.session.edit(edits.add_evidence, "alpha.e1.k1", title="Waiting list audit",
                        type="data", note="62% seen in 4 weeks")
    assert row_count(panel.evidence_list) == 2
    texts = column_texts(panel.evidence_list, 0)
    assert any("62% seen in 4 weeks" in t for t in texts)
    # Cancelled dialog: nothing added.
    panel.ask_evidence = lambda choice, defaults: None
    assert not panel.add_evidence("voice")
    assert len(window.session.review.evidence_for("alpha.e1.k1")) == 2
    panel.evidence_list.selectRow(next(i for i, t in enumerate(texts) if "SOP" in t))
    assert panel.remove_selected_evidence()
    assert [e.title for e in window.session.review.evidence_for("alpha.e1.k1")] == [
        "Waiting list audit"]


def test_attached_file_is_embedded_and_opens_from_a_temporary_copy(make_window, review_path,
                                                                   tmp_path, answers):
    source = tmp_path / "Board paper.pdf"
    source.write_bytes(b"%PDF-1.4 pretend board paper\n" * 50)
    window = make_window(review_path)
    panel = kloe_panel(window, "alpha.e1.k1")
    panel.ask_attachment_path = lambda: str(source)
    seen = {}

    def fill(choice, defaults):
        seen.update(defaults)
        return {"type": "document", "title": defaults["title"], "date": None, "link": "",
                "note": ""}

    panel.ask_evidence = fill
    assert panel.add_evidence("file")
    assert seen["filename"] == "Board paper.pdf"
    [item] = window.session.review.evidence_for("alpha.e1.k1")
    assert item.filename == "Board paper.pdf" and item.attachment
    assert window.session.file.attachment(item.attachment) == source.read_bytes()
    source.unlink()  # the review holds the bytes now
    panel.evidence_list.selectRow(0)
    assert panel.open_selected_evidence()
    url = QUrl(answers.opened_urls[-1])
    copy = Path(url.toLocalFile())
    assert copy.name == "Board paper.pdf"
    assert copy.read_bytes() == b"%PDF-1.4 pretend board paper\n" * 50
    assert copy.parent.parent != review_path.parent


def test_unreadable_attachment_is_reported_not_raised(make_window, review_path, tmp_path,
                                                      answers):
    window = make_window(review_path)
    panel = kloe_panel(window, "alpha.e1.k1")
    panel.ask_attachment_path = lambda: str(tmp_path / "gone.pdf")
    panel.ask_evidence = lambda c, d: (_ for _ in ()).throw(AssertionError("not asked"))
    assert not panel.add_evidence("file")
    assert answers.errors and "gone.pdf" in answers.errors[0][1]
    assert window.session.review.evidence_for("alpha.e1.k1") == []


# Element panel ------------------------------------------------------------------------------
def test_element_panel_score_target_gap_and_guidance(make_window, review_path):
    window = make_window(review_path)
    window.go_to_item("alpha.e1")
    panel = window.review_page.element_panel
    assert window.review_page.panels.currentWidget() is panel
    assert panel.title.text() == "Alpha element one"
    assert panel.score_value.text() == "—"
    window.session.edit(edits.score_kloe, "alpha.e1.k1", 1)
    window.session.edit(edits.score_kloe, "alpha.e1.k2", 2)
    assert panel.score_value.text() == "1.5"
    assert panel.target.value() == 3
    assert panel.gap_value.text() == "1.5"
    assert "You are here" in panel.guidance.text() and "Write it down." in panel.guidance.text()
    panel.target.setValue(2)
    assert window.session.review.target("alpha.e1") == 2
    assert panel.gap_value.text() == "0.5"
    window.session.edit(edits.set_target, "alpha.e1", 4)
    assert panel.target.value() == 4
    assert row_count(panel.kloes) == 2
    assert cell(panel.kloes, 0, 1) == "1"


def test_element_panel_opens_a_kloe(qtbot, make_window, review_path):
    window = make_window(review_path)
    window.go_to_item("alpha.e2")
    panel = window.review_page.element_panel
    panel.kloes.activated.emit(panel.kloes.model().index(2, 0))
    assert window.review_page.current_id() == "alpha.e2.k3"


# Domain panel -------------------------------------------------------------------------------
def test_domain_panel_indicators_both_ways(qtbot, make_window, review_path, answers):
    window = make_window(review_path)
    window.show()
    window.go_to_item("alpha")
    panel = window.review_page.domain_panel
    assert panel.title.text() == "1. Alpha Domain"
    assert row_count(panel.indicators) == 2
    assert cell(panel.indicators, 0, 4) == "≤ 10%"  # the threshold is shown
    assert cell(panel.indicators, 0, IND_RAG) == "—"
    # View → core.
    panel.set_indicator_cell("alpha.dna", IND_VALUE, "14")
    value = window.session.review.indicator_value("alpha.dna")
    assert value.value == 14
    qtbot.waitUntil(lambda: cell(panel.indicators, 0, IND_RAG) == "R · Red")
    panel.set_indicator_cell("alpha.dna", IND_DATE, "31/03/2026")
    panel.set_indicator_cell("alpha.dna", IND_SOURCE, "Trust extract")
    qtbot.waitUntil(lambda: window.session.review.indicator_value("alpha.dna").source
                    == "Trust extract")
    assert window.session.review.indicator_value("alpha.dna").date == dt.date(2026, 3, 31)
    # Core → view.
    window.session.edit(edits.set_indicator, "alpha.dna", 6, date=dt.date(2026, 4, 1))
    qtbot.waitUntil(lambda: cell(panel.indicators, 0, IND_RAG) == "G · Green")
    assert cell(panel.indicators, 0, IND_VALUE) == "6"
    # A bad date is refused with a plain message and nothing changes.
    panel.set_indicator_cell("alpha.dna", IND_DATE, "next Tuesday")
    assert answers.errors[-1][0] == "That date was not understood"
    assert window.session.review.indicator_value("alpha.dna").date == dt.date(2026, 4, 1)
    qtbot.waitUntil(lambda: cell(panel.indicators, 0, IND_DATE) == "2026-04-01")
    # Clearing the value removes the figure.
    panel.set_indicator_cell("alpha.dna", IND_VALUE, "")
    assert window.session.review.indicator_value("alpha.dna") is None


def test_domain_panel_lists_findings_examples_and_opens_resources(make_window, review_path,
                                                                  answers):
    window = make_window(review_path)
    window.go_to_item("alpha")
    panel = window.review_page.domain_panel
    assert "Alpha is often forgotten." in panel.findings.text()
    assert "Somewhere" in panel.examples.text()
    assert "https://example.org/alpha" in panel.resources.text()
    panel.resources.linkActivated.emit("https://example.org/alpha")
    assert answers.opened_urls == ["https://example.org/alpha"]
    assert row_count(panel.elements) == 2
    panel.elements.activated.emit(panel.elements.model().index(1, 0))
    assert window.review_page.current_id() == "alpha.e2"


# Details and roster -------------------------------------------------------------------------
def test_details_both_ways(qtbot, make_window, review_path):
    window = make_window(review_path)
    window.show()
    window.show_page(window.details)
    panel = window.details
    assert panel.system.text() == "Testshire"
    assert panel.facilitator.text() == "Fran Facilitator"
    panel.system.setFocus()
    panel.system.selectAll()
    qtbot.keyClicks(panel.system, "Newshire")
    qtbot.keyClick(panel.system, Qt.Key.Key_Return)
    assert window.session.review.info.system == "Newshire"
    assert window.windowTitle().startswith("Newshire")
    window.session.edit(edits.set_details, facilitator="Alex", review_date=dt.date(2026, 5, 6))
    qtbot.waitUntil(lambda: panel.facilitator.text() == "Alex")
    assert panel.date.date().toPython() == dt.date(2026, 5, 6)
    # An empty system name is refused and the field shows the saved name again.
    panel.system.setFocus()
    panel.system.selectAll()
    qtbot.keyClick(panel.system, Qt.Key.Key_Delete)
    qtbot.keyClick(panel.system, Qt.Key.Key_Return)
    assert window.session.review.info.system == "Newshire"
    assert panel.system.text() == "Newshire"


def test_roster_add_edit_remove(qtbot, make_window, review_path, answers):
    window = make_window(review_path)
    panel = window.details
    panel.new_name.setText("Anyshire Council")
    panel.new_sector.setCurrentText("Local authority")
    panel.new_attendees.setText("Jo Bloggs, Sam Smith")
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    [org] = window.session.review.organisations
    assert (org.name, org.sector, org.attendees) == ("Anyshire Council", "Local authority",
                                                     ("Jo Bloggs", "Sam Smith"))
    qtbot.waitUntil(lambda: row_count(panel.orgs) == 1)
    assert "1 organisation" in panel.roster_summary.text()
    # The sector is edited with the fixed list.
    index = panel.orgs.model().index(0, 1)
    delegate = panel.orgs.itemDelegateForColumn(1)
    editor = delegate.createEditor(panel.orgs.viewport(), None, index)
    assert [editor.itemText(i) for i in range(editor.count())][:2] == ["Commissioner",
                                                                      "NHS provider"]
    editor.setCurrentText("Education")
    delegate.setModelData(editor, panel.orgs.model(), index)
    editor.deleteLater()
    assert window.session.review.organisations[0].sector == "Education"
    qtbot.waitUntil(lambda: cell(panel.orgs, 0, 1) == "Education")
    assert panel.orgs.model().setData(panel.orgs.model().index(0, 2), "Jo Bloggs; Pat Lee")
    assert window.session.review.organisations[0].attendees == ("Jo Bloggs", "Pat Lee")
    qtbot.waitUntil(lambda: cell(panel.orgs, 0, 2) == "Jo Bloggs, Pat Lee")
    # A name the core refuses leaves the cell showing the saved name, and says why.
    assert not panel.orgs.model().setData(panel.orgs.model().index(0, 0), "   ")
    assert answers.errors and cell(panel.orgs, 0, 0) == "Anyshire Council"
    # Undo takes back a cell edit like any other.
    window.session.undo()
    assert window.session.review.organisations[0].attendees == ("Jo Bloggs", "Sam Smith")
    # The same name twice is refused with a message naming it.
    panel.new_name.setText("anyshire council")
    assert not panel.add_organisation()
    assert "already on the roster" in answers.errors[-1][1]
    qtbot.waitUntil(lambda: row_count(panel.orgs) == 1 and cell(panel.orgs, 0, 0) is not None)
    panel.orgs.selectRow(0)
    assert panel.remove_selected()
    assert window.session.review.organisations == []


# Parking lot --------------------------------------------------------------------------------
def test_parking_lot_quick_add_list_and_status(qtbot, make_window, review_path, answers):
    window = make_window(review_path)
    window.go_to_item("alpha.e2.k1")
    answers.texts.append("Ask the trust for DNA figures")
    window.act_park.trigger()
    [item] = window.session.review.parking
    assert (item.text, item.item_id, item.status) == ("Ask the trust for DNA figures",
                                                      "alpha.e2.k1", "open")
    panel = window.parking
    qtbot.waitUntil(lambda: row_count(panel.table) == 1)
    assert cell(panel.table, 0, 2) == "Alpha Domain › Alpha element two, KLOE 1"
    panel.quick.setText("Invite schools next time")
    qtbot.keyClick(panel.quick, Qt.Key.Key_Return)
    assert len(window.session.review.parking) == 2
    qtbot.waitUntil(lambda: row_count(panel.table) == 2)
    row = next(r for r in range(2) if cell(panel.table, r, 1) == item.text)
    assert cell(panel.table, row, 0, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    panel.table.setCurrentIndex(panel.model.index(row, 0))
    qtbot.keyClick(panel.table, Qt.Key.Key_Space)  # Space ticks it closed
    assert window.session.review.get("parking", item.id).status == "closed"
    qtbot.waitUntil(lambda: row_count(panel.table) == 1)  # open items only by default
    assert "1 open, 1 closed" == panel.counts.text()
    panel.show_box.setCurrentIndex(panel.show_box.findData("all"))
    assert row_count(panel.table) == 2
    row = next(r for r in range(2) if cell(panel.table, r, 1) == item.text)
    assert cell(panel.table, row, 0) == "Closed"
    assert cell(panel.table, row, 0, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    # Core → view.
    window.session.edit(edits.set_parking_status, item.id, "open")
    qtbot.waitUntil(lambda: panel.counts.text() == "2 open, 0 closed")
    # Enter on "raised at" goes to the item.
    row = next(r for r in range(row_count(panel.table))
               if cell(panel.table, r, 2).endswith("two, KLOE 1"))
    panel.table.activated.emit(panel.model.index(row, 2))
    assert window.pages.currentWidget() is window.review_page
    assert window.review_page.current_id() == "alpha.e2.k1"


def test_parking_rows_fit_their_text_once_shown(qtbot, make_window, review_path):
    window = make_window(review_path)
    for n in range(3):
        window.session.edit(edits.add_parking, f"Issue {n}: " + "a sentence of detail " * 8,
                            "alpha.e2.k1")
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(window._parking_page)
    table = window.parking.table
    qtbot.waitUntil(lambda: row_count(table) == 3)
    line = table.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: all(table.rowHeight(r) <= 5 * line for r in range(3)))


def test_empty_parking_text_is_refused(make_window, review_path, answers):
    window = make_window(review_path)
    window.parking.quick.setText("   ")
    assert not window.parking.add_from_box()
    assert answers.errors[-1] == ("That change could not be made",
                                  "a parking-lot item needs some text")


# Dashboard ----------------------------------------------------------------------------------
def test_dashboard_follows_the_core_and_jumps_to_items(qtbot, make_window, review_path):
    window = make_window(review_path)
    window.show()
    window.show_page(window.dashboard)
    dash = window.dashboard
    assert dash.overall.text() == "—"
    assert dash.coverage.text() == "0%"
    window.session.edit(edits.score_kloe, "alpha.e1.k1", 4)
    window.session.edit(edits.score_kloe, "beta.e1.k1", 2)
    assert dash.overall.text() == "3.0"
    assert dash.radar.scores == [4.0, 2.0]
    assert dash.radar.targets == [3.5, 3.0]
    assert dash.heatmap.rows[0][2][0] == ("alpha.e1", "Alpha element one", 4.0)
    assert "Alpha 4.0" in dash.radar.accessibleDescription() or \
        "Alpha Domain 4.0" in dash.radar.accessibleDescription()
    # Scored 4 with no evidence: listed, and a click jumps to it.
    assert dash.unevidenced.model.key(0) == "alpha.e1.k1"
    assert dash.unevidenced.table.isVisibleTo(dash) and not dash.unevidenced.empty.isVisibleTo(dash)
    assert not dash.disagreements.table.isVisibleTo(dash)
    assert dash.disagreements.empty.isVisibleTo(dash)
    window.session.edit(edits.set_group_score, "beta.e1.k1", "Commissioner", 3)
    window.session.edit(edits.set_group_score, "beta.e1.k1", "VCSE", 0)
    assert dash.disagreements.model.key(0) == "beta.e1.k1"
    assert "spread 3" in cell(dash.disagreements.table, 0, 0)
    table = dash.disagreements.table
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(table.model().index(0, 0)).center())
    assert window.pages.currentWidget() is window.review_page
    assert window.review_page.current_id() == "beta.e1.k1"
    dash.heatmap.element_activated.emit("alpha.e2")
    assert window.review_page.current_id() == "alpha.e2"


def test_heatmap_keyboard_opens_an_element(qtbot, make_window, review_path):
    window = make_window(review_path)
    window.show()
    window.show_page(window.dashboard)
    heat = window.dashboard.heatmap
    heat.setFocus()
    qtbot.keyClick(heat, Qt.Key.Key_Right)
    qtbot.keyClick(heat, Qt.Key.Key_Return)
    assert window.review_page.current_id() == "alpha.e2"


def test_dashboard_renders_the_full_review(qtbot, make_window, rich_path, tmp_path):
    window = make_window(rich_path)
    window.resize(1440, 900)
    window.show()
    window.show_page(window.dashboard)
    assert len(window.dashboard.radar.labels) == 10
    assert all(len(row[2]) >= 3 for row in window.dashboard.heatmap.rows)
    image = window.grab().toImage()
    assert image.width() > 1000 and not image.isNull()


def test_finding_a_widgets_place_leaves_no_layout_items_behind(qtbot):
    """PySide keeps each layout item it hands to Python alive with its layout; once the item's
    widget is deleted, the item's wrapper points at freed memory and Qt may hand a later object
    (a widget's style) to Python under the item's type. The search never asks for items."""
    import gc

    from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

    from forms.panels.kloe_lines import _layout_holding

    def item_wrappers() -> int:
        gc.collect()
        return sum(type(o).__name__ == "QWidgetItem" for o in gc.get_objects())

    host = QWidget()
    qtbot.addWidget(host)
    outer = QVBoxLayout(host)
    outer.addWidget(QLabel("first"))
    inner = QHBoxLayout()
    outer.addLayout(inner)
    target = QLabel("target")
    inner.addWidget(QLabel("beside"))
    inner.addWidget(target)
    before = item_wrappers()
    assert _layout_holding(outer, target) == (inner, 1)
    assert _layout_holding(outer, QLabel("elsewhere")) is None
    assert item_wrappers() == before
