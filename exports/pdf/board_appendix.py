"""The board report's appendices: the framework's common findings (printed once, here, not in
every domain), evidence items, the parking lot, the room's votes, the glossary of the
abbreviations the report uses, and the full text of entries shortened in the body."""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Table

from maturity.glossary import used_in
from maturity.report import Report
from maturity.wording import fmt_date, shorten

from .kit import Bookmark, M, P, clip, esc, heads, printable, table
from .votes import votes_story

FINDINGS_TITLE = "Appendix A: what reviews elsewhere often find"
EVIDENCE_TITLE = "Appendix B: evidence items"
PARKING_TITLE = "Appendix C: parking lot"
GLOSSARY_TITLE = "Appendix D: abbreviations"
LONG_TITLE = "Appendix E"


def _findings(report: Report, s) -> list:
    domains = [d for d in report.domains if d.common_findings]
    if not domains:
        return []
    out: list = [PageBreak(), Bookmark(FINDINGS_TITLE, key="app-findings"),
                 M(FINDINGS_TITLE, s["h1"]),
                 M("The framework's notes on what reviews in other systems often find in each "
                   "domain: worth checking here too. The same for every partnership.",
                   s["body"])]
    for d in domains:
        block = [P(f"{d.number}. {d.title}", s["h3"])]
        block += [Paragraph(esc(f), s["bullet"], bulletText="•") for f in d.common_findings]
        out.append(KeepTogether(block[:3]))
        out.extend(block[3:])
    return out


def _evidence(report: Report, s, long_cell) -> list:
    out: list = [PageBreak(), Bookmark(EVIDENCE_TITLE, key="app-evidence"),
                 M(EVIDENCE_TITLE, s["h1"])]
    if not report.evidence:
        out.append(M("No evidence items have been recorded.", s["body"]))
    for d in report.domains:
        kloes = [k for k in d.kloes if k.evidence]
        if not kloes:
            continue
        out.append(Bookmark(f"{d.number}. {d.label}", level=1, key=f"ev-{d.id}"))
        out.append(P(f"{d.number}. {d.title}", s["h2"]))
        rows = [heads(s, "Key line of enquiry", "Type", "Evidence", "Date")]
        for k in kloes:
            for j, ev in enumerate(k.evidence):
                detail = [P(clip(ev.title, 300)[0], s["cellb"])]
                where = ev.link or ev.filename
                if ev.link and ev.link.lower().startswith(("https://", "http://")):
                    href = esc(printable(ev.link)).replace('"', "&quot;")
                    detail.append(M(f'<a href="{href}" color="#005EB8"><u>'
                                    f'{esc(clip(ev.link, 300)[0])}</u></a>', s["small"]))
                elif where:
                    detail.append(P(clip(where, 300)[0], s["small"]))
                if ev.note:
                    detail.append(long_cell(ev.note, f"Evidence note: {shorten(ev.title, 60)}", s,
                                            "small"))
                rows.append([P(clip(k.statement, 200)[0], s["small"]) if j == 0 else "",
                             P(ev.type, s["cell"]), detail, P(fmt_date(ev.date), s["cell"])])
        out.append(table(rows, [55 * mm, 24 * mm, 71 * mm, 24 * mm]))
    return out


def _parking(report: Report, s, long_cell) -> list:
    if not report.parking:
        return []
    out: list = [Bookmark(PARKING_TITLE, key="app-parking"), M(PARKING_TITLE, s["h1"]),
                 M("Issues raised during the review that sit outside a key line of enquiry. "
                   "Items carried from an earlier review keep the date they were raised.",
                   s["body"])]
    rows = [heads(s, "Raised", "Where", "Issue", "Status")]
    for p in report.parking:
        rows.append([P(fmt_date(p.raised), s["cell"]), P(p.where, s["cell"]),
                     long_cell(p.text, "Parking-lot item", s), P(p.status, s["cell"])])
    out.append(table(rows, [24 * mm, 40 * mm, 92 * mm, 18 * mm]))
    return out


def story_text(flowables: Iterable) -> list[str]:
    """The text of paragraphs anywhere in ``flowables`` (tables and groups included)."""
    out: list[str] = []
    stack = list(flowables)
    while stack:
        f = stack.pop()
        if isinstance(f, Paragraph):
            out.append(f.text)
        elif isinstance(f, (list, tuple)):
            stack.extend(f)
        elif isinstance(f, Table):
            stack.extend(cell for row in f._cellvalues for cell in row)
        elif isinstance(f, KeepTogether):
            stack.extend(f._content)
    return out


def _glossary(texts: list[str], s) -> list:
    words = used_in(texts)
    if not words:
        return []
    rows = [heads(s, "Abbreviation", "Stands for")]
    rows += [[P(w, s["cellb"]), P(meaning, s["cell"])] for w, meaning in words]
    return [Bookmark(GLOSSARY_TITLE, key="app-glossary"), M(GLOSSARY_TITLE, s["h1"]),
            table(rows, [36 * mm, 138 * mm])]


def _long_paragraphs(text: str, style: ParagraphStyle, chunk: int = 3000) -> list:
    """Very long text as several paragraphs, so page breaks stay cheap to compute."""
    out = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        while block:
            if len(block) <= chunk:
                piece, block = block, ""
            else:
                cut = block.rfind(" ", 0, chunk)
                cut = cut if cut > chunk // 2 else chunk
                piece, block = block[:cut], block[cut:].lstrip(" ")
            out.append(P(piece, style))
    return out


def appendices(report: Report, s, long_items: list[tuple[str, str]], body: list) -> list:
    """Every appendix; ``body`` is the story before them, read for the glossary."""
    def cell(text, label, s, style="cell"):
        short, cut = clip(text)
        if not cut:
            return P(short, s[style])
        long_items.append((label, text))
        return M(f"{esc(short)} <i>(continues: item {len(long_items)} in {LONG_TITLE})</i>",
                 s[style])
    out = _findings(report, s)
    out += _evidence(report, s, cell)
    out += _parking(report, s, cell)
    out += votes_story(report, s)
    out += [PageBreak()]
    out += _glossary(story_text(body) + story_text(out) + [t for _, t in long_items], s)
    if long_items:
        title = f"{LONG_TITLE}: full text of shortened entries"
        out += [PageBreak(), Bookmark(title, key="app-long"), M(title, s["h1"])]
        for n, (label, text) in enumerate(long_items, 1):
            out.append(M(f"{n}. {esc(clip(label, 200)[0])}", s["h3"]))
            out.extend(_long_paragraphs(text, s["body"]))
    return out
