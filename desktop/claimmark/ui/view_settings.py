"""The window's place, pane sizes and reading fonts, kept in the settings between runs."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow, QSplitter

from claimmark.ui import config
from claimmark.ui.reading import DEFAULT_FONT_SIZE, ReadingView, ViewFonts

DEFAULT_SIZE = (1280, 820)


def restore(window: QMainWindow, splitter: QSplitter, reader: ReadingView) -> None:
    store = config.settings()
    geometry = store.value("window/geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    else:
        window.resize(*DEFAULT_SIZE)
    sizes = store.value("window/splitter")
    if isinstance(sizes, QByteArray) and not sizes.isEmpty():
        splitter.restoreState(sizes)
    try:
        size = float(str(store.value("view/font_size", DEFAULT_FONT_SIZE)))
    except (TypeError, ValueError):
        size = DEFAULT_FONT_SIZE
    family = str(store.value("view/font_family", "") or "")
    sans = str(store.value("view/font_sans", "false")).lower() == "true"
    reader.fonts = ViewFonts(size, family, sans)


def save(window: QMainWindow, splitter: QSplitter, reader: ReadingView, theme_name: str) -> None:
    store = config.settings()
    store.setValue("window/geometry", window.saveGeometry())
    store.setValue("window/splitter", splitter.saveState())
    store.setValue("view/theme", theme_name)
    store.setValue("view/font_size", reader.fonts.size)
    store.setValue("view/font_family", reader.fonts.family)
    store.setValue("view/font_sans", "true" if reader.fonts.sans else "false")
    store.sync()
