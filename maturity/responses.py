"""Response packs coming back: each answered row checked, then one command that records them.

A response pack is a workbook sent to one partner or stakeholder group, who scores each KLOE,
comments and names evidence. Reading the workbook is the exports layer's job; here the rows it
read are checked against the review (the review the pack was made for, the questions it asked,
the scale, packs already imported, rows in their places) and turned into ONE undoable command:
the group's score on each KLOE, and each comment recorded as evidence from that group.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .commands import Change, Command, change
from .edits import ReviewError, clean_text, new_id, now
from .framework import Framework
from .review import SECTORS, EvidenceItem, Review

NA_ANSWER = "N/A"


def answer_choices(framework: Framework) -> list[str]:
    """The drop-down's entries: "3 – Established" for each level, then N/A."""
    return [f"{lvl.value} – {lvl.label}" for lvl in framework.scale.levels] + [NA_ANSWER]


def question_fingerprint(framework: Framework, kloe_ids: Iterable[str]) -> str:
    """A hash of the KLOEs asked and their wording: a pack whose questions changed won't match."""
    digest = hashlib.sha256()
    for kloe_id in kloe_ids:
        digest.update(f"{kloe_id}\x1f{framework.kloe(kloe_id).statement}\x1e".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class PackRow:
    """One answer row as read: where it is, and its cells as plain values (never formulas)."""

    sheet: str
    row: int
    kloe_id: object
    statement: object
    answer: object
    comment: object = None
    evidence: object = None


@dataclass(frozen=True)
class Pack:
    """A response pack as read from its workbook."""

    name: str
    review_id: str
    pack_id: str
    group: str
    organisation: str
    fingerprint: str
    kloe_ids: tuple[str, ...]
    rows: tuple[PackRow, ...]


@dataclass(frozen=True)
class Answer:
    kloe_id: str
    score: int | None
    comment: str
    evidence: str


@dataclass
class PackCheck:
    """What a pack would change, and every problem found in it."""

    pack: Pack
    answers: list[Answer] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _formula(value: object, where: str, what: str) -> None:
    if isinstance(value, tuple) and value[:1] == ("formula",):
        raise ReviewError(f"{where}: the {what} is a formula ({str(value[1])[:40]!r}); "
                          f"type the value itself")


def _text(value: object, where: str, what: str) -> str:
    _formula(value, where, what)
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ReviewError(f"{where}: the {what} is not text")
    return clean_text(str(value), f"{where}: {what}")


def parse_answer(framework: Framework, value: object, where: str) -> int | None | str:
    """A cell's answer: a level (from "3 – Established", "3" or 3), "na", or None when blank."""
    _formula(value, where, "answer")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ReviewError(f"{where}: the answer {value!r} is not a level on the scale")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.upper() in {NA_ANSWER, "NA"}:
            return "na"
        head = text.split("–")[0].split("-")[0].strip()
        value = int(head) if head.isdigit() and len(head) < 4 else text
    if isinstance(value, int) and value in framework.scale.values:
        return value
    choices = ", ".join(answer_choices(framework))
    raise ReviewError(f"{where}: the answer {str(value)[:40]!r} is not one of {choices}")


def check_pack(review: Review, pack: Pack, seen: set[str]) -> PackCheck:
    """Check one pack against the review; ``seen`` holds pack ids met earlier in this import."""
    result = PackCheck(pack)
    fw = review.framework
    problems = result.problems
    if pack.review_id != review.info.review_id:
        problems.append(f"{pack.name}: it was made for another review ({pack.review_id[:40]!r}),"
                        f" not {review.info.system!r}")
        return result
    if pack.pack_id in review.info.imported_packs:
        problems.append(f"{pack.name}: this pack ({pack.pack_id}) was imported already")
        return result
    if pack.pack_id in seen:
        problems.append(f"{pack.name}: the same pack ({pack.pack_id}) was given twice")
        return result
    seen.add(pack.pack_id)
    if pack.group not in SECTORS:
        problems.append(f"{pack.name}: its stakeholder group {pack.group[:60]!r} is not one of "
                        f"{', '.join(SECTORS)}")
        return result
    unknown = [k for k in pack.kloe_ids if fw.kind_of(k) != "kloe"]
    if unknown or question_fingerprint(fw, pack.kloe_ids) != pack.fingerprint:
        problems.append(f"{pack.name}: its questions were edited or are not this framework's; "
                        f"send a new pack")
        return result
    expected = list(pack.kloe_ids)
    for index, row in enumerate(pack.rows):
        where = f"{pack.name}, sheet {row.sheet!r}, row {row.row}"
        want = expected[index] if index < len(expected) else None
        if row.kloe_id != want or row.statement != (fw.kloe(want).statement if want else None):
            problems.append(f"{where}: this row was moved, added or edited (expected "
                            f"{want or 'no row'}, found {str(row.kloe_id)[:40]!r})")
            continue
        try:
            score = parse_answer(fw, row.answer, where)
            comment = _text(row.comment, where, "comment")
            evidence = _text(row.evidence, where, "evidence")
        except ReviewError as exc:
            problems.append(str(exc))
            continue
        if score is None and not comment and not evidence:
            continue
        result.answers.append(Answer(want, None if score == "na" else score, comment, evidence))
    if len(pack.rows) < len(expected):
        problems.append(f"{pack.name}, sheet {pack.rows[0].sheet if pack.rows else 'Responses'!r}"
                        f": {len(expected) - len(pack.rows)} question row(s) are missing")
    return result


@dataclass
class ImportPlan:
    """The preview and the one command that carries it out (None when nothing is to change)."""

    checks: list[PackCheck]
    lines: list[str]
    command: Command | None

    @property
    def problems(self) -> list[str]:
        return [p for c in self.checks for p in c.problems]


def plan_import(review: Review, packs: Sequence[Pack], *, good_rows_only: bool = False
                ) -> ImportPlan:
    """Check every pack and build the preview and command. A pack with problems brings in
    nothing unless ``good_rows_only``; a pack that is wrong as a whole never does."""
    seen: set[str] = set()
    checks = [check_pack(review, p, seen) for p in packs]
    lines: list[str] = []
    kloes = {}
    evidence: list[EvidenceItem] = []
    imported = list(review.info.imported_packs)
    for check in checks:
        pack = check.pack
        if check.problems and not (good_rows_only and check.answers):
            lines.append(f"{pack.name}: nothing imported ({len(check.problems)} problem(s))")
            continue
        who = f"{pack.group}" + (f" ({pack.organisation})" if pack.organisation else "")
        lines.append(f"{pack.name}: {len(check.answers)} answer(s) from {who}")
        imported.append(pack.pack_id)
        for a in check.answers:
            current = kloes.get(a.kloe_id) or review.kloe(a.kloe_id)
            scores = dict(current.group_scores)
            if a.score is not None:
                old = scores.get(pack.group)
                if old is not None and old != a.score:
                    lines.append(f"  {a.kloe_id}: {pack.group} score {old} → {a.score} "
                                 f"(conflicts with the score already recorded)")
                else:
                    lines.append(f"  {a.kloe_id}: {pack.group} score {a.score}")
                scores[pack.group] = a.score
                kloes[a.kloe_id] = current.model_copy(update={"group_scores": scores})
            if a.comment or a.evidence:
                title = " ".join(f"{who}: {a.comment or a.evidence}".split())[:120]
                note = "\n\n".join(t for t in (a.comment, a.evidence and
                                               f"Evidence: {a.evidence}") if t)
                evidence.append(EvidenceItem(id=new_id(), kloe_id=a.kloe_id, type="voice"
                                             if pack.group == "CYP & families" else "document",
                                             title=title, note=note,
                                             added_at=now()))
                lines.append(f"  {a.kloe_id}: comment added as evidence from {pack.group}")
    if len(imported) == len(review.info.imported_packs):
        return ImportPlan(checks, lines, None)
    changes: list[Change] = [change(review, k) for k in kloes.values()]
    changes += [change(review, e) for e in evidence]
    info = review.info.model_copy(update={"imported_packs": tuple(imported)})
    changes.append(change(review, info))
    count = len(imported) - len(review.info.imported_packs)
    return ImportPlan(checks, lines, Command(
        f"Import {count} response pack{'s' if count != 1 else ''}", tuple(changes)))


def partners_answered(review: Review, kloe_id: str) -> str:
    """How many partner groups scored the KLOE (from response packs or typed in) and how far
    apart they are: the line the KLOE panel and workshop mode both show."""
    scores = review.kloe(kloe_id).group_scores
    if not scores:
        return ""
    low, high = min(scores.values()), max(scores.values())
    n = len(scores)
    packs = len(review.info.imported_packs)
    where = f" ({packs} response pack{'s' if packs != 1 else ''} imported)" if packs else ""
    return (f"{n} partner groups answered{where}: scores {low}–{high}, spread {high - low}"
            if n > 1 else f"1 partner group answered{where}: score {low}")


def pack_id() -> str:
    return new_id()
