"""The QTextDocument shown in the reading view, built block by block from the core's
ReadingDocument (never from page HTML), with the header line under the title, the
figures, lists and tables; and the map of where each core block landed."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextImageFormat,
    QTextList,
    QTextListFormat,
    QTextOption,
)

from claimmark.core.model.document import Block, ReadingDocument, runs_of
from claimmark.ui import theme as themes
from claimmark.ui.pictures import IMAGE_SCHEME, Shown, Withheld
from claimmark.ui.reading.fonts import ViewFonts, reading_font
from claimmark.ui.reading.formats import LIST_RUN, MAX_NESTING, TABLE_TEXT_SCALE, Formats
from claimmark.ui.reading.mapping import PositionMap

LONG_WORD = 2000  # characters without a space: past this, lines break anywhere (see build)
_SAFE_TEXT = str.maketrans({"\n": "\u2028", "\u2029": "\u2028", "\ufffc": "\ufffd", "\r": " "})
_UNSAFE = re.compile("[\n\u2029\ufffc\r]")  # what _SAFE_TEXT changes: most texts hold none
_SPACE = re.compile(r"\s")  # what str.split splits at (both are str.isspace)
_BULLETS = (
    QTextListFormat.Style.ListDisc,
    QTextListFormat.Style.ListCircle,
    QTextListFormat.Style.ListSquare,
)

Images = Callable[[str, float], Shown | Withheld | None]
TableLayout = dict[int, tuple[list[QTextOption.Tab], bool]]


class DocumentBuilder:
    """Builds a QTextDocument from a ReadingDocument inside one edit block."""

    def __init__(self, doc: QTextDocument, theme: themes.Theme, fonts: ViewFonts):
        self.doc = doc
        self.theme = theme
        self.fonts = fonts
        self.formats = Formats(theme, fonts)
        self.map = PositionMap()
        self.base_runs: list[tuple[int, int, QTextCharFormat]] = []  # Qt ranges and their formats
        self._cursor = QTextCursor(doc)
        self._first = True  # the document's first block is there already: it is formatted, not added
        self._lists: dict[int, QTextList] = {}  # the open list at each depth

    def build(
        self,
        reading: ReadingDocument,
        header: dict[str, str],
        images: Images,
        column_width: int,
    ) -> PositionMap:
        """`images(key, room)` gives a figure's picture fitted to `room` logical pixels."""
        self._set_up_document(reading)
        cursor = self._cursor = QTextCursor(self.doc)
        cursor.beginEditBlock()
        self._first = True
        self._lists = {}
        starts = reading.block_starts()
        tables = self._table_layout(reading.blocks, column_width)
        shade = themes.blend(QColor(self.theme.page), QColor(self.theme.text), 0.05)
        kind_formats: dict[tuple[str, int], tuple[QTextBlockFormat, QTextCharFormat]] = {}
        for index, block in enumerate(reading.blocks):
            # a kind's formats made once: making them costs more than inserting the text
            looks = kind_formats.get((block.kind, block.level))
            if looks is None:
                looks = kind_formats[(block.kind, block.level)] = self.formats.for_block(block)
            block_fmt, char_fmt = looks
            if index in tables:
                tabs, shaded = tables[index]
                block_fmt = QTextBlockFormat(block_fmt)
                block_fmt.setTabPositions(tabs)
                if shaded:
                    block_fmt.setBackground(shade)
            if block.kind != "list_item":
                self._lists.clear()
            if block.kind == "figure" and block.image:
                self._insert_picture(block, images(block.image, float(max(120, column_width - 8))))
            self._new_block(block_fmt, char_fmt)
            if block.kind == "list_item":
                self._add_to_list(block)
            self.map.texts.append(block.text)
            self.map.core_starts.append(starts[index])
            self.map.qt_starts.append(cursor.position())
            self._insert_text(block, char_fmt)
            if index == 0:
                self._insert_header(header)
        cursor.endEditBlock()
        return self.map

    def _set_up_document(self, reading: ReadingDocument) -> None:
        doc = self.doc
        doc.clear()
        option = QTextOption()
        # very long unbroken words break anywhere rather than overflow the column; Qt's
        # search for a word boundary is quadratic in a word's length, so a text holding a
        # very long one breaks anywhere throughout (a 5 MB word: seconds, not hours)
        long_word = _has_long_word(reading.text)
        option.setWrapMode(QTextOption.WrapMode.WrapAnywhere if long_word
                           else QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(option)
        doc.setDefaultFont(reading_font(self.fonts))
        root = doc.rootFrame().frameFormat()
        root.setMargin(0)
        root.setTopMargin(28)
        root.setBottomMargin(48)
        doc.rootFrame().setFrameFormat(root)

    def _new_block(self, block_fmt: QTextBlockFormat, char_fmt: QTextCharFormat) -> None:
        if self._first:
            self._cursor.setBlockFormat(block_fmt)
            self._cursor.setBlockCharFormat(char_fmt)
            self._first = False
        else:
            self._cursor.insertBlock(block_fmt, char_fmt)

    def _insert_picture(self, block: Block, found: Shown | Withheld | None) -> None:
        """A figure's picture in a block of its own above its caption, or a note that
        it is not shown (neither is reading text: nothing maps to them)."""
        if isinstance(found, Shown):
            self._new_block(
                self.formats.block(top=0.4, bottom=0.4, line_height=100, align=Qt.AlignmentFlag.AlignHCenter),
                self.formats.char(),
            )
            fmt = QTextImageFormat()
            fmt.setName(f"{IMAGE_SCHEME}:{block.image}")
            fmt.setWidth(found.width)
            fmt.setHeight(found.height)
            if block.alt:
                fmt.setToolTip(block.alt)
            self._cursor.insertImage(fmt)
        elif isinstance(found, Withheld):
            self._insert_withheld(found, block.alt)

    def _add_to_list(self, block: Block) -> None:
        """Put the cursor's block in the list of its depth, opening one if need be."""
        cursor, lists = self._cursor, self._lists
        depth = min(max(block.level, 1), MAX_NESTING)
        for deeper in [d for d in lists if d > depth]:
            del lists[deeper]
        current = lists.get(depth)
        if current is not None and current.count() >= LIST_RUN:
            list_fmt = current.format()
            list_fmt.setStart(list_fmt.start() + current.count())
            lists[depth] = cursor.createList(list_fmt)
        elif current is None:
            list_fmt = QTextListFormat()
            ordered = QTextListFormat.Style.ListDecimal
            list_fmt.setStyle(ordered if block.ordered else _BULLETS[(depth - 1) % 3])
            list_fmt.setIndent(depth)
            lists[depth] = cursor.createList(list_fmt)
        else:
            current.add(cursor.block())

    def _table_layout(self, blocks: Sequence[Block], column_width: int) -> TableLayout:
        """Tab stops that line a table's cells (tab-separated in its rows' text) up in
        columns as wide as their widest cell; a table too wide for the column narrows the
        columns whose longest cell stands furthest above most of their cells first, then
        scales down. Every other row shaded. Keyed by block index; the text itself stays
        as it is."""
        layout: TableLayout = {}
        metrics = QFontMetricsF(self.formats.char(TABLE_TEXT_SCALE).font())
        gap = metrics.horizontalAdvance("m") * 1.25
        for run in runs_of(blocks, "table_row"):
            cells: list[list[float]] = []
            for block in (blocks[i] for i in run):
                for column, cell in enumerate(block.text.split("\t")):
                    if column == len(cells):
                        cells.append([])
                    cells[column].append(metrics.horizontalAdvance(cell))
            room = max(1.0, column_width - 16 - gap * len(cells))
            widths = [max(column) for column in cells]
            # too wide: the columns whose longest cell is furthest above most of their cells
            # give way first (a long header or one long name overflows; the rest line up)
            typical = [sorted(column)[(len(column) - 1) * 3 // 4] for column in cells]
            for column in sorted(range(len(cells)), key=lambda c: typical[c] - widths[c]):
                if sum(widths) <= room:
                    break
                widths[column] = max(typical[column], widths[column] - (sum(widths) - room))
            scale = min(1.0, room / max(1.0, sum(widths)))
            stops, position = [], 0.0
            for width in widths[:-1]:
                position += width * scale + gap
                stops.append(QTextOption.Tab(position, QTextOption.TabType.LeftTab))
            for row in run:
                layout[row] = (stops, (row - run.start) % 2 == 1)
        return layout

    def _insert_text(self, block: Block, base: QTextCharFormat) -> None:
        cursor = self._cursor
        text = block.text
        if not block.spans:  # most blocks: one run in the block's format (none when empty)
            if text:
                before = cursor.position()
                cursor.insertText(_safe(text), base)
                self.base_runs.append((before, cursor.position(), base))
            return
        bounds = {0, len(text)}
        for span in block.spans:
            if 0 <= span.start < span.end <= len(text):
                bounds.update((span.start, span.end))
        points = sorted(bounds)
        for start, end in itertools.pairwise(points):
            active = [(s.kind, s.href) for s in block.spans if s.start <= start and end <= s.end]
            fmt = self.formats.span(base, active) if active else base
            before = cursor.position()
            cursor.insertText(_safe(text[start:end]), fmt)
            self.base_runs.append((before, cursor.position(), fmt))

    def _insert_withheld(self, picture: Withheld, alt: str) -> None:
        """A quiet note where a picture is not shown, above its caption (not reading text:
        nothing maps to it)."""
        block = self.formats.block(top=0.4, bottom=0.4, line_height=130, align=Qt.AlignmentFlag.AlignHCenter)
        block.setBackground(themes.blend(QColor(self.theme.page), QColor(self.theme.text), 0.06))
        muted = self.formats.char(0.85, italic=True, colour=self.theme.muted)
        self._new_block(block, muted)
        what = f"“{alt.strip()[:120]}”, " if alt.strip() else ""
        note = f"Picture not shown ({what}{picture.width} × {picture.height} pixels): {picture.reason}."
        self._cursor.insertText(note.translate(_SAFE_TEXT), muted)

    def _insert_header(self, header: dict[str, str]) -> None:
        url = header.get("url", "").strip()
        web = url.lower().startswith(("http://", "https://"))
        host = QUrl(url).host().removeprefix("www.") if web else ""
        parts = [header.get(key, "").strip() for key in ("byline", "site_name", "published")]
        # a site named only by its host shows once, as the link
        parts = [p for p in parts if p and not (host and p.lower().removeprefix("www.") == host.lower())]
        if not parts and not url:
            return
        cursor = self._cursor
        muted = self.formats.char(0.85, colour=self.theme.muted)
        self._new_block(self.formats.block(top=0.1, bottom=1.6, line_height=140), muted)
        cursor.insertText("  ·  ".join(parts).translate(_SAFE_TEXT), muted)
        if web:
            if parts:
                cursor.insertText("  ·  ", muted)
            link = QTextCharFormat(muted)
            link.setAnchor(True)
            link.setAnchorHref(url)
            link.setForeground(QColor(self.theme.link))
            link.setToolTip(url)
            shown = host or (url if len(url) <= 48 else url[:47] + "…")
            cursor.insertText(shown.translate(_SAFE_TEXT), link)


def _has_long_word(text: str) -> bool:
    """Whether `text` holds a word of LONG_WORD characters or more. A word that long
    covers a whole stretch of LONG_WORD // 2 characters starting at a multiple of that,
    so the stretches are searched for a space first (most hold one in their first
    words): splitting a 200 KB text into its words only to measure them took 1.5 ms."""
    step = LONG_WORD // 2
    if all(_SPACE.search(text, at, at + step) for at in range(0, len(text) - step + 1, step)):
        return False
    return any(len(word) >= LONG_WORD for word in text.split())


def _safe(text: str) -> str:
    """`text` as the view holds it: a line break as U+2028, no object replacement
    character (Qt's placeholder for an image). Translating only a text that needs it:
    `str.translate` costs 20 ns a character, a search for what it changes 1."""
    return text.translate(_SAFE_TEXT) if _UNSAFE.search(text) else text
