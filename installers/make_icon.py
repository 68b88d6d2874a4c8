"""Render installers/icons/veldwerk.svg to the PNG (256 x 256) and the Windows .ico (for the
Inno Setup wizard) that the installers use; both are committed next to the SVG.

    QT_QPA_PLATFORM=offscreen .venv/bin/python installers/make_icon.py

PyInstaller turns the PNG into the executable's .ico and the macOS .icns itself (with Pillow,
which reportlab brings along).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent / "icons"


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(HERE / "veldwerk.svg"))
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    ok = image.save(str(HERE / "veldwerk.png"))
    del app
    sizes = [(size, size) for size in (16, 24, 32, 48, 64, 128, 256)]
    with Image.open(HERE / "veldwerk.png") as png:
        png.save(HERE / "veldwerk.ico", sizes=sizes)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
