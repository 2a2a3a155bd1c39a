"""An anonymised benchmark across many systems' reviews: where does each domain usually sit?

Files are read lean and read-only (just the framework copy, the review details and the KLOE
scores, straight from the database), each rolled up on the framework copy it was scored
against, so the cost grows linearly with the number of files and nothing is ever changed.
A file that cannot be used is listed with the reason and the rest still count. Only the
highlighted system is named; every other system is a number in a distribution.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .framework import Framework
from .review import Review
from .rules import ReviewError, load_stored
from .database import (
    SUFFIX,
    ReviewFileError,
    check_header,
    has_hot_journal,
    open_checked,
    read_failure,
)
from .scoring import rollup

EPSILON = 1e-9


class BenchmarkError(ValueError):
    """A benchmark that cannot be made at all (as opposed to one file that is skipped)."""


@dataclass(frozen=True)
class Skipped:
    file: str
    reason: str


@dataclass(frozen=True)
class SystemScores:
    """One review, reduced to what the benchmark needs."""

    file: str
    system: str
    review_date: dt.date
    created_at: dt.datetime
    framework: Framework
    overall: float | None
    scores: dict[str, float | None]


@dataclass(frozen=True)
class Stat:
    level: str
    id: str
    title: str
    values: tuple[float, ...] = field(repr=False)
    highlight: float | None = None

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def median(self) -> float | None:
        return statistics.median(self.values) if self.values else None

    def _quartiles(self) -> tuple[float, float, float] | None:
        if not self.values:
            return None
        if len(self.values) == 1:
            v = self.values[0]
            return v, v, v
        q1, q2, q3 = statistics.quantiles(self.values, n=4, method="inclusive")
        return q1, q2, q3

    @property
    def q1(self) -> float | None:
        q = self._quartiles()
        return q[0] if q else None

    @property
    def q3(self) -> float | None:
        q = self._quartiles()
        return q[2] if q else None

    @property
    def minimum(self) -> float | None:
        return min(self.values) if self.values else None

    @property
    def maximum(self) -> float | None:
        return max(self.values) if self.values else None

    @property
    def percentile(self) -> float | None:
        """Mid-rank percentile of the highlighted score among all systems (itself included)."""
        if self.highlight is None or not self.values:
            return None
        below = sum(1 for v in self.values if v < self.highlight - EPSILON)
        equal = sum(1 for v in self.values if abs(v - self.highlight) <= EPSILON)
        return 100.0 * (below + 0.5 * equal) / len(self.values)

    @property
    def position(self) -> str | None:
        """Where the highlighted score sits, in words."""
        h, q = self.highlight, self._quartiles()
        if h is None or q is None or self.n < 2:
            return None
        q1, med, q3 = q
        if abs(h - med) <= EPSILON:
            return "at the median"
        if h > med:
            return "top quartile" if h >= q3 - EPSILON else "above the median"
        return "bottom quartile" if h <= q1 + EPSILON else "below the median"


@dataclass(frozen=True)
class Benchmark:
    framework_id: str
    framework_title: str
    framework_version: str
    systems: int
    overall: Stat
    domains: tuple[Stat, ...]
    elements: tuple[Stat, ...]
    element_domain: dict[str, str]
    highlight: SystemScores | None
    skipped: tuple[Skipped, ...]
    superseded: tuple[Skipped, ...]
    scale_max: int = 4

    def to_json(self) -> dict[str, Any]:
        def stat(s: Stat, **extra: Any) -> dict[str, Any]:
            return {"id": s.id, "title": s.title, **extra, "systems": s.n, "median": s.median,
                    "q1": s.q1, "q3": s.q3, "min": s.minimum, "max": s.maximum,
                    "highlight": s.highlight, "percentile": s.percentile,
                    "position": s.position}

        h = self.highlight
        return {
            "framework": {"id": self.framework_id, "version": self.framework_version,
                          "title": self.framework_title},
            "systems": self.systems,
            "highlight": None if h is None else {
                "file": h.file, "system": h.system, "review_date": h.review_date.isoformat()},
            "overall": stat(self.overall),
            "domains": [stat(s) for s in self.domains],
            "elements": [stat(s, domain=self.element_domain[s.id]) for s in self.elements],
            "skipped": [{"file": s.file, "reason": s.reason} for s in self.skipped],
            "superseded": [{"file": s.file, "reason": s.reason} for s in self.superseded],
        }


class _Unusable(Exception):
    pass


class Reader:
    """Reads review files lean; framework copies are parsed once per distinct text."""

    def __init__(self) -> None:
        self._frameworks: dict[str, Framework | str] = {}

    def _framework(self, text: str) -> Framework:
        found = self._frameworks.get(text)
        if found is None:
            try:
                found = Framework.model_validate_json(text)
            except ValidationError as exc:
                found = f"damaged: its framework copy is unreadable ({exc.error_count()} problems)"
            self._frameworks[text] = found
        if isinstance(found, str):
            raise _Unusable(found)
        return found

    def read(self, path: Path) -> SystemScores:
        """One file's scores, through the same checked door as every review file; never
        writes (a file a crash left mid-change is skipped with what to do, not recovered)."""
        prefix = f"{path}: "
        try:
            check_header(path)
            if has_hot_journal(path):
                raise _Unusable("a change to it was cut short by a crash; open it once in SIT "
                                "Maturity to recover it")
            con, _version = open_checked(path, readonly=True)
        except ReviewFileError as exc:
            raise _Unusable(_reason(exc, prefix)) from None
        try:
            head = con.execute("SELECT json FROM framework WHERE id = 1").fetchone()
            rows = con.execute("SELECT kind, key, data FROM record "
                               "WHERE kind IN ('info', 'kloe')").fetchall()
        except sqlite3.Error as exc:
            raise _Unusable(_reason(read_failure(path, exc), prefix)) from None
        finally:
            con.close()
        if head is None:
            raise _Unusable("damaged: it holds no framework")
        framework = self._framework(head[0])
        info = None
        kloes: dict[str, Any] = {}
        try:
            for kind, key, data in rows:
                record = load_stored(framework, kind, key, data)
                if kind == "info":
                    info = record
                else:
                    kloes[key] = record
        except ReviewError as exc:
            raise _Unusable(f"damaged: {exc}") from None
        if info is None:
            raise _Unusable("damaged: it has no review details")
        roll = rollup(Review(framework, info, {"kloe": kloes}))
        scores: dict[str, float | None] = {}
        for d in roll.domains:
            scores[d.id] = d.score
            for e in d.elements:
                scores[e.id] = e.score
        return SystemScores(str(path), info.system, info.review_date, info.created_at,
                            framework, roll.score, scores)


def _reason(exc: Exception, prefix: str) -> str:
    return str(exc).removeprefix(prefix).replace("the review file is damaged and cannot be read",
                                                 "damaged")


def review_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Skipped]]:
    """Files as given, folders searched (recursively) for review files; each path once."""
    found: list[Path] = []
    missing: list[Skipped] = []
    seen: set[Path] = set()
    for p in paths:
        p = Path(p)
        if p.is_dir():
            candidates = sorted(x for x in p.rglob(f"*{SUFFIX}") if x.is_file())
        elif p.exists():
            candidates = [p]
        else:
            missing.append(Skipped(str(p), "no such file or folder"))
            continue
        for c in candidates:
            key = c.resolve()
            if key not in seen:
                seen.add(key)
                found.append(c)
    return found, missing


def benchmark(paths: Sequence[str | Path], highlight: str | Path | None = None) -> Benchmark:
    """Distributions of domain and element scores across the systems reviewed in ``paths``.

    The framework is the highlighted review's, else the one most files use; each system counts
    once, by its latest review (the highlighted file always stands for its system).
    """
    files, skipped = review_paths(paths)
    reader = Reader()
    hl: SystemScores | None = None
    if highlight is not None:
        hpath = Path(highlight)
        try:
            hl = reader.read(hpath)
        except _Unusable as exc:
            raise BenchmarkError(f"{hpath}: cannot be highlighted: {exc}") from None
        files = [f for f in files if f.resolve() != hpath.resolve()]
    usable: list[SystemScores] = []
    for f in files:
        try:
            usable.append(reader.read(f))
        except _Unusable as exc:
            skipped.append(Skipped(str(f), str(exc)))
    if hl is not None:
        ref_id = hl.framework.id
    elif usable:
        ref_id = Counter(s.framework.id for s in usable).most_common(1)[0][0]
    else:
        where = ", ".join(str(p) for p in paths)
        reasons = "; ".join(f"{x.file}: {x.reason}" for x in skipped[:3])
        raise BenchmarkError(
            f"no usable review files were found in {where}"
            + (f" ({len(skipped)} skipped: {reasons}{'; …' if len(skipped) > 3 else ''})"
               if skipped else " (looked for *.sitreview files)"))
    same = [s for s in usable if s.framework.id == ref_id]
    for s in usable:
        if s.framework.id != ref_id:
            skipped.append(Skipped(s.file, f"uses framework “{s.framework.id}” "
                                           f"({s.framework.title}), not “{ref_id}”"))
    latest: dict[str, SystemScores] = {}
    superseded: list[Skipped] = []
    if hl is not None:
        latest[_system_key(hl.system)] = hl
    for s in sorted(same, key=lambda s: (s.review_date, s.created_at), reverse=True):
        key = _system_key(s.system)
        kept = latest.get(key)
        if kept is None:
            latest[key] = s
        else:
            superseded.append(Skipped(s.file, "an earlier review of a system counted by its "
                                              "latest review"))
    counted = list(latest.values())
    reference = hl.framework if hl is not None else max(
        counted, key=lambda s: (s.review_date, s.created_at)).framework

    def stat(level: str, item_id: str, title: str) -> Stat:
        values = sorted(v for s in counted if (v := s.scores.get(item_id)) is not None)
        return Stat(level, item_id, title, tuple(values),
                    hl.scores.get(item_id) if hl is not None else None)

    overall_values = sorted(s.overall for s in counted if s.overall is not None)
    overall = Stat("overall", "overall", "Overall", tuple(overall_values),
                   hl.overall if hl is not None else None)
    domains = tuple(stat("domain", d.id, d.title) for d in reference.domains)
    elements = tuple(stat("element", e.id, e.title)
                     for d in reference.domains for e in d.elements)
    element_domain = {e.id: d.id for d in reference.domains for e in d.elements}
    return Benchmark(reference.id, reference.title, reference.version, len(counted), overall,
                     domains, elements, element_domain, hl, tuple(skipped), tuple(superseded),
                     reference.scale.maximum)


def _system_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def dumps(bench: Benchmark) -> str:
    return json.dumps(bench.to_json(), indent=2, ensure_ascii=False)


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def report_lines(bench: Benchmark) -> list[str]:
    """The benchmark as plain text; no system is named but the highlighted one."""
    out = [f"Benchmark of {bench.systems} system{'s' if bench.systems != 1 else ''} on "
           f"{bench.framework_title} ({bench.framework_id} {bench.framework_version})"]
    h = bench.highlight
    if h is not None:
        out.append(f"Highlighted: {h.system}, review of {h.review_date.isoformat()} ({h.file})")
    width = 44
    out += ["", f"{'':<{width}}{'Systems':>8}{'Median':>8}{'Q1–Q3':>11}{'Range':>11}"
                + (f"{'Yours':>7}  Position" if h is not None else "")]
    by_domain: dict[str, list[Stat]] = {}
    for e in bench.elements:
        by_domain.setdefault(bench.element_domain[e.id], []).append(e)

    def line(s: Stat, indent: str = "") -> str:
        label = indent + s.title
        label = label if len(label) <= width - 1 else label[:width - 2] + "…"
        text = (f"{label:<{width}}{s.n:>8}{_fmt(s.median):>8}"
                f"{_fmt(s.q1) + '–' + _fmt(s.q3):>11}"
                f"{_fmt(s.minimum) + '–' + _fmt(s.maximum):>11}")
        if h is not None:
            text += f"{_fmt(s.highlight):>7}  {s.position or ''}"
        return text.rstrip()

    out.append(line(bench.overall))
    for d in bench.domains:
        out.append(line(d))
        out += [line(e, "    ") for e in by_domain.get(d.id, [])]
    if bench.skipped:
        out += ["", f"Skipped {len(bench.skipped)} file(s):"]
        out += [f"  {s.file}: {s.reason}" for s in bench.skipped]
    if bench.superseded:
        out += ["", f"Not counted, a later review of the same system was used: "
                    f"{len(bench.superseded)} file(s)"]
        out += [f"  {s.file}" for s in bench.superseded]
    return out
