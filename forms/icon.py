"""The app's icon, light to import: the window shows it from its first frame."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """The window and taskbar icon, from PNGs rendered at each size (no SVG plug-in needed)."""
    icon = QIcon()
    folder = Path(__file__).resolve().parent / "resources"
    for size in ICON_SIZES:
        icon.addFile(str(folder / f"sit-maturity-{size}.png"))
    return icon
