"""What the summary for young people and families needs from a review beyond its findings:
plain-words lines for actions and recommendations, where to get help now, and a contact.

Each is stored in the review and edited in the app; the national help text is the default
when a review sets none.
"""

from __future__ import annotations

from .commands import Command, change
from .edits import ReviewError, clean_text
from .review import Review

MAX_PLAIN = 300
MAX_HELP = 1500

DEFAULT_HELP = (
    "If you need help now, you do not have to wait.\n"
    "Call NHS 111 and choose the mental health option, day or night.\n"
    "Call Childline free on 0800 1111 if you are under 19.\n"
    "Text SHOUT to 85258 to talk by text, any time.\n"
    "If you or someone else is in danger right now, call 999.")

DEFAULT_CONTACT = ("To find out more or to have your say, ask the service you use or your "
                   "local youth voice group.")


def help_text(review: Review) -> str:
    return review.info.help_text.strip() or DEFAULT_HELP


def set_plain(review: Review, kind: str, key: str, text: str) -> Command:
    """Set (or clear, with '') the plain-words line of an action or a recommendation."""
    if kind not in ("action", "recommendation"):
        raise ReviewError(f"plain words: {kind!r} is not an action or a recommendation")
    item = review.get(kind, key)
    if item is None:
        raise ReviewError(f"plain words: no {kind} {key!r} in this review")
    text = " ".join(clean_text(text, f"{kind} {key}: plain words", limit=MAX_PLAIN).split())
    new = item.model_copy(update={"plain": text})
    return Command(f"Set the plain words of a {kind}", (change(review, new),))


def set_family_help(review: Review, help_text: str, contact: str) -> Command:
    """Where to get help now and how to reach the partnership, as the summary prints them
    ('' for either restores the default)."""
    info = review.info
    new = info.model_copy(update={
        "help_text": clean_text(help_text, "help text", limit=MAX_HELP).strip(),
        "contact": clean_text(contact, "contact", limit=MAX_PLAIN).strip()})
    return Command("Set the help text for families", (change(review, new),))
