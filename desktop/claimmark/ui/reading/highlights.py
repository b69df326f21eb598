"""The highlights drawn over the reading text: one tint per annotation kind (or per
author), blended where annotations overlap, the innermost one's underline, and the
ids of the annotations under each drawn range.

Highlights are drawn with mergeCharFormat in one edit block (the fast way in Qt);
redrawing a range first restores the base formats the builder wrote there.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat

from claimmark.ui import theme as themes
from claimmark.ui.reading.mapping import PositionMap

ANNOTATIONS_PROPERTY = QTextFormat.Property.UserProperty + 1  # "id,id,..." on highlighted text


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

    def apply(self, doc: QTextDocument, mapping: PositionMap, window: tuple[int, int] | None) -> None:
        """Draw highlights with mergeCharFormat in one edit block (the fast way in Qt):
        all of them, or those over `window` (core offsets [start, end)) after restoring
        its base formats, so that a change redraws its own range and no more."""
        if not mapping.texts:
            return
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        drawn: Iterable[Highlight] = self.highlights.values()
        if window is not None:
            low, high = window
            self._restore_base(cursor, mapping.to_qt(low), mapping.to_qt(high))
            drawn = [h for h in drawn if h.start < high and h.end > low]
        events: dict[int, list[tuple[int, Highlight]]] = {}
        for highlight in drawn:
            start, end = highlight.start, highlight.end
            if window is not None:
                start, end = max(start, window[0]), min(end, window[1])
            for s, e in mapping.qt_segments(start, end):
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
            cursor.mergeCharFormat(self._format(active))
        cursor.endEditBlock()

    def _format(self, active: Sequence[Highlight]) -> QTextCharFormat:
        # outer (longer) annotations first: the innermost one sets the underline
        ordered = sorted(active, key=lambda h: (-(h.end - h.start), h.id))
        kinds = tuple(h.kind for h in ordered)
        by_author = self.author_colours
        key = kinds if by_author is None else (*kinds, "by", *(h.author_id for h in ordered))
        look = self._looks.get(key)
        if look is None:
            look = self._looks[key] = self._look(ordered, kinds)
        fmt = QTextCharFormat(look)
        fmt.setProperty(ANNOTATIONS_PROPERTY, ",".join(str(h.id) for h in ordered))
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
