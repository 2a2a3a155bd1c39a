"""The plain-language summary for young people and families, as a PDF of at most two pages.

What the partnership looked at, what is going well, what needs to get better, and what it will
do, in everyday words: service shorthand is spelled out and acronyms in brackets go.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from maturity.report import DomainRow, Report

from ..files import save_atomic
from .kit import Bookmark, M, P, build_pdf, clip, esc, printable, register_fonts, styles

Progress = Callable[[float, str], None]

PLAIN_DOMAINS = {
    "strategy": "having a shared plan and the money to deliver it",
    "model": "how support is organised around what children and young people need",
    "access": "how quickly and easily young people can get help, and how they are kept "
              "safe while they wait",
    "evidence": "using approaches that are known to work",
    "workforce": "having enough staff with the right skills, who are well supported",
    "involvement": "listening to young people and families and involving them in decisions",
    "productivity": "making the best use of staff time and appointments",
    "outcomes": "checking whether the help makes a difference to young people",
    "data": "keeping good records and using information well",
    "culture": "how organisations work together and treat people",
}


PLAIN_WORDS = [(re.compile(r"\s*\((?:[A-Z][A-Za-z]{1,5}s?|i-THRIVE)\)"), ""),
               (re.compile(r"\bCYP\b"), "children and young people"),
               (re.compile(r"\bKPIs\b"), "targets"), (re.compile(r"\bKPI\b"), "target"),
               (re.compile(r"\bICS\b"), "local health and care partnership"),
               (re.compile(r"\bICB\b"), "local NHS"),
               (re.compile(r"\bDNA\b"), "missed appointment")]


def plain_words(text: str) -> str:
    """Service shorthand spelled out for young people and families (acronyms in brackets go)."""
    for pattern, words in PLAIN_WORDS:
        text = pattern.sub(words, text)
    return text


def _plain(d: DomainRow) -> str:
    return PLAIN_DOMAINS.get(d.id, d.title.lower())


def _level_words(report: Report, score: float | None) -> str:
    if score is None:
        return "not looked at yet"
    return report.scale_label(int(round(score))).lower()


def summary_story(report: Report, *, max_actions: int = 6, max_items: int = 3,
                  text_limit: int = 260) -> list:
    s = styles()
    big = ParagraphStyle("pl", s["body"], fontSize=11.5, leading=16, spaceAfter=6)
    bullet = ParagraphStyle("plb", big, leftIndent=14, bulletIndent=2, spaceAfter=4)
    h = ParagraphStyle("plh", s["h2"], fontSize=15, leading=19, spaceBefore=10)
    out: list = [Bookmark("Summary for young people and families"),
                 M("Children and young people's mental health", s["lead"]),
                 P(f"What we found and what we will do: {report.system}", s["h1"])]
    partners = len(report.partners)
    voice = [p.name for p in report.partners if p.sector == "CYP & families"]
    who = (f"{partners} organisations" if partners else "The organisations") + \
        " that plan and provide mental health support for children and young people"
    out.append(M(f"In {report.review_date:%B %Y}, {esc(who)} met to look honestly at how well "
                 f"things work in {esc(report.system)}."
                 + (f" Young people and families took part through {esc(', '.join(voice))}."
                    if voice else "")
                 + f" We looked at {len(report.domains)} areas and asked, for each one: how "
                   f"good is it now, and what would good look like? Each area was rated from "
                   f"{report.scale[0][0]} ({esc(report.scale[0][1].lower())}) to "
                   f"{report.scale_max} ({esc(report.scale_label(report.scale_max).lower())}); "
                   f"{report.good} ({esc(report.scale_label(report.good).lower())}) means good.",
                 big))
    scored = sorted(report.scored_domains, key=lambda d: d.score, reverse=True)
    if scored:
        good = [d for d in scored if d.score >= report.good][:max_items] or scored[:1]
        better = [d for d in scored[::-1] if d not in good][:max_items]
        out.append(M("What is going well", h))
        for d in good:
            out.append(Paragraph(f"{esc(_plain(d)).capitalize()} "
                                 f"(rated <b>{esc(_level_words(report, d.score))}</b>)",
                                 bullet, bulletText="•"))
        if better:
            out.append(M("What needs to get better", h))
            for d in better:
                out.append(Paragraph(f"{esc(_plain(d)).capitalize()} "
                                     f"(rated <b>{esc(_level_words(report, d.score))}</b>)",
                                     bullet, bulletText="•"))
    else:
        out.append(M("The review has not scored any areas yet.", big))
    done = [a for a in report.actions if a.status == "done"]
    actions = [a for a in report.actions if a.status not in ("done", "dropped")]
    actions.sort(key=lambda a: (a.due or dt.date.max))
    if done:
        out.append(M("What we have done", h))
        for a in done[:max_actions]:
            text = clip(plain_words(a.description), text_limit)[0]
            out.append(Paragraph(esc(text), bullet, bulletText="•"))
        if len(done) > max_actions:
            out.append(M(f"…and {len(done) - max_actions} more finished actions.", big))
    out.append(M("What we will do", h))
    if actions:
        for a in actions[:max_actions]:
            text = clip(plain_words(a.description), text_limit)[0]
            by = f"By {a.due:%B %Y}: " if a.due else ""
            owners = f" <i>({esc(', '.join(a.owners))})</i>" if a.owners else ""
            out.append(Paragraph(f"{by}{esc(text)}{owners}", bullet, bulletText="•"))
        if len(actions) > max_actions:
            out.append(M(f"…and {len(actions) - max_actions} more actions in the full plan.",
                         big))
    else:
        recs = report.accepted_recommendations[:max_actions]
        for r in recs:
            out.append(Paragraph(esc(clip(plain_words(r.text), text_limit)[0]), bullet,
                                 bulletText="•"))
        if not recs:
            out.append(M("The partnership is still agreeing its plan.", big))
    out.append(M("What happens next", h))
    out.append(M("The partnership will check progress on these actions and look again in "
                 "about a year to see what has changed. If you want to know more, or want to "
                 "have your say, ask the service you use or your local youth voice group.",
                 big))
    return out


def write_summary(report: Report, path: str | Path, progress: Progress | None = None) -> Path:
    """The plain-language summary: never more than two pages (fewer items if it must)."""
    register_fonts()
    path = Path(path)
    progress = progress or (lambda f, m: None)
    header = printable(f"{report.system} · what we found and what we will do")
    attempts = [dict(), dict(max_actions=4, max_items=3, text_limit=180),
                dict(max_actions=3, max_items=2, text_limit=120),
                dict(max_actions=2, max_items=2, text_limit=80)]
    for n, limits in enumerate(attempts):
        def build(tmp: str, limits=limits, n=n) -> None:
            doc = build_pdf(tmp, summary_story(report, **limits), header=header,
                            title=printable(f"{report.system}: summary for young people and "
                                            f"families"))
            if doc.page > 2 and n < len(attempts) - 1:
                raise _TooLong

        try:
            save_atomic(path, build)
        except _TooLong:
            progress(0.3 * (n + 1), "Shortening the summary to two pages")
            continue
        break
    progress(1.0, "Summary written")
    return path


class _TooLong(Exception):
    pass
