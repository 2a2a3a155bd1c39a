"""What reaches a terminal: text that came from a file is shown, never obeyed.

System names, evidence, lock holders, file names and framework text come from files that travel
between organisations. Written raw, an escape sequence in one of them can retitle the window,
clear the screen, rewrite what was printed before it, or (through bidi overrides) make a line
read differently from what it holds. So every command's output passes one boundary:

- ``escape`` shows control characters (C0, DEL, C1 including ESC and CSI), bidi and line
  separators and lone surrogates (undecodable bytes in a file name) as visible escapes;
- ``SafeStream`` wraps ``sys.stdout``/``sys.stderr`` for the length of a command, so every
  ``print`` (ours, argparse's, the app's) is escaped, keeping only newline and tab, and text
  the stream's encoding cannot hold (an ASCII locale) is backslash-escaped instead of raising;
- ``json_text`` keeps JSON output valid JSON while writing those same code points as ``\\uXXXX``.
"""

from __future__ import annotations

import codecs
import io
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

# C0 and C1 controls, DEL, the bidi embeddings/overrides/isolates and marks, the line and
# paragraph separators, and any lone surrogate; the second set spares newline and tab.
_OTHERS = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE_ALL = re.compile(f"[\x00-\x1f{_OTHERS}]")
_UNSAFE_KEEP_LINES = re.compile(f"[\x00-\x08\x0b-\x1f{_OTHERS}]")


_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _shown(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if ch in _SHORT:
        return _SHORT[ch]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not valid text (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def escape(text: object) -> str:
    """``text`` on one line with every control, bidi and surrogate character made visible."""
    return _UNSAFE_ALL.sub(_shown, str(text))


def escape_keeping_lines(text: str) -> str:
    """As ``escape``, but newlines and tabs stay: for whole blocks of output."""
    return _UNSAFE_KEEP_LINES.sub(_shown, text)


def _json_escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(text: str) -> str:
    """Already-serialised JSON with every unsafe code point written as a ``\\uXXXX`` escape.

    Valid JSON holds such characters only inside strings (its own structure is ASCII and
    whitespace), so the result decodes to exactly the same data.
    """
    return _UNSAFE_KEEP_LINES.sub(_json_escaped, text)


def json_dumps(data: Any, stream: TextIO | None = None) -> str:
    """``data`` as indented JSON that is safe to print on ``stream`` (default stdout)."""
    import json  # only the commands that print JSON need it

    stream = stream or sys.stdout
    ascii_only = not _holds_unicode(getattr(stream, "encoding", None))
    return json_text(json.dumps(data, indent=2, ensure_ascii=ascii_only))


def _holds_unicode(encoding: str | None) -> bool:
    if not encoding:
        return False
    try:
        return codecs.lookup(encoding).name in ("utf-8", "utf-16", "utf-32")
    except LookupError:
        return False


class SafeStream(io.TextIOBase):
    """A text stream that escapes what it is given before passing it to the real one."""

    def __init__(self, raw: TextIO):
        self._raw = raw
        self._unicode = _holds_unicode(getattr(raw, "encoding", None))

    @property
    def raw_stream(self) -> TextIO:
        return self._raw

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._raw, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        safe = escape_keeping_lines(text)
        if not self._unicode:
            safe = safe.encode(self.encoding, "backslashreplace").decode(self.encoding)
        self._raw.write(safe)
        return len(text)

    def writable(self) -> bool:
        return True

    def flush(self) -> None:
        self._raw.flush()

    def fileno(self) -> int:
        return self._raw.fileno()

    def isatty(self) -> bool:
        return self._raw.isatty()


@contextmanager
def safe_output() -> Iterator[None]:
    """Escape everything written to stdout and stderr until the block ends."""
    saved = sys.stdout, sys.stderr
    if sys.stdout is not None and not isinstance(sys.stdout, SafeStream):
        sys.stdout = SafeStream(sys.stdout)
    if sys.stderr is not None and not isinstance(sys.stderr, SafeStream):
        sys.stderr = SafeStream(sys.stderr)
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, SafeStream):
                try:
                    stream.flush()
                except (OSError, ValueError):
                    pass
        sys.stdout, sys.stderr = saved
