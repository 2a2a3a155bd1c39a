"""Shared pieces for the benchmarks: a synthetic framework and review of a given size."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from pathlib import Path

from maturity import edits
from maturity.edits import new_review_info
from maturity.framework import Framework
from maturity.reviewfile import ReviewFile


def synthetic_framework(domains: int = 10, elements: int = 5, kloes: int = 6) -> Framework:
    scale = {"good": 3, "levels": [{"value": v, "label": f"Level {v}"} for v in range(5)]}
    ds = []
    for d in range(1, domains + 1):
        els = [{"id": f"d{d}.e{e}", "title": f"Element {d}.{e}",
                "kloes": [{"id": f"d{d}.e{e}.k{k}",
                           "statement": f"Statement {d}.{e}.{k} holds across the system."}
                          for k in range(1, kloes + 1)]} for e in range(1, elements + 1)]
        ds.append({"id": f"d{d}", "number": d, "title": f"Domain {d}",
                   "indicator_statement": "Good things happen.", "elements": els,
                   "indicators": [{"id": f"d{d}.i1", "name": f"Indicator {d}", "unit": "%",
                                   "direction": "higher", "threshold": 90}],
                   "recommendations": [{"id": f"d{d}.r1", "text": "Do better.",
                                        "elements": [f"d{d}.e1"],
                                        "trigger": {"below": 3, "elements": [f"d{d}.e1"]}}]})
    return Framework.model_validate({"id": "bench", "title": "Bench", "version": "1",
                                     "scale": scale, "domains": ds})


def build_review(path: Path, framework: Framework | None = None) -> Path:
    """A fully scored review with a narrative and an evidence item on every KLOE."""
    framework = framework or synthetic_framework()
    info = new_review_info("Benchshire", dt.date(2026, 1, 15))
    with ReviewFile.create(path, framework, info) as rf:
        for i, (_, _, k) in enumerate(framework.kloes()):
            rf.execute(edits.assess_kloe(rf.review, k.id, i % 5,
                                         evidence=("Evidence narrative. " * 25) + str(i),
                                         confidence="medium"))
            rf.execute(edits.add_evidence(rf.review, k.id, title=f"Board paper {i}"))
    return path


def timings(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def p99(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.99 * (len(xs) - 1))))]
