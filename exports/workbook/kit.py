"""The workbook kit: what every workbook shares (openpyxl).

Fonts, fills and formats, cells written as text that no spreadsheet will evaluate, tables with
a frozen header, filters, wrapped text and banded rows, a landscape fit-to-width print setup,
and score and RAG colours that keep the number visible.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from copy import copy
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import FormulaRule, Rule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from maturity.wording import SCORE_BANDS

from .. import palette
from ..files import save_atomic
from ..text import cell_text, looks_like_formula
from .save import save_workbook

NHS_BLUE = palette.NHS_BLUE
NHS_DARK_BLUE = palette.NHS_DARK_BLUE
PALE_GREY = palette.NHS_PALE_GREY
DARK_GREY = palette.NHS_DARK_GREY
RAG_FILLS = palette.RAG

TITLE_FONT = Font(name="Arial", size=14, bold=True, color=NHS_DARK_BLUE)
SUB_FONT = Font(name="Arial", size=10, italic=True, color=DARK_GREY)
SECTION_FONT = Font(name="Arial", size=12, bold=True, color=NHS_DARK_BLUE)
HEAD_FONT = Font(name="Arial", size=10, bold=True, color="FFFFFF")
HEAD_FILL = PatternFill("solid", fgColor=NHS_BLUE)
PALE_FILL = PatternFill("solid", fgColor=PALE_GREY)
BODY_FONT = Font(name="Arial", size=10)
BOLD_FONT = Font(name="Arial", size=10, bold=True)
LINK_FONT = Font(name="Arial", size=10, color="0B5CAD", underline="single")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)
THIN = Side(style="thin", color="B8C4C8")
BAND_FILL = PatternFill("solid", fgColor="F2F5F6", bgColor="F2F5F6")
GRID = Border(bottom=THIN)
DATE_FORMAT = "d mmm yyyy"  # as maturity.wording.fmt_date writes dates: 4 Oct 2025
EDIT_ROWS = 200
"""Rows below a table that partners can fill in: its drop-downs and banding reach them."""
LINE_HEIGHT = 13.5   # points per wrapped line of 10 pt Arial, with room for LibreOffice
CHARS_PER_WIDTH = 1.1  # characters of body text per unit of column width, worst case
SCORE_FORMAT = "0.0"

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_title(text: str, used: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the workbook."""
    base = _SHEET_BAD.sub(" ", text).strip().strip("'")[:31] or "Sheet"
    name, n = base, 2
    while name.casefold() in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.casefold())
    return name


def _style(ws: Worksheet, font: Font, align: Alignment, fmt: str | None, border: Border | None,
           quote: bool, fill: PatternFill | None = None) -> StyleArray:
    """The style of a cell, computed once per workbook and combination.

    Setting font, alignment and border cell by cell hashes each style object every time,
    which dominated the time to build a workbook; copying a ready style array does not.
    """
    cache: dict[tuple, StyleArray] = ws.parent.__dict__.setdefault("_sit_styles", {})
    key = (id(font), id(align), fmt, id(border), quote, id(fill))
    found = cache.get(key)
    if found is None:
        scratch = Cell(ws, row=1, column=1)
        scratch.font, scratch.alignment = font, align
        if fmt:
            scratch.number_format = fmt
        if border is not None:
            scratch.border = border
        if fill is not None:
            scratch.fill = fill
        scratch.quotePrefix = quote
        found = cache[key] = copy(scratch._style)
    return found


_KINDS = {str: "s", int: "n", float: "n", bool: "b", dt.date: "d", dt.datetime: "d"}


def _cell(ws: Worksheet, row: int, col: int, value: Any, style: StyleArray) -> Cell:
    """A new cell in a copy of ``style``.

    Text has been through ``cell_text`` and quoted by the caller, so it is stored as text
    without openpyxl's checks (which would also read "=..." as a formula and "#N/A" as an error).
    """
    cell = Cell(ws, row=row, column=col, style_array=style)
    kind = _KINDS.get(type(value))
    if kind is None:
        cell.value = value
        cell._style = StyleArray(style)
        if isinstance(value, str):
            cell.data_type = "s"
    else:
        cell._value, cell.data_type = value, kind
    ws._cells[(row, col)] = cell
    return cell


def put(ws: Worksheet, row: int, col: int, value: Any, *, font: Font = BODY_FONT,
        align: Alignment = WRAP, fmt: str | None = None, border: Border | None = None,
        fill: PatternFill | None = None) -> Cell:
    """Write one cell; text is always text, never a formula."""
    quote = False
    if isinstance(value, str):
        value = cell_text(value)
        quote = looks_like_formula(value)
    return _cell(ws, row, col, value, _style(ws, font, align, fmt, border, quote, fill))


