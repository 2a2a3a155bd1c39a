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
from maturity.wording import fmt_score, score_band

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
