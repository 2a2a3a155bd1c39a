"""The board report and the plain-language summary, as PDF (reportlab platypus).

The board report opens with the cover and an executive summary a board member can read in two
minutes, then the radar chart and element heatmap, a section per domain, the recommendations,
the action plan and an appendix of evidence. Every section and domain is a bookmark; every page
after the cover has a running header and "Page x of y". Text is set in an embedded DejaVu Sans
so Welsh and other accented letters print; user text is always escaped before it reaches
reportlab's paragraph markup.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from maturity.compare import Comparison
from maturity.report import ActionRow, DomainRow, Report
from maturity.scoring import RAG_WORDS
from maturity.wording import fmt_coverage, fmt_score

from .excel import save_atomic
from .text import para, xml_safe

Progress = Callable[[float, str], None]

FONT_DIR = Path(__file__).parent / "fonts"
FONT = "SitSans"
FONT_BOLD = "SitSans-Bold"
FONT_ITALIC = "SitSans-Oblique"

# NHS identity colours; text colours chosen for at least 4.5:1 contrast on their background.
NHS_BLUE = colors.HexColor("#005EB8")
NHS_DARK_BLUE = colors.HexColor("#003087")
NHS_PALE_GREY = colors.HexColor("#E8EDEE")
NHS_DARK_GREY = colors.HexColor("#425563")
NHS_MID_GREY = colors.HexColor("#768692")
NHS_RED = colors.HexColor("#DA291C")
TEXT = colors.HexColor("#212B32")
BAND_FILLS = [(1, "#F6CFCB", "#7A1712"), (2, "#FBDDB8", "#6B3A00"), (3, "#FFF0B8", "#574100"),
              (None, "#CFEAD6", "#0B4A1E")]
RAG_COLOURS = {"R": ("#F6CFCB", "#7A1712"), "A": ("#FFF0B8", "#574100"),
               "G": ("#CFEAD6", "#0B4A1E")}
CELL_CHARS = 700
SUMMARY_CHARS = 900

_fonts_ready = False
_cmap: dict[int, int] = {}


def register_fonts() -> None:
    """Register the bundled DejaVu Sans once per process."""
    global _fonts_ready, _cmap
    if _fonts_ready:
        return
    regular = TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf"))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_ITALIC, str(FONT_DIR / "DejaVuSans-Oblique.ttf")))
    registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                       boldItalic=FONT_BOLD)
    _cmap = dict(regular.face.charToGlyph)
    _fonts_ready = True


def _drawable(c: str) -> bool:
    # reportlab's text map cannot carry characters beyond the BMP, so copying them out of the
    # PDF would give garbage: they count as undrawable too.
    return c in "\n\r\t" or (ord(c) < 0x10000 and ord(c) in _cmap)


_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]"
                  r"(?:[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc ]*"
                  r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc])?")


def _visual_order(run: re.Match) -> str:
    """A right-to-left run in the order it is drawn, base letters keeping their marks."""
    clusters: list[str] = []
    for c in run.group(0):
        if clusters and unicodedata.combining(c):
            clusters[-1] += c
        else:
            clusters.append(c)
    return "".join(reversed(clusters))


def printable(text: str) -> str:
    """``text`` ready to draw: undrawable characters shown as U+FFFD rather than a black box,
    and right-to-left runs (Arabic, Hebrew) put in visual order, since reportlab lays every
    line out left to right. Letters are not joined: that needs a shaping engine."""
    register_fonts()
    text = xml_safe(text)
    if not all(_drawable(c) for c in text):
        text = "".join(c if _drawable(c) else "\ufffd" for c in text)
    if _RTL.search(text):
        text = _RTL.sub(_visual_order, text)
    return text


def P(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of user text: printable, escaped, line breaks kept."""
    return Paragraph(para(printable(text)), style)


