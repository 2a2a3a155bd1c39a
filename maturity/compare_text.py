"""A comparison of reviews in words: the plain text the command line prints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .compare import Comparison, Row
from .wording import fmt_change, fmt_date, fmt_number, fmt_value, unit_suffix


def report_lines(c: Comparison) -> list[str]:
    """The comparison as plain text: the CLI's output, readable in a terminal or an email."""
    dates = [r.label for r in c.reviews]
    width = 44
    head = "".join(f"{d:>13}" for d in dates)
    out = [f"{c.system}: {len(c.reviews)} reviews compared, change is "
           f"{dates[-1]} minus {dates[0]}", ""]
    for i, j, step in c.framework_changes:
        out.append(f"Framework {step.framework_id} changed from {step.from_version} "
                   f"({dates[i]}) to {step.to_version} ({dates[j]}): "
                   f"{len(step.added)} KLOEs added, {len(step.retired)} retired, "
                   f"{len(step.reworded)} reworded")
        out += [f"  {line.strip()}" for line in step.lines()[1:]]
    if c.framework_changes:
        out.append("")
    out.append(f"{'':<{width}}{head}  Change")

    def line(label: str, values: Sequence[Any], change: float | None, fmt=fmt_value,
             chg=fmt_change) -> str:
        label = label if len(label) <= width - 1 else label[:width - 2] + "…"
        return f"{label:<{width}}" + "".join(f"{fmt(v):>13}" for v in values) + \
            f"  {chg(change)}"

    out.append(line("Overall", c.overall.scores, c.overall.change))
    if c.change_caveat:
        out.append(f"{'':<{width}}! {c.change_caveat}")
    out.append(line("Coverage", c.overall.coverage, c.coverage_change,
                    fmt=lambda v: "—" if v is None else f"{v:.0%}",
                    chg=lambda d: "—" if d is None else f"{d * 100:+.0f} pts"))
    out.append(line("Confidence (mean; 1 low, 3 high)", [x.mean for x in c.confidence],
                    c.confidence_change))
    elements_by_domain: dict[str, list[Row]] = {}
    for e in c.elements:
        elements_by_domain.setdefault(e.domain_id, []).append(e)
    for d in c.domains:
        out.append(line(d.title, d.scores, d.change))
        for e in elements_by_domain.get(d.id, []):
            out.append(line(f"    {e.title}", e.scores, e.change))

    def kloe_text(k: Row) -> str:
        flag = f" [{k.status}]" if k.status else ""
        return (f"  {k.id}: {' → '.join(fmt_value(s) for s in k.scores)} "
                f"({fmt_change(k.change)}){flag}  {k.title}")

    for title, rows in (("Improved", c.improved), ("Declined", c.declined)):
        out += ["", f"{title} ({len(rows)}):"] + [kloe_text(k) for k in rows]
    out += ["", f"Unchanged ({len(c.unchanged)}): " + _some(ids_of(c.unchanged))]
    out += [f"Not compared ({len(c.not_compared)}; no score at one end): "
            + _some(ids_of(c.not_compared))]
    if c.indicators:
        out += ["", "Indicators:"]
        for ind in c.indicators:
            values = " → ".join(
                ("—" if v is None else f"{fmt_number(v)}{unit_suffix(ind.unit)}")
                + (f" {r}" if r else "") for v, r in zip(ind.values, ind.rags))
            threshold = (ind.threshold_text if ind.threshold_text == "no threshold"
                         else f"threshold {ind.threshold_text}")
            out.append(f"  {ind.name}: {values} ({ind.movement or 'not compared'}; "
                       f"{threshold})")
    p = c.progress()
    out += ["", f"Action plan: {p['total']} actions — {p['done']} done, {p['in_progress']} in "
                f"progress, {p['not_started']} not started, {p['blocked']} blocked, "
                f"{p['dropped']} dropped; {p['overdue']} overdue; {p['new']} new since "
                f"{dates[0]}"]
    for title, rows in (("Overdue", c.overdue), ("Dropped", c.dropped)):
        for a in rows:
            due = f" (due {fmt_date(a.due)})" if a.due else ""
            out.append(f"  {title}: {a.description}{due}")
    out += ["", "Done, but the linked KLOEs did not move:"]
    out += [f"  {e.action.description} — "
            + "; ".join(f"{k.id} {' → '.join(fmt_value(s) for s in k.scores)}"
                        for k in e.unmoved) for e in c.done_not_moved] or ["  none"]
    out += ["", "Moved with no action in progress or done behind them:"]
    out += [kloe_text(m.kloe) for m in c.moved_without_action] or ["  none"]
    return out


def _some(ids: list[str], limit: int = 20) -> str:
    if len(ids) <= limit:
        return ", ".join(ids)
    return ", ".join(ids[:limit]) + f" … and {len(ids) - limit} more (--json lists them all)"


def ids_of(rows: Sequence[Row]) -> list[str]:
    return [r.id for r in rows]
