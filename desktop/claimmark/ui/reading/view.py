"""The reading view: a QTextBrowser whose document is built block by block from the
core's ReadingDocument, never from page HTML (see `builder`).

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

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPalette,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QFrame, QMessageBox, QTextBrowser, QTextEdit, QToolTip, QWidget

from claimmark.core.model.printable import printable
from claimmark.ui import theme as themes
from claimmark.ui.pictures import IMAGE_SCHEME, Loader, Pictures
from claimmark.ui.reading.fonts import (
    DEFAULT_FONT_SIZE,
    MAX_FONT_SIZE,
    MIN_FONT_SIZE,
    ViewFonts,
    reading_font,
)
from claimmark.ui.reading.formats import Formats
from claimmark.ui.reading.highlights import Highlight, Highlighter, annotations_at
from claimmark.ui.reading.mapping import PositionMap
from claimmark.ui.reading.placeholder import build_placeholder
from claimmark.ui.reading.tag_bar import TagBar

if TYPE_CHECKING:
    from claimmark.core.model.document import ReadingDocument

LINE_CHARACTERS = 68  # the column holds about this many characters of body text


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
        self._own_doc: QTextDocument | None = None  # the last document built here
        self.highlighter = Highlighter(self.theme)
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
        self._draw_timer = QTimer(self, singleShot=True, interval=0)  # a step of the pending highlights
        self._draw_timer.timeout.connect(self._draw_step)
        self._flash_timer = QTimer(self, singleShot=True, interval=700)
        self._flash_timer.timeout.connect(lambda: self.setExtraSelections([]))
        self.apply_theme(self.theme)

    @property
    def highlights(self) -> dict[int, Highlight]:
        """The highlights of the shown document, by annotation id."""
        return self.highlighter.highlights

    # -- loading --------------------------------------------------------------------
    def loadResource(self, _kind: int, url: QUrl | str) -> Any:
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
        self.highlighter.highlights = {h.id: h for h in highlights}
        self._rebuild()

    def clear_document(self) -> None:
        self.document_id = None
        self.reading = None
        self.highlighter.highlights = {}
        self.map = PositionMap()
        self.pictures = Pictures()
        self.highlighter.set_base_runs([])
        self.highlighter.pending = []
        self._draw_timer.stop()
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
        build_placeholder(self.document(), Formats(self.theme, self.fonts), *self.placeholder)

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
        from claimmark.ui.reading.builder import DocumentBuilder  # loads after the first paint

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
        self.highlighter.set_base_runs(builder.base_runs)
        self.highlighter.start(doc, self.map, self._likely_shown(place or 0))
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
        self._draw_shown()
        self._tell_withheld()

    def _likely_shown(self, place: int) -> tuple[int, int]:
        """The core range a page shows from `place`, generously: three times the text
        its lines hold (a screen at least 800 pixels high), from a little before."""
        lines = max(800, self.viewport().height()) / QFontMetricsF(reading_font(self.fonts)).lineSpacing()
        return place - 3 * LINE_CHARACTERS, place + int((lines + 1) * LINE_CHARACTERS * 3)

    def _draw_shown(self) -> None:
        """Draw the pending highlights over what the view shows now; the rest in steps."""
        if not self.highlighter.pending or not self.map.texts:
            return
        viewport = self.viewport()
        top = self.cursorForPosition(QPoint(0, 0)).position()
        bottom = self.cursorForPosition(QPoint(viewport.width(), viewport.height())).position()
        low, high = self.map.to_core(top), self.map.to_core(bottom, prefer_end=True) + 1
        self.highlighter.draw_within(self.document(), self.map, low, high)
        if self.highlighter.pending:
            self._draw_timer.start()

    def _draw_step(self) -> None:
        self.highlighter.draw_next(self.document(), self.map)
        if self.highlighter.pending:
            self._draw_timer.start()

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

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._update_geometry()
        super().resizeEvent(event)
        self._draw_shown()

    def event(self, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.DevicePixelRatioChange and self.reading is not None
                and self._pixel_ratio() != self._built_ratio):
            self._refit_timer.start()  # moved to a screen of another pixel ratio: decode afresh
        return super().event(event)

    # -- themes and fonts ---------------------------------------------------------------
    def apply_theme(self, theme: themes.Theme) -> None:
        self.theme = theme
        self.highlighter.set_theme(theme)
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
        self.highlighter.highlights = {h.id: h for h in highlights}
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
        self.highlighter.set_author_colours(colours)
        self.redraw_highlights()

    def redraw_highlights(self) -> None:
        """Redraw every highlight of the shown document from its base formats."""
        self.highlighter.apply(self.document(), self.map, (0, self.map.text_length))

    def _redraw_over(self, changed: Sequence[Highlight]) -> None:
        """Redraw the range the changed highlights cover (and what overlaps it there)."""
        if not changed or not self.map.texts:
            return
        self.highlighter.apply(
            self.document(), self.map, (min(h.start for h in changed), max(h.end for h in changed))
        )

    def annotations_at(self, position: int) -> list[int]:
        """Ids of the annotations drawn at a Qt position (outermost first)."""
        if self.highlighter.pending and self.map.texts:
            offset = self.map.to_core(position)
            self.highlighter.draw_within(self.document(), self.map, offset, offset + 1)
        return annotations_at(self.document(), position)

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

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            position = self.cursorForPosition(event.position().toPoint()).position()
            ids = self.annotations_at(position)
            if ids:
                self.highlightClicked.emit(ids[-1])

    def _scrolled(self, _value: int) -> None:
        self._draw_shown()
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
        self.tag_bar.show_by(self.cursorRect(start), self.cursorRect(end), self.viewport().rect())

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

    def setSource(self, *_args: object, **_kwargs: object) -> None:
        """Never navigate: the view shows only what ClaimMark built."""
        return
