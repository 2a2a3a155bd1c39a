"""What the window needs of the review file before the database code (and sqlite3) loads: the
file's suffix and its error. ``maturity.database`` re-exports both."""

from __future__ import annotations

SUFFIX = ".sitreview"


class ReviewFileError(Exception):
    """A review file that cannot be opened or written; the message is for the user."""
