"""``sit-maturity recommend``: the suggestions the framework's triggers make, with reasons."""

from __future__ import annotations

import argparse
import textwrap

from .cli_args import path_arg
from .terminal import escape, json_dumps


def add_recommend_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("recommend", help="list the suggested recommendations with reasons",
                       description="Evaluate the framework's triggers on the review's current "
                                   "scores and indicators. Reads the file; changes nothing.")
    p.add_argument("file", type=path_arg("FILE"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_recommend)


def cmd_recommend(args: argparse.Namespace) -> int:
    from .recommend import evaluate, item_id  # only this command needs it
    from .reviewfile import ReviewFile

    with ReviewFile.open(args.file, readonly=True) as rf:
        review = rf.review
        suggestions = evaluate(review)
        decided = {s.source_id: review.get("recommendation", item_id(s.source_id))
                   for s in suggestions}
    rows = [{"id": s.source_id, "text": s.text, "domain_id": s.domain_id,
             "priority": s.priority, "priority_score": s.priority_score,
             "reasons": list(s.reasons), "high_impact": s.high_impact or None,
             "status": decided[s.source_id].status if decided[s.source_id] else "new"}
            for s in suggestions]
    if args.json:
        print(json_dumps({"system": review.info.system, "suggestions": rows}))
        return 0
    system = escape(review.info.system)
    if not rows:
        print(f"{system}: no recommendation is triggered by the current scores "
              f"and indicators")
        return 0
    print(f"{system}: {len(rows)} suggested recommendation"
          f"{'s' if len(rows) != 1 else ''}, highest priority first")
    for r in rows:
        status = "" if r["status"] == "new" else f"  [{r['status']}]"
        print(f"\n{r['priority'].upper():<6} {r['priority_score']:>4.1f}  {escape(r['id'])}{escape(status)}")
        print(textwrap.fill(escape(" ".join(r["text"].split())), 96, initial_indent="  ", subsequent_indent="  "))
        for reason in r["reasons"]:
            print(f"  Why: {escape(reason)}")
    return 0
