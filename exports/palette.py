"""The colours every output shares, as hex RGB without a leading ``#``.

NHS identity colours, and light fills paired with dark text at well above 4.5:1 contrast, so a
number on a coloured cell stays readable and nothing depends on colour alone. The workbook and
the PDFs each turn these into their own library's colour objects.
"""

from __future__ import annotations

NHS_BLUE = "005EB8"
NHS_DARK_BLUE = "003087"
NHS_PALE_GREY = "E8EDEE"
NHS_DARK_GREY = "425563"
NHS_MID_GREY = "768692"
NHS_RED = "DA291C"
TEXT = "212B32"

# Score bands are the core's (maturity.wording.SCORE_BANDS), so the app, the workbook and the
# reports colour a score alike.
RAG = {"R": ("F6CFCB", "7A1712"), "A": ("FFF0B8", "574100"), "G": ("CFEAD6", "0B4A1E")}
# A change between reviews: (fill, text) for up and for down.
UP = ("CFEAD6", "0B4A1E")
DOWN = ("F6CFCB", "7A1712")
# Distinct, print-safe line colours for up to ten domains (NHS palette first).
LINES = ["005EB8", "DA291C", "009639", "ED8B00", "7C2855", "00A499", "330072", "AE2573",
         "425563", "8A1538"]
