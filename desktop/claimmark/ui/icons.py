"""SVG icons from ``claimmark.resources/icons``, drawn in the current text colour."""

from __future__ import annotations

import functools
from importlib.resources import files

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 20, 24, 32, 48)


@functools.cache
def _svg(name: str) -> str:
    return (files("claimmark.resources") / "icons" / f"{name}.svg").read_text(encoding="utf-8")


@functools.cache
def icon(name: str, colour: str = "#3C3C3A") -> QIcon:
    """The icon NAME, its strokes and fills in `colour` (the palette's text colour)."""
    svg = _svg(name).replace("currentColor", colour)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    result = QIcon()
    for size in SIZES:
        for ratio in (1, 2):
            pixmap = QPixmap(size * ratio, size * ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            renderer.render(painter, QRectF(0, 0, size * ratio, size * ratio))
            painter.end()
            pixmap.setDevicePixelRatio(ratio)
            result.addPixmap(pixmap)
    return result
