"""The benchmark PDF: an anonymised view of many systems' reviews, one system highlighted.

Other systems are never named; the files that were not counted are listed with the reason.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from maturity.benchmark import TOO_FEW, Benchmark, Stat
from maturity.benchmark_files import tally
from maturity.wording import fmt_date, fmt_value

from .charts import benchmark_chart
from .kit import Bookmark, M, P, band_style, bold_cell, esc, heads, styles, table, write_pdf


def _stat_cells(st: Stat, s, highlighted: bool) -> list:
    if not st.shown:  # the three figure columns are spanned by the table's style
        cells = [M(str(st.n), s["centre"]), M(f"<i>{TOO_FEW}</i>", s["centre"]), "", ""]
    else:
        cells = [M(str(st.n), s["centre"]), bold_cell(fmt_value(st.median), s),
                 M(f"{fmt_value(st.q1)}–{fmt_value(st.q3)}", s["centre"]),
                 M(f"{fmt_value(st.minimum)}–{fmt_value(st.maximum)}", s["centre"])]
    if highlighted:
        cells += [bold_cell(fmt_value(st.highlight), s), M(esc(st.position or "—"), s["centre"])]
    return cells


def write_benchmark_pdf(b: Benchmark, path: str | Path) -> Path:
    s = styles()
    h = b.highlight
    story: list = [Bookmark("Benchmark", key="benchmark"),
                   M(f"Benchmark of {b.systems} systems", s["h1"]),
                   P(f"{b.framework_title} ({b.framework_id} {b.framework_version}). "
                     + (f"Highlighted: {h.system}, review of {fmt_date(h.review_date)}. "
                        if h else "")
                     + "Other systems are not named.", s["lead"]),
                   benchmark_chart(b),
                   M("Line: lowest to highest score; box: the middle half of systems (lower to "
                     "upper quartile); dark tick: the median"
                     + ("; red dot: the highlighted system." if h else "."), s["small"]),
                   Spacer(1, 4 * mm), Bookmark("Domains and elements", key="bench-table"),
                   M("Domains and elements", s["h2"])]
    titles = ["Domain / element", "Systems", "Median", "Middle half", "Range"]
    if h:
        titles += ["This system", "Position"]
    grid = [heads(s, *titles)]
    extra: list[tuple] = []
    by_domain: dict[str, list[Stat]] = {}
    for e in b.elements:
        by_domain.setdefault(b.element_domain[e.id], []).append(e)
    for st, bold in [(b.overall, True)] + [x for d in b.domains
                                            for x in [(d, True)] + [(e, False) for e in
                                                                   by_domain.get(d.id, [])]]:
        grid.append([P(st.title if bold else f"   {st.title}",
                        s["cellb" if bold else "cell"]), *_stat_cells(st, s, h is not None)])
        if h:
            extra += band_style(5, len(grid) - 1, st.highlight)
        if not st.shown:
            extra.append(("SPAN", (2, len(grid) - 1), (4, len(grid) - 1)))
    widths = [70 * mm, 15 * mm, 15 * mm, 20 * mm, 20 * mm]
    if h:
        widths = [47 * mm, 17 * mm, 16 * mm, 20 * mm, 20 * mm, 20 * mm, 34 * mm]
    story.append(table(grid, widths, extra=extra, zebra=False))
    if not all(x.shown for x in (b.overall, *b.domains, *b.elements)):
        story.append(M(f"Figures that fewer than {b.min_systems} systems contribute to are not "
                       f"shown, so that no system's scores can be told apart.", s["small"]))
    if b.skipped or b.superseded:
        story += [Bookmark("Files not counted", key="bench-skipped"),
                  M("Files not counted", s["h2"]),
                  M("Counted by reason only: which files they were is not part of a report "
                    "that may be shared.", s["small"])]
        rows = [heads(s, "Why", "Files")]
        for kind, count in [*tally(b.skipped).items(), *tally(b.superseded).items()]:
            rows.append([P(kind, s["small"]), M(str(count), s["centre"])])
        story.append(table(rows, [90 * mm, 30 * mm], zebra=False))
    return write_pdf(path, story, title="Benchmark of systems", header="Benchmark of systems")
