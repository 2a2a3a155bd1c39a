"""The board report PDF.

It opens with the cover and an executive summary a board member can read in two minutes, then
the radar chart and element heatmap, a section per domain, the recommendations, the action plan,
the comparison with earlier reviews when there are any, and an appendix of evidence. Every
section and domain is a bookmark; every page after the cover has a running header and
"Page x of y".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)

from maturity.compare import Comparison
from maturity.report import ActionRow, DomainRow, Report
from maturity.wording import fmt_coverage, fmt_score

from ..text import paragraphs
from .charts import legend, radar
from .comparison import comparison_story
from .kit import (
    NHS_MID_GREY,
    NHS_PALE_GREY,
    RAG_COLOURS,
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
from .votes import votes_story

Progress = Callable[[float, str], None]

SUMMARY_CHARS = 900


class _Long:
    """Texts too long for a table cell, printed in full in the appendix."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def cell(self, text: str, label: str, s, style: str = "cell") -> Paragraph:
        short, cut = clip(text)
        if not cut:
            return P(short, s[style])
        self.items.append((label, text))
        n = len(self.items)
        return M(f"{esc(short)} <i>(continues in Appendix B, item {n})</i>", s[style])


def _cover(report: Report, s) -> list:
    out: list = [Spacer(1, 4 * mm)]
    out.append(M("Children and young people's mental health", s["cover_sub"]))
    out.append(Spacer(1, 4 * mm))
    out.append(P(report.system, s["cover_title"]))
    out.append(Spacer(1, 6 * mm))
    out.append(M(f"System maturity self-review · {report.review_date:%-d %B %Y}",
                 s["cover_sub"]))
    out.append(Spacer(1, 58 * mm))
    facts = [["Review", report.review_type + (f" (previous: {report.previous})"
                                              if report.previous else "")],
             ["Framework", f"{report.framework_title}, version {report.framework_version}"],
             ["Facilitator", report.facilitator or "—"],
             ["Overall score", f"{fmt_score(report.score)} out of {report.scale_max} "
                               f"(coverage {fmt_coverage(report.coverage)})"]]
    rows = [[M(f"<b>{a}</b>", s["body"]), P(b, s["body"])] for a, b in facts]
    out.append(table(rows, [38 * mm, 128 * mm], header=False))
    out.append(Spacer(1, 6 * mm))
    out.append(M("<b>Partners</b>", s["h3"]))
    if report.partners:
        prow = [[P(p.name, s["cell"]), P(p.sector, s["cell"])] for p in report.partners]
        out.append(table(prow, [110 * mm, 56 * mm], header=False))
    else:
        out.append(M("No partners recorded on the roster.", s["body"]))
    return out


