"""The corpus article extracts fully, cleanly and identically from each saved form."""

from __future__ import annotations

import json

import pytest

from claimmark.core.extract.pipeline import extract_file
from tests.conftest import FIXTURES

CORPUS = FIXTURES / "corpus" / "presstv-us-cybersecurity"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
HTML_FORMS = ("page.html", "page.mhtml", "page-singlefile.html")
FORMS = (*HTML_FORMS, "article.txt")
METADATA_KEYS = ("title", "site_name", "url", "published")


@pytest.fixture(scope="module")
def extracted() -> dict:
    return {form: extract_file(CORPUS / form) for form in FORMS}


@pytest.mark.parametrize("form", HTML_FORMS)
def test_metadata(extracted: dict, form: str) -> None:
    metadata = extracted[form].metadata
    for key in METADATA_KEYS:
        assert metadata.get(key) == EXPECTED["metadata"][key], key


@pytest.mark.parametrize("form", FORMS)
def test_paragraphs_whole_and_in_order(extracted: dict, form: str) -> None:
    # Whitespace is compared loosely: the text form keeps a no-break space as it is.
    paragraphs = [_squash(p) for p in extracted[form].document.body_text.split("\n")]
    positions = [paragraphs.index(_squash(p)) for p in EXPECTED["must_keep_in_order"]]
    assert positions == sorted(positions)


@pytest.mark.parametrize("form", FORMS)
def test_boilerplate_dropped_and_caption_kept(extracted: dict, form: str) -> None:
    text = extracted[form].document.body_text
    for junk in EXPECTED["must_drop"]:
        assert junk not in text
    for caption in EXPECTED["should_keep"]:
        assert caption in text


def test_same_content_hash(extracted: dict) -> None:
    hashes = {form: extracted[form].content_hash for form in FORMS}
    assert len(set(hashes.values())) == 1, hashes


def _squash(text: str) -> str:
    return " ".join(text.split())
