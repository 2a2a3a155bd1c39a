"""Making user text safe for each output format, without changing what the user typed.

Spreadsheets evaluate text that starts like a formula, XML cannot hold most control characters,
a workbook cell holds at most 32,767 characters, and reportlab reads ``<`` and ``&`` as markup.
Each output asks here, so the rules are written once.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

# Characters XML 1.0 cannot hold: C0 controls except tab/LF/CR, lone surrogates, U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CELL_LIMIT = 32_767
TRUNCATED = ("… [cut to fit a spreadsheet cell: {n:,} characters in all; the JSON export has "
             "the whole text]")


def xml_safe(text: str) -> str:
    """``text`` minus the characters an XML document (xlsx, PDF metadata) cannot hold."""
    return _XML_ILLEGAL.sub("", text)


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def cell_text(text: str) -> str:
    """Text that fits one spreadsheet cell; longer text is cut with a note saying so."""
    text = xml_safe(text)
    if len(text) > CELL_LIMIT:
        note = TRUNCATED.format(n=len(text))
        text = text[: CELL_LIMIT - len(note)] + note
    return text


def csv_text(text: str) -> str:
    """CSV has no cell types: a leading apostrophe is the conventional guard against formulas.

    The JSON export carries the text exactly as typed for anyone who needs it unguarded.
    """
    text = xml_safe(text)
    return "'" + text if looks_like_formula(text) else text


def para(text: str) -> str:
    """User text for a reportlab Paragraph: markup characters escaped, line breaks kept."""
    text = escape(xml_safe(text), {'"': "&quot;"})
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br/>")


def paragraphs(text: str) -> list[str]:
    """A long text the user typed, as its paragraphs (split at blank lines; none if empty)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
