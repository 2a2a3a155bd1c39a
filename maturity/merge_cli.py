"""``sit-maturity merge``: bring the changes made in another copy of a review into this one."""

from __future__ import annotations

import argparse

from .cli_args import open_for_edit


def add_merge_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "merge", help="bring the changes made in another copy of a review into this one",
        description="Find where FILE and OTHER were copied apart, and bring every change made "
                    "in OTHER since then into FILE as one undoable edit. An item whose same "
                    "field was changed in both is a conflict: without --prefer they are listed "
                    "and nothing is changed. OTHER is only read.")
    p.add_argument("file", help="the review to bring the changes into")
    p.add_argument("other", help="the other copy (only read, never changed)")
    p.add_argument("--prefer", choices=["mine", "theirs"],
                   help="settle every conflict by keeping FILE's value (mine) or taking "
                        "OTHER's (theirs)")
    p.add_argument("--dry-run", action="store_true",
                   help="list what would come in and the conflicts; change nothing")
    p.set_defaults(func=cmd_merge)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def cmd_merge(args: argparse.Namespace) -> int:
    # Imported here, not at the top: every other command builds this parser too.
    from .merge import MergeError, apply_merge, plan_merge
    from .reviewfile import ReviewFile

    with open_for_edit(args.file) as mine, \
            ReviewFile.open(args.other, readonly=True) as other:
        plan = plan_merge(mine, other)
        if plan.nothing:
            print(f"Nothing to merge: {plan.other_name} holds no change that {plan.file_name} "
                  f"does not already have")
            return 0
        print(f"From {plan.other_name}: {plan.counts()}")
        for item in plan.incoming:
            print(f"  {item.describe()}")
        if plan.conflicts:
            print(f"\n{_plural(len(plan.conflicts), 'conflict')} (changed differently in both "
                  f"copies since they were copied):")
            for c in plan.conflicts:
                print(f"  {c.describe(plan.other_name)}")
        if args.dry_run:
            print("\nDry run: nothing was changed")
            return 0
        if plan.conflicts and args.prefer is None:
            raise MergeError(f"{_plural(len(plan.conflicts), 'conflict')} to settle, so nothing "
                           f"was changed: run again with --prefer mine (keep {plan.file_name}'s "
                           f"values) or --prefer theirs (take {plan.other_name}'s), or merge in "
                           f"the app to choose one by one")
        done = apply_merge(mine, other, plan, prefer=args.prefer or "mine")
    if not done.command.changes:
        print(f"\nNothing changed: every conflict was settled by keeping {plan.file_name}'s "
              f"values")
        return 0
    settled = ""
    if plan.conflicts:
        side = "kept this review's value" if args.prefer == "mine" else \
            f"took {plan.other_name}'s value"
        settled = f"; {_plural(len(plan.conflicts), 'conflict')} settled ({side})"
    copied = (f"; {_plural(done.attachments_copied, 'attached file')} copied"
              if done.attachments_copied else "")
    print(f"\n{done.command.label}: {_plural(len(done.command.changes), 'item')} changed"
          f"{copied}{settled}. `sit-maturity undo {args.file}` reverts it.")
    return 0
