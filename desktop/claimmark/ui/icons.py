"""SVG icons from ``claimmark.resources/icons``, drawn in the current text colour."""

from __future__ import annotations

import functools
from importlib.resources import files

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QStyleOption

SIZES = (16, 20, 24, 32, 48)  # the sizes an icon says it has (any size is drawn when asked)


@functools.cache
def _svg(name: str) -> str:
    return (files("claimmark.resources") / "icons" / f"{name}.svg").read_text(encoding="utf-8")


class SvgIconEngine(QIconEngine):
    """Draws an SVG at the size and pixel ratio asked, when asked. Menus and the window
    ask for a few of an icon's sizes, most icons are not shown until a menu opens, and
    rendering every size of every icon up front took a third of the window's building
    before its first paint. A disabled (or selected) pixmap is the style's, as Qt makes
    it for pixmap icons."""

    def __init__(self, svg: bytes):
        super().__init__()
        self.svg = svg
        self._renderer: QSvgRenderer | None = None
        self._pixmaps: dict[tuple[int, int, float, QIcon.Mode], QPixmap] = {}

    def clone(self) -> QIconEngine:
        return SvgIconEngine(self.svg)

    def availableSizes(self, _mode: QIcon.Mode = QIcon.Mode.Normal,
                       _state: QIcon.State = QIcon.State.Off) -> list[QSize]:
        return [QSize(size, size) for size in SIZES]

    def actualSize(self, size: QSize, _mode: QIcon.Mode, _state: QIcon.State) -> QSize:
        return size

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, _state: QIcon.State, scale: float) -> QPixmap:
        key = (size.width(), size.height(), scale, mode)
        found = self._pixmaps.get(key)
        if found is None:
            if self._renderer is None:
                self._renderer = QSvgRenderer(QByteArray(self.svg))
            width, height = max(1, round(size.width() * scale)), max(1, round(size.height() * scale))
            found = QPixmap(width, height)
            found.fill(Qt.GlobalColor.transparent)
            painter = QPainter(found)
            self._renderer.render(painter, QRectF(0, 0, width, height))
            painter.end()
            found.setDevicePixelRatio(scale)
            style = QApplication.style()
            if mode != QIcon.Mode.Normal and style is not None:
                found = style.generatedIconPixmap(mode, found, QStyleOption())
            self._pixmaps[key] = found
        return found

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        device = painter.device()
        scale = device.devicePixelRatioF() if device is not None else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, scale))


@functools.cache
def icon(name: str, colour: str = "#3C3C3A") -> QIcon:
    """The icon NAME, its strokes and fills in `colour` (the palette's text colour)."""
    return QIcon(SvgIconEngine(_svg(name).replace("currentColor", colour).encode("utf-8")))