def text_lines(text: str, width: float) -> int:
    """Lines ``text`` wraps to in a column ``width`` wide, counted word by word as a
    spreadsheet wraps (a word never splits unless it is longer than the line)."""
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    total = 0
    for part in text.split("\n"):
        lines, used = 1, 0
        for word in part.split():
            n = len(word)
            if used and used + 1 + n > per_line:
                lines, used = lines + 1, 0
            if not used:
                lines += (n - 1) // per_line
                used = (n - 1) % per_line + 1
            else:
                used += 1 + n
        total += lines
    return total


def row_height(lines: int) -> float:
    return min(409, LINE_HEIGHT * lines + 4)


def fit_row(ws: Worksheet, row: int, *texts: tuple[str, float]) -> None:
    """Make ``row`` tall enough for each (text, column width) it holds, wrapped: not every
    spreadsheet program sizes a row itself, and text would otherwise run over the next row."""
    lines = max((text_lines(text, width) for text, width in texts), default=1)
    if lines > 1:
        ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 0,
                                            row_height(lines))


def table(ws: Worksheet, top: int, headers: Sequence[tuple[str, float]],
          rows: Sequence[Sequence[Any]], *, formats: dict[int, str] | None = None,
          aligns: dict[int, Alignment] | None = None, filter_rows: bool = True,
          unbanded: Sequence[int] = (), band_rows: int = 0) -> int:
    """A header row and body rows from ``top``; returns the last row written.

    Row heights are set from the wrapped text, since not every spreadsheet program sizes
    rows itself when it opens a file. Columns in ``unbanded`` keep their own colours;
    ``band_rows`` bands that many body rows (rows partners may add below), if more than written.
    """
    formats = formats or {}
    aligns = aligns or {}
    widths = [w for _, w in headers]
    for c, (title, width) in enumerate(headers, 1):
        put(ws, top, c, title, font=HEAD_FONT, fill=HEAD_FILL)
        ws.column_dimensions[get_column_letter(c)].width = width
    plain = [_style(ws, BODY_FONT, aligns.get(c, WRAP), formats.get(c), None, False)
             for c in range(1, len(headers) + 1)]
    quoted = _style(ws, BODY_FONT, WRAP, None, None, True)
    r = top
    for r, values in enumerate(rows, top + 1):
        lines = 1
        for c, v in enumerate(values, 1):
            if v is None or v == "":
                continue  # blank cells are left out: fewer cells, same look
            style = plain[c - 1]
            if isinstance(v, str):
                v = cell_text(v)
                if len(v) > widths[c - 1] * CHARS_PER_WIDTH or "\n" in v:
                    lines = max(lines, text_lines(v, widths[c - 1]))
                if looks_like_formula(v):
                    style = quoted
            _cell(ws, r, c, v, style)
        if lines > 1:
            ws.row_dimensions[r].height = row_height(lines)
    last_col = get_column_letter(len(headers))
    band_end = max(r, top + band_rows)
    if band_end > top:
        # Banded rows as one conditional rule rather than a style on every cell.
        band = FormulaRule(formula=[f"MOD(ROW()-{top},2)=0"], fill=BAND_FILL)
        runs: list[list[int]] = []
        for c in range(1, len(headers) + 1):
            if c in unbanded:
                continue
            if runs and runs[-1][1] == c - 1:
                runs[-1][1] = c
            else:
                runs.append([c, c])
        ref = " ".join(f"{get_column_letter(a)}{top + 1}:{get_column_letter(b)}{band_end}"
                       for a, b in runs)
        ws.conditional_formatting.add(ref, band)
        ws.__dict__.setdefault("_sit_bands", []).append(band)
    ws.row_dimensions[top].height = 28
    ws.freeze_panes = ws.cell(row=top + 1, column=1)
    if filter_rows and rows:
        ws.auto_filter.ref = f"A{top}:{last_col}{r}"
    ws.print_title_rows = f"{top}:{top}"
    return r


def print_setup(ws: Worksheet, title: str) -> None:
    """Print settings; called last for a sheet, so banding can yield to every other colour."""
    for n, band in enumerate(ws.__dict__.get("_sit_bands", ())):
        band.priority = 1000 + n
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    # the running header sits in its own margin, clear of row 1 (and of repeated titles)
    ws.page_margins.top = ws.page_margins.bottom = 0.8
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddHeader.left.text = cell_text(title).replace("&", "&&")[:200]
    ws.oddHeader.left.size = 9
    ws.oddFooter.right.text = "Page &P of &N"
    ws.oddFooter.right.size = 9


