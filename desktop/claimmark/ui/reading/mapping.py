"""Core code-point offsets <-> Qt document positions, block by block.

Every core block is one Qt block; this map keeps where each starts on both sides.
Within a block, the one conversion between code points and Qt's UTF-16 units is
`claimmark.core.model.positions.PositionMap`; blocks that are not reading text (the
header line, a figure's image) lie between the mapped blocks and map to nothing.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from claimmark.core.model import positions


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
        """The Qt ranges covering core [start, end), one per block it touches (each
        block looked up once: highlights are drawn with this, thousands at a time)."""
        segments: list[tuple[int, int]] = []
        if end <= start or not self.texts:
            return segments
        first, last = self.block_at_core(start), self.block_at_core(max(start, end - 1))
        for index in range(first, last + 1):
            block_start = self.core_starts[index]
            s = max(start, block_start) - block_start
            e = min(end, block_start + len(self.texts[index])) - block_start
            if s < e:
                qt = self.qt_starts[index]
                mapping = self._positions(index)
                if mapping is None:
                    segments.append((qt + s, qt + e))
                else:
                    segments.append((qt + mapping.cp_to_utf16(s), qt + mapping.cp_to_utf16(e)))
        return segments
