"""Finding the passage to tag in a document's text."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimmark.core.annotate import passages
from claimmark.core.model.errors import AmbiguousText, TextNotFound
from claimmark.core.store.project import Project
from tests.annotation_helpers import import_corpus


@pytest.fixture
def project(project_path: Path, corpus: Path):
    with import_corpus(project_path, corpus) as opened:
        yield opened


def test_find_exact_errors(project: Project) -> None:
    text = project.document(1).text
    with pytest.raises(TextNotFound, match="not in the document"):
        passages.find_exact(text, "the moon is made of cheese")
    with pytest.raises(AmbiguousText, match=r"occurs \d+ times"):
        passages.find_exact(text, "the US")
    first = passages.find_exact(text, "the US", 1)
    second = passages.find_exact(text, "the US", 2)
    assert first[0] < second[0] and text[second[0] : second[1]] == "the US"
    with pytest.raises(TextNotFound, match="no occurrence 99"):
        passages.find_exact(text, "the US", 99)
    # typed with straight quotes where the page has curly ones: say so
    with pytest.raises(TextNotFound, match="other quotes or spacing"):
        passages.find_exact(text, "\"I've noted reports on this.")
    assert passages.find_exact("aaa", "aa", 2) == (1, 3)  # overlapping occurrences count
