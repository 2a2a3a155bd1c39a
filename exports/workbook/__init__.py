"""The workbooks: the partners' workbook, the comparison and the benchmark.

``kit`` holds what every workbook shares, ``save`` the fast writer; each workbook is its own
module.
"""