def _exec_summary(report: Report, s) -> list:
    out: list = [Bookmark("Executive summary"), M("Executive summary", s["h1"])]
    scored = sorted(report.scored_domains, key=lambda d: d.score, reverse=True)
    overall = fmt_score(report.score)
    label = (report.scale_label(round(report.score)) if report.score is not None else "")
    out.append(M(f"The partnership scored itself <b>{overall}</b> out of {report.scale_max}"
                 + (f" overall ({esc(label.lower())})" if label else "")
                 + f", with {fmt_coverage(report.coverage)} of the key lines of enquiry "
                   f"assessed. {report.good} is good practice.", s["body"]))
    out += [P(t, s["body"]) for t in paragraphs(report.summary_text)]
    if scored:
        strong = scored[:2]
        weak = [d for d in scored[::-1][:2] if d not in strong] or scored[-1:]
        rows = [heads(s, "Strongest domains", "Score", "Weakest domains", "Score")]
        for i in range(max(len(strong), len(weak))):
            a = strong[i] if i < len(strong) else None
            b = weak[i] if i < len(weak) else None
            rows.append([P(f"{a.number}. {a.title}" if a else "", s["cell"]),
                         score_cell(a.score, s) if a else "",
                         P(f"{b.number}. {b.title}" if b else "", s["cell"]),
                         score_cell(b.score, s) if b else ""])
        extra = []
        for i in range(1, len(rows)):
            if i - 1 < len(strong):
                extra += band_style(1, i, strong[i - 1].score)
            if i - 1 < len(weak):
                extra += band_style(3, i, weak[i - 1].score)
        out.append(table(rows, [67 * mm, 16 * mm, 67 * mm, 16 * mm], extra=extra,
                          zebra=False))
        out.append(Spacer(1, 3 * mm))
    unassessed = [d for d in report.domains if d.score is None]
    if unassessed:
        out.append(M("Not yet assessed: " + esc(", ".join(d.label for d in unassessed)) + ".",
                     s["body"]))
    breached = [i for i in report.indicators if i.rag == "R"]
    accepted = report.accepted_recommendations
    overdue = [a for a in report.actions if a.overdue]
    facts = [f"{len(accepted)} recommendation{'s' if len(accepted) != 1 else ''} agreed "
             f"({sum(1 for r in report.recommendations if r.status == 'suggested')} "
             f"still to decide)",
             f"{len(report.actions)} action{'s' if len(report.actions) != 1 else ''} in the "
             f"plan, {len(overdue)} overdue",
             f"{len(breached)} indicator{'s' if len(breached) != 1 else ''} outside "
             f"threshold" + (": " + ", ".join(i.name for i in breached[:4]) if breached else "")]
    for f in facts:
        out.append(Paragraph(esc(f), s["bullet"], bulletText="•"))
    if report.board_ask.strip():
        out.append(Bookmark("What we ask the board", level=1))
        out.append(M("What we ask the board", s["h2"]))
        out += [P(t, s["body"]) for t in paragraphs(report.board_ask)]
    out.append(M("Domain scores", s["h2"]))
    rows = [heads(s, "Domain", "Score", "Target", "Gap", "Coverage")]
    extra = []
    for i, d in enumerate(report.domains, 1):
        gap = "—" if d.score is None else f"{d.target - d.score:+.1f}"
        rows.append([P(f"{d.number}. {d.title}", s["cell"]), score_cell(d.score, s),
                     M(f"{d.target:.1f}", s["centre"]), M(gap, s["centre"]),
                     M(fmt_coverage(d.coverage), s["centre"])])
        extra += band_style(1, i, d.score)
    out.append(table(rows, [100 * mm, 18 * mm, 18 * mm, 18 * mm, 20 * mm], extra=extra,
                      zebra=False))
    top = sorted(accepted, key=lambda r: -r.priority_score)[:5]
    heading = "Top recommendations"
    if not top:
        top = [r for r in report.recommendations if r.status == "suggested"][:5]
        heading = "Top suggested recommendations (not yet agreed)"
    if top:
        out.append(M(heading, s["h2"]))
        rows = [heads(s, "Priority", "Recommendation", "Why")]
        extra = []
        for i, r in enumerate(top, 1):
            rows.append([M(f"<b>{r.priority_text}</b>", s["cell"]),
                         P(clip(r.text, 400)[0], s["cell"]),
                         P(clip(r.reason, 300)[0], s["small"])])
            extra += rag_style(0, i, {"high": "R", "medium": "A", "low": "G"}[r.priority])
        out.append(table(rows, [18 * mm, 90 * mm, 66 * mm], extra=extra, zebra=False))
    return out


def _overview(report: Report, s) -> list:
    out: list = [PageBreak(), Bookmark("Scores at a glance"),
                 M("Scores at a glance", s["h1"]), radar(report), Spacer(1, 4 * mm),
                 Bookmark("Element heatmap", level=1), M("Element heatmap", s["h2"]),
                 legend(report, s), Spacer(1, 2 * mm)]
    rows = [heads(s, "Domain", "Element", "Score", "Target", "Gap", "Coverage")]
    extra: list[tuple] = []
    for d in report.domains:
        first = len(rows)
        for j, e in enumerate(d.elements):
            gap = "—" if e.gap is None else f"{e.gap:+.1f}"
            rows.append([P(f"{d.number}. {d.label}", s["cellb"]) if j == 0 else "",
                         P(e.title, s["cell"]), score_cell(e.score, s),
                         M(str(e.target), s["centre"]), M(gap, s["centre"]),
                         M(fmt_coverage(e.coverage), s["centre"])])
            extra += band_style(2, len(rows) - 1, e.score)
        if len(d.elements) > 1:
            extra.append(("SPAN", (0, first), (0, len(rows) - 1)))
        extra.append(("LINEBELOW", (0, len(rows) - 1), (-1, len(rows) - 1), 0.9, NHS_MID_GREY))
    out.append(table(rows, [42 * mm, 69 * mm, 15 * mm, 15 * mm, 13 * mm, 20 * mm],
                      extra=extra, zebra=False))
    return out


