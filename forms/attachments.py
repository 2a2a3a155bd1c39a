"""Temporary copies of embedded files, so another program can open them.

The review keeps the bytes; the copy lives in a private temporary folder for this run of the
app and is removed on exit. A copy is written once per content and name.
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from pathlib import Path

_folder: Path | None = None
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _base() -> Path:
    global _folder
    if _folder is None or not _folder.is_dir():
        _folder = Path(tempfile.mkdtemp(prefix="sit-maturity-"))
        atexit.register(shutil.rmtree, _folder, True)
    return _folder


def safe_name(name: str) -> str:
    name = _UNSAFE.sub("_", Path(name).name).strip(" .")
    return name[:150] or "attachment"


def temporary_copy(data: bytes, name: str, digest: str) -> Path:
    """Write ``data`` under its own name in a folder keyed by its hash; return the path."""
    folder = _base() / digest[:16]
    folder.mkdir(exist_ok=True)
    path = folder / safe_name(name)
    if not path.exists() or path.stat().st_size != len(data):
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
    return path
