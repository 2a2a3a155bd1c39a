"""The PDFs: the board report, the families' summary, the comparison and the benchmark.

``kit`` holds what every PDF shares, ``charts`` the drawings; each report is its own module.
"""