def _domain_section(report: Report, d: DomainRow, s, long: _Long) -> list:
    out: list = [PageBreak(), Bookmark(f"{d.number}. {d.title}", level=1, key=f"dom-{d.id}"),
                 P(f"{d.number}. {d.title}", s["h1"]), P(d.statement, s["lead"])]
    out.append(M(f"Domain score <b>{fmt_score(d.score)}</b> · target {d.target:.1f} · "
                 f"coverage {fmt_coverage(d.coverage)}", s["body"]))
    rows = [heads(s, "Element and key line of enquiry", "Score", "Confidence",
                   "Stakeholder views")]
    extra: list[tuple] = []
    for e in d.elements:
        gap = "" if e.gap is None else f", gap {e.gap:+.1f}"
        rows.append([M(f"<b>{esc(e.title)}</b> — element score {fmt_score(e.score)}, "
                       f"target {e.target}{gap}", s["cell"]), "", "", ""])
        r = len(rows) - 1
        extra += [("SPAN", (0, r), (-1, r)),
                  ("BACKGROUND", (0, r), (-1, r), NHS_PALE_GREY)]
        for k in e.kloes:
            views = ", ".join(f"{g} {v}" for g, v in k.group_scores)
            if k.disagreement:
                views += " — partners disagree"
            rows.append([P(k.statement, s["cell"]),
                         score_cell(k.score, s, 0, None if k.score is not None
                                     else k.rating_text),
                         P(k.confidence or "—", s["cell"]), P(views or "—", s["small"])])
            extra += band_style(1, len(rows) - 1, k.score)
    out.append(table(rows, [99 * mm, 17 * mm, 22 * mm, 36 * mm], extra=extra,
                      zebra=False))
    # One paragraph per distinct narrative in an element: groups often record one account
    # for several KLOEs, and repeating it would bury the rest.
    groups: list[tuple[object, str, list]] = []
    for e in d.elements:
        seen: dict[str, list] = {}
        for k in e.kloes:
            text = k.narrative.strip()
            if not text:
                continue
            if text not in seen:
                seen[text] = []
                groups.append((e, text, seen[text]))
            seen[text].append(k)
    if groups:
        out.append(M("Evidence summary", s["h2"]))
        for e, text, kloes in groups:
            short, cut = clip(text, SUMMARY_CHARS)
            more = ""
            if cut:
                long.items.append((f"{d.title} › {e.title}: evidence", text))
                more = f" <i>(continues in Appendix B, item {len(long.items)})</i>"
            n = sum(len(k.evidence) for k in kloes)
            notes = []
            if len(kloes) > 1:
                notes.append(f"{len(kloes)} lines of enquiry")
            if n:
                notes.append(f"{n} evidence item{'s' if n != 1 else ''}")
            tail = f" <font color='#425563'>[{'; '.join(notes)}]</font>" if notes else ""
            out.append(M(f"<b>{esc(e.title)}</b> — {esc(short)}{more}{tail}", s["body"]))
    if d.indicators:
        out.append(CondPageBreak(35 * mm))
        out.append(M("Indicators", s["h2"]))
        rows = [heads(s, "Indicator", "Value", "As at", "Threshold", "RAG")]
        extra = []
        for i, ind in enumerate(d.indicators, 1):
            rows.append([P(ind.name, s["cell"]), P(ind.value_text or "—", s["cell"]),
                         P(f"{ind.date:%-d %B %Y}" if ind.date else "—", s["cell"]),
                         P(ind.threshold_text, s["cell"]),
                         M(rag_text(ind.rag) if ind.value is not None else "No value",
                           s["cell"])])
            extra += rag_style(4, i, ind.rag)
        out.append(table(rows, [72 * mm, 24 * mm, 24 * mm, 30 * mm, 24 * mm], extra=extra,
                          zebra=False))
    if d.common_findings:
        block = [M("Common findings in other systems", s["h2"]),
                 M("What reviews elsewhere often find in this domain — worth checking here too.",
                   s["small"]), Spacer(1, 2)]
        block += [Paragraph(esc(f), s["bullet"], bulletText="•") for f in d.common_findings]
        out.append(KeepTogether(block[:4]))
        out.extend(block[4:])
    return out


