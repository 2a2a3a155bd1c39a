"""The board report PDF.

The first two pages tell the whole story (board_summary), the third how the review was done;
then the detail: the radar, a section per domain, the agreed recommendations, the action plan,
and what changed since the last review when earlier reviews are given. Framework text, evidence,
the parking lot, the glossary and the full text of long entries are appendices. Every section
and domain is a bookmark; every page has a running header and "Page x of y".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Paragraph, Spacer

from maturity.compare import Comparison
from maturity.report import ActionRow, DomainRow, Report
from maturity.wording import fmt_change, fmt_coverage, fmt_date, fmt_score, plural, shorten

from ..board_facts import board_facts
from .board_appendix import LONG_TITLE, appendices
from .board_summary import method_page, summary_pages
from .charts import legend, radar
from .comparison import comparison_story
from .kit import (
    CELL_CHARS,
    Bookmark,
    M,
    P,
    band_style,
    clip,
    esc,
    heads,
    printable,
    rag_style,
    rag_text,
    score_cell,
    styles,
    table,
    write_pdf,
)

Progress = Callable[[float, str], None]

SUMMARY_CHARS = 380


class _Long:
    """Texts too long for a table cell, printed in full in the appendix."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def cell(self, text: str, label: str, s, style: str = "cell",
             limit: int = CELL_CHARS) -> Paragraph:
        short, cut = clip(text, limit)
        if not cut:
            return P(short, s[style])
        self.items.append((label, text))
        n = len(self.items)
        return M(f"{esc(short)} <i>(continues: item {n} in {LONG_TITLE})</i>", s[style])


def _overview(report: Report, s) -> list:
    return [PageBreak(), Bookmark("Scores at a glance"), M("Scores at a glance", s["h1"]),
            M("Each domain's score (blue) against the target the partnership set (red, "
              "dashed), on the full scale. The element scores are in each domain's "
              "section.", s["body"]),
            radar(report, 140 * mm), Spacer(1, 2 * mm), legend(report, s)]


def _attention(d: DomainRow) -> str:
    """The key lines a reader should know about, counted; the workbook lists every one."""
    kloes = d.kloes
    below = sum(1 for e in d.elements for k in e.kloes
                if k.score is not None and k.score < e.target)
    split = sum(1 for k in kloes if k.disagreement)
    out = (f"{plural(len(kloes), 'key line')} of enquiry: {below} scored below their "
           f"element's target")
    if split:
        out += f" and partners disagreed on {split}"
    return out + ". The workbook's domain sheet lists each one with its score and evidence."


def _domain_section(report: Report, d: DomainRow, s, long: _Long) -> list:
    out: list = [CondPageBreak(110 * mm),
                 Bookmark(f"{d.number}. {d.title}", level=1, key=f"dom-{d.id}"),
                 P(f"{d.number}. {d.title}", s["h1"]), P(d.statement, s["lead"]),
                 M(f"Domain score <b>{fmt_score(d.score)}</b> · target {fmt_score(d.target)} · "
                   f"coverage {fmt_coverage(d.coverage)}", s["body"])]
    rows = [heads(s, "Element", "Score", "Target", "Gap", "Coverage")]
    extra: list[tuple] = []
    for i, e in enumerate(d.elements, 1):
        rows.append([P(e.title, s["cell"]), score_cell(e.score, s),
                     M(str(e.target), s["centre"]),
                     M(fmt_change(e.gap), s["centre"]),
                     M(fmt_coverage(e.coverage), s["centre"])])
        extra += band_style(1, i, e.score)
    out.append(table(rows, [98 * mm, 19 * mm, 19 * mm, 17 * mm, 21 * mm], extra=extra,
                     zebra=False))
    out.append(P(_attention(d), s["note"]))
    # The element's first account of the evidence; groups often record one for several KLOEs,
    # and the workbook holds every one.
    groups: list[tuple[object, str, int]] = []
    for e in d.elements:
        texts = list(dict.fromkeys(k.narrative.strip() for k in e.kloes if k.narrative.strip()))
        if texts:
            groups.append((e, texts[0], len(texts) - 1))
    if groups:
        out.append(M("What the evidence shows", s["h2"]))
        for e, text, others in groups:
            short, cut = clip(text, SUMMARY_CHARS)
            more = ""
            if cut:
                long.items.append((f"{d.title} › {e.title}: evidence", text))
                more = f" <i>(the full text is item {len(long.items)} in {LONG_TITLE})</i>"
            if others:
                more += (f" <i>({plural(others, 'further account')} of this element in the "
                         f"workbook.)</i>")
            out.append(M(f"<b>{esc(e.title)}</b> — {esc(short)}{more}", s["body"]))
    if d.indicators:
        out.append(M("Indicators", s["h2"]))
        rows = [heads(s, "Indicator", "Value", "As at", "Threshold", "RAG")]
        extra = []
        for i, ind in enumerate(d.indicators, 1):
            rows.append([P(ind.name, s["cell"]), P(ind.value_text or "—", s["cell"]),
                         P(fmt_date(ind.date), s["cell"]),
                         P(ind.threshold_text, s["cell"]),
                         M(rag_text(ind.rag) if ind.value is not None else "No value",
                           s["cell"])])
            extra += rag_style(4, i, ind.rag)
        out.append(table(rows, [70 * mm, 24 * mm, 26 * mm, 30 * mm, 24 * mm], extra=extra,
                         zebra=False))
    return out


