"""The domain-score chart of the Word report, drawn as a PNG with Pillow.

reportlab's bitmap renderer needs a compiled backend that is not installed with it, so the
chart is drawn here directly: one bar per domain against its target, on a fixed 0–max axis,
in the score bands' colours, with every label at least 8 pt at the size Word prints it.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from maturity.report import Report
from maturity.wording import fmt_score, fmt_value, score_band, shorten

FONTS = Path(__file__).parent.parent / "fonts"
DPI = 200
WIDTH_CM = 16.0
PT = DPI / 72  # pixels per point at the printed size


def _font(size_pt: float, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONTS / name), round(size_pt * PT))


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: float) -> list[str]:
    """``text`` broken between words into lines no wider than ``width`` (two at most; a
    longer name keeps whole words and ends with "…" to say it was shortened)."""
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > 2:
        lines = [lines[0], lines[1] + " …"]
    return lines


def domain_chart(report: Report) -> tuple[bytes, str]:
    """PNG bytes of the domain scores against targets, and the alternative text saying what
    the chart shows (every score and target, in words)."""
    domains = list(report.domains)
    top = max(report.scale_max, 1)
    width = round(WIDTH_CM / 2.54 * DPI)
    row = round(22 * PT)
    left, right, head, foot = round(150 * PT), round(30 * PT), round(8 * PT), round(24 * PT)
    height = head + row * max(len(domains), 1) + foot
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    label, small = _font(9), _font(8)
    span = width - left - right

    def x(value: float) -> float:
        return left + span * max(0.0, min(value, top)) / top

    for tick in range(top + 1):
        draw.line([(x(tick), head), (x(tick), head + row * len(domains))], fill="#D8DDE0")
        draw.text((x(tick), head + row * len(domains) + 4), str(tick), fill="#425563",
                  font=small, anchor="ma")
    for i, d in enumerate(domains):
        y = head + i * row
        lines = _wrap(draw, f"{d.number}. {d.label}", label, left - 12)
        draw.multiline_text((left - 8, y + row / 2), "\n".join(lines), fill="#212B32",
                            font=label, anchor="rm", align="right", spacing=2)
        if d.score is not None:
            band = score_band(d.score)
            draw.rectangle([x(0), y + row * 0.2, x(d.score), y + row * 0.8], fill=band.fill,
                           outline="#425563")
            # The value sits past the target line as well as the bar, never under either.
            text = fmt_score(d.score)
            at = x(d.score) + 6
            if at <= x(d.target) + 3 <= at + draw.textlength(text, font=small) + 3:
                at = x(d.target) + 6
            draw.text((at, y + row / 2), text, fill="#212B32",
                      font=small, anchor="lm")
        tx = x(d.target)
        draw.line([(tx, y + row * 0.1), (tx, y + row * 0.9)], fill="#212B32", width=3)
    draw.text((left + span / 2, height - 4), "Score (bars) and target (black line)",
              fill="#425563", font=small, anchor="md")
    buf = io.BytesIO()
    img.save(buf, format="PNG", dpi=(DPI, DPI))
    parts = [f"{d.title}: " + (f"{fmt_score(d.score)}" if d.score is not None
                               else "not scored") + f" (target {fmt_score(d.target)})"
             for d in domains]
    alt = (f"Bar chart of each domain's score out of {report.scale_max} against its target. "
           + "; ".join(parts) + ".")
    return buf.getvalue(), alt


MARKERS = ("circle", "square", "triangle", "diamond", "cross")


def _marker(draw: ImageDraw.ImageDraw, shape: str, x: float, y: float, r: float,
            colour: str) -> None:
    if shape == "circle":
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour, outline="white")
    elif shape == "square":
        draw.rectangle([x - r, y - r, x + r, y + r], fill=colour, outline="white")
    elif shape == "triangle":
        draw.polygon([(x - r, y + r), (x + r, y + r), (x, y - r)], fill=colour,
                     outline="white")
    elif shape == "diamond":
        draw.polygon([(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)],
                     fill=colour, outline="white")
    else:
        draw.line([(x - r, y - r), (x + r, y + r)], fill=colour, width=4)
        draw.line([(x - r, y + r), (x + r, y - r)], fill=colour, width=4)


def trend_chart(c) -> tuple[bytes, str]:
    """PNG bytes of each domain's score at every review, one line each, told apart by marker
    shape as well as colour and labelled with its number at the end; and the alternative text
    giving every domain's first and latest score."""
    from .. import palette

    rows = list(c.domains)
    top = max(c.scale_max, 1)
    n = len(c.reviews)
    width = round(WIDTH_CM / 2.54 * DPI)
    key_h = round(13 * PT) * ((len(rows) + 1) // 2)
    left, right, head, plot_h = round(28 * PT), round(40 * PT), round(14 * PT), round(170 * PT)
    height = head + plot_h + round(22 * PT) + key_h + round(6 * PT)
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    small, label = _font(8), _font(9)
    span = width - left - right

    def x(i: int) -> float:
        return left + (span * i / (n - 1) if n > 1 else span / 2)

    def y(v: float) -> float:
        return head + plot_h - plot_h * v / top

    for level in range(top + 1):
        draw.line([(left, y(level)), (left + span, y(level))], fill="#D8DDE0")
        draw.text((left - 8, y(level)), str(level), fill="#425563", font=small, anchor="rm")
    for i, ref in enumerate(c.reviews):
        draw.text((x(i), head + plot_h + 6), ref.label, fill="#212B32", font=small,
                  anchor="ma")
    r = 2.6 * PT
    ends: list[tuple[float, str, str]] = []
    for i, row in enumerate(rows):
        colour = "#" + palette.LINES[i % len(palette.LINES)]
        shape = MARKERS[i % len(MARKERS)]
        pts = [(x(j), y(v)) for j, v in enumerate(row.scores)
               if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if len(pts) > 1:
            draw.line(pts, fill=colour, width=round(1.4 * PT))
        for px, py in pts:
            _marker(draw, shape, px, py, r, colour)
        if pts:
            ends.append((pts[-1][1], str(i + 1), colour))
    # direct labels at the line ends, nudged apart so none sits on another
    ends.sort()
    placed: list[float] = []
    gap = 9 * PT
    for py, text, colour in ends:
        at = max(py, placed[-1] + gap) if placed else py
        placed.append(at)
        draw.text((left + span + 8, at), text, fill=colour, font=label, anchor="lm")
    ky = head + plot_h + round(22 * PT)
    col_w = width // 2
    for i, row in enumerate(rows):
        colour = "#" + palette.LINES[i % len(palette.LINES)]
        kx = (i % 2) * col_w + 10
        yy = ky + (i // 2) * round(13 * PT) + round(6 * PT)
        _marker(draw, MARKERS[i % len(MARKERS)], kx + r, yy, r, colour)
        # the domain's short label keeps every entry whole in its column
        entry = shorten(f"{i + 1}. {row.label or row.title}", 46)
        draw.text((kx + 3 * r, yy), entry, fill="#212B32", font=small,
                  anchor="lm")
    buf = io.BytesIO()
    img.save(buf, format="PNG", dpi=(DPI, DPI))
    parts = [f"{row.title}: {fmt_value(row.first)} to {fmt_value(row.last)}" for row in rows]
    alt = (f"Line chart of each domain's score out of {c.scale_max} at the reviews of "
           + ", ".join(ref.label for ref in c.reviews) + ". " + "; ".join(parts) + ".")
    return buf.getvalue(), alt
