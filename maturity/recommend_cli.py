"""``sit-maturity recommend``: the suggestions the framework's triggers make, with reasons."""

from __future__ import annotations

import argparse
import json
import textwrap

from .recommend import evaluate, item_id
from .reviewfile import ReviewFile


def add_recommend_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("recommend", help="list the suggested recommendations with reasons",
                       description="Evaluate the framework's triggers on the review's current "
                                   "scores and indicators. Reads the file; changes nothing.")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_recommend)


def cmd_recommend(args: argparse.Namespace) -> int:
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
        print(json.dumps({"system": review.info.system, "suggestions": rows}, indent=2,
                         ensure_ascii=False))
        return 0
    if not rows:
        print(f"{review.info.system}: no recommendation is triggered by the current scores "
              f"and indicators")
        return 0
    print(f"{review.info.system}: {len(rows)} suggested recommendation"
          f"{'s' if len(rows) != 1 else ''}, highest priority first")
    for r in rows:
        status = "" if r["status"] == "new" else f"  [{r['status']}]"
        print(f"\n{r['priority'].upper():<6} {r['priority_score']:>4.1f}  {r['id']}{status}")
        print(textwrap.fill(r["text"], 96, initial_indent="  ", subsequent_indent="  "))
        for reason in r["reasons"]:
            print(f"  Why: {reason}")
    return 0