def _recommendations(report: Report, s, long: _Long) -> list:
    out: list = [CondPageBreak(90 * mm), Bookmark("Recommendations"),
                 M("Recommendations", s["h1"])]
    if not report.recommendations:
        out.append(M("No recommendations have been recorded yet.", s["body"]))
        return out
    agreed = sorted(report.accepted_recommendations, key=lambda r: -r.priority_score)
    undecided = sum(1 for r in report.recommendations if r.status == "suggested")
    rejected = sum(1 for r in report.recommendations if r.status == "rejected")
    counts = (f"The partnership agreed {plural(len(agreed), 'recommendation')}, listed "
              f"below by priority. {plural(undecided, 'suggestion')} "
              f"{'is' if undecided == 1 else 'are'} still to be decided"
              + (f" and {rejected} {'was' if rejected == 1 else 'were'} rejected" if rejected
                 else "")
              + "; the workbook's Recommendations sheet lists every one with its reasons.")
    out.append(M(esc(counts), s["body"]))
    if not agreed:
        return out
    rows = [heads(s, "Priority", "Recommendation", "Domain")]
    extra = []
    for i, r in enumerate(agreed, 1):
        note = "" if r.trigger_holds or not r.source_id else " (its trigger no longer holds)"
        rows.append([M(f"<b>{r.priority_text}</b>", s["cell"]),
                     long.cell(r.text + note, f"Recommendation: {shorten(r.text, 60)}", s),
                     P(r.domain_label or "—", s["cell"])])
        extra += rag_style(0, i, {"high": "R", "medium": "A", "low": "G"}[r.priority])
    out.append(table(rows, [19 * mm, 120 * mm, 35 * mm], extra=extra))
    return out


def _action_rows(actions: Iterable[ActionRow], s, long: _Long) -> tuple[list, list]:
    rows = [heads(s, "Action", "Lead", "Due", "Status")]
    extra: list[tuple] = []
    for i, a in enumerate(actions, 1):
        desc = long.cell(a.description, f"Action: {shorten(a.description, 60)}", s, "cell",
                         limit=360)
        parts: list = [desc]
        if a.success_measure:
            short, _ = clip(a.success_measure, 160)
            parts.append(M(f"<i>Success measure:</i> {esc(short)}", s["small"]))
        if a.notes:
            d, t = a.notes[-1]
            parts.append(M(f"<i>Latest progress ({fmt_date(d)}):</i> "
                           f"{esc(clip(t, 160)[0])}", s["small"]))
        who = a.lead or shorten(", ".join(a.owners), 90) or "—"
        status = a.status_text
        if a.overdue:
            status = f"<b>{esc(status)} · overdue</b>"
        elif a.effective_rag:
            status = f"{esc(status)} · {rag_text(a.effective_rag, ink=False)}"
        rows.append([parts, P(who, s["cell"]), P(fmt_date(a.due), s["cell"]),
                     M(status, s["cell"])])
        extra += rag_style(3, i, "R" if a.overdue else a.effective_rag)
    return rows, extra


def _action_plan(report: Report, s, long: _Long) -> list:
    out: list = [CondPageBreak(90 * mm), Bookmark("Action plan"), M("Action plan", s["h1"])]
    if not report.actions:
        out.append(M("No actions have been planned yet.", s["body"]))
        return out
    overdue = sum(1 for a in report.actions if a.overdue)
    out.append(M(f"{plural(len(report.actions), 'action')}; {overdue} overdue (past the due "
                 f"date and neither done nor dropped), shown in red. Success measures and "
                 f"progress notes longer than two lines are shortened here (marked …); the "
                 f"workbook's Action plan sheet has them in full, with every partner named.",
                 s["body"]))
    rows, extra = _action_rows(report.actions, s, long)
    out.append(table(rows, [100 * mm, 30 * mm, 22 * mm, 22 * mm], extra=extra))
    return out


def board_story(report: Report, progress: Progress | None = None,
                comparison: Comparison | None = None) -> list:
    progress = progress or (lambda f, m: None)
    s = styles()
    long = _Long()
    facts = board_facts(report, comparison)
    story: list = summary_pages(report, facts, s)
    story += method_page(report, facts, s)
    if facts.notes_in_full:
        long.items.append(("How the review was done: the review's notes", facts.notes_in_full))
    story += _overview(report, s)
    for n, d in enumerate(report.domains, 1):
        progress(0.1 + 0.4 * n / max(1, len(report.domains)), f"Domain {d.number}")
        section = _domain_section(report, d, s, long)
        if n == 1:
            section.insert(1, Bookmark("Domains"))  # after the page break, on the first page
        story += section
    story += _recommendations(report, s, long)
    story += _action_plan(report, s, long)
    if comparison is not None:
        story += comparison_story(comparison, s, board=True)
    story += appendices(report, s, long.items, story)
    return story


def write_board_report(report: Report, path: str | Path,
                       progress: Progress | None = None,
                       comparison: Comparison | None = None) -> Path:
    """Write the board report PDF to ``path``, whole or not at all."""
    progress = progress or (lambda f, m: None)
    story = board_story(report, progress, comparison)
    progress(0.6, "Laying out pages")
    path = write_pdf(path, story, title=printable(f"{report.system}: maturity self-review"),
                     header=printable(f"{report.system} · maturity self-review · "
                                      f"{fmt_date(report.review_date)}"))
    progress(1.0, "Board report written")
    return path
