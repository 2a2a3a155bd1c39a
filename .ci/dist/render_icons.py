"""Render the app icon (forms/resources/sit-maturity.svg) to the PNG sizes the app and the Linux
desktop use, and to the Windows .ico and macOS .icns the bundles use.

Run after changing the SVG: ``.venv/bin/python .ci/dist/render_icons.py`` (needs Pillow for the
.ico and .icns: ``.venv/bin/pip install pillow``). The outputs are committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[2]
SVG = ROOT / "forms" / "resources" / "sit-maturity.svg"
APP_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"{SVG}: not a valid SVG", file=sys.stderr)
        return 1
    for size in APP_SIZES:
        render(renderer, size).save(str(SVG.with_name(f"sit-maturity-{size}.png")))
    big = ROOT / "build" / "icon-1024.png"
    big.parent.mkdir(exist_ok=True)
    render(renderer, 1024).save(str(big))
    from PIL import Image

    with Image.open(big) as img:
        img.save(ROOT / ".ci" / "dist" / "sit-maturity.ico",
                 sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
        img.save(ROOT / ".ci" / "dist" / "sit-maturity.icns")
    print("icons written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