def _recommendations(report: Report, s, long: _Long) -> list:
    out: list = [PageBreak(), Bookmark("Recommendations"), M("Recommendations", s["h1"])]
    agreed = sorted(report.accepted_recommendations, key=lambda r: -r.priority_score)
    other = [r for r in report.recommendations if not r.accepted]
    if not report.recommendations:
        out.append(M("No recommendations have been recorded yet.", s["body"]))
        return out
    for title, recs in (("Agreed by the partnership", agreed),
                        ("Suggested or rejected", other)):
        if not recs:
            continue
        out.append(M(title, s["h2"]))
        rows = [heads(s, "Priority", "Recommendation", "Why", "Domain", "Status")]
        extra = []
        for i, r in enumerate(recs, 1):
            note = "" if r.trigger_holds or not r.source_id else " (trigger no longer holds)"
            text = long.cell(r.text, f"Recommendation: {r.text[:60]}", s)
            rows.append([M(f"<b>{r.priority_text}</b>", s["cell"]), text,
                         P(clip(r.reason, 400)[0], s["small"]),
                         P(r.domain_label or "—", s["cell"]),
                         P(r.status_text + note, s["cell"])])
            extra += rag_style(0, i, {"high": "R", "medium": "A", "low": "G"}[r.priority])
        out.append(table(rows, [17 * mm, 67 * mm, 47 * mm, 23 * mm, 20 * mm], extra=extra))
    return out


def _action_rows(actions: Iterable[ActionRow], s, long: _Long) -> tuple[list, list]:
    rows = [heads(s, "Action", "Owner(s) and lead", "Due", "Status", "RAG")]
    extra: list[tuple] = []
    for i, a in enumerate(actions, 1):
        desc = long.cell(a.description, f"Action: {a.description[:60]}", s, "cellb")
        parts: list = [desc]
        if a.success_measure:
            short, _ = clip(a.success_measure, 300)
            parts.append(M(f"<i>Success measure:</i> {esc(short)}", s["small"]))
        if a.notes:
            d, t = a.notes[-1]
            parts.append(M(f"<i>Latest progress ({d:%-d %B %Y}):</i> {esc(clip(t, 300)[0])}",
                           s["small"]))
        owners = ", ".join(a.owners) or "—"
        who = esc(owners) + (f"<br/><i>Lead:</i> {esc(a.lead)}" if a.lead else "")
        rag = rag_text(a.effective_rag)
        if a.overdue:
            rag = f'<font color="{RAG_COLOURS["R"][1]}"><b>Red — overdue</b></font>'
        rows.append([parts, M(who, s["cell"]),
                     P(f"{a.due:%-d %B %Y}" if a.due else "—", s["cell"]),
                     P(a.status_text, s["cell"]), M(rag, s["cell"])])
        extra += rag_style(4, i, a.effective_rag)
    return rows, extra


def _action_plan(report: Report, s, long: _Long) -> list:
    out: list = [PageBreak(), Bookmark("Action plan"), M("Action plan", s["h1"])]
    if not report.actions:
        out.append(M("No actions have been planned yet.", s["body"]))
        return out
    overdue = sum(1 for a in report.actions if a.overdue)
    out.append(M(f"{len(report.actions)} actions; {overdue} overdue (past the due date and "
                 f"neither done nor dropped), shown as red.", s["body"]))
    rows, extra = _action_rows(report.actions, s, long)
    out.append(table(rows, [78 * mm, 40 * mm, 20 * mm, 19 * mm, 17 * mm], extra=extra))
    return out


