"""The fixed sets of strings a project file stores are StrEnums of exactly those strings."""

from __future__ import annotations

import json
import pickle
from dataclasses import FrozenInstanceError

import pytest

from claimmark.core.model.document import Block, BlockKind, ReadingDocument, Span, SpanKind
from claimmark.core.model.extracted import SourceFormat


def test_the_stored_strings_are_unchanged() -> None:
    assert [k.value for k in BlockKind] == [
        "heading", "paragraph", "quote", "list_item", "figure", "pre", "table_row"
    ]
    assert [k.value for k in SpanKind] == ["em", "strong", "link", "code", "sub", "sup"]
    assert [k.value for k in SourceFormat] == ["html", "mhtml", "singlefile", "txt", "md"]


def test_a_kind_is_its_string_in_json_repr_and_comparison() -> None:
    block = Block(BlockKind.QUOTE, "said", [Span(0, 4, SpanKind.EM)], level=1)
    assert block.kind == "quote" and repr(BlockKind.QUOTE) == "'quote'"
    assert repr(block) == repr(Block("quote", "said", [Span(0, 4, "em")], level=1))  # type: ignore[arg-type]
    assert json.loads(ReadingDocument([block]).to_json())["blocks"][0] == {
        "kind": "quote", "length": 4, "spans": [[0, 4, "em"]], "level": 1  # the text is stored beside it
    }


def test_a_stored_document_reads_back_as_kinds() -> None:
    document = ReadingDocument([Block(BlockKind.HEADING, "T", [Span(0, 1, SpanKind.LINK, "https://a.example")])])
    again = ReadingDocument.from_json(document.to_json(), document.text)
    assert again == document
    assert type(again.blocks[0].kind) is BlockKind and type(again.blocks[0].spans[0].kind) is SpanKind
    assert pickle.loads(pickle.dumps(again)) == again  # documents cross to worker processes


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown block kind"):
        ReadingDocument.from_json('{"blocks": [{"kind": "aside", "text": "x"}]}')
    with pytest.raises(ValueError, match="span out of range"):
        ReadingDocument.from_json('{"blocks": [{"kind": "paragraph", "text": "x", "spans": [[0, 1, "u"]]}]}')


def test_blocks_are_frozen() -> None:
    block = Block(BlockKind.PARAGRAPH, "x")
    with pytest.raises(FrozenInstanceError):
        block.text = "y"  # type: ignore[misc]
