"""What every Word document shares: an organisation's template opened safely, the document's
language and title, real tables whose header rows repeat, and pictures with alternative text."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from maturity.wording import fmt_date

from ..text import xml_safe
from .chart import WIDTH_CM

Progress = Callable[[float, str], None]

LANG = "en-GB"
TEMPLATE_LIMIT = 20 * 1024 * 1024
"""A Word template is a few hundred kilobytes; anything over this is refused unread."""


class TemplateError(ValueError):
    """A Word template that cannot be used, with a message naming it."""


def load_template(path: str | Path) -> DocumentObject:
    """Open an organisation's Word template (untrusted), or say clearly why not."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read the Word template "
                            f"({exc.strerror or exc}).") from None
    if not path.is_file():
        raise TemplateError(f"{path}: the Word template is not a file.")
    if size > TEMPLATE_LIMIT:
        raise TemplateError(f"{path}: the Word template is {size // (1024 * 1024)} MB; "
                            f"a template over {TEMPLATE_LIMIT // (1024 * 1024)} MB is refused.")
    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
        if unpacked > 5 * TEMPLATE_LIMIT:
            raise TemplateError(f"{path}: the Word template unpacks to over "
                                f"{5 * TEMPLATE_LIMIT // (1024 * 1024)} MB; refused.")
        doc = Document(str(path))
    except TemplateError:
        raise
    except Exception:  # noqa: BLE001 - any parse failure of an untrusted file is one message
        raise TemplateError(f"{path}: not a Word document (.docx) that can be read; "
                            "save the template as a .docx and try again.") from None
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc


def set_language(doc: DocumentObject, title: str) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANG)
    props = doc.core_properties
    props.title = title
    props.author = "SIT Maturity"
    props.subject = "Maturity self-review"
    props.language = LANG


def style_name(doc: DocumentObject, name: str) -> str | None:
    try:
        doc.styles[name]
    except KeyError:
        return None
    return name


def add_table(doc: DocumentObject, head: list[str], rows: list[list[str]],
           widths: list[float] | None = None) -> None:
    """A table whose first row is a header row that repeats on every page; a row is never
    split across pages."""
    t = doc.add_table(rows=1, cols=len(head))
    style = style_name(doc, "Table Grid")
    if style:
        t.style = style
    header = t.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, text in zip(header.cells, head):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = t.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = xml_safe(text)
    for row in t.rows:
        for cell in row.cells:
            for par in cell.paragraphs:
                par.paragraph_format.space_after = Pt(0)
    if widths:
        t.autofit = False
        for col, w in zip(t.columns, widths):
            col.width = Cm(w)  # the grid, which LibreOffice reads
        for row in t.rows:
            for cell, w in zip(row.cells, widths):
                cell.width = Cm(w)
    doc.add_paragraph()


def add_picture(doc: DocumentObject, png: bytes, alt: str, title: str) -> None:
    doc.add_picture(io.BytesIO(png), width=Cm(WIDTH_CM))
    for pr in doc.paragraphs[-1]._p.iter(qn("wp:docPr")):
        pr.set("descr", alt)
        pr.set("title", title)


def date_text(d) -> str:
    return fmt_date(d)


