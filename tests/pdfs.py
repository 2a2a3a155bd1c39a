"""Reading back the PDFs the exports write: their outline (bookmarks)."""

from __future__ import annotations

from typing import NamedTuple


class Entry(NamedTuple):
    depth: int
    title: str
    page: int  # 1-based


def outline_entries(reader) -> list[Entry]:
    """Every bookmark of a pypdf ``PdfReader``, in order, with its depth and page."""
    found: list[Entry] = []

    def walk(items, depth=0):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append(Entry(depth, item.title,
                                   reader.get_destination_page_number(item) + 1))
    walk(reader.outline)
    return found
