"""Code points (the core) against UTF-16 code units (Qt), checked against Qt itself."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimmark.core.model.positions import (
    PositionMap,
    cp_to_utf16,
    many_cp_to_utf16,
    many_utf16_to_cp,
    utf16_length,
    utf16_to_cp,
)

EMOJI = "Fact 👍🏽 check 🇫🇷 now 👨‍👩‍👧 done"
COMBINING = "Cafe\u0301 de\u0301ja\u0300 vu, Nguye\u0302\u0303n"  # decomposed accents
RTL = "قال المتحدث: «الولايات المتحدة هي التهديد الأكبر» ‏(rtl)‏ שלום עולם"
MIXED = "a😀b\U0001d11ec" + RTL[:10] + "\u202etxt.exe"


def test_emoji_count_two_units_each() -> None:
    text = "a😀b"
    assert utf16_length(text) == 4
    assert [cp_to_utf16(text, i) for i in range(4)] == [0, 1, 3, 4]
    assert [utf16_to_cp(text, i) for i in range(5)] == [0, 1, 1, 2, 3]  # 2 is inside the pair


def test_skin_tone_flags_and_zwj_sequences() -> None:
    start = EMOJI.index("check")
    # 👍🏽 is two astral code points: four units
    assert cp_to_utf16(EMOJI, start) == start + 2
    end = len(EMOJI)
    astral = sum(1 for ch in EMOJI if ord(ch) > 0xFFFF)
    assert astral == 2 + 2 + 3  # thumbs + tone, two regional indicators, three people
    assert cp_to_utf16(EMOJI, end) == end + astral == utf16_length(EMOJI)
    assert utf16_to_cp(EMOJI, utf16_length(EMOJI)) == end


@pytest.mark.parametrize("text", [COMBINING, RTL])
def test_combining_marks_and_right_to_left_text_are_one_unit_per_code_point(text: str) -> None:
    for i in range(len(text) + 1):
        assert cp_to_utf16(text, i) == i
        assert utf16_to_cp(text, i) == i


def test_out_of_range_positions_are_refused() -> None:
    with pytest.raises(ValueError):
        cp_to_utf16("abc", 4)
    with pytest.raises(ValueError):
        utf16_to_cp("a😀", 4)
    with pytest.raises(ValueError):
        PositionMap("abc").cp_to_utf16(-1)


def test_a_selection_ending_inside_a_pair_keeps_the_whole_character() -> None:
    mapping = PositionMap("x😀y")
    assert mapping.range_to_cp(1, 2) == (1, 2)
    assert mapping.range_to_utf16(1, 2) == (1, 3)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"ab \n\u0301é", "😀", "𝄞", "ش", "🇫", "\u202e"]), max_size=40))
def test_round_trip_and_fast_variants_agree(text: str) -> None:
    positions = list(range(len(text) + 1))
    units = many_cp_to_utf16(text, positions)
    assert units == [len(text[:i].encode("utf-16-le")) // 2 for i in positions]
    assert many_utf16_to_cp(text, units) == positions
    assert [utf16_to_cp(text, u) for u in units] == positions


@pytest.mark.parametrize("text", [EMOJI, COMBINING, RTL, MIXED])
def test_positions_agree_with_qt(qapp, text: str) -> None:
    """QTextCursor positions converted from code points select exactly the same text."""
    from PySide6.QtGui import QTextCursor, QTextDocument

    doc = QTextDocument()
    doc.setPlainText(text)
    mapping = PositionMap(text)
    assert doc.characterCount() - 1 == mapping.utf16_length
    cursor = QTextCursor(doc)
    for start in range(0, len(text), 3):
        end = min(len(text), start + 5)
        cursor.setPosition(mapping.cp_to_utf16(start))
        cursor.setPosition(mapping.cp_to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText() == text[start:end]
        assert mapping.range_to_cp(cursor.selectionStart(), cursor.selectionEnd()) == (start, end)
