"""The reading text's size and faces: the sizes a person may choose, the font lists
tried in order, and the face the text is actually set in."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontInfo

DEFAULT_FONT_SIZE = 13.0
MIN_FONT_SIZE, MAX_FONT_SIZE = 8.0, 32.0
SERIF_FAMILIES = ["Literata", "Source Serif 4", "Charter", "Georgia", "Noto Serif", "DejaVu Serif", "serif"]
SANS_FAMILIES = [
    "Inter",
    "Source Sans 3",
    "Noto Sans",
    "Segoe UI",
    "Helvetica Neue",
    "DejaVu Sans",
    "sans-serif",
]
MONO_FAMILIES = [
    "JetBrains Mono",
    "Source Code Pro",
    "Noto Sans Mono",
    "Menlo",
    "Consolas",
    "DejaVu Sans Mono",
]


@dataclass
class ViewFonts:
    size: float = DEFAULT_FONT_SIZE
    family: str = ""  # empty: the default serif list
    sans: bool = False

    def families(self) -> list[str]:
        base = SANS_FAMILIES if self.sans else SERIF_FAMILIES
        return [self.family, *base] if self.family else list(base)


def reading_font(fonts: ViewFonts) -> QFont:
    font = QFont()
    font.setFamilies(fonts.families())
    font.setPointSizeF(fonts.size)
    font.setStyleHint(QFont.StyleHint.SansSerif if fonts.sans else QFont.StyleHint.Serif)
    return font


def reading_face(fonts: ViewFonts) -> str:
    """The face the text is set in: the first of the families that is installed."""
    return QFontInfo(reading_font(fonts)).family()
