"""CSV: only formula starts get the apostrophe (a line break is none), and the new
columns (the last editor, the document's byline) come after the old ones."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from claimmark.core.annotate import editing as edits
from claimmark.core.export import collect, export
from claimmark.core.export.csvfile import COLUMNS, neutralise
from tests.annotation_helpers import import_corpus

# The columns of the first release, in their places: a spreadsheet's formulas refer to them.
FIRST_COLUMNS = (
    "document_id", "document_uuid", "document_title", "document_site", "document_url",
    "document_published", "annotation_id", "annotation_uuid", "kind", "exact", "prefix", "suffix",
    "start", "end", "anchor_status", "note", "tags", "claimant", "status", "speaker", "source_title",
    "source_url", "author", "author_id", "created", "modified",
)
BYLINE = "By Press TV staff"


@pytest.fixture
def rows(project_path: Path, corpus: Path) -> dict[str, dict[str, str]]:
    """The CSV rows (by exact) of the corpus article with a byline and a paragraph's last
    sentence tagged, whose suffix begins with the line break before the next one."""
    with import_corpus(project_path, corpus) as project:
        with project.transaction():
            project.db["documents"].update(1, {"byline": BYLINE})
        edits.add_text(project, 1, "claim", "the Patriot Act required US internet companies to provide user "
                     "information on a regular basis, the official said.")
        edits.add_text(project, 1, "quote", "Microsoft Vice President Tom Burt")
        text = export(project, "csv", collect(project))
    return {r["exact"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}


def test_a_cell_that_starts_with_a_line_break_gets_no_apostrophe(rows: dict[str, dict[str, str]]) -> None:
    claim = rows["the Patriot Act required US internet companies to provide user information on a "
                 "regular basis, the official said."]
    assert claim["suffix"] == "\nMicrosoft Vice President Tom Bu"
    assert rows["Microsoft Vice President Tom Burt"]["prefix"] == "gular basis, the official said.\n"


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("\nThroughout the year", "\nThroughout the year"),
        ("\n\nTwo breaks", "\n\nTwo breaks"),
        ("\n=1+1", "'\n=1+1"),  # a formula after a line break is still one
        (" \n@SUM(A1)", "' \n@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("=1", "'=1"),
        ("-1", "'-1"),
        ("a\n=1", "a\n=1"),
    ],
)
def test_only_formula_starts_are_guarded(cell: str, written: str) -> None:
    assert neutralise(cell) == written


def test_the_byline_and_the_last_editor_come_after_the_first_columns(rows: dict[str, dict[str, str]]) -> None:
    assert COLUMNS[: len(FIRST_COLUMNS)] == FIRST_COLUMNS
    assert COLUMNS[len(FIRST_COLUMNS) :] == ("modified_by", "modified_by_name", "document_byline")
    for record in rows.values():
        assert tuple(record) == COLUMNS
        assert record["document_byline"] == BYLINE
        assert record["modified_by"] == record["author_id"] and record["modified_by_name"] == "Test Author"