def M(markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of our own markup (any user text inside already went through ``esc``)."""
    return Paragraph(markup, style)


def esc(text: str) -> str:
    return para(printable(text))


def clip(text: str, limit: int = CELL_CHARS) -> tuple[str, bool]:
    text = text.strip()
    if len(text) <= limit:
        return text, False
    return text[:limit].rstrip() + "…", True


# Styles ---------------------------------------------------------------------------------------

def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, bulletFontName=FONT, fontSize=9.5, leading=13, textColor=TEXT,
                          spaceAfter=4)
    s = {
        "body": base,
        "small": ParagraphStyle("small", base, fontSize=8, leading=10.5, spaceAfter=0),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=11, spaceAfter=0),
        "cellb": ParagraphStyle("cellb", base, fontName=FONT_BOLD, fontSize=8.5, leading=11,
                                spaceAfter=0),
        "head": ParagraphStyle("head", base, fontName=FONT_BOLD, fontSize=8.5, leading=11,
                               textColor=colors.white, spaceAfter=0),
        "h1": ParagraphStyle("h1", base, fontName=FONT_BOLD, fontSize=18, leading=22,
                             textColor=NHS_DARK_BLUE, spaceBefore=0, spaceAfter=8),
        "h2": ParagraphStyle("h2", base, fontName=FONT_BOLD, fontSize=12.5, leading=16,
                             textColor=NHS_BLUE, spaceBefore=10, spaceAfter=4),
        "h3": ParagraphStyle("h3", base, fontName=FONT_BOLD, fontSize=10, leading=13,
                             textColor=NHS_DARK_BLUE, spaceBefore=6, spaceAfter=2),
        "lead": ParagraphStyle("lead", base, fontName=FONT_ITALIC, fontSize=10, leading=14,
                               textColor=NHS_DARK_GREY, spaceAfter=6),
        "bullet": ParagraphStyle("bullet", base, leftIndent=12, bulletIndent=2, spaceAfter=2),
        "cover_title": ParagraphStyle("ct", base, fontName=FONT_BOLD, fontSize=28, leading=34,
                                      textColor=colors.white),
        "cover_sub": ParagraphStyle("cs", base, fontSize=14, leading=19,
                                    textColor=colors.white),
        "big": ParagraphStyle("big", base, fontName=FONT_BOLD, fontSize=26, leading=30,
                              textColor=NHS_DARK_BLUE, alignment=TA_CENTER),
        "centre": ParagraphStyle("centre", base, fontSize=8.5, leading=11,
                                 alignment=TA_CENTER, spaceAfter=0),
    }
    return s


def band(score: float | None) -> tuple[str, str] | None:
    if score is None:
        return None
    for upper, fill, ink in BAND_FILLS:
        if upper is None or score < upper:
            return fill, ink
    return None


# Document machinery ---------------------------------------------------------------------------

class Bookmark(Flowable):
    """An invisible flowable that puts an outline entry where it lands."""

    def __init__(self, title: str, level: int = 0, key: str | None = None):
        super().__init__()
        self.title = printable(title)
        self.level = level
        self.key = key or f"bm{id(self)}"
        self.width = self.height = 0

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=self.level > 0)


class NumberedCanvas(Canvas):
    """Draws the running header and "Page x of y" as each page ends.

    The total is a form drawn once the document is complete, so pages need not be held back
    (holding them back would break the outline, whose entries point at pages as they pass).
    """

    TOTAL = "sit-page-total"

    def __init__(self, *args, header: str = "", cover: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self._header = header
        self._first = 2 if cover else 1
        self._count = 0

    def showPage(self):
        self._count += 1
        if self._count >= self._first:
            self._furniture(self._count)
        super().showPage()

    def save(self):
        self.beginForm(self.TOTAL)
        self.setFillColor(NHS_DARK_GREY)
        self.setFont(FONT, 8)
        self.drawString(0, 0, str(self._count))
        self.endForm()
        super().save()

    def _furniture(self, n: int) -> None:
        w, h = self._pagesize
        self.saveState()
        self.setStrokeColor(NHS_BLUE)
        self.setLineWidth(1.2)
        self.line(18 * mm, h - 13 * mm, w - 18 * mm, h - 13 * mm)
        self.setFillColor(NHS_DARK_GREY)
        self.setFont(FONT, 8)
        self.drawString(18 * mm, h - 11 * mm, self._header)
        room = pdfmetrics.stringWidth("0000", FONT, 8)
        label = f"Page {n} of "
        x = w - 18 * mm - room - pdfmetrics.stringWidth(label, FONT, 8)
        self.drawString(x, 10 * mm, label)
        self.translate(x + pdfmetrics.stringWidth(label, FONT, 8), 10 * mm)
        self.doForm(self.TOTAL)
        self.restoreState()


def _canvas_maker(header: str, cover: bool = True):
    def make(*args, **kwargs):
        kwargs.setdefault("initialFontName", FONT)
        return NumberedCanvas(*args, header=header, cover=cover, **kwargs)
    return make


def _doc(path: str, title: str, author: str, *, cover: bool) -> BaseDocTemplate:
    doc = BaseDocTemplate(path, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                          topMargin=20 * mm, bottomMargin=17 * mm, title=title, author=author,
                          subject="Maturity self-review", creator="SIT Maturity")
    body = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    templates = []
    if cover:
        templates.append(PageTemplate(id="cover", frames=[
            Frame(0, 0, A4[0], A4[1], leftPadding=22 * mm, rightPadding=22 * mm,
                  topPadding=30 * mm, bottomPadding=20 * mm, id="cover")],
            onPage=_cover_background))
    templates.append(PageTemplate(id="body", frames=[body]))
    doc.addPageTemplates(templates)
    return doc


def _cover_background(canv, doc) -> None:
    w, h = A4
    canv.saveState()
    canv.setFillColor(NHS_BLUE)
    canv.rect(0, h * 0.6, w, h * 0.4, stroke=0, fill=1)
    canv.setFillColor(NHS_DARK_BLUE)
    canv.rect(0, h * 0.6 - 4 * mm, w, 4 * mm, stroke=0, fill=1)
    canv.restoreState()


def _table(rows: list[list], widths: list[float], *, header: bool = True,
           extra: Iterable[tuple] = (), zebra: bool = True) -> Table:
    t = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("FONTNAME", (0, 0), (-1, -1), FONT),
             ("FONTSIZE", (0, 0), (-1, -1), 8.5),
             ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
             ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
             ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#C7D0D4"))]
    if header:
        style += [("BACKGROUND", (0, 0), (-1, 0), NHS_BLUE)]
        if zebra and len(rows) > 2:
            style += [("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white,
                                                            colors.HexColor("#F4F6F7")])]
    t.setStyle(TableStyle(style + list(extra)))
    return t


def _heads(s, *titles: str) -> list:
    return [M(t, s["head"]) for t in titles]


def _score_cell(score: float | None, s, digits: int = 1, text: str | None = None):
    return M(f"<b>{esc(text) if text is not None else fmt_score(score, digits)}</b>",
             s["centre"])


def _band_style(col: int, row: int, score: float | None) -> list[tuple]:
    b = band(score)
    if b is None:
        return []
    fill, ink = b
    return [("BACKGROUND", (col, row), (col, row), colors.HexColor(fill)),
            ("TEXTCOLOR", (col, row), (col, row), colors.HexColor(ink))]


def _rag_style(col: int, row: int, rag: str | None) -> list[tuple]:
    if rag not in RAG_COLOURS:
        return []
    fill, _ = RAG_COLOURS[rag]
    return [("BACKGROUND", (col, row), (col, row), colors.HexColor(fill))]


def _rag_text(rag: str | None, ink: bool = True) -> str:
    word = RAG_WORDS[rag]
    if rag in RAG_COLOURS and ink:
        return f'<font color="{RAG_COLOURS[rag][1]}"><b>{word}</b></font>'
    return word


# Charts ---------------------------------------------------------------------------------------

def radar(report: Report, size: float = 150 * mm) -> Drawing:
    """Domain scores against targets on a fixed 0–max axis, so reviews compare by eye."""
    register_fonts()
    w, h = size, size * 0.78
    d = Drawing(w, h)
    cx, cy, r = w / 2, h / 2 - 2 * mm, min(w, h) / 2 - 24 * mm
    n = len(report.domains)
    top = report.scale_max or 4
    angles = [math.pi / 2 - 2 * math.pi * i / n for i in range(n)]

    def pt(i: int, v: float) -> tuple[float, float]:
        return cx + r * v / top * math.cos(angles[i]), cy + r * v / top * math.sin(angles[i])

    for level in range(1, top + 1):
        ring = [c for i in range(n) for c in pt(i, level)]
        d.add(Polygon(ring, strokeColor=colors.HexColor("#C7D0D4"), strokeWidth=0.5,
                      fillColor=None))
        x, y = pt(0, level)
        d.add(String(x + 2, y - 3, str(level), fontName=FONT, fontSize=6.5,
                     fillColor=NHS_MID_GREY))
    for i, dom in enumerate(report.domains):
        x, y = pt(i, top)
        d.add(Line(cx, cy, x, y, strokeColor=colors.HexColor("#C7D0D4"), strokeWidth=0.5))
        lx, ly = pt(i, top * 1.13)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        label = printable(f"{dom.number}. {dom.label}")
        if len(label) > 30:
            label = label[:29] + "…"
        d.add(String(lx, ly - 3, label, fontName=FONT, fontSize=7.5, fillColor=TEXT,
                     textAnchor=anchor))
        if dom.score is not None:
            d.add(String(lx, ly - 12, fmt_score(dom.score), fontName=FONT_BOLD,
                         fontSize=7.5, fillColor=NHS_DARK_BLUE, textAnchor=anchor))
        else:
            d.add(String(lx, ly - 12, "not assessed", fontName=FONT, fontSize=7,
                         fillColor=NHS_MID_GREY, textAnchor=anchor))
    target = [c for i, dom in enumerate(report.domains) for c in pt(i, dom.target)]
    d.add(Polygon(target, strokeColor=NHS_RED, strokeWidth=1.2, strokeDashArray=[4, 3],
                  fillColor=None))
    scores = [c for i, dom in enumerate(report.domains) for c in pt(i, dom.score or 0)]
    fill = colors.Color(0, 0.369, 0.722, alpha=0.18)
    d.add(Polygon(scores, strokeColor=NHS_BLUE, strokeWidth=1.6, fillColor=fill))
    for i, dom in enumerate(report.domains):
        if dom.score is not None:
            x, y = pt(i, dom.score)
            d.add(Circle(x, y, 2, fillColor=NHS_BLUE, strokeColor=colors.white,
                         strokeWidth=0.5))
    ly = 6
    d.add(Line(8, ly + 3, 26, ly + 3, strokeColor=NHS_BLUE, strokeWidth=1.6))
    d.add(String(30, ly, "Score", fontName=FONT, fontSize=8, fillColor=TEXT))
    d.add(Line(70, ly + 3, 88, ly + 3, strokeColor=NHS_RED, strokeWidth=1.2,
               strokeDashArray=[4, 3]))
    d.add(String(92, ly, "Target", fontName=FONT, fontSize=8, fillColor=TEXT))
    d.add(String(w - 4, ly, f"Scale 0–{top}; {report.good} = good practice", fontName=FONT,
                 fontSize=7, fillColor=NHS_MID_GREY, textAnchor="end"))
    return d


def legend(report: Report, s) -> Drawing:
    labels = [("below 1", BAND_FILLS[0]), ("1 to 1.9", BAND_FILLS[1]),
              ("2 to 2.9", BAND_FILLS[2]), ("3 and above", BAND_FILLS[3])]
    d = Drawing(170 * mm, 8 * mm)
    x = 0.0
    d.add(String(x, 7, "Colour key:", fontName=FONT, fontSize=7.5, fillColor=TEXT))
    x += 50
    for label, (_, fill, ink) in labels:
        d.add(Rect(x, 3, 60, 13, fillColor=colors.HexColor(fill), strokeColor=None))
        d.add(String(x + 30, 7, label, fontName=FONT_BOLD, fontSize=7,
                     fillColor=colors.HexColor(ink), textAnchor="middle"))
        x += 66
    d.add(String(x + 4, 7, "— not assessed", fontName=FONT, fontSize=7.5, fillColor=TEXT))
    return d


# The board report -----------------------------------------------------------------------------

class _Long:
    """Texts too long for a table cell, printed in full in the appendix."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def cell(self, text: str, label: str, s, style: str = "cell") -> Paragraph:
        short, cut = clip(text)
        if not cut:
            return P(short, s[style])
        self.items.append((label, text))
        n = len(self.items)
        return M(f"{esc(short)} <i>(continues in Appendix B, item {n})</i>", s[style])


def _cover(report: Report, s) -> list:
    out: list = [Spacer(1, 4 * mm)]
    out.append(M("Children and young people's mental health", s["cover_sub"]))
    out.append(Spacer(1, 4 * mm))
    out.append(P(report.system, s["cover_title"]))
    out.append(Spacer(1, 6 * mm))
    out.append(M(f"System maturity self-review · {report.review_date:%-d %B %Y}",
                 s["cover_sub"]))
    out.append(Spacer(1, 58 * mm))
    facts = [["Review", report.review_type + (f" (previous: {report.previous})"
                                              if report.previous else "")],
             ["Framework", f"{report.framework_title}, version {report.framework_version}"],
             ["Facilitator", report.facilitator or "—"],
             ["Overall score", f"{fmt_score(report.score)} out of {report.scale_max} "
                               f"(coverage {fmt_coverage(report.coverage)})"]]
    rows = [[M(f"<b>{a}</b>", s["body"]), P(b, s["body"])] for a, b in facts]
    out.append(_table(rows, [38 * mm, 128 * mm], header=False))
    out.append(Spacer(1, 6 * mm))
    out.append(M("<b>Partners</b>", s["h3"]))
    if report.partners:
        prow = [[P(p.name, s["cell"]), P(p.sector, s["cell"])] for p in report.partners]
        out.append(_table(prow, [110 * mm, 56 * mm], header=False))
    else:
        out.append(M("No partners recorded on the roster.", s["body"]))
    return out


def _exec_summary(report: Report, s) -> list:
    out: list = [Bookmark("Executive summary"), M("Executive summary", s["h1"])]
    scored = sorted(report.scored_domains, key=lambda d: d.score, reverse=True)
    overall = fmt_score(report.score)
    label = (report.scale_label(round(report.score)) if report.score is not None else "")
    out.append(M(f"The partnership scored itself <b>{overall}</b> out of {report.scale_max}"
                 + (f" overall ({esc(label.lower())})" if label else "")
                 + f", with {fmt_coverage(report.coverage)} of the key lines of enquiry "
                   f"assessed. {report.good} is good practice.", s["body"]))
    if scored:
        strong = scored[:2]
        weak = [d for d in scored[::-1][:2] if d not in strong] or scored[-1:]
        rows = [_heads(s, "Strongest domains", "Score", "Weakest domains", "Score")]
        for i in range(max(len(strong), len(weak))):
            a = strong[i] if i < len(strong) else None
            b = weak[i] if i < len(weak) else None
            rows.append([P(f"{a.number}. {a.title}" if a else "", s["cell"]),
                         _score_cell(a.score, s) if a else "",
                         P(f"{b.number}. {b.title}" if b else "", s["cell"]),
                         _score_cell(b.score, s) if b else ""])
        extra = []
        for i in range(1, len(rows)):
            if i - 1 < len(strong):
                extra += _band_style(1, i, strong[i - 1].score)
            if i - 1 < len(weak):
                extra += _band_style(3, i, weak[i - 1].score)
        out.append(_table(rows, [67 * mm, 16 * mm, 67 * mm, 16 * mm], extra=extra,
                          zebra=False))
        out.append(Spacer(1, 3 * mm))
    unassessed = [d for d in report.domains if d.score is None]
    if unassessed:
        out.append(M("Not yet assessed: " + esc(", ".join(d.label for d in unassessed)) + ".",
                     s["body"]))
    breached = [i for i in report.indicators if i.rag == "R"]
    accepted = report.accepted_recommendations
    overdue = [a for a in report.actions if a.overdue]
    facts = [f"{len(accepted)} recommendation{'s' if len(accepted) != 1 else ''} agreed "
             f"({sum(1 for r in report.recommendations if r.status == 'suggested')} "
             f"still to decide)",
             f"{len(report.actions)} action{'s' if len(report.actions) != 1 else ''} in the "
             f"plan, {len(overdue)} overdue",
             f"{len(breached)} indicator{'s' if len(breached) != 1 else ''} outside "
             f"threshold" + (": " + ", ".join(i.name for i in breached[:4]) if breached else "")]
    for f in facts:
        out.append(Paragraph(esc(f), s["bullet"], bulletText="•"))
    out.append(M("Domain scores", s["h2"]))
    rows = [_heads(s, "Domain", "Score", "Target", "Gap", "Coverage")]
    extra = []
    for i, d in enumerate(report.domains, 1):
        gap = "—" if d.score is None else f"{d.target - d.score:+.1f}"
        rows.append([P(f"{d.number}. {d.title}", s["cell"]), _score_cell(d.score, s),
                     M(f"{d.target:.1f}", s["centre"]), M(gap, s["centre"]),
                     M(fmt_coverage(d.coverage), s["centre"])])
        extra += _band_style(1, i, d.score)
    out.append(_table(rows, [100 * mm, 18 * mm, 18 * mm, 18 * mm, 20 * mm], extra=extra,
                      zebra=False))
    top = sorted(accepted, key=lambda r: -r.priority_score)[:5]
    heading = "Top recommendations"
    if not top:
        top = [r for r in report.recommendations if r.status == "suggested"][:5]
        heading = "Top suggested recommendations (not yet agreed)"
    if top:
        out.append(M(heading, s["h2"]))
        rows = [_heads(s, "Priority", "Recommendation", "Why")]
        extra = []
        for i, r in enumerate(top, 1):
            rows.append([M(f"<b>{r.priority_text}</b>", s["cell"]),
                         P(clip(r.text, 400)[0], s["cell"]),
                         P(clip(r.reason, 300)[0], s["small"])])
            extra += _rag_style(0, i, {"high": "R", "medium": "A", "low": "G"}[r.priority])
        out.append(_table(rows, [18 * mm, 90 * mm, 66 * mm], extra=extra, zebra=False))
    return out


def _overview(report: Report, s) -> list:
    out: list = [PageBreak(), Bookmark("Scores at a glance"),
                 M("Scores at a glance", s["h1"]), radar(report), Spacer(1, 4 * mm),
                 Bookmark("Element heatmap", level=1), M("Element heatmap", s["h2"]),
                 legend(report, s), Spacer(1, 2 * mm)]
    rows = [_heads(s, "Domain", "Element", "Score", "Target", "Gap", "Coverage")]
    extra: list[tuple] = []
    for d in report.domains:
        first = len(rows)
        for j, e in enumerate(d.elements):
            gap = "—" if e.gap is None else f"{e.gap:+.1f}"
            rows.append([P(f"{d.number}. {d.label}", s["cellb"]) if j == 0 else "",
                         P(e.title, s["cell"]), _score_cell(e.score, s),
                         M(str(e.target), s["centre"]), M(gap, s["centre"]),
                         M(fmt_coverage(e.coverage), s["centre"])])
            extra += _band_style(2, len(rows) - 1, e.score)
        if len(d.elements) > 1:
            extra.append(("SPAN", (0, first), (0, len(rows) - 1)))
        extra.append(("LINEBELOW", (0, len(rows) - 1), (-1, len(rows) - 1), 0.9, NHS_MID_GREY))
    out.append(_table(rows, [42 * mm, 69 * mm, 15 * mm, 15 * mm, 13 * mm, 20 * mm],
                      extra=extra, zebra=False))
    return out


def _domain_section(report: Report, d: DomainRow, s, long: _Long) -> list:
    out: list = [PageBreak(), Bookmark(f"{d.number}. {d.title}", level=1, key=f"dom-{d.id}"),
                 P(f"{d.number}. {d.title}", s["h1"]), P(d.statement, s["lead"])]
    out.append(M(f"Domain score <b>{fmt_score(d.score)}</b> · target {d.target:.1f} · "
                 f"coverage {fmt_coverage(d.coverage)}", s["body"]))
    rows = [_heads(s, "Element and key line of enquiry", "Score", "Confidence",
                   "Stakeholder views")]
    extra: list[tuple] = []
    for e in d.elements:
        gap = "" if e.gap is None else f", gap {e.gap:+.1f}"
        rows.append([M(f"<b>{esc(e.title)}</b> — element score {fmt_score(e.score)}, "
                       f"target {e.target}{gap}", s["cell"]), "", "", ""])
        r = len(rows) - 1
        extra += [("SPAN", (0, r), (-1, r)),
                  ("BACKGROUND", (0, r), (-1, r), NHS_PALE_GREY)]
        for k in e.kloes:
            views = ", ".join(f"{g} {v}" for g, v in k.group_scores)
            if k.disagreement:
                views += " — partners disagree"
            rows.append([P(k.statement, s["cell"]),
                         _score_cell(k.score, s, 0, None if k.score is not None
                                     else k.rating_text),
                         P(k.confidence or "—", s["cell"]), P(views or "—", s["small"])])
            extra += _band_style(1, len(rows) - 1, k.score)
    out.append(_table(rows, [99 * mm, 17 * mm, 22 * mm, 36 * mm], extra=extra,
                      zebra=False))
    # One paragraph per distinct narrative in an element: groups often record one account
    # for several KLOEs, and repeating it would bury the rest.
    groups: list[tuple[object, str, list]] = []
    for e in d.elements:
        seen: dict[str, list] = {}
        for k in e.kloes:
            text = k.narrative.strip()
            if not text:
                continue
            if text not in seen:
                seen[text] = []
                groups.append((e, text, seen[text]))
            seen[text].append(k)
    if groups:
        out.append(M("Evidence summary", s["h2"]))
        for e, text, kloes in groups:
            short, cut = clip(text, SUMMARY_CHARS)
            more = ""
            if cut:
                long.items.append((f"{d.title} › {e.title}: evidence", text))
                more = f" <i>(continues in Appendix B, item {len(long.items)})</i>"
            n = sum(len(k.evidence) for k in kloes)
            notes = []
            if len(kloes) > 1:
                notes.append(f"{len(kloes)} lines of enquiry")
            if n:
                notes.append(f"{n} evidence item{'s' if n != 1 else ''}")
            tail = f" <font color='#425563'>[{'; '.join(notes)}]</font>" if notes else ""
            out.append(M(f"<b>{esc(e.title)}</b> — {esc(short)}{more}{tail}", s["body"]))
    if d.indicators:
        out.append(CondPageBreak(35 * mm))
        out.append(M("Indicators", s["h2"]))
        rows = [_heads(s, "Indicator", "Value", "As at", "Threshold", "RAG")]
        extra = []
        for i, ind in enumerate(d.indicators, 1):
            rows.append([P(ind.name, s["cell"]), P(ind.value_text or "—", s["cell"]),
                         P(f"{ind.date:%d %b %Y}" if ind.date else "—", s["cell"]),
                         P(ind.threshold_text, s["cell"]),
                         M(_rag_text(ind.rag) if ind.value is not None else "No value",
                           s["cell"])])
            extra += _rag_style(4, i, ind.rag)
        out.append(_table(rows, [72 * mm, 24 * mm, 24 * mm, 30 * mm, 24 * mm], extra=extra,
                          zebra=False))
    if d.common_findings:
        block = [M("Common findings in other systems", s["h2"]),
                 M("What reviews elsewhere often find in this domain — worth checking here too.",
                   s["small"]), Spacer(1, 2)]
        block += [Paragraph(esc(f), s["bullet"], bulletText="•") for f in d.common_findings]
        out.append(KeepTogether(block[:4]))
        out.extend(block[4:])
    return out


def _recommendations(report: Report, s, long: _Long) -> list:
    out: list = [PageBreak(), Bookmark("Recommendations"), M("Recommendations", s["h1"])]
    agreed = sorted(report.accepted_recommendations, key=lambda r: -r.priority_score)
    other = [r for r in report.recommendations if not r.accepted]
    if not report.recommendations:
        out.append(M("No recommendations have been recorded yet.", s["body"]))
        return out
    for title, recs in (("Agreed by the partnership", agreed),
                        ("Suggested or rejected", other)):
        if not recs:
            continue
        out.append(M(title, s["h2"]))
        rows = [_heads(s, "Priority", "Recommendation", "Why", "Domain", "Status")]
        extra = []
        for i, r in enumerate(recs, 1):
            note = "" if r.trigger_holds or not r.source_id else " (trigger no longer holds)"
            text = long.cell(r.text, f"Recommendation: {r.text[:60]}", s)
            rows.append([M(f"<b>{r.priority_text}</b>", s["cell"]), text,
                         P(clip(r.reason, 400)[0], s["small"]),
                         P(r.domain_label or "—", s["cell"]),
                         P(r.status_text + note, s["cell"])])
            extra += _rag_style(0, i, {"high": "R", "medium": "A", "low": "G"}[r.priority])
        out.append(_table(rows, [17 * mm, 67 * mm, 47 * mm, 23 * mm, 20 * mm], extra=extra))
    return out


def _action_rows(actions: Iterable[ActionRow], s, long: _Long) -> tuple[list, list]:
    rows = [_heads(s, "Action", "Owner(s) and lead", "Due", "Status", "RAG")]
    extra: list[tuple] = []
    for i, a in enumerate(actions, 1):
        desc = long.cell(a.description, f"Action: {a.description[:60]}", s, "cellb")
        parts: list = [desc]
        if a.success_measure:
            short, _ = clip(a.success_measure, 300)
            parts.append(M(f"<i>Success measure:</i> {esc(short)}", s["small"]))
        if a.notes:
            d, t = a.notes[-1]
            parts.append(M(f"<i>Latest progress ({d:%d %b %Y}):</i> {esc(clip(t, 300)[0])}",
                           s["small"]))
        owners = ", ".join(a.owners) or "—"
        who = esc(owners) + (f"<br/><i>Lead:</i> {esc(a.lead)}" if a.lead else "")
        rag = _rag_text(a.effective_rag)
        if a.overdue:
            rag = '<font color="#7A1712"><b>Red — overdue</b></font>'
        rows.append([parts, M(who, s["cell"]),
                     P(f"{a.due:%d %b %Y}" if a.due else "—", s["cell"]),
                     P(a.status_text, s["cell"]), M(rag, s["cell"])])
        extra += _rag_style(4, i, a.effective_rag)
    return rows, extra


def _action_plan(report: Report, s, long: _Long) -> list:
    out: list = [PageBreak(), Bookmark("Action plan"), M("Action plan", s["h1"])]
    if not report.actions:
        out.append(M("No actions have been planned yet.", s["body"]))
        return out
    overdue = sum(1 for a in report.actions if a.overdue)
    out.append(M(f"{len(report.actions)} actions; {overdue} overdue (past the due date and "
                 f"neither done nor dropped), shown as red.", s["body"]))
    rows, extra = _action_rows(report.actions, s, long)
    out.append(_table(rows, [78 * mm, 40 * mm, 20 * mm, 19 * mm, 17 * mm], extra=extra))
    return out


def _appendix(report: Report, s, long: _Long) -> list:
    out: list = [PageBreak(), Bookmark("Appendix A: evidence items"),
                 M("Appendix A: evidence items", s["h1"])]
    items = report.evidence
    if not items:
        out.append(M("No evidence items have been recorded.", s["body"]))
    for d in report.domains:
        kloes = [k for k in d.kloes if k.evidence]
        if not kloes:
            continue
        out.append(Bookmark(f"{d.number}. {d.label}", level=1, key=f"ev-{d.id}"))
        out.append(P(f"{d.number}. {d.title}", s["h2"]))
        rows = [_heads(s, "Key line of enquiry", "Type", "Evidence", "Date")]
        for k in kloes:
            for j, ev in enumerate(k.evidence):
                detail = [P(clip(ev.title, 300)[0], s["cellb"])]
                where = ev.link or ev.filename
                if where:
                    detail.append(P(clip(where, 300)[0], s["small"]))
                if ev.note:
                    detail.append(long.cell(ev.note, f"Evidence note: {ev.title[:60]}", s,
                                            "small"))
                rows.append([P(clip(k.statement, 200)[0], s["small"]) if j == 0 else "",
                             P(ev.type, s["cell"]), detail,
                             P(f"{ev.date:%d %b %Y}" if ev.date else "—", s["cell"])])
        out.append(_table(rows, [55 * mm, 24 * mm, 74 * mm, 21 * mm]))
    if report.parking:
        out.append(Bookmark("Parking lot", level=0))
        out.append(M("Parking lot", s["h2"]))
        rows = [_heads(s, "Raised", "Where", "Issue", "Status")]
        for p in report.parking:
            rows.append([P(f"{p.raised:%d %b %Y}", s["cell"]), P(p.where, s["cell"]),
                         long.cell(p.text, "Parking-lot item", s), P(p.status, s["cell"])])
        out.append(_table(rows, [21 * mm, 40 * mm, 95 * mm, 18 * mm]))
    if long.items:
        out.append(PageBreak())
        out.append(Bookmark("Appendix B: full text of long entries"))
        out.append(M("Appendix B: full text of long entries", s["h1"]))
        for n, (label, text) in enumerate(long.items, 1):
            out.append(M(f"{n}. {esc(clip(label, 200)[0])}", s["h3"]))
            out.extend(_long_paragraphs(text, s["body"]))
    return out


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


def board_story(report: Report, progress: Progress | None = None,
                comparison: Comparison | None = None) -> list:
    progress = progress or (lambda f, m: None)
    s = styles()
    long = _Long()
    story: list = [Bookmark("Cover")]
    story += _cover(report, s)
    story += [NextPageTemplate("body"), PageBreak()]
    story += _exec_summary(report, s)
    story += _overview(report, s)
    for n, d in enumerate(report.domains, 1):
        progress(0.1 + 0.4 * n / max(1, len(report.domains)), f"Domain {d.number}")
        section = _domain_section(report, d, s, long)
        if n == 1:
            section.insert(1, Bookmark("Domains"))  # after the page break, on the first page
        story += section
    story += _recommendations(report, s, long)
    story += _action_plan(report, s, long)
    if comparison is not None:
        from .compare_pdf import comparison_story

        story += comparison_story(comparison, s)
    story += _appendix(report, s, long)
    return story


def write_board_report(report: Report, path: str | Path,
                       progress: Progress | None = None,
                       comparison: Comparison | None = None) -> Path:
    """Write the board report PDF to ``path``, whole or not at all."""
    register_fonts()
    path = Path(path)
    progress = progress or (lambda f, m: None)
    story = board_story(report, progress, comparison)
    progress(0.6, "Laying out pages")
    header = printable(f"{report.system} · maturity self-review · {report.review_date:%-d %B %Y}")

    def build(tmp: str) -> None:
        doc = _doc(tmp, printable(f"{report.system}: maturity self-review"), "SIT Maturity",
                   cover=True)
        doc.build(story, canvasmaker=_canvas_maker(header))

    save_atomic(path, build)
    progress(1.0, "Board report written")
    return path


# The plain-language summary -------------------------------------------------------------------

PLAIN_DOMAINS = {
    "strategy": "having a shared plan and the money to deliver it",
    "model": "how support is organised around what children and young people need",
    "access": "how quickly and easily young people can get help, and how they are kept "
              "safe while they wait",
    "evidence": "using approaches that are known to work",
    "workforce": "having enough staff with the right skills, who are well supported",
    "involvement": "listening to young people and families and involving them in decisions",
    "productivity": "making the best use of staff time and appointments",
    "outcomes": "checking whether the help makes a difference to young people",
    "data": "keeping good records and using information well",
    "culture": "how organisations work together and treat people",
}


PLAIN_WORDS = [(re.compile(r"\s*\((?:[A-Z][A-Za-z]{1,5}s?|i-THRIVE)\)"), ""),
               (re.compile(r"\bCYP\b"), "children and young people"),
               (re.compile(r"\bKPIs\b"), "targets"), (re.compile(r"\bKPI\b"), "target"),
               (re.compile(r"\bICS\b"), "local health and care partnership"),
               (re.compile(r"\bICB\b"), "local NHS"),
               (re.compile(r"\bDNA\b"), "missed appointment")]


def plain_words(text: str) -> str:
    """Service shorthand spelled out for young people and families (acronyms in brackets go)."""
    for pattern, words in PLAIN_WORDS:
        text = pattern.sub(words, text)
    return text


def _plain(d: DomainRow) -> str:
    return PLAIN_DOMAINS.get(d.id, d.title.lower())


def _level_words(report: Report, score: float | None) -> str:
    if score is None:
        return "not looked at yet"
    return report.scale_label(int(round(score))).lower()


def summary_story(report: Report, *, max_actions: int = 6, max_items: int = 3,
                  text_limit: int = 260) -> list:
    s = styles()
    big = ParagraphStyle("pl", s["body"], fontSize=11.5, leading=16, spaceAfter=6)
    bullet = ParagraphStyle("plb", big, leftIndent=14, bulletIndent=2, spaceAfter=4)
    h = ParagraphStyle("plh", s["h2"], fontSize=15, leading=19, spaceBefore=10)
    out: list = [Bookmark("Summary for young people and families"),
                 M("Children and young people's mental health", s["lead"]),
                 P(f"What we found and what we will do: {report.system}", s["h1"])]
    partners = len(report.partners)
    voice = [p.name for p in report.partners if p.sector == "CYP & families"]
    who = (f"{partners} organisations" if partners else "The organisations") + \
        " that plan and provide mental health support for children and young people"
    out.append(M(f"In {report.review_date:%B %Y}, {esc(who)} met to look honestly at how well "
                 f"things work in {esc(report.system)}."
                 + (f" Young people and families took part through {esc(', '.join(voice))}."
                    if voice else "")
                 + f" We looked at {len(report.domains)} areas and asked, for each one: how "
                   f"good is it now, and what would good look like? Each area was rated from "
                   f"{report.scale[0][0]} ({esc(report.scale[0][1].lower())}) to "
                   f"{report.scale_max} ({esc(report.scale_label(report.scale_max).lower())}); "
                   f"{report.good} ({esc(report.scale_label(report.good).lower())}) means good.",
                 big))
    scored = sorted(report.scored_domains, key=lambda d: d.score, reverse=True)
    if scored:
        good = [d for d in scored if d.score >= report.good][:max_items] or scored[:1]
        better = [d for d in scored[::-1] if d not in good][:max_items]
        out.append(M("What is going well", h))
        for d in good:
            out.append(Paragraph(f"{esc(_plain(d)).capitalize()} "
                                 f"(rated <b>{esc(_level_words(report, d.score))}</b>)",
                                 bullet, bulletText="•"))
        if better:
            out.append(M("What needs to get better", h))
            for d in better:
                out.append(Paragraph(f"{esc(_plain(d)).capitalize()} "
                                     f"(rated <b>{esc(_level_words(report, d.score))}</b>)",
                                     bullet, bulletText="•"))
    else:
        out.append(M("The review has not scored any areas yet.", big))
    done = [a for a in report.actions if a.status == "done"]
    actions = [a for a in report.actions if a.status not in ("done", "dropped")]
    actions.sort(key=lambda a: (a.due or dt.date.max))
    if done:
        out.append(M("What we have done", h))
        for a in done[:max_actions]:
            text = clip(plain_words(a.description), text_limit)[0]
            out.append(Paragraph(esc(text), bullet, bulletText="•"))
        if len(done) > max_actions:
            out.append(M(f"…and {len(done) - max_actions} more finished actions.", big))
    out.append(M("What we will do", h))
    if actions:
        for a in actions[:max_actions]:
            text = clip(plain_words(a.description), text_limit)[0]
            by = f"By {a.due:%B %Y}: " if a.due else ""
            owners = f" <i>({esc(', '.join(a.owners))})</i>" if a.owners else ""
            out.append(Paragraph(f"{by}{esc(text)}{owners}", bullet, bulletText="•"))
        if len(actions) > max_actions:
            out.append(M(f"…and {len(actions) - max_actions} more actions in the full plan.",
                         big))
    else:
        recs = report.accepted_recommendations[:max_actions]
        for r in recs:
            out.append(Paragraph(esc(clip(plain_words(r.text), text_limit)[0]), bullet,
                                 bulletText="•"))
        if not recs:
            out.append(M("The partnership is still agreeing its plan.", big))
    out.append(M("What happens next", h))
    out.append(M("The partnership will check progress on these actions and look again in "
                 "about a year to see what has changed. If you want to know more, or want to "
                 "have your say, ask the service you use or your local youth voice group.",
                 big))
    return out


def write_summary(report: Report, path: str | Path, progress: Progress | None = None) -> Path:
    """The plain-language summary: never more than two pages (fewer items if it must)."""
    register_fonts()
    path = Path(path)
    progress = progress or (lambda f, m: None)
    header = printable(f"{report.system} · what we found and what we will do")
    attempts = [dict(), dict(max_actions=4, max_items=3, text_limit=180),
                dict(max_actions=3, max_items=2, text_limit=120),
                dict(max_actions=2, max_items=2, text_limit=80)]
    for n, limits in enumerate(attempts):
        pages: list[int] = []

        def build(tmp: str, limits=limits, pages=pages) -> None:
            doc = _doc(tmp, printable(f"{report.system}: summary for young people and "
                                      f"families"), "SIT Maturity", cover=False)
            doc.build(summary_story(report, **limits),
                      canvasmaker=_canvas_maker(header, cover=False))
            pages.append(doc.page)
            if doc.page > 2 and n < len(attempts) - 1:
                raise _TooLong

        try:
            save_atomic(path, build)
        except _TooLong:
            progress(0.3 * (n + 1), "Shortening the summary to two pages")
            continue
        break
    progress(1.0, "Summary written")
    return path


class _TooLong(Exception):
    pass
