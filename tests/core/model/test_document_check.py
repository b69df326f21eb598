"""`ReadingDocument.checked_text` (a check of every document of a file) says what
`from_json(...).text` says, and fails where it fails, in the same way."""

from __future__ import annotations

import json

import pytest

from claimmark.core.model.document import ReadingDocument

GOOD = {"version": 1, "blocks": [
    {"kind": "heading", "text": "Title", "level": 1},
    {"kind": "paragraph", "text": "Some text here", "spans": [[0, 4, "em"], [5, 9, "link", "https://x.org"]]},
    {"kind": "list_item", "text": "item", "level": 2, "ordered": True},
    {"kind": "figure", "text": "", "image": "img1", "alt": "a picture"},
]}


def damaged(block: dict) -> str:
    return json.dumps({"version": 1, "blocks": [GOOD["blocks"][0], block]})


CASES = [
    json.dumps(GOOD),
    json.dumps({"blocks": []}),
    json.dumps({}),
    "[]",  # not an object
    "not json",
    json.dumps({"blocks": [1]}),
    json.dumps({"blocks": "text"}),
    damaged({"kind": "marquee", "text": "x"}),
    damaged({"kind": "paragraph", "text": 5}),
    damaged({"kind": "paragraph", "text": "abc", "spans": [[0, 9, "em"]]}),
    damaged({"kind": "paragraph", "text": "abc", "spans": [[0, 1, "blink"]]}),
    damaged({"kind": "paragraph", "text": "abc", "spans": [[0]]}),
    damaged({"kind": "paragraph", "text": "abc", "spans": [["a", 1, "em"]]}),
    damaged({"kind": "paragraph", "text": "abc", "spans": [None]}),
    damaged({"kind": "paragraph", "text": "abc", "level": "deep"}),
    damaged({"kind": "paragraph", "text": "abc", "level": [1]}),
    damaged({"kind": "paragraph", "text": "abc", "alt": {"a": 1}}),
    damaged({"kind": ["paragraph"], "text": "abc"}),
]


def outcome(read) -> tuple[str, object]:
    try:
        return "text", read()
    except Exception as exc:  # noqa: BLE001  the kind of failure is what is compared
        return "raised", type(exc)


@pytest.mark.parametrize("raw", CASES)
def test_checked_text_agrees_with_from_json(raw: str) -> None:
    expected = outcome(lambda: ReadingDocument.from_json(raw).text)
    assert outcome(lambda: ReadingDocument.checked_text(raw)) == expected


def test_the_cases_cover_good_and_damaged() -> None:
    kinds = [outcome(lambda raw=raw: ReadingDocument.from_json(raw).text)[0] for raw in CASES]
    assert kinds.count("text") >= 3 and kinds.count("raised") >= 10
