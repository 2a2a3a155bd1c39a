"""Reading a table the way a user sees it, whatever widget or model draws it."""

from __future__ import annotations

from PySide6.QtCore import Qt


def row_count(table) -> int:
    return table.model().rowCount()


def cell(table, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return table.model().index(row, column).data(role)


def column_texts(table, column: int) -> list[str]:
    return [cell(table, r, column) for r in range(row_count(table))]


def is_bold(table, row: int, column: int) -> bool:
    font = cell(table, row, column, Qt.ItemDataRole.FontRole)
    return bool(font is not None and font.bold())
