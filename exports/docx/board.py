"""The board report as a Word document.

The same story as the PDF board report, from the same facts (``exports.board_facts``): two
pages that tell the whole story, how the review was done, a section per domain, the agreed
recommendations, the action plan, what changed since the last review with the trend, and the
appendices. Real heading styles, tables whose header rows repeat on every page, charts as
images with alternative text saying what they show, and the document's title and language
(en-GB) set. With an organisation's template the template's own styles are used.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Pt

from maturity.compare import Comparison
from maturity.glossary import used_in
from maturity.report import Report
from maturity.wording import (
    fmt_change,
    fmt_coverage,
    fmt_number,
    fmt_score,
    fmt_value,
    plural,
    shorten,
    unit_suffix,
)

from ..board_facts import MOVERS, board_facts
from ..files import save_atomic
from ..text import paragraphs, xml_safe
from .chart import domain_chart, trend_chart
from .kit import Progress as Progress
from .kit import (
    TemplateError,
    add_picture,
    add_table,
    date_text,
    load_template,
    set_language,
    style_name,
)

__all__ = ["TemplateError", "board_document", "load_template", "write_board_docx"]

EVIDENCE_CHARS = 380


def _bullets(doc: DocumentObject, texts) -> None:
    style = style_name(doc, "List Bullet")
    for t in texts:
        doc.add_paragraph(xml_safe(t), style=style)


def _summary(doc: DocumentObject, report: Report, facts) -> None:
    doc.add_heading(xml_safe(facts.title), 0)
    doc.add_paragraph(xml_safe(facts.subtitle))
    doc.add_heading("Executive summary", 1)
    doc.add_heading("Where we stand", 2)
    doc.add_paragraph(xml_safe(facts.standing))
    for t in facts.summary:
        doc.add_paragraph(xml_safe(t))
    if facts.previous_label:
        add_table(doc, ["Domain", facts.previous_label, "This review", "Change", "Target"],
                  [[f"{d.number}. {d.title}" if d.number else d.title, fmt_value(d.previous),
                    fmt_score(d.score), fmt_change(d.change), fmt_score(d.target)]
                   for d in (facts.overall, *facts.domains)],
                  [7.4, 2.4, 2.4, 2.3, 2])
    else:
        add_table(doc, ["Domain", "Score", "Target"],
                  [[f"{d.number}. {d.title}" if d.number else d.title, fmt_score(d.score),
                    fmt_score(d.target)] for d in (facts.overall, *facts.domains)], [10, 3, 3])
    doc.add_heading("What changed since the last review", 2)
    _bullets(doc, facts.changes)
    doc.add_heading("What matters most", 2)
    _bullets(doc, facts.matters)
    doc.add_heading("Actions: owners and dates", 2)
    if facts.actions:
        add_table(doc, ["Action", "Lead", "Due", "Status"],
                  [[a.description, a.who, a.due, a.status + (" · overdue" if a.overdue else "")]
                   for a in facts.actions], [8, 4, 2.2, 2.3])
        if facts.actions_note:
            doc.add_paragraph(xml_safe(facts.actions_note))
    else:
        doc.add_paragraph("No open actions.")
    doc.add_heading("What we ask the board", 2)
    _bullets(doc, facts.asks)


def _method(doc: DocumentObject, report: Report, facts) -> None:
    doc.add_page_break()
    doc.add_heading("How the review was done", 1)
    for t in facts.method:
        doc.add_paragraph(xml_safe(t))
    if facts.sectors:
        doc.add_heading("Who took part, by sector", 2)
        add_table(doc, ["Sector", "Organisations", "People on the roster"],
                  [[x.sector, str(x.organisations), str(x.people)] for x in facts.sectors],
                  [8, 4, 4.5])
        doc.add_heading("Partner organisations", 2)
        add_table(doc, ["Organisation", "Sector", "People"],
                  [[p.name, p.sector, str(len(p.attendees))] for p in report.partners],
                  [9.5, 4.5, 2])


def _domains(doc: DocumentObject, report: Report) -> None:
    doc.add_heading("Scores at a glance", 1)
    png, alt = domain_chart(report)
    add_picture(doc, png, alt, "Domain scores against targets")
    for d in report.domains:
        doc.add_heading(f"{d.number}. {d.title}", 2)
        doc.add_paragraph(xml_safe(d.statement))
        doc.add_paragraph(f"Domain score {fmt_score(d.score)} · target {fmt_score(d.target)} · "
                          f"coverage {fmt_coverage(d.coverage)}")
        add_table(doc, ["Element", "Score", "Target", "Gap", "Coverage"],
                  [[e.title, fmt_score(e.score), str(e.target), fmt_change(e.gap),
                    fmt_coverage(e.coverage)] for e in d.elements], [8.5, 2, 2, 2, 2])
        for e in d.elements:
            texts = list(dict.fromkeys(k.narrative.strip() for k in e.kloes
                                       if k.narrative.strip()))
            if texts:
                p = doc.add_paragraph()
                p.add_run(xml_safe(e.title) + " — ").bold = True
                p.add_run(xml_safe(shorten(texts[0], EVIDENCE_CHARS)))
        if d.indicators:
            doc.add_heading("Indicators", 3)
            add_table(doc, ["Indicator", "Value", "As at", "Threshold", "RAG"],
                      [[i.name, i.value_text or "—", date_text(i.date), i.threshold_text,
                        i.rag_text if i.value is not None else "No value"]
                       for i in d.indicators], [6.5, 2.5, 2.5, 2.5, 2])
    doc.add_paragraph("The workbook's domain sheets list every key line of enquiry with its "
                      "score, stakeholder views and evidence, and every account in full.")


def _plan(doc: DocumentObject, report: Report) -> None:
    doc.add_heading("Recommendations", 1)
    agreed = sorted(report.accepted_recommendations, key=lambda r: -r.priority_score)
    undecided = sum(1 for r in report.recommendations if r.status == "suggested")
    doc.add_paragraph(f"The partnership agreed {plural(len(agreed), 'recommendation')}. "
                      f"{plural(undecided, 'suggestion')} "
                      f"{'is' if undecided == 1 else 'are'} still to be decided; the "
                      f"workbook's Recommendations sheet lists every one with its reasons.")
    if agreed:
        add_table(doc, ["Priority", "Recommendation", "Domain"],
                  [[r.priority_text, r.text, r.domain_label or "—"] for r in agreed],
                  [2, 11, 3.5])
    doc.add_heading("Action plan", 1)
    if report.actions:
        overdue = sum(1 for a in report.actions if a.overdue)
        doc.add_paragraph(f"{plural(len(report.actions), 'action')}; {overdue} overdue.")
        add_table(doc, ["Action", "Lead", "Due", "Status"],
                  [[a.description + (f"\nSuccess measure: {a.success_measure}"
                                     if a.success_measure else ""),
                    a.lead or ", ".join(a.owners) or "—", date_text(a.due),
                    a.status_text + (" · overdue" if a.overdue else "")]
                   for a in report.actions], [9.5, 3.5, 2.2, 2.3])
    else:
        doc.add_paragraph("No actions have been agreed yet.")


def _since(doc: DocumentObject, c: Comparison) -> None:
    since = c.since_last
    doc.add_heading("Since the last review", 1)
    doc.add_paragraph(f"This review ({since.reviews[-1].label}) compared with the previous "
                      f"one ({since.reviews[0].label}). Each domain's score at both reviews "
                      f"is in the table in the executive summary.")
    for title, rows in (("Improved", since.improved), ("Declined", since.declined)):
        if not rows:
            continue
        top = sorted(rows, key=lambda k: -abs(k.change or 0))[:MOVERS]
        doc.add_heading(f"{title} ({len(rows)}"
                        + (f"; the {len(top)} that moved most)" if len(top) < len(rows)
                           else ")"), 3)
        add_table(doc, ["Key line of enquiry", "Was", "Now", "Change"],
                  [[k.title + (f"\nReason given: {k.reason}" if k.reason else ""),
                    fmt_value(k.first), fmt_value(k.last), fmt_change(k.change)]
                   for k in top], [11, 1.8, 1.8, 2])
    worse = [i for i in since.indicators if i.movement == "worse"]
    if worse:
        doc.add_heading("Indicators that got worse", 3)
        add_table(doc, ["Indicator", "Was", "Now"],
                  [[i.name] + ["—" if v is None else f"{fmt_number(v)}{unit_suffix(i.unit)}"
                               for v in (i.values[0], i.values[-1])] for i in worse],
                  [10, 3, 3])
    p = since.progress()
    if p["total"]:
        doc.add_paragraph(f"Action plan: {p['done']} of {p['total']} actions done, "
                          f"{p['in_progress']} in progress, {p['overdue']} overdue.")
    doc.add_heading("Trend across reviews", 2)
    png, alt = trend_chart(c)
    add_picture(doc, png, alt, "Domain scores at each review")


def _evidence(doc: DocumentObject, report: Report, letter: str) -> None:
    """Every evidence item, by domain and key line of enquiry (numbered as the workbook
    numbers them), with its link or file and its note."""
    doc.add_page_break()
    doc.add_heading(f"Appendix {letter}: evidence items", 1)
    for d in report.domains:
        kloes = [k for k in d.kloes if k.evidence]
        if not kloes:
            continue
        doc.add_heading(f"{d.number}. {d.title}", 3)
        rows = []
        for k in kloes:
            for j, ev in enumerate(k.evidence):
                detail = [ev.title, ev.link or ev.filename,
                          shorten(ev.note, EVIDENCE_CHARS) if ev.note else ""]
                rows.append([f"{k.ref} {shorten(k.statement, 200)}" if j == 0 else "",
                             ev.type, "\n".join(t for t in detail if t), date_text(ev.date)])
        add_table(doc, ["Key line of enquiry", "Type", "Evidence", "Date"], rows,
                  [5, 2.5, 7, 2.5])


def _appendices(doc: DocumentObject, report: Report, facts) -> None:
    letters = iter("ABCDEFGH")
    if any(d.common_findings for d in report.domains):
        doc.add_page_break()
        doc.add_heading(f"Appendix {next(letters)}: what reviews elsewhere often find", 1)
        doc.add_paragraph("The framework's notes on what reviews in other systems often find "
                          "in each domain: worth checking here too. The same for every "
                          "partnership.")
        for d in report.domains:
            if d.common_findings:
                doc.add_heading(f"{d.number}. {d.title}", 3)
                _bullets(doc, d.common_findings)
    if report.evidence:
        _evidence(doc, report, next(letters))
    if report.parking:
        doc.add_heading(f"Appendix {next(letters)}: parking lot", 1)
        doc.add_paragraph("Issues raised during the review that sit outside a key line of "
                          "enquiry. Items carried from an earlier review keep the date they "
                          "were raised.")
        add_table(doc, ["Raised", "Where", "Issue", "Status"],
                  [[date_text(p.raised), p.where, p.text, p.status] for p in report.parking],
                  [2.5, 4, 7.5, 2])
    if facts.notes_in_full:
        doc.add_heading(f"Appendix {next(letters)}: the review's notes in full", 1)
        for t in paragraphs(facts.notes_in_full):
            doc.add_paragraph(xml_safe(t))
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    words = used_in(texts)
    if words:
        doc.add_heading(f"Appendix {next(letters)}: abbreviations", 1)
        add_table(doc, ["Abbreviation", "Stands for"], [list(w) for w in words], [3.5, 13])


def _house_style(doc: DocumentObject) -> None:
    """Without an organisation's template: a plain sans-serif at 10 pt, so the summary
    keeps to its two pages (a template's own styles are never overridden)."""
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        doc.styles[name].font.name = "Arial"


def board_document(report: Report, doc: DocumentObject | None = None,
                   comparison: Comparison | None = None) -> DocumentObject:
    """The board report as a python-docx document (into ``doc``, a loaded template, if given)."""
    if doc is None:
        doc = Document()
        _house_style(doc)
    facts = board_facts(report, comparison)
    set_language(doc, xml_safe(facts.title))
    _summary(doc, report, facts)
    _method(doc, report, facts)
    _domains(doc, report)
    _plan(doc, report)
    if comparison is not None:
        _since(doc, comparison)
    _appendices(doc, report, facts)
    return doc


def write_board_docx(report: Report, path: str | Path, progress: Progress | None = None,
                     template: str | Path | None = None,
                     comparison: Comparison | None = None) -> Path:
    """Write the board report as a Word document to ``path``, whole or not at all."""
    progress = progress or (lambda f, m: None)
    base = load_template(template) if template else None
    progress(0.1, "Writing the Word document")
    doc = board_document(report, base, comparison)
    save_atomic(path, doc.save)
    progress(1.0, "Word board report written")
    return Path(path)
