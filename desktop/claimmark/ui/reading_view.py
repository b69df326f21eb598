"""The reading view: a QTextBrowser whose document is built block by block from the
core's ReadingDocument, never from page HTML.

Every core block becomes one Qt block, so a code-point offset into the reading text
maps to a Qt position through the block's start (kept in `PositionMap`) plus the one
UTF-16 conversion in `claimmark.core.model.positions`. Blocks that are not reading text
(the byline/site/date line under the title, a figure's image) are Qt blocks of their
own that the map skips. Line breaks inside a block become U+2028, which is one
position in Qt exactly as "\\n" is one code point in the core.

The view loads nothing by itself: images are document resources under the private
``cm-image:`` scheme, filled from the project's stored blobs; `loadResource` returns
nothing for any other URL; links never navigate, and only http(s) links open, in the
system browser, after the person confirms.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QFontInfo,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextImageFormat,
    QTextListFormat,
    QTextOption,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMessageBox,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QToolTip,
    QWidget,
)

from claimmark.core.model import positions
from claimmark.core.model.document import Block, ReadingDocument, runs_of
from claimmark.core.model.printable import printable
from claimmark.ui import theme as themes
from claimmark.ui.icons import icon
from claimmark.ui.pictures import Loader, Pictures, Shown, Withheld

IMAGE_SCHEME = "cm-image"
ANNOTATIONS_PROPERTY = QTextFormat.Property.UserProperty + 1  # "id,id,..." on highlighted text
DEFAULT_FONT_SIZE = 13.0
MIN_FONT_SIZE, MAX_FONT_SIZE = 8.0, 32.0
LINE_CHARACTERS = 68  # the column holds about this many characters of body text
MAX_NESTING = 6  # list and quote depths beyond this are drawn at this depth
# Adding a block to a QTextList costs time in the list's length (Qt renumbers it), so a
# long list is drawn as lists of this many items that continue each other's numbering.
LIST_RUN = 200
LONG_WORD = 2000  # characters without a space: past this, lines break anywhere (see build)
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
_HEADING_SCALE = {1: 1.75, 2: 1.4, 3: 1.2, 4: 1.08, 5: 1.0, 6: 1.0}
TABLE_TEXT_SCALE = 0.95  # a table row's text size, relative to the reading text
_SAFE_TEXT = str.maketrans({"\n": "\u2028", "\u2029": "\u2028", "\ufffc": "\ufffd", "\r": " "})


@dataclass
class Highlight:
    """What the view needs to draw one annotation."""

    id: int
    kind: str
    start: int  # code points into the reading text
    end: int
    author_id: str = ""
    author: str = ""


@dataclass
class PositionMap:
    """Core code-point offsets <-> Qt document positions, block by block."""

    texts: list[str] = field(default_factory=list)
    core_starts: list[int] = field(default_factory=list)  # per core block
    qt_starts: list[int] = field(default_factory=list)  # per core block
    _maps: dict[int, positions.PositionMap | None] = field(default_factory=dict, repr=False)

    @property
    def text_length(self) -> int:
        if not self.texts:
            return 0
        return self.core_starts[-1] + len(self.texts[-1])

    def block_at_core(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.core_starts, offset) - 1)

    def _positions(self, index: int) -> positions.PositionMap | None:
        """The block's UTF-16 map, or None when code points and UTF-16 units agree."""
        try:
            return self._maps[index]
        except KeyError:
            text = self.texts[index]
            found = None if positions.utf16_length(text) == len(text) else positions.PositionMap(text)
            self._maps[index] = found
            return found

    def to_qt(self, offset: int) -> int:
        if not self.texts:
            return 0
        offset = max(0, min(offset, self.text_length))
        index = self.block_at_core(offset)
        within = min(offset - self.core_starts[index], len(self.texts[index]))
        mapping = self._positions(index)
        return self.qt_starts[index] + (within if mapping is None else mapping.cp_to_utf16(within))

    def to_core(self, position: int, *, prefer_end: bool = False) -> int:
        """The core offset at a Qt position; positions in unmapped blocks (image,
        header) go to the next block's start, or with `prefer_end` the previous block's end."""
        if not self.texts:
            return 0
        index = max(0, bisect.bisect_right(self.qt_starts, position) - 1)
        text = self.texts[index]
        mapping = self._positions(index)
        units = len(text) if mapping is None else mapping.utf16_length
        within = position - self.qt_starts[index]
        if within <= units:
            within = max(0, within)
            return self.core_starts[index] + (within if mapping is None else mapping.utf16_to_cp(within))
        # past this block's text: an unmapped block follows it
        if prefer_end or index + 1 >= len(self.texts):
            return self.core_starts[index] + len(text)
        return self.core_starts[index + 1]

    def qt_segments(self, start: int, end: int) -> list[tuple[int, int]]:
        """The Qt ranges covering core [start, end), one per block it touches."""
        segments = []
        if end <= start or not self.texts:
            return segments
        first, last = self.block_at_core(start), self.block_at_core(max(start, end - 1))
        for index in range(first, last + 1):
            block_start = self.core_starts[index]
            block_end = block_start + len(self.texts[index])
            s, e = max(start, block_start), min(end, block_end)
            if s < e:
                segments.append((self.to_qt(s), self.to_qt(e)))
        return segments


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


