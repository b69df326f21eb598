"""Positions in a text: code points (ClaimMark's core) and UTF-16 code units (Qt's).

This module is the one place that converts between the two. Python strings index
code points; ``QString`` and ``QTextCursor`` index UTF-16 code units, in which a
character outside the Basic Multilingual Plane (most emoji, some CJK, historic
scripts) takes two units, a surrogate pair. Combining marks and right-to-left
letters are one code point and one unit each, so only astral characters make the
two counts differ. Pure Python, no Qt.

A UTF-16 position that falls between the two halves of a surrogate pair is not a
character boundary; it maps to the start of that character (rounding down).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _check(pos: int, length: int, unit: str) -> None:
    if not 0 <= pos <= length:
        raise ValueError(f"position {pos} is outside the text (0 to {length} {unit})")


def utf16_length(text: str) -> int:
    """The length of `text` in UTF-16 code units (what ``len(QString)`` says)."""
    return len(text) + len(_ASTRAL.findall(text))


def cp_to_utf16(text: str, pos: int) -> int:
    """The UTF-16 position of code-point offset `pos` in `text`."""
    _check(pos, len(text), "code points")
    return pos + len(_ASTRAL.findall(text, 0, pos))


def utf16_to_cp(text: str, pos16: int) -> int:
    """The code-point offset of UTF-16 position `pos16` in `text` (the middle of a
    surrogate pair rounds down to the start of its character)."""
    _check(pos16, utf16_length(text), "UTF-16 code units")
    return PositionMap(text).utf16_to_cp(pos16)


class PositionMap:
    """Fast conversions for many positions in one text: O(log n) each after an O(n) scan."""

    def __init__(self, text: str):
        self.length = len(text)
        self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)]
        # the UTF-16 position at which each astral character starts
        self._astral_16 = [cp + index for index, cp in enumerate(self._astral_cp)]
        self.utf16_length = self.length + len(self._astral_cp)

    def cp_to_utf16(self, pos: int) -> int:
        _check(pos, self.length, "code points")
        return pos + bisect_left(self._astral_cp, pos)

    def utf16_to_cp(self, pos16: int) -> int:
        _check(pos16, self.utf16_length, "UTF-16 code units")
        before = bisect_right(self._astral_16, pos16 - 2)  # astral characters wholly before pos16
        inside = bool(before < len(self._astral_16) and self._astral_16[before] == pos16 - 1)
        return pos16 - before - (1 if inside else 0)

    def range_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.cp_to_utf16(start), self.cp_to_utf16(end)

    def range_to_cp(self, start16: int, end16: int) -> tuple[int, int]:
        """A UTF-16 selection as code points; an end inside a surrogate pair rounds up,
        so the selection keeps the whole character."""
        start = self.utf16_to_cp(start16)
        end = self.utf16_to_cp(end16)
        if self.cp_to_utf16(end) < end16:
            end += 1
        return start, end


def many_cp_to_utf16(text: str, positions: Iterable[int]) -> list[int]:
    mapping = PositionMap(text)
    return [mapping.cp_to_utf16(p) for p in positions]


def many_utf16_to_cp(text: str, positions: Iterable[int]) -> list[int]:
    mapping = PositionMap(text)
    return [mapping.utf16_to_cp(p) for p in positions]
