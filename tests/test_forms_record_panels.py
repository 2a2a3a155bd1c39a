"""The review's record lists drawn by the one table model: each model passes qtmodeltester,
reads the core's records and writes cell edits back through the session (so undo works)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from forms.panels.details import ORG_ATTENDEES, ORG_NAME, ORG_SECTOR, DetailsPanel
from forms.session import ReviewSession
from maturity import edits
from tests.tables import cell, column_texts, row_count


def editable(table, row: int, column: int) -> bool:
    return bool(table.model().index(row, column).flags() & Qt.ItemFlag.ItemIsEditable)


# Roster -------------------------------------------------------------------------------------
def test_roster_model_passes_qtmodeltester_and_follows_the_core(qtbot, qtmodeltester, session):
    panel = DetailsPanel(session)
    qtbot.addWidget(panel)
    qtmodeltester.check(panel.orgs_model)
    session.edit(edits.add_organisation, "Anyshire ICB", "Commissioner", ["Ann", "Bo"])
    session.edit(edits.add_organisation, "Anyshire Trust", "NHS provider")
    qtbot.waitUntil(lambda: row_count(panel.orgs) == 2)
    qtmodeltester.check(panel.orgs_model)
    assert column_texts(panel.orgs, ORG_NAME) == ["Anyshire ICB", "Anyshire Trust"]
    assert cell(panel.orgs, 0, ORG_ATTENDEES) == "Ann, Bo"
    assert cell(panel.orgs, 1, ORG_SECTOR) == "NHS provider"
    assert all(editable(panel.orgs, 0, c) for c in (ORG_NAME, ORG_SECTOR, ORG_ATTENDEES))


def test_roster_edits_keep_the_selection_and_undo(qtbot, session):
    panel = DetailsPanel(session)
    qtbot.addWidget(panel)
    session.edit(edits.add_organisation, "Anyshire ICB", "Commissioner")
    session.edit(edits.add_organisation, "Anyshire Trust", "NHS provider")
    qtbot.waitUntil(lambda: row_count(panel.orgs) == 2)
    trust = session.review.organisations[1].id
    assert panel.orgs.select(trust)
    model = panel.orgs.model()
    assert model.setData(model.index(1, ORG_NAME), "Anyshire Foundation Trust")
    # The roster is in the core's order (by name), and the selection follows the record.
    qtbot.waitUntil(lambda: column_texts(panel.orgs, ORG_NAME)
                    == ["Anyshire Foundation Trust", "Anyshire ICB"])
    assert panel.orgs.selected_key() == trust and panel.orgs.currentIndex().row() == 0
    # A sector outside the fixed list is refused by the core and the cell keeps its value.
    assert not model.setData(model.index(0, ORG_SECTOR), "Made-up sector")
    assert session.errors and cell(panel.orgs, 0, ORG_SECTOR) == "NHS provider"
    assert session.undo()
    qtbot.waitUntil(lambda: cell(panel.orgs, 1, ORG_NAME) == "Anyshire Trust")
    assert panel.orgs.selected_key() == trust
    assert panel.remove_selected()
    qtbot.waitUntil(lambda: row_count(panel.orgs) == 1)
    assert [o.name for o in session.review.organisations] == ["Anyshire ICB"]


def test_roster_of_a_read_only_review_takes_no_edits(qtbot, review_path):
    writer = ReviewSession(report_error=lambda *a: None)
    assert writer.open(review_path)
    writer.edit(edits.add_organisation, "Anyshire ICB", "Commissioner")
    writer.close()
    errors: list = []
    reader = ReviewSession(report_error=lambda *a: errors.append(a))
    assert reader.open(review_path, readonly=True)
    try:
        panel = DetailsPanel(reader)
        qtbot.addWidget(panel)
        assert row_count(panel.orgs) == 1
        assert not any(editable(panel.orgs, 0, c) for c in (ORG_NAME, ORG_SECTOR, ORG_ATTENDEES))
        assert not panel.orgs.model().setData(panel.orgs.model().index(0, ORG_NAME), "Other")
        assert reader.review.organisations[0].name == "Anyshire ICB"
    finally:
        reader.close()


# Domain and element panels ------------------------------------------------------------------
def test_domain_tables_pass_qtmodeltester_and_show_the_rollup(qtbot, qtmodeltester, session):
    from forms.panels.domain import DomainPanel

    panel = DomainPanel(session)
    qtbot.addWidget(panel)
    panel.show_domain("alpha")
    qtmodeltester.check(panel.elements_model)
    qtmodeltester.check(panel.indicators_model)
    assert column_texts(panel.elements, 0) == ["Alpha element one", "Alpha element two"]
    assert column_texts(panel.elements, 1) == ["—", "—"]
    session.edit(edits.score_kloe, "alpha.e1.k1", 1)
    session.edit(edits.score_kloe, "alpha.e1.k2", 2)
    panel.refresh()
    assert cell(panel.elements, 0, 1) == "1.5" and cell(panel.elements, 0, 3) == "+1.5"
    assert cell(panel.elements, 0, 1, Qt.ItemDataRole.BackgroundRole) is not None
    opened = []
    panel.item_activated.connect(opened.append)
    panel.elements.activated.emit(panel.elements.model().index(1, 3))
    assert opened == ["alpha.e2"]
    # Only Value, Date and Source take typing; the name, threshold and RAG are the core's.
    assert [editable(panel.indicators, 0, c) for c in range(6)] == [False, True, True, True,
                                                                   False, False]


def test_indicator_typed_from_the_keyboard_is_recorded_and_undone(qtbot, session):
    from forms.panels.domain import IND_DATE, IND_RAG, IND_SOURCE, IND_VALUE, DomainPanel

    panel = DomainPanel(session)
    qtbot.addWidget(panel)
    panel.show_domain("alpha")
    panel.show()
    qtbot.waitExposed(panel)
    table = panel.indicators
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, IND_VALUE))
    qtbot.keyClick(table, "1")  # typing starts the edit
    editor = table.findChild(QLineEdit)
    assert editor is not None and editor.text() == "1"
    qtbot.keyClicks(editor, "4")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next turn
    qtbot.waitUntil(lambda: session.review.indicator_value("alpha.dna") is not None)
    assert session.review.indicator_value("alpha.dna").value == 14
    qtbot.waitUntil(lambda: cell(table, 0, IND_RAG) == "R · Red")
    # Two cells typed before the table refreshes: the second keeps the first.
    assert panel.set_indicator_cell("alpha.dna", IND_DATE, "2026-03-31")
    assert panel.set_indicator_cell("alpha.dna", IND_SOURCE, "Trust extract")
    saved = session.review.indicator_value("alpha.dna")
    assert (saved.value, saved.date.isoformat(), saved.source) == (14, "2026-03-31",
                                                                   "Trust extract")
    # A date or source with no value is refused, naming the indicator.
    assert not panel.set_indicator_cell("alpha.waitlist", IND_SOURCE, "Somewhere")
    assert session.errors[-1][0] == "Enter the value first"
    assert "Waiting-list size" in session.errors[-1][1]
    assert session.review.indicator_value("alpha.waitlist") is None
    assert session.undo() and session.undo()
    qtbot.waitUntil(lambda: cell(table, 0, IND_DATE) == "")
    assert cell(table, 0, IND_VALUE) == "14" and session.review.indicator_value(
        "alpha.dna").date is None


def test_element_kloes_pass_qtmodeltester_and_open_a_kloe(qtbot, qtmodeltester, session):
    from forms.panels.element import ElementPanel

    panel = ElementPanel(session)
    qtbot.addWidget(panel)
    panel.show_element("alpha.e2")
    qtmodeltester.check(panel.kloes_model)
    assert row_count(panel.kloes) == 3
    session.edit(edits.score_kloe, "alpha.e2.k2", "na")
    session.edit(edits.set_confidence, "alpha.e2.k1", "high")
    session.edit(edits.set_narrative, "alpha.e2.k1", "The group cited the audit.")
    session.edit(edits.add_evidence, "alpha.e2.k1", title="Audit", type="data", note="62%")
    panel.refresh()
    qtmodeltester.check(panel.kloes_model)
    assert column_texts(panel.kloes, 1) == ["—", "N/A", "—"]
    assert cell(panel.kloes, 0, 2) == "High"
    assert cell(panel.kloes, 0, 3) == "1 item + narrative"
    assert cell(panel.kloes, 1, 3) == "0 items"
    assert not editable(panel.kloes, 0, 0)
    opened = []
    panel.item_activated.connect(opened.append)
    panel.kloes.activated.emit(panel.kloes.model().index(2, 1))
    assert opened == ["alpha.e2.k3"]


def test_indicator_rag_stays_in_sight_on_a_small_screen(qtbot, make_window, rich_path):
    from forms.panels.domain import IND_RAG, IND_THRESHOLD

    window = make_window(rich_path)
    window.resize(1024, 768)
    fw = window.session.review.framework
    domain = max(fw.domains, key=lambda d: max((len(i.threshold_note) for i in d.indicators),
                                               default=0))
    window.go_to_item(domain.id)
    panel = window.review_page.domain_panel
    table = panel.indicators
    qtbot.waitUntil(lambda: row_count(table) == len(domain.indicators))
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    header = table.horizontalHeader()
    right = header.sectionViewportPosition(IND_RAG) + header.sectionSize(IND_RAG)
    assert right <= table.viewport().width(), (right, table.viewport().width())
    # A long note on the threshold is marked in the cell and whole in the tooltip.
    row = max(range(row_count(table)), key=lambda r: len(domain.indicators[r].threshold_note))
    note = domain.indicators[row].threshold_note
    assert len(note) > 70
    assert cell(table, row, IND_THRESHOLD).endswith("(note)")
    assert cell(table, row, IND_THRESHOLD, Qt.ItemDataRole.ToolTipRole) == note


# KLOE panel ---------------------------------------------------------------------------------
def test_kloe_evidence_and_groups_pass_qtmodeltester(qtbot, qtmodeltester, session):
    from forms.panels.kloe import KloePanel

    panel = KloePanel(session)
    qtbot.addWidget(panel)
    panel.show_kloe("alpha.e1.k1")
    qtmodeltester.check(panel.evidence_model)
    qtmodeltester.check(panel.groups_model)
    # An empty list says what to do instead of showing nothing.
    assert row_count(panel.evidence_list) == 0
    assert panel.evidence_list.placeholder() == "No evidence items yet: use Add evidence."
    session.edit(edits.add_evidence, "alpha.e1.k1", title="Audit", type="data", note="62%")
    session.edit(edits.add_evidence, "alpha.e1.k1", title="Plan", type="link",
                 link="https://example.org/plan")
    qtmodeltester.check(panel.evidence_model)
    assert row_count(panel.evidence_list) == 2 and panel.evidence_list.placeholder() == ""
    # Groups in alphabetical order whatever their case, as the report lists them.
    for name, score in (("vcse", 1), ("Commissioner", 4), ("Education", 2)):
        session.edit(edits.set_group_score, "alpha.e1.k1", name, score)
    qtmodeltester.check(panel.groups_model)
    assert column_texts(panel.groups, 0) == ["Commissioner", "Education", "vcse"]
    panel.groups.select("vcse")
    session.edit(edits.set_group_score, "alpha.e1.k1", "Active partners", 3)
    assert column_texts(panel.groups, 0)[0] == "Active partners"
    assert panel.groups.selected_key() == "vcse"  # the selection follows the group
    panel._on_group_remove()
    assert "vcse" not in session.review.kloe("alpha.e1.k1").group_scores


def test_kloe_evidence_selection_follows_the_item_and_drives_the_buttons(qtbot, session):
    from forms.panels.kloe import KloePanel

    panel = KloePanel(session)
    qtbot.addWidget(panel)
    panel.show_kloe("alpha.e1.k1")
    session.edit(edits.add_evidence, "alpha.e1.k1", title="Plan", type="link",
                 link="https://example.org/plan")
    link_id = session.review.evidence_for("alpha.e1.k1")[0].id
    assert not panel.open_button.isEnabled() and not panel.remove_button.isEnabled()
    assert panel.evidence_list.select(link_id)
    assert panel.open_button.isEnabled() and panel.remove_button.isEnabled()
    session.edit(edits.add_evidence, "alpha.e1.k1", title="Audit", type="data", note="62%")
    assert panel.evidence_list.selected_key() == link_id
    # Another KLOE's list has nothing selected, so nothing of this KLOE's can be removed.
    panel.show_kloe("alpha.e1.k2")
    assert panel.evidence_list.selected_key() is None and not panel.remove_button.isEnabled()
    assert not panel.remove_selected_evidence()
    assert len(session.review.evidence_for("alpha.e1.k1")) == 2
