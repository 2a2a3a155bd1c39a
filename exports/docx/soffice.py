"""Finding LibreOffice, which the accessible PDF needs; cheap to import (no python-docx)."""

from __future__ import annotations

import shutil
from pathlib import Path

GET_IT = ("install LibreOffice with Writer (https://www.libreoffice.org/download/, or the "
          "libreoffice-writer package) and export again")


def find_soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    mac = Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")
    return str(mac) if mac.exists() else None


def has_writer(soffice: str) -> bool:
    """Whether this LibreOffice can open Word documents: Linux distributions split it into
    packages, and one with only Calc installed cannot (its Writer library is missing)."""
    program = Path(soffice).resolve().parent
    if not list(program.glob("lib*lo.so")):
        return True  # not a split Linux install: Writer comes with it
    return (program / "libswlo.so").exists()


def available() -> bool:
    """LibreOffice with Writer is installed, so the accessible PDF can be made."""
    soffice = find_soffice()
    return soffice is not None and has_writer(soffice)
