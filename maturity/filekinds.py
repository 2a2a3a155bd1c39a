"""What kind of file a path names, in words, for refusing anything that is not a plain file."""

from __future__ import annotations

import stat


def describe_mode(mode: int) -> str:
    """``a folder``, ``a named pipe (FIFO)``, ``a device``… for a file's ``st_mode``."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"
