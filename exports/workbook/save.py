"""Saving an openpyxl workbook with its cells written as text, several times faster.

openpyxl serialises every cell through an XML element tree, which is most of the time it takes
to save our workbooks. Here openpyxl still writes everything around the cells (styles, charts,
conditional formats, validations, print setup, links), and the cells are written straight into
the same sheet part: the same elements and attributes openpyxl would write. A sheet holding
anything this writer does not know (formulas, rich text, comments) is left to openpyxl whole.
"""

from __future__ import annotations

import datetime as dt
import uuid
from io import BytesIO
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText
from openpyxl.compat import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel, to_ISO8601
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter


class _Unsupported(Exception):
    """A cell this writer leaves to openpyxl."""


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    return (_text(value).replace('"', "&quot;").replace("\r", "&#13;").replace("\n", "&#10;")
            .replace("\t", "&#09;"))


class _SheetWriter(WorksheetWriter):
    """openpyxl's sheet writer, with a marker where the rows go, replaced when it is read."""

    def write_rows(self) -> None:
        links = self.ws._hyperlinks
        try:
            self._rows = "".join(self._row_xml()).encode("utf-8")
        except _Unsupported:
            del links[:]
            return super().write_rows()
        self._marker = f"sit-rows-{uuid.uuid4().hex}"
        xf = self.xf.send(True)
        with xf.element("sheetData"):
            xf.write(self._marker)
        self.xf.send(None)

    def read(self) -> bytes:
        out = super().read()
        marker = getattr(self, "_marker", None)
        if marker is None:
            return out
        return out.replace(marker.encode("ascii"), self._rows, 1)

    def _row_xml(self):
        ws = self.ws
        wb = ws.parent
        styles = wb._cell_styles
        epoch, iso_dates = wb.epoch, wb.iso_dates
        links = ws._hyperlinks
        dims = ws.row_dimensions
        letters: dict[int, str] = {}
        for row_idx, cells in self.rows():
            dim = dims.get(row_idx)
            attrs = "".join(f' {k}="{_attr(v)}"' for k, v in dim) if dim is not None else ""
            yield f'<row r="{row_idx}"{attrs}>'
            for cell in cells:
                if cell._comment is not None:
                    raise _Unsupported
                value = cell._value
                style = cell._style
                styled = style is not None and any(style)
                if value is None and not styled:
                    continue
                letter = letters.get(cell.column)
                if letter is None:
                    letter = letters[cell.column] = get_column_letter(cell.column)
                head = f'<c r="{letter}{row_idx}"'
                if styled:
                    head += f' s="{styles.add(style)}"'
                kind = cell.data_type
                if cell._hyperlink:
                    links.append(cell._hyperlink)
                if kind == "s":
                    if not isinstance(value, str):
                        raise _Unsupported  # rich text
                    if value == "":
                        yield head + ' t="inlineStr" />'
                        continue
                    stripped = value.strip()
                    space = ' xml:space="preserve"' if stripped and stripped != value else ""
                    yield f'{head} t="inlineStr"><is><t{space}>{_text(value)}</t></is></c>'
                    continue
                if kind == "f" or isinstance(value, CellRichText):
                    raise _Unsupported
                if kind == "d":
                    if getattr(value, "tzinfo", None) is not None:
                        raise TypeError("Excel does not support timezones in datetimes. "
                                        "The tzinfo in the datetime/time object must be set "
                                        "to None.")
                    if iso_dates and not isinstance(value, dt.timedelta):
                        value = to_ISO8601(value)
                    else:
                        kind = "n"
                        value = to_excel(value, epoch)
                if value is None or value == "":
                    yield f'{head} t="{kind}" />'
                    continue
                text = _text(safe_string(value))
                yield f'{head} t="{kind}"><v>{text}</v></c>' if text else \
                    f'{head} t="{kind}"><v /></c>'
            yield "</row>"


class _WorkbookWriter(ExcelWriter):
    def write_worksheet(self, ws) -> None:
        if self.workbook.write_only:
            return super().write_worksheet(ws)
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _SheetWriter(ws, out=BytesIO())
        try:
            writer.write()
        finally:
            writer.close()  # also when a cell is refused, so the stream ends here
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)


def save_workbook(wb: Workbook, path: str | Path) -> None:
    """What ``wb.save(path)`` writes, written faster."""
    if wb.read_only:
        raise TypeError("Workbook is read-only")
    with ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        wb.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
        _WorkbookWriter(wb, archive).write_data()
