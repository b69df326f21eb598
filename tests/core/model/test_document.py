"""The stored structure of a reading document: each block's length, its text read from
the reading text beside it (format 2); the texts inside (format 1) still read."""

from __future__ import annotations

import json

import pytest

from claimmark.core.model.document import Block, ReadingDocument, Span, TextMismatch

DOCUMENT = ReadingDocument([
    Block("heading", "A title", level=1),  # type: ignore[arg-type]
    Block("pre", "two\nlines", [Span(0, 3, "code")]),  # type: ignore[arg-type]
    Block("figure", "", image="img1", alt="a photo"),  # type: ignore[arg-type]
    Block("paragraph", "The end, with a link.", [Span(16, 20, "link", "https://a.example/")]),  # type: ignore[arg-type]
])


def test_the_structure_holds_lengths_and_reads_back_with_its_text() -> None:
    raw = DOCUMENT.to_json()
    stored = json.loads(raw)
    assert stored["version"] == 2 and [b["length"] for b in stored["blocks"]] == [7, 9, 0, 21]
    assert "text" not in raw and "lines" not in raw
    assert ReadingDocument.from_json(raw, DOCUMENT.text) == DOCUMENT


def test_a_structure_with_its_texts_inside_still_reads() -> None:
    raw = json.dumps({"version": 1, "blocks": [b.to_json() for b in DOCUMENT.blocks]})
    assert ReadingDocument.from_json(raw) == DOCUMENT == ReadingDocument.from_json(raw, "ignored")


@pytest.mark.parametrize("text", [
    DOCUMENT.text + " And more.",  # longer than its blocks
    DOCUMENT.text[:-1],  # shorter
    DOCUMENT.text.replace("\n", " ", 1),  # no newline where a block ends
    "",
])
def test_a_structure_that_does_not_fit_its_text_is_refused(text: str) -> None:
    with pytest.raises(TextMismatch):
        ReadingDocument.from_json(DOCUMENT.to_json(), text)


@pytest.mark.parametrize("raw", [
    '{"version": 2, "blocks": [{"kind": "paragraph", "length": -1}]}',
    '{"version": 2, "blocks": [{"kind": "paragraph", "length": "3"}]}',
    '{"version": 2, "blocks": [{"kind": "paragraph", "length": true}]}',
    '{"version": 2, "blocks": [{"kind": "paragraph"}]}',
    '{"version": 3, "blocks": []}',
    '{"version": 2, "blocks": [{"kind": "paragraph", "length": 3, "spans": [[0, 9, "em"]]}]}',
    '{"version": 2, "blocks": [{"kind": "paragraph", "length": 3, "spans": [[0, 2, "blink"]]}]}',
    '{"version": 2, "blocks": [{"kind": "paragraph", "length": 3, "spans": null}]}',
    '{"version": 2, "blocks": [{"kind": "paragraph", "length": 3, "spans": 5}]}',
    '{"version": 2, "blocks": [{"kind": ["paragraph"], "length": 3}]}',
    '{"version": 2, "blocks": [{"kind": "Paragraph", "length": 3}]}',
    '{"version": 2, "blocks": [{"length": 3}]}',
    '{"version": 2, "blocks": [["paragraph", 3]]}',
])
def test_a_damaged_structure_is_refused(raw: str) -> None:
    with pytest.raises(ValueError):
        ReadingDocument.from_json(raw, "abc")


def test_format_2_needs_its_text() -> None:
    with pytest.raises(ValueError, match="not a reading structure"):
        ReadingDocument.from_json(DOCUMENT.to_json())


def test_checking_a_structure_passes_what_reads() -> None:
    ReadingDocument.check_json(DOCUMENT.to_json(), DOCUMENT.text)
    ReadingDocument.check_json(json.dumps({"version": 1, "blocks": [b.to_json() for b in DOCUMENT.blocks]}),
                               DOCUMENT.text)


@pytest.mark.parametrize("text", [DOCUMENT.text + " And more.", DOCUMENT.text[:-1], ""])
def test_checking_refuses_a_structure_that_does_not_fit_as_reading_does(text: str) -> None:
    with pytest.raises(TextMismatch):
        ReadingDocument.check_json(DOCUMENT.to_json(), text)
    with pytest.raises(TextMismatch):  # format 1 holds its texts: they must make the reading text
        ReadingDocument.check_json(json.dumps({"version": 1, "blocks": [b.to_json() for b in DOCUMENT.blocks]}),
                                   text)


@pytest.mark.parametrize("raw", [
    '{"version": 2, "blocks": [{"kind": "paragraph", "length": -1}]}',
    '{"version": 2, "blocks": [{"kind": "paragraph", "length": "3"}]}',
    '{"version": 2, "blocks": [{"kind": "paragraph"}]}',
    '{"version": 3, "blocks": []}',
    '{"version": 2, "blocks": [{"kind": "paragraph", "length": 3, "spans": [[0, 9, "em"]]}]}',
    '{"version": 2, "blocks": [{"kind": "poem", "length": 3}]}',
    '{"version": 2, "blocks": [{"kind": "heading", "length": 3, "level": "top"}]}',
    '{"version": 2, "blocks": [{"kind": "paragraph", "length": 3, "spans": [[0, 1, "blink"]]}]}',
    '{"version": 2, "blocks": ["paragraph"]}',
    '[]',
])
def test_checking_refuses_a_damaged_structure_as_reading_does(raw: str) -> None:
    with pytest.raises(ValueError) as reading:
        ReadingDocument.from_json(raw, "abc")
    with pytest.raises(ValueError) as checking:
        ReadingDocument.check_json(raw, "abc")
    assert type(checking.value) is type(reading.value)
