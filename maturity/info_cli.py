"""``sit-maturity info``: a review's roll-ups, or several reviews' in one run; with ``--json``,
answers for unchanged files come from ``infocache``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING

from .cli_args import path_arg, user_problem
from .terminal import escape, json_dumps

if TYPE_CHECKING:
    from .reviewfile import ReviewFile


def add_info_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("info", help="the review and its roll-ups (several files: each in turn)")
    p.add_argument("files", nargs="+", metavar="FILE", type=path_arg("FILE"),
                   help="one review, or several (with --json: a list, each with its \"file\")")
    p.add_argument("--json", action="store_true")
    p.add_argument("--elements", action="store_true", help="list element scores too")
    p.add_argument("--no-cache", action="store_true",
                   help="with --json: check the file in full even if it has not changed since "
                        "the last time (the answer is otherwise remembered, in the user's cache "
                        "folder, by the file's exact content)")
    p.set_defaults(func=cmd_info)


def info_dict(rf: ReviewFile) -> dict:
    from .scoring import rollup

    review = rf.review
    fw = review.framework
    roll = rollup(review)
    domains = []
    for d in fw.domains:
        dr = roll.domain(d.id)
        elements = []
        for e in d.elements:
            er = roll.element(e.id)
            elements.append({
                "id": e.id, "title": e.title, "score": er.score, "target": er.target,
                "gap": er.gap, "coverage": er.coverage,
                "kloes": [{"id": k.id, "score": k.rating, "confidence": k.confidence,
                           "groups": dict(review.kloe(k.id).group_scores),
                           "votes": review.kloe(k.id).votes}
                          for k in er.kloes]})
        domains.append({"id": d.id, "number": d.number, "title": d.title, "score": dr.score,
                        "coverage": dr.coverage, "elements": elements})
    return {"system": review.info.system, "review_date": review.info.review_date.isoformat(),
            "framework": {"id": fw.id, "version": fw.version},
            "overall": {"score": roll.score, "coverage": roll.coverage}, "domains": domains}


def cmd_info(args: argparse.Namespace) -> int:
    """One review, or several in one run (a regional script's folder of reviews: the models load
    once). With several, a file that cannot be read is named on stderr and in the answer, and the
    rest are still answered; the exit code is then 1."""
    cached = not args.no_cache
    if len(args.files) == 1:
        if args.json:
            print(json_dumps(_answer(args.files[0], cached=cached)))
            return 0
        return _print_info(args, args.files[0])
    failed = False
    answers = []
    for number, path in enumerate(args.files):
        if not args.json:
            print(("\n" if number else "") + f"{escape(path)}:", flush=True)
        try:
            if args.json:
                answers.append({"file": path, **_answer(path, cached=cached)})
            else:
                _print_info(args, path)
        except Exception as exc:  # noqa: BLE001 - a user's error is reported; a fault re-raised
            problem = user_problem(exc)
            if problem is None:
                raise
            print(f"sit-maturity: {escape(problem)}", file=sys.stderr, flush=True)
            failed = True
            if args.json:
                answers.append({"file": path, "error": problem})
    if args.json:
        print(json_dumps(answers))
    return 1 if failed else 0


def _answer(path: str, *, cached: bool) -> dict:
    """``info_dict`` of the review at ``path``: remembered for its exact bytes (``cached``), or
    worked out from the file opened and checked in full, and then remembered."""
    from . import infocache

    cache = infocache.InfoCache.for_user() if cached else None
    key = infocache.file_key(path) if cache is not None else None
    if key is not None and (known := cache.get(key)) is not None:
        return known
    from .reviewfile import ReviewFile  # the models load only for a file not remembered

    with ReviewFile.open(path, readonly=True) as rf:
        data = info_dict(rf)
    # Kept only if the file did not change while it was being read.
    if key is not None and infocache.file_key(path) == key:
        cache.put(key, data)
    return data


def _print_info(args: argparse.Namespace, path: str) -> int:
    from .reviewfile import ReviewFile
    from .rules import indicator_warnings
    from .wording import fmt_change, fmt_coverage, fmt_score

    with ReviewFile.open(path, readonly=True) as rf:
        data = info_dict(rf)
        review = rf.review
    print(f"{escape(data['system'])} — review of {data['review_date']}")
    print(f"Framework: {escape(review.framework.title)} ({escape(data['framework']['id'])} "
          f"{escape(data['framework']['version'])})")
    if review.info.facilitator:
        print(f"Facilitator: {escape(review.info.facilitator)}")
    print(f"Overall: {fmt_score(data['overall']['score'])}  "
          f"(coverage {fmt_coverage(data['overall']['coverage'])})")
    for d in data["domains"]:
        print(f"{d['number']:>2}. {escape(d['title']):<48} {fmt_score(d['score']):>4}  "
              f"coverage {fmt_coverage(d['coverage']):>4}")
        if args.elements:
            for e in d["elements"]:
                gap = "" if e["gap"] is None else f"gap {fmt_change(e['gap'])}"
                print(f"      {escape(e['title']):<46} {fmt_score(e['score']):>4}  target "
                      f"{e['target']}  {gap}")
    for ind_id, problem in indicator_warnings(review, dt.date.today()).items():
        name = review.framework.indicator(ind_id).name
        print(f"Check indicator {escape(name)}: {escape(problem)}")
    return 0
