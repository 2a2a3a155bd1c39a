"""The PDF kit: what every PDF shares (reportlab platypus).

Fonts (an embedded DejaVu Sans, so Welsh and other accented letters print), text made
printable and escaped for paragraph markup, paragraph styles, score-band and RAG colours,
bookmarks, the canvas that draws the running header and "Page x of y", and the builders of
documents and tables. User text is always escaped before it reaches reportlab's markup.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

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
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from maturity.scoring import RAG_WORDS
from maturity.wording import fmt_score, score_band

from .. import palette
from ..files import save_atomic
from ..text import para, xml_safe

FONT_DIR = Path(__file__).parent.parent / "fonts"
FONT = "SitSans"
FONT_BOLD = "SitSans-Bold"
FONT_ITALIC = "SitSans-Oblique"


def hex_colour(rgb: str) -> colors.Color:
    return colors.HexColor("#" + rgb)


NHS_BLUE = hex_colour(palette.NHS_BLUE)
NHS_DARK_BLUE = hex_colour(palette.NHS_DARK_BLUE)
NHS_PALE_GREY = hex_colour(palette.NHS_PALE_GREY)
NHS_DARK_GREY = hex_colour(palette.NHS_DARK_GREY)
NHS_MID_GREY = hex_colour(palette.NHS_MID_GREY)
NHS_RED = hex_colour(palette.NHS_RED)
TEXT = hex_colour(palette.TEXT)
RAG_COLOURS = {rag: ("#" + fill, "#" + ink) for rag, (fill, ink) in palette.RAG.items()}
CELL_CHARS = 700
BODY_PT = 9.5
"""The smallest size of running text and table cells; only notes and furniture are smaller."""
SMALL_PT = 8.5

_fonts_ready = False
_cmap: dict[int, int] = {}


LANG = "en-GB"
"""The language every report is written in, declared so screen readers pronounce it right."""


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
    """``text`` at most ``limit`` characters, cut at a word and ending "…" when cut."""
    text = text.strip()
    if len(text) <= limit:
        return text, False
    cut = text[:limit]
    if not text[limit].isspace():
        space = max(cut.rfind(" "), cut.rfind("\n"))
        if space > limit // 2:
            cut = cut[:space]
    return cut.rstrip(" \n,;:·-–") + "…", True


# Styles ---------------------------------------------------------------------------------------

def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, bulletFontName=FONT, fontSize=BODY_PT,
                          leading=13.5, textColor=TEXT, spaceAfter=4)
    s = {
        "body": base,
        "small": ParagraphStyle("small", base, fontSize=SMALL_PT, leading=11, spaceAfter=0),
        "note": ParagraphStyle("note", base, fontName=FONT_ITALIC, fontSize=SMALL_PT,
                               leading=11, textColor=NHS_DARK_GREY, spaceBefore=2),
        "cell": ParagraphStyle("cell", base, leading=12.5, spaceAfter=0),
        "cellb": ParagraphStyle("cellb", base, fontName=FONT_BOLD, leading=12.5,
                                spaceAfter=0),
        "head": ParagraphStyle("head", base, fontName=FONT_BOLD, leading=12.5,
                               textColor=colors.white, spaceAfter=0),
        "title": ParagraphStyle("title", base, fontName=FONT_BOLD, fontSize=20, leading=24,
                                textColor=NHS_BLUE, spaceAfter=2),
        "h1": ParagraphStyle("h1", base, keepWithNext=1, fontName=FONT_BOLD, fontSize=18,
                             leading=22,
                             textColor=NHS_DARK_BLUE, spaceBefore=12, spaceAfter=8),
        "h2": ParagraphStyle("h2", base, keepWithNext=1, fontName=FONT_BOLD, fontSize=12.5,
                             leading=16,
                             textColor=NHS_BLUE, spaceBefore=10, spaceAfter=4),
        "h3": ParagraphStyle("h3", base, keepWithNext=1, fontName=FONT_BOLD, fontSize=10.5,
                             leading=13.5,
                             textColor=NHS_DARK_BLUE, spaceBefore=6, spaceAfter=2),
        "lead": ParagraphStyle("lead", base, fontName=FONT_ITALIC, fontSize=10, leading=14,
                               textColor=NHS_DARK_GREY, spaceAfter=6),
        "bullet": ParagraphStyle("bullet", base, leftIndent=12, bulletIndent=2, spaceAfter=2),
        "big": ParagraphStyle("big", base, fontName=FONT_BOLD, fontSize=26, leading=30,
                              textColor=NHS_DARK_BLUE, alignment=TA_CENTER),
        "centre": ParagraphStyle("centre", base, leading=12.5,
                                 alignment=TA_CENTER, spaceAfter=0),
    }
    return s


def band(score: float | None) -> tuple[str, str] | None:
    """The fill and ink of a score's band: the app's and the workbook's own bands
    (``maturity.wording.SCORE_BANDS``), judged on the score as shown."""
    if score is None:
        return None
    b = score_band(score)
    return b.fill, b.ink


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

    def __init__(self, *args, header: str = "", **kwargs):
        kwargs.setdefault("lang", LANG)
        super().__init__(*args, **kwargs)
        self.showOutline()  # the reader opens with the bookmarks showing
        self._header = header
        self._count = 0

    def showPage(self):
        self._count += 1
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


def canvas_maker(header: str):
    def make(*args, **kwargs):
        kwargs.setdefault("initialFontName", FONT)
        return NumberedCanvas(*args, header=header, **kwargs)
    return make


def new_doc(path: str, title: str, author: str) -> BaseDocTemplate:
    doc = BaseDocTemplate(path, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                          topMargin=20 * mm, bottomMargin=17 * mm, title=title, author=author,
                          subject="Maturity self-review", creator="SIT Maturity", lang=LANG)
    body = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="body", frames=[body])])
    return doc


def table(rows: list[list], widths: list[float], *, header: bool = True,
           extra: Iterable[tuple] = (), zebra: bool = True) -> Table:
    t = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("FONTNAME", (0, 0), (-1, -1), FONT),
             ("FONTSIZE", (0, 0), (-1, -1), BODY_PT),
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


def heads(s, *titles: str) -> list:
    return [M(t, s["head"]) for t in titles]


def bold_cell(text: str, s, style: str = "centre") -> Paragraph:
    return M(f"<b>{esc(text)}</b>", s[style])


def score_cell(score: float | None, s, digits: int = 1, text: str | None = None) -> Paragraph:
    return bold_cell(text if text is not None else fmt_score(score, digits), s)


def score_value(value: object) -> float | None:
    """A score as a number, or None for not assessed and not applicable."""
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def colour_style(col: int, row: int, fill: str, ink: str | None = None) -> list[tuple]:
    """Table style commands colouring one cell (hex RGB, with or without ``#``)."""
    out = [("BACKGROUND", (col, row), (col, row), hex_colour(fill.lstrip("#")))]
    if ink is not None:
        out.append(("TEXTCOLOR", (col, row), (col, row), hex_colour(ink.lstrip("#"))))
    return out


def band_style(col: int, row: int, score: float | None) -> list[tuple]:
    b = band(score)
    return [] if b is None else colour_style(col, row, *b)


def rag_style(col: int, row: int, rag: str | None) -> list[tuple]:
    if rag not in RAG_COLOURS:
        return []
    return colour_style(col, row, RAG_COLOURS[rag][0])


def rag_text(rag: str | None, ink: bool = True) -> str:
    word = RAG_WORDS[rag]
    if rag in RAG_COLOURS and ink:
        return f'<font color="{RAG_COLOURS[rag][1]}"><b>{word}</b></font>'
    return word



def write_pdf(path: str | Path, story: list, *, title: str, header: str) -> Path:
    """Lay ``story`` out into a PDF at ``path``, whole or not at all."""
    register_fonts()
    path = Path(path)

    def build(tmp: str) -> None:
        build_pdf(tmp, story, title=title, header=header)

    save_atomic(path, build)
    return path


def build_pdf(target: str, story: list, *, title: str, header: str) -> BaseDocTemplate:
    """Lay ``story`` out into the file ``target``; returns the document (its page count)."""
    doc = new_doc(target, title, "SIT Maturity")
    doc.build(story, canvasmaker=canvas_maker(header))
    return doc
