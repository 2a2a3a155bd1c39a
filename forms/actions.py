"""The window's commands, declared once as data: the menus, the shortcuts and the F1 list are
all built from this table, so a command cannot be in a menu without its shortcut being listed,
and two commands cannot quietly share a key.

``handler`` names what the command calls on the main window (a method, or ``part.method`` for
a part the window holds, such as ``rereview.start``); ``enabled`` says when it is available:
``"always"``, ``"review"`` (a review is open) or ``"writable"`` (open and not read-only).
A ``None`` in a menu's list is a separator.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import NamedTuple

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

Std = QKeySequence.StandardKey


class Command(NamedTuple):
    id: str
    text: str
    handler: str
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = ()
    tip: str = ""
    enabled: str = "always"
    on_window: bool = True
    """Shortcut works with the menu bar hidden (workshop mode) because the window holds it."""


COMMANDS: tuple[Command, ...] = (
    Command("new", "&New review…", "new_review", (Std.New,), "Start a review of a system"),
    Command("open", "&Open…", "open_dialog", (Std.Open,), "Open a review file"),
    Command("sample", "Open &sample review", "open_sample", (),
            "Open the fictional Anyshire partnership's latest review", on_window=False),
    Command("send_packs", "Send response &packs…", "send_packs", (),
            "A workbook for a partner or stakeholder group to score the KLOEs before the workshop",
            "review", on_window=False),
    Command("import_responses", "&Import responses…", "import_responses", (),
            "Bring partners' filled-in response packs in as stakeholder-group scores",
            "writable", on_window=False),
    Command("share", "S&hare a copy…", "show_share", (),
            "Save a copy to send: no undo history, nothing that was deleted", "review",
            on_window=False),
    Command("export", "&Export…", "show_export", ("Ctrl+E",),
            "Write the workbook, board report, summary and data", "review"),
    Command("rereview", "Start &re-review…", "rereview.start", (),
            "Start next year's review from this one: roster, plan and last scores carried over",
            on_window=False),
    Command("compare", "Compare with &earlier reviews…", "choose_earlier_reviews", (),
            "Choose earlier review files of this system to compare with", on_window=False),
    Command("merge", "&Merge a copy…", "merge.start", (),
            "Bring in the changes made in another copy of this review (a breakout group's "
            "laptop, an emailed copy)", "writable", on_window=False),
    Command("close", "&Close", "close_review", (Std.Close,),
            "Close the review (everything is already saved)", "review"),
    Command("quit", "&Quit", "close", (Std.Quit,)),
    Command("undo", "&Undo", "session.undo", (Std.Undo,)),
    Command("redo", "&Redo", "session.redo", (Std.Redo,)),
    Command("park", "&Park an issue…", "quick_park", ("Ctrl+Shift+P", "F8"),
            "Add an issue to the parking lot, linked to the current item", "writable"),
    Command("family_help", "Help and contact for &families…", "edit_family_help", (),
            "Where the families' summary tells young people and families to get help now",
            "writable", on_window=False),
    Command("next", "&Next KLOE", "next_kloe", ("Alt+Down", "Ctrl+PgDown"),
            "Go to the next KLOE", "review"),
    Command("previous", "&Previous KLOE", "previous_kloe", ("Alt+Up", "Ctrl+PgUp"),
            "Go to the previous KLOE", "review"),
    Command("workshop", "&Workshop mode", "toggle_workshop", ("F11", "Ctrl+Shift+W"),
            "Full-screen projector view driven by the keyboard", "review"),
    Command("zoom_in", "Zoom &in", "zoom_in", ("Ctrl+=", "Ctrl++"), "Make text larger"),
    Command("zoom_out", "Zoom &out", "zoom_out", ("Ctrl+-",), "Make text smaller"),
    Command("zoom_reset", "&Actual size", "zoom_reset", ("Ctrl+0",)),
    Command("guide", "&How a review is run", "show_guide", (), on_window=False),
    Command("shortcuts", "&Keyboard shortcuts", "show_shortcuts", ("F1",)),
    Command("about", "&About SIT Maturity", "show_about", (), on_window=False),
)

MENUS: tuple[tuple[str, str, tuple[str | None, ...]], ...] = (
    # (attribute on the window, title, commands in order; "recent" is the Open Recent submenu,
    # "pages" the place where each page's View entry goes)
    ("file_menu", "&File", ("new", "open", "recent", "sample", None, "send_packs",
                            "import_responses", "share", "export",
                            "rereview", "compare", "merge", None, "close", None, "quit")),
    ("edit_menu", "&Edit", ("undo", "redo", None, "park", "family_help")),
    ("view_menu", "&View", ("pages", "next", "previous", None, "workshop", None,
                            "zoom_in", "zoom_out", "zoom_reset")),
    ("help_menu", "&Help", ("guide", "shortcuts", "about")),
)

BY_ID = {c.id: c for c in COMMANDS}


def key_sequences(command: Command) -> list[QKeySequence]:
    """The command's keys; a standard key is the platform's main binding for it."""
    keys = [QKeySequence(key) for key in command.shortcuts]
    return [k for k in keys if not k.isEmpty()]


def build_actions(window: QWidget) -> dict[str, QAction]:
    """One QAction per declared command, wired to the window's handler."""
    actions: dict[str, QAction] = {}
    for command in COMMANDS:
        action = QAction(command.text, window)
        keys = key_sequences(command)
        if keys:
            action.setShortcuts(keys)
        if command.tip:
            action.setStatusTip(command.tip)
            action.setToolTip(command.tip)
        # Looked up when triggered: parts such as the re-review controller are built later.
        find: Callable[[object], Callable[[], object]] = attrgetter(command.handler)
        action.triggered.connect(lambda _checked=False, f=find: f(window)())
        if command.on_window:
            window.addAction(action)
        actions[command.id] = action
    return actions


