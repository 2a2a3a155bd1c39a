"""The plain-language summary for young people and families, as a PDF of at most two pages.

What the partnership looked at, what is going well, what needs to get better, what it will do,
what changed since last time, where to get help now and how to get in touch, in words a
9-to-11-year-old can read. Actions and recommendations appear only in their plain words (those
without any are counted, never pasted); a date that has passed is said to be late; the export
says the Flesch–Kincaid grade of what it wrote.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from maturity.family import DEFAULT_CONTACT, DEFAULT_HELP
from maturity.readability import fk_grade
from maturity.report import ActionRow, DomainRow, Report
from maturity.wording import round_half_up

from ..files import save_atomic
from .kit import Bookmark, M, P, build_pdf, esc, printable, register_fonts, styles

Progress = Callable[[float, str], None]

PLAIN_DOMAINS = {
    "strategy": "having a shared plan, and the money to carry it out",
    "model": "how help is set up around what young people need",
    "access": "how quickly young people can get help, and how they are kept safe while "
              "they wait",
    "evidence": "using kinds of help that are known to work",
    "workforce": "having enough staff with the right skills",
    "involvement": "listening to young people and families",
    "productivity": "making good use of staff time",
    "outcomes": "checking if the help makes things better",
    "data": "keeping good records and using them well",
    "culture": "how the teams work together and treat people",
}

ALLOWED_CAPITALS = frozenset({"NHS", "SHOUT", "ADHD", "I", "OK", "A"})
"""All-capital words a family knows or the summary explains where it uses them."""

PLAIN_WORDS = [(re.compile(r"\s*\((?:[A-Z][A-Za-z]{1,5}s?|i-THRIVE)\)"), ""),
               (re.compile(r"\bCYP\b"), "children and young people"),
               (re.compile(r"\bCAMHS\b"), "children's mental health services"),
               (re.compile(r"\bMH\b"), "mental health"),
               (re.compile(r"\bKPIs\b"), "targets"), (re.compile(r"\bKPI\b"), "target"),
               (re.compile(r"\bICS\b"), "local health and care partnership"),
               (re.compile(r"\bICB\b"), "local NHS"),
               (re.compile(r"\bVCSE\b"), "charities and community groups"),
               (re.compile(r"\bDNA\b"), "missed appointment")]


def plain_words(text: str) -> str:
    """Service shorthand spelled out for young people and families (acronyms in brackets go)."""
    for pattern, words in PLAIN_WORDS:
        text = pattern.sub(words, text)
    return text


def _plain(d: DomainRow) -> str:
    return PLAIN_DOMAINS.get(d.id, plain_words(d.title).lower())


def _level_words(report: Report, score: float | None) -> str:
    if score is None:
        return "not looked at yet"
    return report.scale_label(int(round_half_up(score, 0))).lower()


def _things(n: int) -> str:
    return "1 more thing" if n == 1 else f"{n} more things"


def _when(action: ActionRow, today: dt.date) -> str:
    """The due date as it stands on the day of the export: a past date is never a promise."""
    if action.status == "done":
        return ""
    if action.due is None:
        return ""
    if action.due < today:
        return (f"This is late. It was meant to be done by {action.due:%B %Y}. We are still "
                f"working on it. ")
    return f"By {action.due:%B %Y}: "


def _changes(report: Report) -> str:
    """What changed since the last review, counted in the questions the partnership rated."""
    if report.review_type.lower().startswith("first") or not report.previous:
        return ("This was our first review, so there is nothing to compare with yet. Next "
                "time, we will tell you what has changed.")
    up = down = same = 0
    for d in report.domains:
        for k in d.kloes:
            if k.score is None or k.previous_score is None:
                continue
            up += k.score > k.previous_score
            down += k.score < k.previous_score
            same += k.score == k.previous_score
    if not up + down + same:
        return "We looked again after our last review, but could not compare the answers yet."
    return (f"Since our last review, {up} of the {up + down + same} things we check got better. "
            f"{down} got worse, and {same} stayed the same.")


class Story:
    """The summary's paragraphs, and the words a reader reads (headings apart)."""

    def __init__(self) -> None:
        s = styles()
        self.big = ParagraphStyle("pl", s["body"], fontSize=11.5, leading=16, spaceAfter=6)
        self.bullet = ParagraphStyle("plb", self.big, leftIndent=14, bulletIndent=2,
                                     spaceAfter=4)
        self.h = ParagraphStyle("plh", s["h2"], fontSize=15, leading=19, spaceBefore=10,
                                keepWithNext=True)
        self.lead, self.h1 = s["lead"], s["h1"]
        self.flow: list = []
        self.text: list[str] = []

    def heading(self, words: str) -> None:
        self.flow.append(M(esc(words), self.h))

    def say(self, words: str, *, bullet: bool = False, bold: str = "") -> None:
        """A paragraph of plain text (``bold`` goes first, in bold)."""
        self.text.append(f"{bold}{words}")
        markup = (f"<b>{esc(bold)}</b>" if bold else "") + esc(words)
        if bullet:
            self.flow.append(Paragraph(markup, self.bullet, bulletText="•"))
        else:
            self.flow.append(M(markup, self.big))


