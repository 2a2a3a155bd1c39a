"""The workbooks: the partners' workbook, the comparison and the benchmark.

``kit`` holds what every workbook shares, ``save`` the fast writer; each workbook is its own
module.
"""

import os

# openpyxl writes differently when lxml is installed (python-docx brings it for the Word
# report); the fast writer in ``save`` reproduces openpyxl's own writer, so keep that one.
os.environ.setdefault("OPENPYXL_LXML", "False")