def _score_rules() -> list[tuple[float | None, DifferentialStyle]]:
    """One rule per band of ``maturity.wording.SCORE_BANDS``, judged on the score as shown to
    one decimal place (2.96 shows 3.0 and takes the colour of 3), as the app and reports do."""
    rules: list[tuple[float | None, DifferentialStyle]] = []
    for n, band in enumerate(SCORE_BANDS):
        fill, ink = band.fill.lstrip("#"), band.ink.lstrip("#")
        high = None if n == len(SCORE_BANDS) - 1 else band.level + 0.95
        rules.append((high, DifferentialStyle(
            fill=PatternFill("solid", fgColor=fill, bgColor=fill),
            font=Font(color=ink, bold=True))))
    return rules


SCORE_RULES = _score_rules()


def score_colours(ws: Worksheet, *refs: str) -> None:
    """Banded fills on score cells; the number stays visible in a dark, readable colour.

    The first rule that matches wins; blank cells (not assessed) stay uncoloured.
    """
    for ref in refs:
        first = ref.split(":")[0]
        ws.conditional_formatting.add(ref, FormulaRule(formula=[f"ISBLANK({first})"],
                                                       stopIfTrue=True))
        for high, dxf in SCORE_RULES:
            if high is None:
                rule = Rule(type="expression", formula=[f"ISNUMBER({first})"], dxf=dxf,
                            stopIfTrue=True)
            else:
                rule = Rule(type="cellIs", operator="lessThan", formula=[str(high)], dxf=dxf,
                            stopIfTrue=True)
            ws.conditional_formatting.add(ref, rule)


RAG_STYLES = {rag: (PatternFill("solid", fgColor=fill),
                    Font(name="Arial", size=10, bold=True, color=ink))
              for rag, (fill, ink) in RAG_FILLS.items()}


def rag_colours(ws: Worksheet, rag_ref: str, overdue_ref: str) -> None:
    """RAG and OVERDUE cells coloured by what they say, so a changed status recolours them."""
    for ref, words in ((rag_ref, ("R", "A", "G")), (overdue_ref, ("OVERDUE",))):
        first = ref.split(":")[0]
        for word in words:
            fill, ink = RAG_FILLS["R" if word == "OVERDUE" else word]
            ws.conditional_formatting.add(ref, Rule(
                type="expression", formula=[f'{first}="{word}"'], stopIfTrue=True,
                dxf=DifferentialStyle(fill=PatternFill("solid", fgColor=fill, bgColor=fill),
                                      font=Font(color=ink, bold=True))))


def rag_cell(cell, rag: str | None) -> None:
    """Fill a cell in its RAG colour, keeping its alignment and number format."""
    if rag not in RAG_STYLES:
        return
    cache: dict[tuple, StyleArray] = cell.parent.parent.__dict__.setdefault("_sit_styles", {})
    key = ("rag", rag, tuple(cell._style))
    found = cache.get(key)
    if found is None:
        scratch = Cell(cell.parent, row=1, column=1)
        scratch._style = copy(cell._style)
        scratch.fill, scratch.font = RAG_STYLES[rag]
        found = cache[key] = copy(scratch._style)
    cell._style = copy(found)


def score_value(value: Any) -> Any:
    """A score as the workbook shows it: rounded to two places, "N/A" for not applicable."""
    if value == "na":
        return "N/A"
    if isinstance(value, float):
        return round(value, 2)
    return value


def header_row(ws: Worksheet, row: int, titles: Sequence[tuple[str, float | None]]) -> None:
    """A header row of (title, column width or None to leave the width)."""
    for c, (title, width) in enumerate(titles, 1):
        put(ws, row, c, title, font=HEAD_FONT, fill=HEAD_FILL)
        if width is not None:
            ws.column_dimensions[get_column_letter(c)].width = width
    ws.row_dimensions[row].height = 30


def plain_row(ws: Worksheet, row: int, values: Sequence[Any],
              formats: dict[int, str] | None = None, font: Font | None = None,
              aligns: dict[int, Alignment] | None = None) -> None:
    """One row of cells with a thin rule below, outside a ``table``."""
    formats = formats or {}
    aligns = aligns or {}
    for c, v in enumerate(values, 1):
        kwargs: dict[str, Any] = {"fmt": formats.get(c), "align": aligns.get(c, WRAP)}
        if font is not None:
            kwargs["font"] = font
        put(ws, row, c, v, border=GRID, **kwargs)


def write_book(wb: Workbook, path: str | Path) -> Path:
    """Save ``wb`` to ``path``, whole or not at all."""
    path = Path(path)
    save_atomic(path, lambda tmp: save_workbook(wb, tmp))
    return path
