"""The highlights drawn over the reading text: one tint per annotation kind (or per
author), blended where annotations overlap, the innermost one's underline, and the
ids of the annotations under each drawn range.

Highlights are drawn with mergeCharFormat in one edit block (the fast way in Qt);
redrawing a range first restores the base formats the builder wrote there.

A page opened is drawn where it is shown first; the highlights over the rest of its
text are pending, drawn in steps of DRAW_STEP highlights while the window is idle,
and at once over what is scrolled into view or asked about (`ReadingView`): opening
an article with thousands of highlights costs about what one screenful of them does.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat

from claimmark.ui import theme as themes
from claimmark.ui.reading.mapping import PositionMap

ANNOTATIONS_PROPERTY = QTextFormat.Property.UserProperty + 1  # "id,id,..." on highlighted text
DRAW_STEP = 150  # highlights drawn in one step of a page's pending drawing (about 1 ms)


@dataclass
class Highlight:
    """What the view needs to draw one annotation."""

    id: int
    kind: str
    start: int  # code points into the reading text
    end: int
    author_id: str = ""
    author: str = ""


class Highlighter:
    """The highlights of the shown document and how to draw them."""

    def __init__(self, theme: themes.Theme):
        self.theme = theme
        self.highlights: dict[int, Highlight] = {}
        self.author_colours: dict[str, QColor] | None = None  # colour by author instead of by kind
        self._looks: dict[tuple[str, ...], QTextCharFormat] = {}  # by kinds (and authors), per theme
        self._base_runs: list[tuple[int, int, QTextCharFormat]] = []
        self._run_starts: list[int] = []
        self.pending: list[tuple[int, int]] = []  # core ranges whose highlights are not drawn yet
        self._starts: list[int] = []  # where the highlights start, sorted: the size of a drawing step

    def set_theme(self, theme: themes.Theme) -> None:
        self.theme = theme
        self._looks = {}

    def set_author_colours(self, colours: dict[str, QColor] | None) -> None:
        self.author_colours = colours
        self._looks = {}

    def set_base_runs(self, runs: list[tuple[int, int, QTextCharFormat]]) -> None:
        """The formats the builder wrote (Qt ranges), restored under a redrawn range."""
        self._base_runs = runs
        self._run_starts = [r[0] for r in runs]

    def start(self, doc: QTextDocument, mapping: PositionMap, shown: tuple[int, int]) -> None:
        """A page built afresh: its highlights over `shown` (core offsets) drawn now,
        those over the rest of its text left pending, to be drawn in steps."""
        length = mapping.text_length
        low, high = max(0, min(shown[0], length)), max(0, min(shown[1], length))
        ranges = ((high, length), (0, low)) if self.highlights else ()  # reading on first
        self.pending = [r for r in ranges if r[0] < r[1]]
        self._starts = sorted(h.start for h in self.highlights.values())
        if low < high:
            self.apply(doc, mapping, (low, high), restore=False)

    def draw_within(self, doc: QTextDocument, mapping: PositionMap, low: int, high: int) -> None:
        """Draw what is pending over core [low, high) (shown now, or looked at)."""
        for start, end in list(self.pending):
            s, e = max(start, low), min(end, high)
            if s < e:
                self._drawn(doc, mapping, start, end, s, e)

    def draw_next(self, doc: QTextDocument, mapping: PositionMap) -> None:
        """One step of the pending drawing: the next DRAW_STEP highlights' worth of text."""
        if not self.pending:
            return
        start, end = self.pending[0]
        after = bisect.bisect_right(self._starts, start) + DRAW_STEP
        stop = end if after >= len(self._starts) else max(start + 1, min(end, self._starts[after]))
        self._drawn(doc, mapping, start, end, start, stop)

    def _drawn(self, doc: QTextDocument, mapping: PositionMap, start: int, end: int, s: int, e: int) -> None:
        """Draw [s, e) of the pending range [start, end); what is left of it stays pending."""
        at = self.pending.index((start, end))
        self.pending[at : at + 1] = [r for r in ((start, s), (e, end)) if r[0] < r[1]]
        self.apply(doc, mapping, (s, e), restore=False)

    def apply(
        self,
        doc: QTextDocument,
        mapping: PositionMap,
        window: tuple[int, int] | None,
        *,
        restore: bool = True,
    ) -> None:
        """Draw highlights with mergeCharFormat in one edit block (the fast way in Qt):
        all of them, or those over `window` (core offsets [start, end)), there after
        restoring its base formats (unless they were never drawn over), so that a
        change redraws its own range and no more. Drawing a range again is harmless:
        its stretches get the formats they have."""
        if not mapping.texts:
            return
        if window is None or window == (0, mapping.text_length):
            self.pending = []
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        if window is not None and restore:
            self._restore_base(cursor, mapping.to_qt(window[0]), mapping.to_qt(window[1]))
        self._merge(cursor, self._stretches(mapping, window))
        cursor.endEditBlock()

    def _stretches(self, mapping: PositionMap, window: tuple[int, int] | None) -> list[tuple[int, int, int]]:
        """Where each drawn range starts (+1) and ends (-1), sorted: (Qt position, ±1,
        annotation id). Between two such points the same highlights overlap."""
        drawn: Iterable[Highlight] = self.highlights.values()
        low, high = window if window is not None else (0, mapping.text_length)
        if window is not None:
            drawn = [h for h in drawn if h.start < high and h.end > low]
        events: list[tuple[int, int, int]] = []
        segments = mapping.qt_segments
        for highlight in drawn:
            for s, e in segments(max(highlight.start, low), min(highlight.end, high)):
                if s < e:
                    events.append((s, 1, highlight.id))
                    events.append((e, -1, highlight.id))
        events.sort()
        return events

    def _merge(self, cursor: QTextCursor, events: list[tuple[int, int, int]]) -> None:
        """Each stretch between two points of `events` gets the merged format of the
        highlights over it."""
        highlights, active = self.highlights, {}
        set_position, merge = cursor.setPosition, cursor.mergeCharFormat
        keep = QTextCursor.MoveMode.KeepAnchor
        index, count = 0, len(events)
        while index < count:
            here = events[index][0]
            while index < count and events[index][0] == here:
                _, sign, annotation_id = events[index]
                if sign > 0:
                    active[annotation_id] = highlights[annotation_id]
                else:
                    del active[annotation_id]
                index += 1
            if active and index < count:
                set_position(here)
                set_position(events[index][0], keep)
                merge(self._format(active))

    def _format(self, active: dict[int, Highlight]) -> QTextCharFormat:
        by_author = self.author_colours
        if len(active) == 1:  # most stretches: one highlight
            (only,) = active.values()
            ordered: Sequence[Highlight] = (only,)
            kinds: tuple[str, ...] = (only.kind,)
            ids = str(only.id)
        else:  # outer (longer) annotations first: the innermost one sets the underline
            ordered = sorted(active.values(), key=lambda h: (-(h.end - h.start), h.id))
            kinds = tuple(h.kind for h in ordered)
            ids = ",".join(str(h.id) for h in ordered)
        key = kinds if by_author is None else (*kinds, "by", *(h.author_id for h in ordered))
        look = self._looks.get(key)
        if look is None:
            look = self._looks[key] = self._look(ordered, kinds)
        fmt = QTextCharFormat(look)
        fmt.setProperty(ANNOTATIONS_PROPERTY, ids)
        return fmt

    def _look(self, ordered: Sequence[Highlight], kinds: tuple[str, ...]) -> QTextCharFormat:
        """The tint of overlapping highlights (outermost first), the innermost's underline."""
        by_author = self.author_colours
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
        return look

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


def annotations_at(doc: QTextDocument, position: int) -> list[int]:
    """Ids of the annotations drawn at a Qt position (outermost first)."""
    block = doc.findBlock(position)
    if not block.isValid() or position >= block.position() + block.length() - 1:
        return []  # past the block's text: the paragraph separator is never drawn
    cursor = QTextCursor(doc)
    cursor.setPosition(position + 1)
    value = cursor.charFormat().property(ANNOTATIONS_PROPERTY)
    return [int(v) for v in str(value).split(",") if v] if value else []
