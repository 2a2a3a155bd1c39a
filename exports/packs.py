"""Response-pack workbooks: written for one partner or group, and read back as untrusted input.

A pack holds the review's questions only (no partner's scores): an instructions sheet, a
Responses sheet with one row per KLOE whose answer, comment and evidence cells alone are
unlocked (the sheets are protected without a password), and a very-hidden sheet naming the
review, the pack and a fingerprint of the questions. Reading uses openpyxl's read-only mode
with limits on file size, unpacked size and rows; cells are read as stored values, so a formula
is text to refuse, never something evaluated.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

from maturity.edits import ReviewError
from maturity.responses import Pack, PackRow, answer_choices, pack_id, question_fingerprint
from maturity.review import SECTORS, Review

RESPONSES = "Responses"
META = "Pack"
MAX_FILE = 5_000_000
MAX_UNPACKED = 50_000_000
MAX_ROWS = 2_000
COLUMNS = ("KLOE", "Domain", "Element", "Statement", "Prompts", "Your score", "Comment",
           "Evidence")
ANSWER_COL = 6

INSTRUCTIONS = (
    "How to answer this response pack",
    "",
    "This workbook asks {who} for its view of {system}'s children and young people's mental "
    "health system, as part of a maturity self-review.",
    "",
    "1. Open the Responses sheet. Each row is one key line of enquiry (KLOE).",
    "2. In 'Your score', choose a level from the drop-down (0 to 4), or N/A if the statement "
    "does not apply to you. Leave it blank if you don't know.",
    "3. In 'Comment', say briefly why you chose that level.",
    "4. In 'Evidence', name documents, data or experience that back your view.",
    "5. Save the workbook (keep it as .xlsx) and send it back to the review's facilitator.",
    "",
    "Please don't add, remove or move rows, rename sheets or change the questions: the "
    "facilitator's tool checks them and will refuse a changed row. The sheets are protected "
    "without a password so that only the answer cells can be typed in.",
    "",
    "The scale:",
)


class PackError(Exception):
    """A pack that cannot be read at all; the message names the file and what is wrong."""


def write_pack(review: Review, path: str | Path, *, group: str, organisation: str = "",
               domains: Sequence[str] = ()) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    from .workbook.kit import print_setup, text_lines, write_book

    fw = review.framework
    if group not in SECTORS:
        raise ReviewError(f"--group {group!r}: choose one of {', '.join(SECTORS)}")
    known = {d.id for d in fw.domains}
    for d in domains:
        if d not in known:
            raise ReviewError(f"--domain {d!r}: not a domain of this framework; domains are "
                              f"{', '.join(sorted(known))}")
    kloes = [(d, e, k) for d, e, k in fw.kloes() if not domains or d.id in domains]
    who = organisation or group
    wb = Workbook()
    ws = wb.active
    ws.title = "Instructions"
    lines = [t.format(who=who, system=review.info.system) for t in INSTRUCTIONS]
    lines += [f"  {lvl.value} – {lvl.label}: {lvl.descriptor}" for lvl in fw.scale.levels]
    for i, text in enumerate(lines, start=1):
        cell = ws.cell(i, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 100
    for i, text in enumerate(lines, start=1):
        ws.row_dimensions[i].height = 15 * text_lines(text, 100) + (6 if i == 1 else 0)
    print_setup(ws, f"{review.info.system} · response pack for {who}")
    ws.protection.sheet = True

    rs = wb.create_sheet(RESPONSES)
    widths = (22, 18, 22, 50, 50, 20, 40, 40)
    for col, (title, width) in enumerate(zip(COLUMNS, widths, strict=True), start=1):
        rs.cell(1, col, title).font = Font(bold=True)
        rs.column_dimensions[rs.cell(1, col).column_letter].width = width
    choices = answer_choices(fw)
    lists = wb.create_sheet("Levels")
    for i, text in enumerate(choices, start=1):
        lists.cell(i, 1, text)
    lists.sheet_state = "hidden"
    lists.protection.sheet = True
    dv = DataValidation(type="list", formula1=f"=Levels!$A$1:$A${len(choices)}",
                        allow_blank=True, showErrorMessage=True, errorTitle="Score",
                        error="Choose a level from the list, or N/A.")
    rs.add_data_validation(dv)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, (d, e, k) in enumerate(kloes, start=2):
        values = (k.id, d.label, e.title, k.statement, "\n".join(k.prompts))
        for col, value in enumerate(values, start=1):
            rs.cell(row, col, value).alignment = wrap
        for col in (ANSWER_COL, ANSWER_COL + 1, ANSWER_COL + 2):
            cell = rs.cell(row, col)
            cell.protection = Protection(locked=False)
            cell.alignment = wrap
        dv.add(rs.cell(row, ANSWER_COL))
        lines = max(text_lines(str(v), w) for v, w in zip(values, widths, strict=False))
        rs.row_dimensions[row].height = 15 * max(2, lines)
    rs.freeze_panes = "B2"
    print_setup(rs, f"{review.info.system} · response pack for {who}")
    rs.protection.sheet = True
    rs.protection.formatColumns = False
    rs.protection.formatRows = False
    wb.active = 1

    meta = wb.create_sheet(META)
    ids = [k.id for _, _, k in kloes]
    for i, (key, value) in enumerate((
            ("review_id", review.info.review_id), ("pack_id", pack_id()), ("group", group),
            ("organisation", organisation),
            ("fingerprint", question_fingerprint(fw, ids)), ("kloes", " ".join(ids))),
            start=1):
        meta.cell(i, 1, key)
        meta.cell(i, 2, value)
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    return write_book(wb, path)


def _check_zip(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PackError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    if size > MAX_FILE:
        raise PackError(f"{path.name}: too large for a response pack ({size:,} bytes; "
                        f"the limit is {MAX_FILE:,})")
    try:
        with zipfile.ZipFile(path) as zf:
            unpacked = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise PackError(f"{path.name}: not an .xlsx workbook") from None
    if unpacked > MAX_UNPACKED:
        raise PackError(f"{path.name}: unpacks to {unpacked:,} bytes, more than a response "
                        f"pack can hold ({MAX_UNPACKED:,}); refused")


def _plain(value: object) -> object:
    if isinstance(value, str) and value.startswith("="):
        return ("formula", value)  # never evaluated; reported as not an answer
    return value


def read_pack(path: str | Path) -> Pack:
    """Read a pack's metadata and answer rows as data; raise PackError if it can't be."""
    from openpyxl import load_workbook

    path = Path(path)
    _check_zip(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise PackError(f"{path.name}: not a readable workbook ({type(exc).__name__})") from None
    try:
        if META not in wb.sheetnames or RESPONSES not in wb.sheetnames:
            lacking = META if META not in wb.sheetnames else RESPONSES
            raise PackError(f"{path.name}: not a response pack (its {lacking} sheet is "
                            f"missing)")
        meta: dict[str, str] = {}
        for row in wb[META].iter_rows(max_row=20, max_col=2, values_only=True):
            if row and isinstance(row[0], str) and isinstance(row[1] if len(row) > 1 else "",
                                                               str | None):
                meta[row[0]] = (row[1] if len(row) > 1 else "") or ""
        missing = [k for k in ("review_id", "pack_id", "group", "fingerprint", "kloes")
                   if not meta.get(k)]
        if missing:
            raise PackError(f"{path.name}: its hidden {META} sheet lacks {', '.join(missing)}")
        rows = []
        for n, cells in enumerate(wb[RESPONSES].iter_rows(min_row=2, max_col=len(COLUMNS),
                                                          values_only=True), start=2):
            if n > MAX_ROWS + 1:
                raise PackError(f"{path.name}, sheet {RESPONSES!r}: more than {MAX_ROWS:,} "
                                f"rows; not a response pack")
            cells = tuple(cells) + (None,) * (len(COLUMNS) - len(cells))
            if all(c is None for c in cells):
                continue
            kloe, _, _, statement, _, answer, comment, evidence = (_plain(c) for c in cells)
            rows.append(PackRow(RESPONSES, n, kloe, statement, answer, comment, evidence))
    finally:
        wb.close()
    return Pack(name=path.name, review_id=meta["review_id"], pack_id=meta["pack_id"],
                group=meta["group"], organisation=meta.get("organisation", ""),
                fingerprint=meta["fingerprint"], kloe_ids=tuple(meta["kloes"].split()),
                rows=tuple(rows))
