"""The character and block formats of the reading view, by block kind and inline
span, in the view's theme and fonts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QTextBlockFormat, QTextCharFormat

from claimmark.ui import theme as themes
from claimmark.ui.reading.fonts import MONO_FAMILIES, ViewFonts

if TYPE_CHECKING:
    from claimmark.core.model.document import Block

MAX_NESTING = 6  # list and quote depths beyond this are drawn at this depth
# Adding a block to a QTextList costs time in the list's length (Qt renumbers it), so a
# long list is drawn as lists of this many items that continue each other's numbering.
LIST_RUN = 200
TABLE_TEXT_SCALE = 0.95  # a table row's text size, relative to the reading text
_HEADING_SCALE = {1: 1.75, 2: 1.4, 3: 1.2, 4: 1.08, 5: 1.0, 6: 1.0}


class Formats:
    """Formats made for one theme and one set of fonts."""

    def __init__(self, theme: themes.Theme, fonts: ViewFonts):
        self.theme = theme
        self.fonts = fonts

    def char(
        self,
        scale: float = 1.0,
        *,
        bold: bool = False,
        italic: bool = False,
        colour: str | None = None,
        mono: bool = False,
    ) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setFontFamilies(MONO_FAMILIES if mono else self.fonts.families())
        fmt.setFontPointSize(self.fonts.size * scale)
        fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        fmt.setFontItalic(italic)
        fmt.setForeground(QColor(colour or self.theme.text))
        return fmt

    def block(
        self,
        *,
        top: float = 0.0,
        bottom: float = 0.0,
        indent: int = 0,
        line_height: int = 155,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    ) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        em = self.fonts.size * 1.33  # points to pixels, roughly
        fmt.setTopMargin(top * em)
        fmt.setBottomMargin(bottom * em)
        fmt.setLeftMargin(indent * em * 1.5)
        fmt.setLineHeight(line_height, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        fmt.setAlignment(
            align | Qt.AlignmentFlag.AlignAbsolute if align != Qt.AlignmentFlag.AlignLeft else align
        )
        return fmt

    def for_block(self, block: Block) -> tuple[QTextBlockFormat, QTextCharFormat]:
        kind = block.kind
        if kind == "heading":
            level = min(max(block.level, 1), 6)
            scale = _HEADING_SCALE[level]
            return (
                self.block(top=0.9 if level > 1 else 0.0, bottom=0.45, line_height=125),
                self.char(scale, bold=True),
            )
        if kind == "quote":
            depth = min(max(block.level, 1), MAX_NESTING)
            return self.block(bottom=0.8, indent=depth), self.char(italic=True)
        if kind == "list_item":
            return self.block(bottom=0.35), self.char()
        if kind == "figure":
            return (
                self.block(bottom=1.1, line_height=135, align=Qt.AlignmentFlag.AlignHCenter),
                self.char(0.88, italic=True, colour=self.theme.muted),
            )
        if kind == "pre":
            fmt = self.block(bottom=0.8, line_height=130)
            fmt.setNonBreakableLines(False)
            return fmt, self.char(0.9, mono=True)
        if kind == "table_row":
            fmt = self.block(bottom=0.2, line_height=135)
            return fmt, self.char(TABLE_TEXT_SCALE)
        return self.block(bottom=0.85), self.char()

    def span(self, base: QTextCharFormat, kinds: Sequence[tuple[str, str | None]]) -> QTextCharFormat:
        """`base` with the inline spans (emphasis, code, links, ...) over it."""
        fmt = QTextCharFormat(base)
        for kind, href in kinds:
            if kind == "em":
                fmt.setFontItalic(not base.fontItalic())
            elif kind == "strong":
                fmt.setFontWeight(QFont.Weight.Bold)
            elif kind == "code":
                fmt.setFontFamilies(MONO_FAMILIES)
                fmt.setFontPointSize(base.fontPointSize() * 0.9)
            elif kind == "sub":
                fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSubScript)
            elif kind == "sup":
                fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
            elif kind == "link" and (href or "").lower().startswith(("http://", "https://")):
                fmt.setAnchor(True)
                fmt.setAnchorHref(href or "")
                fmt.setForeground(QColor(self.theme.link))
                fmt.setToolTip(href or "")
        return fmt
