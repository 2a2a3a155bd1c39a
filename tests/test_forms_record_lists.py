"""The review's record lists drawn by the one table model: each model passes qtmodeltester,
reads the core's records and writes cell edits back through the session (so undo works)."""

from __future__ import annotations

from PySide6.QtCore import Qt

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
