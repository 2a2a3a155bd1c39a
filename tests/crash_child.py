"""Applies many edits to a review, printing each one's number once it is committed."""

import sys

from maturity import edits
from maturity.reviewfile import ReviewFile

path, start = sys.argv[1], int(sys.argv[2])
rf = ReviewFile.open(path)
kloes = [k.id for _, _, k in rf.review.framework.kloes()]
for n in range(start, start + 100000):
    kloe = kloes[n % len(kloes)]
    rf.execute(edits.assess_kloe(rf.review, kloe, n % 5, evidence=f"edit {n}"))
    print(f"{n} {kloe}", flush=True)