def build_menus(window, actions: dict[str, QAction], recent: QMenu) -> QAction:
    """The menu bar from ``MENUS``; returns the View-menu separator that pages go above."""
    bar = window.menuBar()
    pages_end = None
    for attribute, title, items in MENUS:
        menu = bar.addMenu(title)
        setattr(window, attribute, menu)
        for item in items:
            if item is None:
                menu.addSeparator()
            elif item == "recent":
                menu.addMenu(recent)
            elif item == "pages":
                pages_end = menu.addSeparator()
            else:
                menu.addAction(actions[item])
    # The pages' entries are added above this separator; the separator itself is the next
    # item's, so the View menu starts with the pages.
    return pages_end


def enable_actions(actions: dict[str, QAction], *, review: bool, writable: bool) -> None:
    for command in COMMANDS:
        if command.enabled == "review":
            actions[command.id].setEnabled(review)
        elif command.enabled == "writable":
            actions[command.id].setEnabled(writable)


def shortcut_lines(actions: dict[str, QAction], pages: list[QAction]) -> list[str]:
    """The F1 list's commands part: every command and page that has a key, with its keys."""
    lines = []
    for action in [*(actions[c.id] for c in COMMANDS), *pages]:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        if keys:
            name = action.text().replace("&", "").rstrip("…")
            name = name.split(" ", 1)[0] if action in (actions["undo"], actions["redo"]) \
                else name
            lines.append(f"  {' or '.join(keys):<28}{name}")
    return lines


SCORING_KEYS = """Scoring (Review page, with the navigator or the scale focused)
  0 – 4   score the current KLOE
  N       not applicable
  Delete  clear the score
  J / K   next / previous KLOE"""

WORKSHOP_KEYS = """Workshop mode
  0 – 4, N, Delete   score;  Right / Page Down next;  Left / Page Up back
  D next domain;  P park;  T pause timer;  A agenda;  Esc leave
  V live voting from phones on / off;  R reveal the room's votes"""
