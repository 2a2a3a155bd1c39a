"""JSON and CSV data exports for regional aggregation.

JSON carries every figure and text exactly as recorded (minus characters no document can hold).
CSV is one file per table, UTF-8 with a byte-order mark so spreadsheet programs read accents
correctly, and text that would start a formula is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from maturity.report import Report

from .files import make_folder, save_atomic
from .text import csv_text, xml_safe

FORMAT = "sit-maturity-data"
FORMAT_VERSION = 1
Progress = Callable[[float, str], None]


def _d(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "system": report.system, "review_date": _d(report.review_date),
        "review_type": report.review_type, "previous_review": report.previous or None,
        "exported_on": _d(report.today),
        "framework": {"id": report.framework_id, "version": report.framework_version,
                      "title": report.framework_title},
        "scale": [{"value": v, "label": label} for v, label, _ in report.scale],
        "partners": [{"name": p.name, "sector": p.sector} for p in report.partners],
        "overall": {"score": _r(report.score), "coverage": _r(report.coverage)},
        "domains": [{
            "id": d.id, "number": d.number, "title": d.title, "score": _r(d.score),
            "coverage": _r(d.coverage), "target": _r(d.target),
            "elements": [{
                "id": e.id, "title": e.title, "score": _r(e.score), "target": e.target,
                "gap": _r(e.gap), "coverage": _r(e.coverage),
                "kloes": [{"id": k.id, "rating": k.rating, "confidence": k.confidence.lower()
                           or None, "spread": k.spread, "disagreement": k.disagreement,
                           "group_scores": dict(k.group_scores), "narrative": k.narrative,
                           "evidence": [{"type": ev.type, "title": ev.title,
                                         "date": _d(ev.date), "link": ev.link,
                                         "note": ev.note} for ev in k.evidence]}
                          for k in e.kloes]} for e in d.elements]} for d in report.domains],
        "indicators": [{"id": i.id, "domain_id": i.domain_id, "name": i.name, "unit": i.unit,
                        "value": i.value, "date": _d(i.date), "source": i.source,
                        "threshold": i.threshold, "direction": i.direction, "rag": i.rag}
                       for i in report.indicators],
        "recommendations": [{"id": r.id, "framework_id": r.source_id or None, "text": r.text,
                             "original_text": r.original_text or None, "status": r.status,
                             "priority": r.priority, "priority_score": r.priority_score,
                             "reason": r.reason, "trigger_holds": r.trigger_holds,
                             "domain_id": r.domain_id or None, "high_impact": r.high_impact
                             or None, "note": r.note,
                             "rejection_reason": r.rejection_reason or None}
                            for r in report.recommendations],
        "actions": [{"id": a.id, "description": a.description,
                     "recommendation_ids": list(a.recommendation_ids),
                     "kloe_ids": list(a.kloe_ids), "domain_ids": list(a.domain_ids),
                     "owners": list(a.owners), "lead": a.lead, "start": _d(a.start),
                     "due": _d(a.due), "status": a.status, "rag": a.rag,
                     "effective_rag": a.effective_rag, "overdue": a.overdue,
                     "success_measure": a.success_measure,
                     "progress_notes": [{"date": _d(d), "text": t} for d, t in a.notes]}
                    for a in report.actions],
        "parking_lot": [{"raised": _d(p.raised), "where": p.where, "text": p.text,
                         "status": p.status.lower()} for p in report.parking],
    }


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def write_json(report: Report, path: str | Path, progress: Progress | None = None) -> Path:
    path = Path(path)
    text = json.dumps(_clean(report_dict(report)), ensure_ascii=False, indent=2)

    def save(tmp: str) -> None:
        Path(tmp).write_text(text + "\n", encoding="utf-8")

    save_atomic(path, save)
    if progress:
        progress(1.0, "JSON written")
    return path


CSV_TABLES = ("scores", "domains", "indicators", "recommendations", "actions")


def csv_tables(report: Report) -> dict[str, list[list[Any]]]:
    """Each table as a header row followed by data rows."""
    def num(v: float | None) -> float | str:
        return "" if v is None else round(v, 4)

    base = [report.system, report.review_date.isoformat()]
    head = ["system", "review_date"]
    scores = [head + ["domain_id", "domain", "element_id", "element", "element_score",
                      "target", "gap", "kloe_id", "rating", "confidence", "spread"]]
    domains = [head + ["domain_id", "number", "domain", "score", "coverage", "target"]]
    for d in report.domains:
        domains.append(base + [d.id, d.number, d.title, num(d.score), num(d.coverage),
                               num(d.target)])
        for e in d.elements:
            for k in e.kloes:
                scores.append(base + [d.id, d.title, e.id, e.title, num(e.score), e.target,
                                      num(e.gap), k.id, "" if k.rating is None else k.rating,
                                      k.confidence.lower(), "" if k.spread is None
                                      else k.spread])
    indicators = [head + ["indicator_id", "domain_id", "indicator", "value", "unit", "date",
                          "threshold", "direction", "rag"]]
    for i in report.indicators:
        indicators.append(base + [i.id, i.domain_id, i.name, num(i.value), i.unit, _d(i.date) or "",
                                  num(i.threshold),
                                  i.direction, i.rag or ""])
    recs = [head + ["id", "framework_id", "status", "priority", "priority_score", "domain_id",
                    "text", "reason", "trigger_holds", "note", "rejection_reason"]]
    for r in report.recommendations:
        recs.append(base + [r.id, r.source_id, r.status, r.priority, r.priority_score,
                            r.domain_id, r.text, r.reason, "yes" if r.trigger_holds else "no",
                            r.note, r.rejection_reason])
    actions = [head + ["id", "description", "owners", "lead", "start", "due", "status", "rag",
                       "overdue", "domain_ids", "recommendation_ids", "kloe_ids",
                       "success_measure", "latest_note"]]
    for a in report.actions:
        latest = f"{a.notes[-1][0].isoformat()}: {a.notes[-1][1]}" if a.notes else ""
        actions.append(base + [a.id, a.description, "; ".join(a.owners), a.lead,
                               _d(a.start) or "", _d(a.due) or "", a.status,
                               a.effective_rag or "", "yes" if a.overdue else "no",
                               " ".join(a.domain_ids), " ".join(a.recommendation_ids),
                               " ".join(a.kloe_ids), a.success_measure, latest])
    return {"scores": scores, "domains": domains, "indicators": indicators,
            "recommendations": recs, "actions": actions}


def write_csv(report: Report, folder: str | Path, progress: Progress | None = None) -> list[Path]:
    """One CSV per table in ``folder`` (created if needed); returns the files written."""
    folder = make_folder(folder)
    written = []
    for n, (name, rows) in enumerate(csv_tables(report).items(), 1):
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        for row in rows:
            writer.writerow([csv_text(v) if isinstance(v, str) else v for v in row])
        path = folder / f"{name}.csv"

        text = buf.getvalue()

        def save(tmp: str, data: str = text) -> None:
            Path(tmp).write_text(data, encoding="utf-8-sig", newline="")

        save_atomic(path, save)
        written.append(path)
        if progress:
            progress(n / len(CSV_TABLES), f"{name}.csv written")
    return written
