"""The framework as one Markdown document, so it can be read and reviewed without the app."""

from __future__ import annotations

from .framework import Framework, GuideSection, Resource, ReviewGuide
from .wording import fmt_number


def _esc(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _resource_line(r: Resource) -> str:
    head = f"[{r.title}]({r.url})" if r.url else r.title
    return f"- {head}" + (f" — *{r.note}*" if r.note else "")


def _section_lines(section: GuideSection, level: str) -> list[str]:
    out = [f"{level} {section.title}", ""]
    if section.intro:
        out += [section.intro, ""]
    if section.points:
        out += [f"- {p}" for p in section.points] + [""]
    return out


def guide_markdown(guide: ReviewGuide, level: str = "##") -> list[str]:
    """The facilitator's guide, as Markdown lines; the app's Help dialog renders the same."""
    out = [f"{level} {guide.title}", ""]
    if guide.summary:
        out += [guide.summary, ""]
    for section in guide.sections:
        out += _section_lines(section, level + "#")
    if guide.resources:
        out += [f"{level}# Links", ""] + [_resource_line(r) for r in guide.resources] + [""]
    return out


def framework_markdown(fw: Framework) -> str:
    out: list[str] = [f"# {fw.title}", "", f"Framework `{fw.id}`, version {fw.version}.", ""]
    if fw.description:
        out += [fw.description, ""]
    out += ["## Contents", ""]
    for d in fw.domains:
        anchor = f"{d.number}-" + "-".join(
            "".join(ch for ch in d.title.lower() if ch.isalnum() or ch == " ").split())
        out.append(f"{d.number}. [{d.title}](#{anchor})")
    out.append("")
    if fw.review_guide:
        out += guide_markdown(fw.review_guide)
    for note in fw.notes:
        out += _section_lines(note, "##")
    out += ["## The maturity scale", "", "| Level | Label | What it means |", "|---|---|---|"]
    for lvl in fw.scale.levels:
        good = " (good practice)" if lvl.value == fw.scale.good else ""
        out.append(f"| {lvl.value} | {lvl.label}{good} | {_esc(lvl.descriptor)} |")
    out += ["", "Items can also be marked *not applicable* or left *not assessed*; neither counts "
            "towards a score. Element scores are the mean of their scored KLOEs, domain scores the "
            "mean of their elements, and the overall score the mean of the domains.", ""]
    if fw.high_impact_changes:
        out += ["## The high-impact changes", ""]
        for h in fw.high_impact_changes:
            kind = " Companion change, set beside the numbered ones." if h.companion else ""
            out.append(f"- **{h.title}** (`{h.id}`).{kind} {h.description}".rstrip())
        out.append("")
    hic_titles = {h.id: h.title for h in fw.high_impact_changes}
    for d in fw.domains:
        out += [f"## {d.number}. {d.title}", "", f"**Maturity indicator statement.** "
                f"{d.indicator_statement}", ""]
        if d.context:
            out += ["### Policy context", ""]
        for c in d.context:
            source = f"[{c.source}]({c.url})" if c.url else c.source
            out += [f"> {c.text}", ">", f"> — {source}", ""]
        if d.what_good_looks_like:
            out += ["### What good looks like", ""]
            out += [f"- {p}" for p in d.what_good_looks_like] + [""]
        for e in d.elements:
            target = fw.target_for(e)
            out += [f"### {e.title}", "", f"`{e.id}` · target level {target}", ""]
            if e.description:
                out += [e.description, ""]
            out += ["Key lines of enquiry:", ""]
            for k in e.kloes:
                out.append(f"- **{k.id.rsplit('.', 1)[-1].upper()}** {k.statement}")
                for prompt in k.prompts:
                    out.append(f"  - *{prompt}*")
            if e.next_level:
                out += ["", "How to reach the next level:", ""]
                for n in e.next_level:
                    out.append(f"- *From level {n.level}:* {n.guidance}")
            out.append("")
        if d.common_findings:
            out += ["### Common findings", ""] + [f"- {f}" for f in d.common_findings] + [""]
        if d.recommendations:
            out += ["### Recommendations library", "", "| Id | Recommendation | Suggested when |",
                    "|---|---|---|"]
            for r in d.recommendations:
                when = []
                if r.trigger.below is not None:
                    names = ", ".join(fw.element(x).title for x in r.trigger.elements)
                    when.append(f"{names} scores below {fmt_number(r.trigger.below)}")
                if r.trigger.indicator:
                    ind = fw.indicator(r.trigger.indicator)
                    when.append(f"{ind.name} breaches {ind.threshold_text}")
                hic = f" **High-impact change:** {hic_titles[r.high_impact]}." if r.high_impact \
                    else ""
                out.append(f"| `{r.id}` | {_esc(r.text)}{hic} | {_esc('; or '.join(when))} |")
            out.append("")
        if d.indicators:
            out += ["### Indicators", "", "| Indicator | Unit | Better | Threshold | Source |",
                    "|---|---|---|---|---|"]
            for i in d.indicators:
                thr = i.threshold_text if i.threshold is not None else "none given"
                note = f" {i.threshold_note}" if i.threshold_note else ""
                out.append(f"| {_esc(i.name)} | {_esc(i.unit or '—')} | {i.direction} | "
                           f"{_esc(thr)}{_esc(note)} | {_esc(i.source or '—')} |")
            out.append("")
        if d.examples:
            out += ["### Best-practice examples", ""]
            out += [f"- **{x.area}:** {x.text}" for x in d.examples] + [""]
        if d.resources:
            out += ["### Tools and resources", ""]
            out += [_resource_line(r) for r in d.resources] + [""]
    return "\n".join(out).rstrip() + "\n"


__all__ = ["framework_markdown", "guide_markdown"]
