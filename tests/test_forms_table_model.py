"""The one table model the app's record lists use: checked with qtmodeltester, and its
selection kept when the core hands it new records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt

from forms.models.table import Column, RecordTable, RecordTableModel, clipped
from forms.pages.plan import A_DUE, A_RAG, ActionsPage
from tests.tables import cell, row_count


@dataclass(frozen=True)
class Item:
    id: str
    name: str
    count: int


def columns(edits: list) -> list[Column[Item]]:
    return [
        Column("Name", lambda i: i.name, tooltip=lambda i: f"About {i.name}"),
        Column("Count", lambda i: str(i.count), colours=lambda i: ("#ffffff", "#000000")
               if i.count else None, bold=lambda i: i.count > 2,
               edit=lambda i, text: edits.append((i.id, text)) or True),
    ]


def test_model_passes_qtmodeltester_through_resets_and_updates(qtmodeltester):
    edits: list = []
    model = RecordTableModel(columns(edits), key=lambda i: i.id)
    qtmodeltester.check(model)
    model.set_records([Item("a", "Alpha", 1), Item("b", "Beta", 3)])
    qtmodeltester.check(model)
    model.set_records([Item("a", "Alpha", 2), Item("b", "Beta", 3)])
    model.set_records([Item("c", "Gamma", 0)])
    qtmodeltester.check(model)
    assert model.rowCount() == 1 and model.index(0, 0).data() == "Gamma"


def test_cells_read_from_the_declared_columns_and_edits_go_to_the_column(qtbot):
    edits: list = []
    model = RecordTableModel(columns(edits), key=lambda i: i.id)
    model.set_records([Item("a", "Alpha", 1), Item("b", "Beta", 3)])
    assert model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole) == "About Beta"
    assert model.index(1, 1).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(0, 1).data(Qt.ItemDataRole.FontRole) is None
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(model.index(0, 1), "5")
    assert not model.setData(model.index(0, 1), "1"), "an unchanged value is not an edit"
    assert not model.setData(model.index(0, 0), "Renamed"), "a read-only column takes no edit"
    assert edits == [("a", "5")]


def test_view_keeps_the_selected_record_when_the_order_changes(qtbot):
    model = RecordTableModel(columns([]), key=lambda i: i.id)
    view = RecordTable(model, "Things")
    qtbot.addWidget(view)
    a, b, c = Item("a", "Alpha", 1), Item("b", "Beta", 2), Item("c", "Gamma", 3)
    model.set_records([a, b, c])
    assert view.select("b") and view.selected_key() == "b"
    model.set_records([c, b, a])
    assert view.selected_key() == "b" and view.currentIndex().row() == 1
    model.set_records([a, c])
    assert view.selected_key() is None
    assert not view.select("missing")
    activated = []
    view.activated_key.connect(activated.append)
    view.activated.emit(model.index(1, 0))
    assert activated == ["c"]


def test_long_text_is_cut_at_the_limit_and_says_so():
    assert clipped("short") == "short"
    cut = clipped("word " * 200, 50)
    assert len(cut) <= 50 and cut.endswith("…")


def test_action_plan_model_follows_the_day_it_is_drawn(qtbot, qtmodeltester, session):
    from maturity.plan import add_action

    session.edit(add_action, "Agree a route in", due=dt.date(2026, 5, 1), status="in_progress")
    today = [dt.date(2026, 4, 1)]
    page = ActionsPage(session, today=lambda: today[0])
    qtbot.addWidget(page)
    qtmodeltester.check(page.model)
    assert row_count(page.table) == 1 and "OVERDUE" not in cell(page.table, 0, A_DUE)
    today[0] = dt.date(2026, 6, 1)
    page.refresh()
    assert cell(page.table, 0, A_DUE).endswith("OVERDUE")
    assert cell(page.table, 0, A_RAG).endswith("(overdue)")
