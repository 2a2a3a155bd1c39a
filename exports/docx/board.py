"""The board report as a Word document.

The same story as the PDF board report — where the partnership stands, the domains, what is
recommended, the actions with owners and dates, and the parking lot — written with real heading
styles, tables whose header rows repeat on every page, the chart as an image with alternative
text, and the document's title and language (en-GB) set. With an organisation's template the
template's own styles are used.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from maturity.report import Report
from maturity.wording import fmt_coverage, fmt_score

from ..files import save_atomic
from ..text import paragraphs, xml_safe
from .chart import WIDTH_CM, domain_chart

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


def _set_language(doc: DocumentObject, title: str) -> None:
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


def _style(doc: DocumentObject, name: str) -> str | None:
    try:
        doc.styles[name]
    except KeyError:
        return None
    return name


def _table(doc: DocumentObject, head: list[str], rows: list[list[str]],
           widths: list[float] | None = None) -> None:
    """A table whose first row is a header row that repeats on every page."""
    t = doc.add_table(rows=1, cols=len(head))
    style = _style(doc, "Table Grid")
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
    if widths:
        for row in t.rows:
            for cell, w in zip(row.cells, widths):
                cell.width = Cm(w)
    doc.add_paragraph()


def _picture(doc: DocumentObject, png: bytes, alt: str, title: str) -> None:
    doc.add_picture(io.BytesIO(png), width=Cm(WIDTH_CM))
    for pr in doc.paragraphs[-1]._p.iter(qn("wp:docPr")):
        pr.set("descr", alt)
        pr.set("title", title)


def _date(d) -> str:
    return f"{d:%-d %B %Y}" if d else "—"


def board_document(report: Report, doc: DocumentObject | None = None) -> DocumentObject:
    """The board report as a python-docx document (into ``doc``, a loaded template, if given)."""
    doc = doc if doc is not None else Document()
    title = xml_safe(f"{report.system}: maturity self-review")
    _set_language(doc, title)
    doc.add_heading(title, 0)
    doc.add_paragraph(f"Children and young people's mental health · system maturity "
                      f"self-review · {_date(report.review_date)}")

    doc.add_heading("Executive summary", 1)
    label = report.scale_label(round(report.score)) if report.score is not None else ""
    doc.add_paragraph(
        f"The partnership scored itself {fmt_score(report.score)} out of {report.scale_max}"
        + (f" overall ({label.lower()})" if label else "")
        + f", with {fmt_coverage(report.coverage)} of the key lines of enquiry assessed. "
          f"{report.good} is good practice.")
    scored = sorted(report.scored_domains, key=lambda d: d.score, reverse=True)
    if scored:
        doc.add_paragraph(f"Strongest: {scored[0].number}. {scored[0].title} "
                          f"({fmt_score(scored[0].score)}). Weakest: {scored[-1].number}. "
                          f"{scored[-1].title} ({fmt_score(scored[-1].score)}).")
    for text in paragraphs(report.summary_text):
        doc.add_paragraph(xml_safe(text))

    if report.board_ask.strip():
        doc.add_heading("What we ask the board", 2)
        for text in paragraphs(report.board_ask):
            doc.add_paragraph(xml_safe(text))

    doc.add_heading("Domain scores", 1)
    png, alt = domain_chart(report)
    _picture(doc, png, alt, "Domain scores against targets")
    _table(doc, ["Domain", "Score", "Target", "Coverage"],
           [[f"{d.number}. {d.title}", fmt_score(d.score), fmt_score(d.target),
             fmt_coverage(d.coverage)] for d in report.domains], [9, 2.3, 2.3, 2.4])

    doc.add_heading("How the review was done", 1)
    doc.add_paragraph(xml_safe(f"{report.review_type} review on {_date(report.review_date)}, "
                      f"facilitated by {report.facilitator or 'no facilitator recorded'}, "
                      f"using {report.framework_title} (version {report.framework_version})."))
    if report.partners:
        _table(doc, ["Partner", "Sector", "People"],
               [[p.name, p.sector, str(len(p.attendees))] for p in report.partners],
               [9, 5, 2])

    doc.add_heading("Indicators", 1)
    if report.indicators:
        _table(doc, ["Indicator", "Value", "Threshold", "Date"],
               [[i.name, i.value_text or "—", i.threshold_text or "—", _date(i.date)]
                for i in report.indicators], [7, 3, 3, 3])
    else:
        doc.add_paragraph("No indicators have been recorded.")

    doc.add_heading("Recommendations", 1)
    accepted = report.accepted_recommendations
    if accepted:
        _table(doc, ["Recommendation", "Domain", "Priority"],
               [[r.text, r.domain_label, r.priority_text] for r in accepted], [10, 4, 2])
    else:
        doc.add_paragraph("No recommendations have been accepted yet.")
    undecided = sum(1 for r in report.recommendations if r not in accepted)
    if undecided:
        doc.add_paragraph(f"{undecided} further suggestions are not yet decided; the "
                          "workbook lists them all.")

    doc.add_heading("Action plan", 1)
    if report.actions:
        _table(doc, ["Action", "Lead", "Due", "Status"],
               [[a.description, a.lead or ", ".join(a.owners) or "—", _date(a.due),
                 a.status_text + (" (overdue)" if a.overdue else "")]
                for a in report.actions], [8, 3.5, 2.5, 2])
    else:
        doc.add_paragraph("No actions have been agreed yet.")

    if report.parking:
        doc.add_heading("Parking lot", 1)
        _table(doc, ["Raised", "Where", "Issue", "Status"],
               [[_date(p.raised), p.where, p.text, p.status] for p in report.parking],
               [2.5, 4, 7.5, 2])

    for d in report.domains:
        if d.common_findings:
            break
    else:
        return doc
    doc.add_heading("Appendix: common findings", 1)
    for d in report.domains:
        if d.common_findings:
            doc.add_heading(f"{d.number}. {d.title}", 2)
            for f in d.common_findings:
                doc.add_paragraph(xml_safe(f), style=_style(doc, "List Bullet"))
    return doc


def write_board_docx(report: Report, path: str | Path, progress: Progress | None = None,
                     template: str | Path | None = None) -> Path:
    """Write the board report as a Word document to ``path``, whole or not at all."""
    progress = progress or (lambda f, m: None)
    base = load_template(template) if template else None
    progress(0.1, "Writing the Word document")
    doc = board_document(report, base)
    save_atomic(path, doc.save)
    progress(1.0, "Word board report written")
    return Path(path)