def _appendix(report: Report, s, long: _Long) -> list:
    out: list = [PageBreak(), Bookmark("Appendix A: evidence items"),
                 M("Appendix A: evidence items", s["h1"])]
    items = report.evidence
    if not items:
        out.append(M("No evidence items have been recorded.", s["body"]))
    for d in report.domains:
        kloes = [k for k in d.kloes if k.evidence]
        if not kloes:
            continue
        out.append(Bookmark(f"{d.number}. {d.label}", level=1, key=f"ev-{d.id}"))
        out.append(P(f"{d.number}. {d.title}", s["h2"]))
        rows = [heads(s, "Key line of enquiry", "Type", "Evidence", "Date")]
        for k in kloes:
            for j, ev in enumerate(k.evidence):
                detail = [P(clip(ev.title, 300)[0], s["cellb"])]
                where = ev.link or ev.filename
                if ev.link and ev.link.lower().startswith(("https://", "http://")):
                    href = esc(printable(ev.link)).replace('"', "&quot;")
                    detail.append(M(f'<a href="{href}" color="#005EB8"><u>'
                                    f'{esc(clip(ev.link, 300)[0])}</u></a>', s["small"]))
                elif where:
                    detail.append(P(clip(where, 300)[0], s["small"]))
                if ev.note:
                    detail.append(long.cell(ev.note, f"Evidence note: {ev.title[:60]}", s,
                                            "small"))
                rows.append([P(clip(k.statement, 200)[0], s["small"]) if j == 0 else "",
                             P(ev.type, s["cell"]), detail,
                             P(f"{ev.date:%-d %B %Y}" if ev.date else "—", s["cell"])])
        out.append(table(rows, [55 * mm, 24 * mm, 74 * mm, 21 * mm]))
    if report.parking:
        out.append(Bookmark("Parking lot", level=0))
        out.append(M("Parking lot", s["h2"]))
        rows = [heads(s, "Raised", "Where", "Issue", "Status")]
        for p in report.parking:
            rows.append([P(f"{p.raised:%-d %B %Y}", s["cell"]), P(p.where, s["cell"]),
                         long.cell(p.text, "Parking-lot item", s), P(p.status, s["cell"])])
        out.append(table(rows, [21 * mm, 40 * mm, 95 * mm, 18 * mm]))
    out.extend(votes_story(report, s))
    if long.items:
        out.append(PageBreak())
        out.append(Bookmark("Appendix B: full text of long entries"))
        out.append(M("Appendix B: full text of long entries", s["h1"]))
        for n, (label, text) in enumerate(long.items, 1):
            out.append(M(f"{n}. {esc(clip(label, 200)[0])}", s["h3"]))
            out.extend(_long_paragraphs(text, s["body"]))
    return out


def _long_paragraphs(text: str, style: ParagraphStyle, chunk: int = 3000) -> list:
    """Very long text as several paragraphs, so page breaks stay cheap to compute."""
    out = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        while block:
            if len(block) <= chunk:
                piece, block = block, ""
            else:
                cut = block.rfind(" ", 0, chunk)
                cut = cut if cut > chunk // 2 else chunk
                piece, block = block[:cut], block[cut:].lstrip(" ")
            out.append(P(piece, style))
    return out


def board_story(report: Report, progress: Progress | None = None,
                comparison: Comparison | None = None) -> list:
    progress = progress or (lambda f, m: None)
    s = styles()
    long = _Long()
    story: list = [Bookmark("Cover")]
    story += _cover(report, s)
    story += [NextPageTemplate("body"), PageBreak()]
    story += _exec_summary(report, s)
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
        story += comparison_story(comparison, s)
    story += _appendix(report, s, long)
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
                                      f"{report.review_date:%-d %B %Y}"), cover=True)
    progress(1.0, "Board report written")
    return path
