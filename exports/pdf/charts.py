"""The PDFs' charts, drawn as vector graphics on a fixed 0–max axis so reviews compare by eye.

The radar of domain scores and the score colour key for the board report, the trend across
reviews for the comparison, and the range of scores across systems for the benchmark.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from maturity.benchmark import Benchmark
from maturity.compare import Comparison
from maturity.report import Report
from maturity.wording import SCORE_BANDS, fmt_score, fmt_value, shorten

from .. import palette
from .kit import (
    FONT,
    FONT_BOLD,
    NHS_BLUE,
    NHS_DARK_BLUE,
    NHS_MID_GREY,
    NHS_RED,
    TEXT,
    hex_colour,
    printable,
    register_fonts,
    score_value,
)


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
    for i, dom in enumerate(report.domains):
        x, y = pt(i, top)
        d.add(Line(cx, cy, x, y, strokeColor=colors.HexColor("#C7D0D4"), strokeWidth=0.5))
        lx, ly = pt(i, top * 1.13)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        label = shorten(printable(f"{dom.number}. {dom.label}"), 32)
        d.add(String(lx, ly - 3, label, fontName=FONT, fontSize=8, fillColor=TEXT,
                     textAnchor=anchor))
        if dom.score is not None:
            d.add(String(lx, ly - 12, fmt_score(dom.score), fontName=FONT_BOLD,
                         fontSize=8, fillColor=NHS_DARK_BLUE, textAnchor=anchor))
        else:
            d.add(String(lx, ly - 12, "not assessed", fontName=FONT, fontSize=8,
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
    # Ring numbers last, on a white ground, half-way between the first two spokes: never
    # hidden under the score or target line.
    half = math.pi / n if n else 0
    for level in range(1, top + 1):
        rr = r * level / top * math.cos(half)
        x, y = cx + rr * math.cos(angles[0] - half), cy + rr * math.sin(angles[0] - half)
        w = pdfmetrics.stringWidth(str(level), FONT, 8)
        d.add(Rect(x - w / 2 - 1.5, y - 3.5, w + 3, 10, fillColor=colors.white,
                   strokeColor=None))
        d.add(String(x, y - 2, str(level), fontName=FONT, fontSize=8,
                     fillColor=NHS_MID_GREY, textAnchor="middle"))
    ly = 6
    d.add(Line(8, ly + 3, 26, ly + 3, strokeColor=NHS_BLUE, strokeWidth=1.6))
    d.add(String(30, ly, "Score", fontName=FONT, fontSize=8, fillColor=TEXT))
    d.add(Line(70, ly + 3, 88, ly + 3, strokeColor=NHS_RED, strokeWidth=1.2,
               strokeDashArray=[4, 3]))
    d.add(String(92, ly, "Target", fontName=FONT, fontSize=8, fillColor=TEXT))
    d.add(String(w - 4, ly, f"Scale 0–{top}; {report.good} = good practice", fontName=FONT,
                 fontSize=8, fillColor=NHS_MID_GREY, textAnchor="end"))
    return d


def legend(report: Report, s) -> Drawing:
    """The score colour key: one swatch per band, the same bands as the app and workbook."""
    d = Drawing(170 * mm, 8 * mm)
    x = 0.0
    d.add(String(x, 7, "Colour key:", fontName=FONT, fontSize=8, fillColor=TEXT))
    x += 50
    top = report.scale_max or 4
    for b in SCORE_BANDS:
        d.add(Rect(x, 3, 48, 13, fillColor=colors.HexColor(b.fill), strokeColor=None))
        d.add(String(x + 24, 7, b.describe(top), fontName=FONT_BOLD, fontSize=8,
                     fillColor=colors.HexColor(b.ink), textAnchor="middle"))
        x += 52
    d.add(String(x + 4, 7, "— not assessed", fontName=FONT, fontSize=8, fillColor=TEXT))
    return d


def trend_chart(c: Comparison, width: float = 174 * mm, height: float = 92 * mm) -> Drawing:
    """One line per domain across the reviews, on a fixed 0–max axis, labelled at the end."""
    register_fonts()
    d = Drawing(width, height)
    left, bottom, legend_w = 12 * mm, 12 * mm, 62 * mm
    plot_w, plot_h = width - left - legend_w - 6 * mm, height - bottom - 8 * mm
    top = c.scale_max or 4
    n = len(c.reviews)

    def x(i: int) -> float:
        return left + (plot_w * (i / (n - 1)) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return bottom + plot_h * v / top

    for level in range(0, top + 1):
        d.add(Line(left, y(level), left + plot_w, y(level),
                   strokeColor=colors.HexColor("#C7D0D4"), strokeWidth=0.5))
        d.add(String(left - 3, y(level) - 3, str(level), fontName=FONT, fontSize=8,
                     fillColor=NHS_MID_GREY, textAnchor="end"))
    for i, ref in enumerate(c.reviews):
        d.add(String(x(i), bottom - 10, printable(ref.label), fontName=FONT, fontSize=8,
                     fillColor=TEXT, textAnchor="middle"))
    ends: list[tuple[float, str, object]] = []
    for i, row in enumerate(c.domains):
        colour = hex_colour(palette.LINES[i % len(palette.LINES)])
        points = [(x(j), y(v)) for j, v in enumerate(row.scores) if score_value(v) is not None]
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            d.add(Line(x0, y0, x1, y1, strokeColor=colour, strokeWidth=1.6))
        for px, py in points:
            _marker(d, i, px, py, colour)
        ly = bottom + plot_h - i * 5.2 * mm
        lx = left + plot_w + 8 * mm
        d.add(Line(lx, ly + 2.5, lx + 8, ly + 2.5, strokeColor=colour, strokeWidth=1.6))
        _marker(d, i, lx + 4, ly + 2.5, colour)
        # the short label keeps each entry whole in the legend's width
        label = printable(f"{i + 1}. {row.label or row.title}")
        d.add(String(lx + 12, ly, f"{shorten(label, 28)} {fmt_value(row.last)}",
                     fontName=FONT, fontSize=8, fillColor=TEXT))
        if points:
            ends.append((points[-1][1], str(i + 1), colour))
    # each line's number at its end, nudged apart, so lines are told apart without colour
    placed: list[float] = []
    for py, text, colour in sorted(ends, reverse=True):
        at = min(py, placed[-1] - 9) if placed else py
        placed.append(at)
        d.add(String(left + plot_w + 4, at - 3, text, fontName=FONT_BOLD, fontSize=8,
                     fillColor=colour))
    d.add(String(left, height - 4, f"Domain score (0–{top})", fontName=FONT_BOLD, fontSize=8,
                 fillColor=NHS_DARK_BLUE))
    return d


def _marker(d: Drawing, i: int, px: float, py: float, colour) -> None:
    """Shapes differ by line as well as colour, so the chart reads in black and white."""
    r = 2.4
    shape = i % 4
    if shape == 0:
        d.add(Circle(px, py, r, fillColor=colour, strokeColor=colors.white, strokeWidth=0.4))
    elif shape == 1:
        d.add(Rect(px - r, py - r, 2 * r, 2 * r, fillColor=colour, strokeColor=colors.white,
                   strokeWidth=0.4))
    elif shape == 2:
        d.add(Polygon([px - r, py - r, px + r, py - r, px, py + r], fillColor=colour,
                      strokeColor=colors.white, strokeWidth=0.4))
    else:
        d.add(Polygon([px, py - r - 0.5, px + r + 0.5, py, px, py + r + 0.5, px - r - 0.5, py],
                      fillColor=colour, strokeColor=colors.white, strokeWidth=0.4))


# The benchmark --------------------------------------------------------------------------------

def benchmark_chart(b: Benchmark, width: float = 174 * mm) -> Drawing:
    """Per domain: the range as a line, the middle half as a box, the median as a tick and the
    highlighted system as a dot."""
    register_fonts()
    rows = [b.overall, *b.domains]
    row_h = 8 * mm
    label_w = 62 * mm
    height = row_h * len(rows) + 16 * mm
    d = Drawing(width, height)
    plot_w = width - label_w - 6 * mm
    top = b.scale_max or 4

    def x(v: float) -> float:
        return label_w + plot_w * v / top

    base = 10 * mm
    for level in range(0, top + 1):
        d.add(Line(x(level), base, x(level), height - 6 * mm,
                   strokeColor=colors.HexColor("#C7D0D4"), strokeWidth=0.5))
        d.add(String(x(level), base - 9, str(level), fontName=FONT, fontSize=8,
                     fillColor=NHS_MID_GREY, textAnchor="middle"))
    for i, st in enumerate(rows):
        cy = height - 6 * mm - row_h * (i + 0.5)
        label = shorten(printable(st.title), 36)
        d.add(String(label_w - 4, cy - 3, label, fontName=FONT_BOLD if i == 0 else FONT,
                     fontSize=8, fillColor=TEXT, textAnchor="end"))
        if not st.values:  # nothing scored, or too few systems to show
            continue
        d.add(Line(x(st.minimum), cy, x(st.maximum), cy, strokeColor=NHS_MID_GREY,
                   strokeWidth=1))
        d.add(Rect(x(st.q1), cy - 2.6 * mm, max(0.8, x(st.q3) - x(st.q1)), 5.2 * mm,
                   fillColor=colors.HexColor("#D6E4F2"), strokeColor=NHS_BLUE,
                   strokeWidth=0.6))
        d.add(Line(x(st.median), cy - 2.6 * mm, x(st.median), cy + 2.6 * mm,
                   strokeColor=NHS_DARK_BLUE, strokeWidth=2))
        if st.highlight is not None:
            d.add(Circle(x(st.highlight), cy, 2.2 * mm, fillColor=colors.HexColor("#DA291C"),
                         strokeColor=colors.white, strokeWidth=0.8))
    return d
