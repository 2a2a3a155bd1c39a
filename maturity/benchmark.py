"""An anonymised benchmark across many systems' reviews: where does each domain usually sit?

Files are read lean and read-only (just the framework copy, the review details and the KLOE
scores, straight from the database), each rolled up on the framework copy it was scored
against, so the cost grows linearly with the number of files and nothing is ever changed.
It discloses nobody: only the highlighted system is named; every other system is a number in
a distribution, and a figure is shown only when at least ``min_systems`` (default 5, never
fewer than 3) systems contribute to it. Files that are not counted are reported by count and
reason; their paths are kept for the operator (the command line prints them on stderr) and never
reach a report. Each review counts once, however many copies of it are found, and each system
counts once, by its latest review.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .benchmark_files import (
    COPY,
    EARLIER,
    HIGHLIGHTED_SYSTEM,
    OTHER_FRAMEWORK,
    Skipped,
    kind_of,
    modified,
    regular_file,
    review_paths,
    same_file,
    tally,
    tally_text,
)
from .database import (
    ReviewFileError,
    check_header,
    has_hot_journal,
    open_checked,
    read_failure,
)
from .framework import Framework
from .review import Review
from .rules import ReviewError, load_stored
from .scoring import rollup
from .wording import fmt_date, fmt_score

EPSILON = 1e-9
MIN_SYSTEMS = 5
LOWEST_MIN_SYSTEMS = 3
TOO_FEW = "too few systems to show"


class BenchmarkError(ValueError):
    """A benchmark that cannot be made at all (as opposed to one file that is skipped)."""

    def __init__(self, message: str, skipped: Sequence[Skipped] = ()):
        super().__init__(message)
        self.skipped = tuple(skipped)


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
    review_id: str = ""
    previous_id: str = ""


@dataclass(frozen=True)
class Stat:
    level: str
    id: str
    title: str
    values: tuple[float, ...] = field(repr=False)
    highlight: float | None = None
    systems: int | None = None  # how many systems scored it; their values only when shown

    @property
    def n(self) -> int:
        return len(self.values) if self.systems is None else self.systems

    @property
    def shown(self) -> bool:
        """False when too few systems scored it for its figures to be shown."""
        return bool(self.values) or not self.n

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
    min_systems: int = MIN_SYSTEMS

    def to_json(self) -> dict[str, Any]:
        def stat(s: Stat, **extra: Any) -> dict[str, Any]:
            return {"id": s.id, "title": s.title, **extra, "systems": s.n, "median": s.median,
                    "q1": s.q1, "q3": s.q3, "min": s.minimum, "max": s.maximum,
                    "highlight": s.highlight, "percentile": s.percentile,
                    "position": s.position, "withheld": None if s.shown else TOO_FEW}

        h = self.highlight
        return {
            "framework": {"id": self.framework_id, "version": self.framework_version,
                          "title": self.framework_title},
            "systems": self.systems,
            "min_systems": self.min_systems,
            "highlight": None if h is None else {
                "file": h.file, "system": h.system, "review_date": h.review_date.isoformat()},
            "overall": stat(self.overall),
            "domains": [stat(s) for s in self.domains],
            "elements": [stat(s, domain=self.element_domain[s.id]) for s in self.elements],
            "skipped": {"files": len(self.skipped), "reasons": tally(self.skipped)},
            "superseded": {"files": len(self.superseded), "reasons": tally(self.superseded)},
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
                            framework, roll.score, scores, info.review_id,
                            info.previous.review_id if info.previous else "")


def _reason(exc: Exception, prefix: str) -> str:
    return str(exc).removeprefix(prefix).replace("the review file is damaged and cannot be read",
                                                 "damaged")


def benchmark(paths: Sequence[str | Path], highlight: str | Path | None = None,
              min_systems: int = MIN_SYSTEMS) -> Benchmark:
    """Distributions of domain and element scores across the systems reviewed in ``paths``.

    The framework is the highlighted review's, else the one most files use. Each review counts
    once however many copies of it there are, and each system once, by its latest review (the
    highlighted review always stands for its system). A figure that fewer than ``min_systems``
    systems contribute to is withheld.
    """
    if min_systems < LOWEST_MIN_SYSTEMS:
        raise BenchmarkError(f"--min-systems {min_systems}: a figure needs at least "
                             f"{LOWEST_MIN_SYSTEMS} systems, or it could show one system's "
                             f"scores")
    if any(not str(p).strip() for p in paths) or (highlight is not None
                                                  and not str(highlight).strip()):
        raise BenchmarkError("an empty name was given as a file or folder")
    files, skipped = review_paths(paths)
    reader = Reader()
    hl: SystemScores | None = None
    if highlight is not None:
        hpath = Path(highlight)
        hfound: list[Path] = []
        hskipped: list[Skipped] = []
        regular_file(hpath, hfound, hskipped)
        if hskipped:
            raise BenchmarkError(f"{hpath}: cannot be highlighted: {hskipped[0].reason}")
        try:
            hl = reader.read(hpath)
        except _Unusable as exc:
            raise BenchmarkError(f"{hpath}: cannot be highlighted: {exc}") from None
        files = [f for f in files if not same_file(f, hpath)]
    usable: list[SystemScores] = []
    for f in files:
        try:
            usable.append(reader.read(f))
        except _Unusable as exc:
            skipped.append(Skipped(str(f), str(exc), kind_of(str(exc))))
    if hl is not None:
        ref_id = hl.framework.id
    elif usable:
        ref_id = Counter(s.framework.id for s in usable).most_common(1)[0][0]
    else:
        where = ", ".join(str(p) for p in paths)
        raise BenchmarkError(
            f"no usable review files were found in {where}"
            + (f" ({skipped[0].reason})" if len(skipped) == 1 and len(paths) == 1
               and skipped[0].file == str(Path(paths[0]))
               else f" ({tally_text(skipped, 'skipped')})" if skipped
               else " (looked for *.sitreview files)"), skipped)
    same = [s for s in usable if s.framework.id == ref_id]
    skipped += [Skipped(s.file, f"uses framework “{s.framework.id}” ({s.framework.title}), "
                                f"not “{ref_id}”", OTHER_FRAMEWORK)
                for s in usable if s.framework.id != ref_id]
    counted, superseded = _one_per_system(same, hl)
    reference = hl.framework if hl is not None else max(
        counted, key=lambda s: (s.review_date, s.created_at)).framework

    def stat(level: str, item_id: str, title: str, values: list[float],
             mine: float | None) -> Stat:
        values.sort()
        shown = tuple(values) if len(values) >= min_systems else ()
        return Stat(level, item_id, title, shown, mine, len(values))

    def item(level: str, item_id: str, title: str) -> Stat:
        return stat(level, item_id, title,
                    [v for s in counted if (v := s.scores.get(item_id)) is not None],
                    hl.scores.get(item_id) if hl is not None else None)

    overall = stat("overall", "overall", "Overall",
                   [s.overall for s in counted if s.overall is not None],
                   hl.overall if hl is not None else None)
    domains = tuple(item("domain", d.id, d.title) for d in reference.domains)
    elements = tuple(item("element", e.id, e.title)
                     for d in reference.domains for e in d.elements)
    element_domain = {e.id: d.id for d in reference.domains for e in d.elements}
    return Benchmark(reference.id, reference.title, reference.version, len(counted), overall,
                     domains, elements, element_domain, hl, tuple(skipped), tuple(superseded),
                     reference.scale.maximum, min_systems)


def _one_per_system(reviews: list[SystemScores], hl: SystemScores | None
                    ) -> tuple[list[SystemScores], list[Skipped]]:
    """Each review once (copies share a review id) and each system once, by its latest review.

    Reviews belong to one system when their names match (ignoring case and spacing) or when a
    re-review names the other as its previous review, so a renamed system still counts once.
    """
    superseded: list[Skipped] = []
    by_id: dict[str, SystemScores] = {}
    if hl is not None:
        by_id[hl.review_id or "\0highlight"] = hl
    # The most recently saved copy of a review stands for it.
    for s in sorted(reviews, key=lambda s: modified(s.file), reverse=True):
        kept = by_id.get(s.review_id) if s.review_id else None
        if kept is None:
            by_id[s.review_id or f"\0{s.file}"] = s
        else:
            superseded.append(Skipped(s.file, f"a copy of the review in {kept.file}", COPY))
    unique = list(by_id.values())
    parent = list(range(len(unique)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    index_of_id = {s.review_id: i for i, s in enumerate(unique) if s.review_id}
    for i, s in enumerate(unique):
        j = first.setdefault(_system_key(s.system), i)
        parent[root(i)] = root(j)
        j = index_of_id.get(s.previous_id) if s.previous_id else None
        if j is not None:
            parent[root(i)] = root(j)
    groups: dict[int, list[SystemScores]] = {}
    for i, s in enumerate(unique):
        groups.setdefault(root(i), []).append(s)
    counted: list[SystemScores] = []
    for group in groups.values():
        group.sort(key=lambda s: (s is hl, s.review_date, s.created_at), reverse=True)
        counted.append(group[0])
        if group[0] is hl:
            superseded += [Skipped(s.file, HIGHLIGHTED_SYSTEM, HIGHLIGHTED_SYSTEM)
                           for s in group[1:]]
        else:
            superseded += [Skipped(s.file, f"an earlier review of the system counted by "
                                           f"{group[0].file}", EARLIER) for s in group[1:]]
    return counted, superseded


def _system_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def dumps(bench: Benchmark) -> str:
    return json.dumps(bench.to_json(), indent=2, ensure_ascii=False)


def _fmt(value: float | None) -> str:
    return fmt_score(value)


def report_lines(bench: Benchmark) -> list[str]:
    """The benchmark as plain text; no system is named but the highlighted one."""
    out = [f"Benchmark of {bench.systems} system{'s' if bench.systems != 1 else ''} on "
           f"{bench.framework_title} ({bench.framework_id} {bench.framework_version})"]
    h = bench.highlight
    if h is not None:
        out.append(f"Highlighted: {h.system}, review of {fmt_date(h.review_date)} ({h.file})")
    width = 44
    out += ["", f"{'':<{width}}{'Systems':>8}{'Median':>8}{'Q1–Q3':>11}{'Range':>11}"
                + (f"{'Yours':>7}  Position" if h is not None else "")]
    by_domain: dict[str, list[Stat]] = {}
    for e in bench.elements:
        by_domain.setdefault(bench.element_domain[e.id], []).append(e)

    def line(s: Stat, indent: str = "") -> str:
        label = indent + s.title
        label = label if len(label) <= width - 1 else label[:width - 2] + "…"
        text = f"{label:<{width}}{s.n:>8}"
        if s.shown:
            text += (f"{_fmt(s.median):>8}{_fmt(s.q1) + '–' + _fmt(s.q3):>11}"
                     f"{_fmt(s.minimum) + '–' + _fmt(s.maximum):>11}")
        else:
            text += f"{'  ' + TOO_FEW:<30}"
        if h is not None:
            text += f"{_fmt(s.highlight):>7}  {s.position or ''}"
        return text.rstrip()

    out.append(line(bench.overall))
    for d in bench.domains:
        out.append(line(d))
        out += [line(e, "    ") for e in by_domain.get(d.id, [])]
    if not all(s.shown for s in (bench.overall, *bench.domains, *bench.elements)):
        out += ["", f"Figures that fewer than {bench.min_systems} systems contribute to are not "
                    f"shown, so that no system's scores can be told apart."]
    if bench.skipped:
        out += ["", tally_text(bench.skipped, "skipped")]
    if bench.superseded:
        out += ["", tally_text(bench.superseded, "not counted")]
    return out