def summary_story(report: Report, *, max_actions: int = 6, max_items: int = 3,
                  text_limit: int = 0) -> Story:
    st = Story()
    st.flow += [Bookmark("Summary for young people and families"),
                M("Children and young people's mental health", st.lead),
                P(f"What we found and what we will do: {plain_words(report.system)}", st.h1)]
    partners = len(report.partners)
    voice = [p.name for p in report.partners if p.sector == "CYP & families"]
    who = f"{partners} groups" if partners else "The groups"
    st.say(f"In {report.review_date:%B %Y}, {who} that help young people with their mental "
           f"health met in {plain_words(report.system)}. They looked at how well things work."
           + (f" Young people and families took part through {' and '.join(voice)}." if voice
              else "")
           + f" We looked at {len(report.domains)} parts of our work. For each one, we asked: "
             f"how good is it now? What would good look like? We gave each part a score from "
             f"{report.scale[0][0]} to {report.scale_max}. A score of {report.good} means "
             f"good.")
    scored = sorted(report.scored_domains, key=lambda d: d.score, reverse=True)
    if scored:
        good = [d for d in scored if d.score >= report.good][:max_items] or scored[:1]
        better = [d for d in scored[::-1] if d not in good][:max_items]
        st.heading("What is going well")
        for d in good:
            st.say(f"{_plain(d).capitalize()}. We said this is "
                   f"{_level_words(report, d.score)}.", bullet=True)
        if better:
            st.heading("What needs to get better")
            for d in better:
                st.say(f"{_plain(d).capitalize()}. We said this is "
                       f"{_level_words(report, d.score)}.", bullet=True)
    else:
        st.say("We have not given any scores yet.")
    today = report.today
    done = [a for a in report.actions if a.status == "done"]
    actions = sorted((a for a in report.actions if a.status not in ("done", "dropped")),
                     key=lambda a: a.due or dt.date.max)
    if done:
        st.heading("What we have done")
        _items(st, [(a.plain, "") for a in done], max_actions, "finished")
    st.heading("What we will do")
    if actions:
        _items(st, [(a.plain, _when(a, today)) for a in actions], max_actions,
               "in the full plan")
    else:
        recs = report.accepted_recommendations
        if recs:
            _items(st, [(r.plain, "") for r in recs], max_actions, "in the full plan")
        else:
            st.say("We are still agreeing our plan.")
    st.heading("What changed since last time")
    st.say(_changes(report))
    st.heading("Where to get help now")
    for line in (report.help_text.strip() or DEFAULT_HELP).splitlines():
        if line.strip():
            st.say(line.strip())
    st.heading("How to contact us")
    st.say(report.contact.strip() or DEFAULT_CONTACT)
    st.say("We will check how the plan is going. We will look again in about a year.")
    return st


def _items(st: Story, items: list[tuple[str, str]], limit: int, where: str) -> None:
    """Items in their plain words; those without any (or past the limit) are counted."""
    shown = [(plain, when) for plain, when in items if plain.strip()][:limit]
    for plain, when in shown:
        st.say(plain_words(plain.strip()), bullet=True, bold=when)
    rest = len(items) - len(shown)
    if rest:
        if shown:
            st.say(f"And {_things(rest)} {where}.")
        else:
            st.say(f"There {'is 1 thing' if rest == 1 else f'are {rest} things'} {where}.")


def summary_grade(story: Story) -> float:
    """The Flesch–Kincaid grade of what the summary says (headings excluded)."""
    return fk_grade("\n\n".join(story.text))


def write_summary(report: Report, path: str | Path, progress: Progress | None = None) -> Path:
    """The plain-language summary: never more than two pages (fewer items if it must)."""
    register_fonts()
    path = Path(path)
    progress = progress or (lambda f, m: None)
    header = printable(f"{plain_words(report.system)} · what we found and what we will do")
    attempts = [dict(), dict(max_actions=4, max_items=3), dict(max_actions=3, max_items=2),
                dict(max_actions=2, max_items=2)]
    grade = 0.0
    for n, limits in enumerate(attempts):
        story = summary_story(report, **limits)
        grade = summary_grade(story)

        def build(tmp: str, story=story, n=n) -> None:
            doc = build_pdf(tmp, story.flow, header=header,
                            title=printable(f"{plain_words(report.system)}: summary for young people and "
                                            f"families"))
            if doc.page > 2 and n < len(attempts) - 1:
                raise _TooLong

        try:
            save_atomic(path, build)
        except _TooLong:
            progress(0.3 * (n + 1), "Shortening the summary to two pages")
            continue
        break
    progress(1.0, f"Summary written; it reads at Flesch–Kincaid grade {grade:.1f} "
                  f"({reading_age(grade)})")
    return path


def reading_age(grade: float) -> str:
    """A grade as the reading age it asks for (a US school grade plus five years)."""
    return f"reading age {max(5, round(grade) + 5)}"


class _TooLong(Exception):
    pass