class DocumentBuilder:
    """Builds a QTextDocument from a ReadingDocument inside one edit block."""

    def __init__(self, doc: QTextDocument, theme: themes.Theme, fonts: ViewFonts):
        self.doc = doc
        self.theme = theme
        self.fonts = fonts
        self.map = PositionMap()
        self.base_runs: list[tuple[int, int, QTextCharFormat]] = []  # Qt ranges and their formats

    # -- formats ----------------------------------------------------------------
    def _char(
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

    def _block(
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

    def _formats_for(self, block: Block) -> tuple[QTextBlockFormat, QTextCharFormat]:
        kind = block.kind
        if kind == "heading":
            level = min(max(block.level, 1), 6)
            scale = _HEADING_SCALE[level]
            return (
                self._block(top=0.9 if level > 1 else 0.0, bottom=0.45, line_height=125),
                self._char(scale, bold=True),
            )
        if kind == "quote":
            depth = min(max(block.level, 1), MAX_NESTING)
            return self._block(bottom=0.8, indent=depth), self._char(italic=True)
        if kind == "list_item":
            return self._block(bottom=0.35), self._char()
        if kind == "figure":
            return (
                self._block(bottom=1.1, line_height=135, align=Qt.AlignmentFlag.AlignHCenter),
                self._char(0.88, italic=True, colour=self.theme.muted),
            )
        if kind == "pre":
            fmt = self._block(bottom=0.8, line_height=130)
            fmt.setNonBreakableLines(False)
            return fmt, self._char(0.9, mono=True)
        if kind == "table_row":
            fmt = self._block(bottom=0.2, line_height=135)
            return fmt, self._char(TABLE_TEXT_SCALE)
        return self._block(bottom=0.85), self._char()

    def _span_format(self, base: QTextCharFormat, kinds: Sequence[tuple[str, str | None]]) -> QTextCharFormat:
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

    # -- building -----------------------------------------------------------------
    def build(
        self,
        reading: ReadingDocument,
        header: dict[str, str],
        images: Callable[[str, float], Shown | Withheld | None],
        column_width: int,
    ) -> PositionMap:
        """`images(key, room)` gives a figure's picture fitted to `room` logical pixels."""
        doc = self.doc
        doc.clear()
        option = QTextOption()
        # very long unbroken words break anywhere rather than overflow the column; Qt's
        # search for a word boundary is quadratic in a word's length, so a text holding a
        # very long one breaks anywhere throughout (a 5 MB word: seconds, not hours)
        long_word = any(len(word) >= LONG_WORD for word in reading.text.split())
        option.setWrapMode(QTextOption.WrapMode.WrapAnywhere if long_word
                           else QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(option)
        doc.setDefaultFont(reading_font(self.fonts))
        root = doc.rootFrame().frameFormat()
        root.setMargin(0)
        root.setTopMargin(28)
        root.setBottomMargin(48)
        doc.rootFrame().setFrameFormat(root)
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        first = True
        lists: dict[int, object] = {}
        starts = reading.block_starts()

        def new_block(block_fmt: QTextBlockFormat, char_fmt: QTextCharFormat) -> None:
            nonlocal first
            if first:
                cursor.setBlockFormat(block_fmt)
                cursor.setBlockCharFormat(char_fmt)
                first = False
            else:
                cursor.insertBlock(block_fmt, char_fmt)

        tables = self._table_layout(reading.blocks, column_width)
        shade = themes.blend(QColor(self.theme.page), QColor(self.theme.text), 0.05)
        for index, block in enumerate(reading.blocks):
            block_fmt, char_fmt = self._formats_for(block)
            if index in tables:
                tabs, shaded = tables[index]
                block_fmt.setTabPositions(tabs)
                if shaded:
                    block_fmt.setBackground(shade)
            if block.kind != "list_item":
                lists.clear()
            if block.kind == "figure" and block.image:
                found = images(block.image, float(max(120, column_width - 8)))
                if isinstance(found, Shown):
                    new_block(
                        self._block(
                            top=0.4, bottom=0.4, line_height=100, align=Qt.AlignmentFlag.AlignHCenter
                        ),
                        self._char(),
                    )
                    fmt = QTextImageFormat()
                    fmt.setName(f"{IMAGE_SCHEME}:{block.image}")
                    fmt.setWidth(found.width)
                    fmt.setHeight(found.height)
                    if block.alt:
                        fmt.setToolTip(block.alt)
                    cursor.insertImage(fmt)
                elif isinstance(found, Withheld):
                    self._insert_withheld(found, block.alt, new_block, cursor)
            new_block(block_fmt, char_fmt)
            if block.kind == "list_item":
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
                    list_fmt.setStyle(
                        QTextListFormat.Style.ListDecimal
                        if block.ordered
                        else (
                            QTextListFormat.Style.ListDisc,
                            QTextListFormat.Style.ListCircle,
                            QTextListFormat.Style.ListSquare,
                        )[(depth - 1) % 3]
                    )
                    list_fmt.setIndent(depth)
                    current = cursor.createList(list_fmt)
                    lists[depth] = current
                else:
                    current.add(cursor.block())
            self.map.texts.append(block.text)
            self.map.core_starts.append(starts[index])
            self.map.qt_starts.append(cursor.position())
            self._insert_text(cursor, block, char_fmt)
            if index == 0:
                self._insert_header(cursor, header, new_block)
        cursor.endEditBlock()
        return self.map

    def _table_layout(
        self, blocks: Sequence[Block], column_width: int
    ) -> dict[int, tuple[list[QTextOption.Tab], bool]]:
        """Tab stops that line a table's cells (tab-separated in its rows' text) up in
        columns as wide as their widest cell; a table too wide for the column narrows the
        columns whose longest cell stands furthest above most of their cells first, then
        scales down. Every other row shaded. Keyed by block index; the text itself stays
        as it is."""
        layout: dict[int, tuple[list[QTextOption.Tab], bool]] = {}
        metrics = QFontMetricsF(self._char(TABLE_TEXT_SCALE).font())
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

    def _insert_text(self, cursor: QTextCursor, block: Block, base: QTextCharFormat) -> None:
        text = block.text
        bounds = {0, len(text)}
        for span in block.spans:
            if 0 <= span.start < span.end <= len(text):
                bounds.update((span.start, span.end))
        points = sorted(bounds)
        for start, end in itertools.pairwise(points):
            active = [(s.kind, s.href) for s in block.spans if s.start <= start and end <= s.end]
            fmt = self._span_format(base, active) if active else base
            before = cursor.position()
            cursor.insertText(text[start:end].translate(_SAFE_TEXT), fmt)
            self.base_runs.append((before, cursor.position(), fmt))

    def _insert_withheld(self, picture: Withheld, alt: str, new_block: Callable, cursor: QTextCursor) -> None:
        """A quiet note where a picture is not shown, above its caption (not reading text:
        nothing maps to it)."""
        block = self._block(top=0.4, bottom=0.4, line_height=130, align=Qt.AlignmentFlag.AlignHCenter)
        block.setBackground(themes.blend(QColor(self.theme.page), QColor(self.theme.text), 0.06))
        muted = self._char(0.85, italic=True, colour=self.theme.muted)
        new_block(block, muted)
        what = f"“{alt.strip()[:120]}”, " if alt.strip() else ""
        note = f"Picture not shown ({what}{picture.width} × {picture.height} pixels): {picture.reason}."
        cursor.insertText(note.translate(_SAFE_TEXT), muted)

    def _insert_header(self, cursor: QTextCursor, header: dict[str, str], new_block: Callable) -> None:
        url = header.get("url", "").strip()
        web = url.lower().startswith(("http://", "https://"))
        host = QUrl(url).host().removeprefix("www.") if web else ""
        parts = [header.get(key, "").strip() for key in ("byline", "site_name", "published")]
        # a site named only by its host shows once, as the link
        parts = [p for p in parts if p and not (host and p.lower().removeprefix("www.") == host.lower())]
        if not parts and not url:
            return
        muted = self._char(0.85, colour=self.theme.muted)
        new_block(self._block(top=0.1, bottom=1.6, line_height=140), muted)
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


class TagBar(QFrame):
    """The small floating bar by a selection: one button per kind."""

    tag = Signal(str)

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("TagBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(3, 3, 3, 3)
        layout.setSpacing(2)
        self.buttons: dict[str, QToolButton] = {}
        for kind in themes.KINDS:
            button = QToolButton(self)
            keys = themes.KIND_KEYS[kind]
            button.setText(themes.KIND_LABELS[kind])
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setToolTip(f"Tag the selection as a {kind} ({keys[0]} or {keys[1]})")
            button.setAccessibleName(f"Tag as {kind}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoRaise(True)
            button.clicked.connect(lambda _=False, k=kind: self.tag.emit(k))
            layout.addWidget(button)
            self.buttons[kind] = button
        self.hide()

    def set_theme(self, theme: themes.Theme) -> None:
        for kind, button in self.buttons.items():
            button.setIcon(icon(kind, theme.kinds[kind]))
        surface = "#2C2D31" if theme.dark else "#FFFFFF"
        border = "#4A4B50" if theme.dark else "#C9C7C0"
        hover = "#3A3B40" if theme.dark else "#EFEEE9"
        self.setStyleSheet(
            f"#TagBar {{ background: {surface}; border: 1px solid {border}; border-radius: 7px; }}"
            f"#TagBar QToolButton {{ color: {theme.text}; padding: 3px 8px; border-radius: 5px; }}"
            f"#TagBar QToolButton:hover {{ background: {hover}; }}"
        )


class ReadingView(QTextBrowser):
    """The clean reading view of one document."""

    tagRequested = Signal(str, int, int)  # kind, core start, core end
    kindKey = Signal(str)  # a kind's key: tag the selection, or change the kind of the one in focus
    editRequested = Signal()  # E or Return: edit the annotation in focus
    highlightClicked = Signal(int)  # annotation id
    linkRefused = Signal(str)
    picturesWithheld = Signal(str)  # a sentence for the status bar: how many pictures are not shown, why

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ReadingView")
        self.setAccessibleName("Reading view")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        self.setUndoRedoEnabled(False)
        self.document().setUndoRedoEnabled(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAcceptDrops(False)  # files dropped on the article go to the window (import)
        self.viewport().setAcceptDrops(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth)
        self.setAutoFillBackground(True)
        self.theme = themes.resolve("light")
        self.fonts = ViewFonts()
        self.map = PositionMap()
        self.reading: ReadingDocument | None = None
        self.header: dict[str, str] = {}
        self.document_id: int | None = None
        self.pictures = Pictures()
        self._withheld_told: tuple[int | None, int] = (None, 0)
        self._base_runs: list[tuple[int, int, QTextCharFormat]] = []
        self._run_starts: list[int] = []
        self._own_doc: QTextDocument | None = None  # the last document built here
        self.highlights: dict[int, Highlight] = {}
        self._looks: dict[tuple, QTextCharFormat] = {}  # highlight formats by kinds (and authors), per theme
        self.author_colours: dict[str, QColor] | None = None  # colour by author instead of by kind
        self.confirm_link: Callable[[str], bool] = self._ask_open_link
        self.anchorClicked.connect(self._on_anchor)
        self.tag_bar = TagBar(self.viewport())
        self.tag_bar.tag.connect(self._tag_selection)
        # pictures are drawn, and decoded, at most as wide as the column they were built
        # for: when the column changes width, the page is built again once the resizing
        # settles (and when the screen's pixel ratio changes)
        self._built_width = 0
        self._built_ratio = 1.0
        self._refit_timer = QTimer(self, singleShot=True, interval=150)
        self._refit_timer.timeout.connect(self._rebuild)
        self._bar_timer = QTimer(self, singleShot=True, interval=120)
        self._bar_timer.timeout.connect(self._place_tag_bar)
        self.selectionChanged.connect(self._bar_timer.start)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._flash_timer = QTimer(self, singleShot=True, interval=700)
        self._flash_timer.timeout.connect(lambda: self.setExtraSelections([]))
        self.apply_theme(self.theme)

    # -- loading --------------------------------------------------------------------
    def loadResource(self, kind: int, url: QUrl | str):
        """Only the project's stored images; never a file, never the network."""
        url = QUrl(url)
        if url.scheme() == IMAGE_SCHEME:
            return self.pictures.image(url.path())  # decoded as it is first painted
        return None

    def show_document(
        self,
        document_id: int,
        reading: ReadingDocument,
        header: dict[str, str],
        image_loader: Loader,
        highlights: Iterable[Highlight] = (),
    ) -> None:
        if document_id != self.document_id or reading is not self.reading:
            self.map = PositionMap()  # another text: no place to keep
        self.document_id = document_id
        self.reading = reading
        self.header = dict(header)
        self.pictures = Pictures(image_loader)
        self._withheld_told = (None, 0)
        self.highlights = {h.id: h for h in highlights}
        self._rebuild()

    def clear_document(self) -> None:
        self.document_id = None
        self.reading = None
        self.highlights = {}
        self.map = PositionMap()
        self.pictures = Pictures()
        self._base_runs, self._run_starts = [], []
        self.document().clear()
        self.tag_bar.hide()
        self._show_placeholder()

    placeholder = (
        "No article open",
        "Import saved pages with File ▸ Import Files (Ctrl+I) or Import Folder,"
        " or drop files and folders on this window.",
    )

    def _show_placeholder(self) -> None:
        """A quiet note in the empty view (not reading text: nothing maps to it)."""
        doc = self.document()
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        builder = DocumentBuilder(doc, self.theme, self.fonts)
        block = builder._block(top=4.0, bottom=0.6, align=Qt.AlignmentFlag.AlignHCenter)
        cursor.setBlockFormat(block)
        cursor.insertText(self.placeholder[0], builder._char(1.3, colour=self.theme.muted))
        cursor.insertBlock(
            builder._block(align=Qt.AlignmentFlag.AlignHCenter), builder._char(0.9, colour=self.theme.muted)
        )
        cursor.insertText(self.placeholder[1])
        cursor.endEditBlock()

    def _pixel_ratio(self) -> float:
        """Device pixels per logical pixel on the view's screen: pictures are decoded at
        their drawn width times this, to stay sharp on a high-DPI screen."""
        return self.devicePixelRatioF()

    def _tell_withheld(self) -> None:
        withheld = self.pictures.withheld
        told = (self.document_id, len(withheld))
        if not withheld or told == self._withheld_told:
            return
        self._withheld_told = told
        count = f"{len(withheld)} picture{'s' if len(withheld) != 1 else ''}"
        why = withheld[0] if len(set(withheld)) == 1 else "the notes by their captions say why"
        self.picturesWithheld.emit(f"{count} not shown: {why}.")

    def _rebuild(self) -> None:
        """Build the document detached from the view (about twice as fast as editing
        the shown one), draw the highlights, then show it."""
        if self.reading is None:
            return
        place = self.reading_position() if self.map.texts else None
        self._update_geometry()
        doc = QTextDocument(self)
        doc.setUndoRedoEnabled(False)
        builder = DocumentBuilder(doc, self.theme, self.fonts)
        self._refit_timer.stop()
        self._built_width = self.lineWrapColumnOrWidth()
        self._built_ratio = self._pixel_ratio()
        self.pictures.start(self._built_ratio)
        self.map = builder.build(self.reading, self.header, self.pictures.picture, self._built_width)
        self.pictures.finish()
        self._base_runs = builder.base_runs
        self._run_starts = [r[0] for r in self._base_runs]
        self._apply(None, doc)
        previous, self._own_doc = self._own_doc, doc
        mode = doc.defaultTextOption().wrapMode()
        if self.wordWrapMode() != mode:  # setDocument imposes the view's mode: change it over a blank page
            blank = QTextDocument(self)
            self.setDocument(blank)
            self.setWordWrapMode(mode)
            blank.deleteLater()
        self.setDocument(doc)  # Qt deletes its own first document; ours go here
        if previous is not None:
            previous.deleteLater()
        if place is not None:
            self.scroll_to_position(place, top=True)
        self._tell_withheld()

    # -- geometry: a centred column of about LINE_CHARACTERS characters ---------------
    def _column_width(self) -> int:
        metrics = QFontMetricsF(reading_font(self.fonts))
        sample = "the quick brown fox jumps over the lazy dog; "
        per_char = metrics.horizontalAdvance(sample) / len(sample)
        return int(per_char * LINE_CHARACTERS + 2 * self.document().documentMargin())

    def _update_geometry(self) -> None:
        available = max(200, self.width() - self.verticalScrollBar().sizeHint().width())
        column = min(self._column_width(), available - 24)
        side = max(12, (available - column) // 2)
        if self.viewportMargins().left() != side or self.viewportMargins().right() != side:
            self.setViewportMargins(side, 0, side, 0)
        if self.lineWrapColumnOrWidth() != max(150, column):  # each change lays the page out again
            self.setLineWrapColumnOrWidth(max(150, column))
            tables = self.reading is not None and any(b.kind == "table_row" for b in self.reading.blocks)
            fitted = self.pictures.placed or tables
            if fitted and self._built_width != max(150, column):
                self._refit_timer.start()
        self.tag_bar.hide()

    def resizeEvent(self, event) -> None:
        self._update_geometry()
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.DevicePixelRatioChange and self.reading is not None
                and self._pixel_ratio() != self._built_ratio):
            self._refit_timer.start()  # moved to a screen of another pixel ratio: decode afresh
        return super().event(event)

    # -- themes and fonts ---------------------------------------------------------------
    def apply_theme(self, theme: themes.Theme) -> None:
        self.theme = theme
        self._looks = {}
        palette = self.palette()
        for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Window):
            palette.setColor(role, QColor(theme.page))
        palette.setColor(QPalette.ColorRole.Text, QColor(theme.text))
        palette.setColor(QPalette.ColorRole.Link, QColor(theme.link))
        self.setPalette(palette)
        self.viewport().setPalette(palette)
        self.tag_bar.set_theme(theme)
        if self.reading is None:
            self.document().clear()
            self._show_placeholder()
        self._rebuild()

    def set_fonts(self, fonts: ViewFonts) -> None:
        fonts.size = max(MIN_FONT_SIZE, min(MAX_FONT_SIZE, fonts.size))
        self.fonts = fonts
        self._rebuild()

    def zoom(self, steps: int) -> None:
        size = DEFAULT_FONT_SIZE if steps == 0 else self.fonts.size + steps
        self.set_fonts(ViewFonts(size, self.fonts.family, self.fonts.sans))

    # -- highlights ------------------------------------------------------------------
    def set_highlights(self, highlights: Iterable[Highlight]) -> None:
        old = list(self.highlights.values())
        self.highlights = {h.id: h for h in highlights}
        self._redraw_over([*old, *self.highlights.values()])

    def add_highlight(self, highlight: Highlight) -> None:
        previous = self.highlights.get(highlight.id)
        self.highlights[highlight.id] = highlight
        self._redraw_over([highlight] + ([previous] if previous else []))

    def remove_highlight(self, annotation_id: int) -> None:
        previous = self.highlights.pop(annotation_id, None)
        if previous is not None:
            self._redraw_over([previous])

    def set_author_colours(self, colours: dict[str, QColor] | None) -> None:
        """Tint highlights by author (`colours` by author id) or, with None, by kind;
        the underline still tells the kind."""
        self.author_colours = colours
        self._looks = {}
        self.redraw_highlights()

    def redraw_highlights(self) -> None:
        """Redraw every highlight of the shown document from its base formats."""
        self._apply((0, max(0, self.document().characterCount() - 1)))

    def _redraw_over(self, changed: Sequence[Highlight]) -> None:
        if not changed or not self.map.texts:
            return
        start = self.map.to_qt(min(h.start for h in changed))
        end = self.map.to_qt(max(h.end for h in changed))
        self._apply((start, end))

    def _apply(self, window: tuple[int, int] | None, doc: QTextDocument | None = None) -> None:
        """Draw highlights (all, or those within `window` after restoring its base
        formats) with mergeCharFormat in one edit block: the fast way in Qt."""
        if not self.map.texts:
            return
        cursor = QTextCursor(doc or self.document())
        cursor.beginEditBlock()
        if window is not None:
            self._restore_base(cursor, *window)
        events: dict[int, list[tuple[int, Highlight]]] = {}
        for highlight in self.highlights.values():
            for s, e in self.map.qt_segments(highlight.start, highlight.end):
                if window is not None:
                    s, e = max(s, window[0]), min(e, window[1])
                if s < e:
                    events.setdefault(s, []).append((1, highlight))
                    events.setdefault(e, []).append((-1, highlight))
        active: list[Highlight] = []
        points = sorted(events)
        for here, following in itertools.pairwise(points):
            for sign, highlight in events[here]:
                if sign > 0:
                    active.append(highlight)
                else:
                    active.remove(highlight)
            if not active or here >= following:
                continue
            cursor.setPosition(here)
            cursor.setPosition(following, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(self._highlight_format(active))
        cursor.endEditBlock()

    def _highlight_format(self, active: Sequence[Highlight]) -> QTextCharFormat:
        # outer (longer) annotations first: the innermost one sets the underline
        ordered = sorted(active, key=lambda h: (-(h.end - h.start), h.id))
        kinds = tuple(h.kind for h in ordered)
        by_author = self.author_colours
        key = kinds if by_author is None else (*kinds, "by", *(h.author_id for h in ordered))
        look = self._looks.get(key)
        if look is None:
            sources = [
                self.theme.tint_source(h.kind) if by_author is None
                else by_author.get(h.author_id, QColor(self.theme.muted))
                for h in ordered
            ]
            colour = QColor(self.theme.page)
            for depth, source in enumerate(sources):
                alpha = self.theme.highlight_alpha if depth == 0 else self.theme.highlight_alpha * 0.75
                colour = themes.blend(colour, source, alpha)
            look = QTextCharFormat()
            look.setBackground(colour)
            look.setUnderlineStyle(themes.underline_style(kinds[-1]))
            line = self.theme.kind_colour(kinds[-1]) if by_author is None else QColor(sources[-1])
            look.setUnderlineColor(line.darker(100 if self.theme.dark else 115))
            self._looks[key] = look
        fmt = QTextCharFormat(look)
        fmt.setProperty(ANNOTATIONS_PROPERTY, ",".join(str(h.id) for h in ordered))
        return fmt

    def _restore_base(self, cursor: QTextCursor, start: int, end: int) -> None:
        index = max(0, bisect.bisect_right(self._run_starts, start) - 1)
        while index < len(self._base_runs):
            run_start, run_end, fmt = self._base_runs[index]
            if run_start >= end:
                break
            s, e = max(start, run_start), min(end, run_end)
            if s < e:
                cursor.setPosition(s)
                cursor.setPosition(e, QTextCursor.MoveMode.KeepAnchor)
                cursor.setCharFormat(fmt)
            index += 1

    def annotations_at(self, position: int) -> list[int]:
        """Ids of the annotations drawn at a Qt position (outermost first)."""
        block = self.document().findBlock(position)
        if not block.isValid() or position >= block.position() + block.length() - 1:
            return []  # past the block's text: the paragraph separator is never drawn
        cursor = QTextCursor(self.document())
        cursor.setPosition(position + 1)
        value = cursor.charFormat().property(ANNOTATIONS_PROPERTY)
        return [int(v) for v in str(value).split(",") if v] if value else []

    # -- selection, keys and the tag bar ---------------------------------------------
    def highlight_tip(self, point: QPoint) -> str:
        """Which annotations are drawn at a viewport point, and whose they are."""
        ids = self.annotations_at(self.cursorForPosition(point).position())
        found = [self.highlights[i] for i in ids if i in self.highlights]
        return "\n".join(
            f"{themes.KIND_MARKERS[h.kind]} {themes.KIND_LABELS[h.kind]} by {h.author or 'unknown'}"
            for h in found
        )

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.highlight_tip(event.pos())
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
                return True
        return super().viewportEvent(event)

    def core_selection(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection() or not self.map.texts:
            return None
        start = self.map.to_core(cursor.selectionStart())
        end = self.map.to_core(cursor.selectionEnd(), prefer_end=True)
        return (start, end) if start < end else None

    def select_core(self, start: int, end: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self.map.to_qt(start))
        cursor.setPosition(self.map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def _tag_selection(self, kind: str) -> None:
        selected = self.core_selection()
        if selected is not None:
            self.tag_bar.hide()
            self.tagRequested.emit(kind, *selected)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            key = event.text().upper()
            for kind, keys in themes.KIND_KEYS.items():
                if key in keys:
                    self.kindKey.emit(kind)
                    return
            if (
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_E)
                and not self.textCursor().hasSelection()
            ):
                self.editRequested.emit()
                return
            if event.key() == Qt.Key.Key_Escape:
                cursor = self.textCursor()
                cursor.clearSelection()
                self.setTextCursor(cursor)
                self.tag_bar.hide()
                return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            position = self.cursorForPosition(event.position().toPoint()).position()
            ids = self.annotations_at(position)
            if ids:
                self.highlightClicked.emit(ids[-1])

    def _scrolled(self, _value: int) -> None:
        if self.tag_bar.isVisible():
            self.tag_bar.hide()
            self._bar_timer.start()  # back by the selection once scrolling pauses

    def _place_tag_bar(self) -> None:
        cursor = self.textCursor()
        if not cursor.hasSelection() or self.core_selection() is None:
            self.tag_bar.hide()
            return
        end = QTextCursor(cursor)
        end.setPosition(cursor.selectionEnd())
        start = QTextCursor(cursor)
        start.setPosition(cursor.selectionStart())
        rect: QRect = self.cursorRect(start).united(self.cursorRect(end))
        if not self.viewport().rect().intersects(self.cursorRect(end)):
            self.tag_bar.hide()  # the selection's end is scrolled out of view
            return
        bar: QSize = self.tag_bar.sizeHint()
        x = min(
            max(4, self.cursorRect(end).right() - bar.width() // 2), self.viewport().width() - bar.width() - 4
        )
        y = rect.top() - bar.height() - 6
        if y < 4:
            y = rect.bottom() + 6
        self.tag_bar.resize(bar)
        self.tag_bar.move(QPoint(x, y))
        self.tag_bar.show()
        self.tag_bar.raise_()

    # -- places ---------------------------------------------------------------------
    def reading_position(self) -> int:
        """The core offset of the text at the top of the view."""
        if not self.map.texts:
            return 0
        cursor = self.cursorForPosition(QPoint(4, 4))
        return self.map.to_core(cursor.position())

    def scroll_to_position(self, offset: int, *, top: bool = False) -> None:
        if not self.map.texts:
            return
        bar = self.verticalScrollBar()
        if offset <= 0 and top:
            bar.setValue(0)  # the very top, page margin included
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.map.to_qt(offset))
        rect = self.cursorRect(cursor)
        target = rect.top() - (4 if top else self.viewport().height() // 3)
        bar.setValue(bar.value() + target)

    def show_passage(self, start: int, end: int, kind: str) -> None:
        """Scroll a passage into view and flash it briefly."""
        self.scroll_to_position(start)
        selections = []
        for s, e in self.map.qt_segments(start, end):
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(s)
            cursor.setPosition(e, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(self.theme.kind_colour(kind))
            fmt.setForeground(QColor("#000000"))
            selection.format = fmt
            selections.append(selection)
        self.setExtraSelections(selections)
        self._flash_timer.start()

    def is_visible_core(self, offset: int) -> bool:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.map.to_qt(offset))
        rect = self.cursorRect(cursor)
        return self.viewport().rect().intersects(rect)

    # -- links ------------------------------------------------------------------------
    def _on_anchor(self, url: QUrl) -> None:
        text = url.toString()
        if url.scheme().lower() not in ("http", "https"):
            self.linkRefused.emit(text)
            return
        if self.confirm_link(text):
            QDesktopServices.openUrl(url)

    def _ask_open_link(self, url: str) -> bool:
        """The address as it is, but a bidirectional override or a control that could
        disguise it shown as an escape (``\\u202e``), never as markup."""
        box = QMessageBox(QMessageBox.Icon.Question, "Open link",
                          f"Open this address in your web browser?\n\n{printable(url)}",
                          QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("OpenLinkDialog")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Open

    def setSource(self, *args, **kwargs) -> None:
        """Never navigate: the view shows only what ClaimMark built."""
        return
