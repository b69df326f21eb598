"""Render the app icon (resources/icons/claimmark.svg) in the sizes desktops expect.

    python packaging/icons.py OUT_DIR

writes OUT_DIR/hicolor/SIZExSIZE/apps/io.github.claimmark.ClaimMark.png (and the SVG
under scalable/) for the freedesktop icon theme, OUT_DIR/claimmark-256.png, and with
Qt's image plugins OUT_DIR/claimmark.ico (Windows, 256 px) and OUT_DIR/claimmark.icns
(macOS, 512 px). Each holds one size, which Windows and macOS scale; a multi-size .icns
comes from macOS's own `iconutil` (packaging/README.md).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

APP_ID = "io.github.claimmark.ClaimMark"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
SVG = Path(__file__).resolve().parent.parent / "resources" / "icons" / "claimmark.svg"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def theme_icons(renderer: QSvgRenderer, hicolor: Path) -> None:
    """The icon theme's sizes (16-512 and scalable) under `hicolor`."""
    for size in SIZES:
        target = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(renderer, size).save(str(target)):
            raise OSError(f"cannot write {target}")
    scalable = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SVG, scalable)


_app: QGuiApplication | None = None  # Qt draws only while an application exists


def renderer() -> QSvgRenderer:
    global _app
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = QSvgRenderer(str(SVG))
    if not svg.isValid():
        raise OSError(f"cannot read {SVG}")
    return svg


def main(out: Path) -> int:
    try:
        svg = renderer()
        theme_icons(svg, out / "hicolor")
    except OSError as exc:
        print(exc, file=sys.stderr)
        return 1
    render(svg, 256).save(str(out / "claimmark-256.png"))
    formats = {bytes(f.data()) for f in QImageWriter.supportedImageFormats()}
    for suffix, size in (("ico", 256), ("icns", 512)):
        if suffix.encode() in formats:
            render(svg, size).save(str(out / f"claimmark.{suffix}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("build-icons")))
