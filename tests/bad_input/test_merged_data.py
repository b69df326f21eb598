"""Merging a file whose data is bad (issue #22, points 4 and 6): the incoming file is
checked with ClaimMark's own `check`, rows that would damage our project are skipped
and named in the report, UUIDs are trusted only with their document, and short quotes
are never placed approximately. After every merge our `check` passes, and the report
(text and --json) names the incoming file and what it left out, and why.

Each incoming file is made here with ClaimMark's own calls and then damaged with sqlite3."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from claimmark.core.annotate import editing as edits
from claimmark.core.annotate.anchoring import MIN_FUZZY_QUOTE
from claimmark.core.model.document import Block, ReadingDocument
from claimmark.core.store import annotations as ann
from claimmark.core.store import safety
from claimmark.core.store.project import Project
from tests.bad_input.conftest import cli, page, shown

CLAIM = "the US had used its technological prowess to spy on its own people and the world"
QUOTE = "The US is in fact the biggest threat to global cybersecurity."
SIMILAR = "the bigest threat"  # one letter from "the biggest threat" in our text
CHANGED = "install back doors"  # "install backdoors" in our text
STORY_SENTENCE = "Sentence 2 of a story that is long enough to be the body of an article here."


def sql(path: Path, statement: str, params: list[Any] | None = None) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(statement, params or [])
    conn.close()


def value(path: Path, query: str, params: list[Any] | None = None) -> Any:
    with sqlite3.connect(path) as conn:
        found = conn.execute(query, params or []).fetchone()[0]
    conn.close()
    return found


@pytest.fixture
def ours(project: Path) -> Path:
    """Our project: the corpus article with a claim on it."""
    with Project.open(project) as opened:
        edits.add_text(opened, 1, "claim", CLAIM, author="Us")
    return project


@pytest.fixture
def theirs(ours: Path, tmp_path: Path) -> Path:
    """Their copy of our project, with a second article and a quote on each."""
    path = tmp_path / "from-bob.claimmark"
    shutil.copyfile(ours, path)
    story = tmp_path / "story.html"
    story.write_text(page(title="Another story"))
    assert cli("import", path, story).code == 0
    with Project.open(path) as opened:
        edits.add_text(opened, 1, "quote", QUOTE, author="Bob")
        edits.add_text(opened, 2, "claim", STORY_SENTENCE, author="Bob")
    return path


def merged(ours: Path, theirs: Path) -> tuple[dict[str, Any], str]:
    """Merge `theirs` into `ours`: the JSON report and the text one (of a dry run just
    before, which must agree); exit 0, and our `check` passes afterwards."""
    dry = cli("merge", ours, theirs, "--dry-run")
    assert dry.code == 0, dry.err
    assert dry.out.startswith(f"Would merge {theirs}:")
    run = cli("merge", ours, theirs, "--json")
    assert run.code == 0, run.err
    report = json.loads(run.out)
    assert f"skipped: {len(report['skipped'])} " in dry.out and f"orphans: {len(report['orphans'])} " in dry.out
    checked = cli("check", ours)
    assert checked.code == 0, checked.err
    return report, dry.out


def skipped(report: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {s["uuid"]: (s["kind"], s["reason"]) for s in report["skipped"]}


def uuid_of(path: Path, table: str, row_id: int) -> str:
    return str(value(path, f"SELECT uuid FROM {table} WHERE id = ?", [row_id]))


@pytest.mark.parametrize(("damage", "reason"), [
    ("UPDATE documents SET reading_json = '{\"blocks\": [{\"kind\": ' WHERE id = 2",
     "the reading structure is damaged"),
    ("UPDATE documents SET reading_json = '[1, 2]' WHERE id = 2", "the reading structure is damaged"),
    ("UPDATE documents SET reading_text = reading_text || ' And a sentence no block holds.' WHERE id = 2",
     "reading text and structure disagree"),
])
def test_a_damaged_document_is_skipped_with_its_annotations(ours: Path, theirs: Path, damage: str,
                                                            reason: str) -> None:
    sql(theirs, damage)
    doc, note = uuid_of(theirs, "documents", 2), uuid_of(theirs, "annotations", 3)
    report, text = merged(ours, theirs)
    assert skipped(report) == {doc: ("document", reason), note: ("annotation", "its document was skipped")}
    assert report["documents_added"] == [] and report["annotations_added"] == 1  # the quote on article 1
    assert value(ours, "SELECT count(*) FROM documents") == 1
    assert f"skipped: 2 (bad or conflicting rows of {theirs}, not merged)" in text
    assert f"skipped document {doc[:8]} in 'Another story': {reason}" in text
    assert f"skipped annotation {note[:8]} in 'Another story': its document was skipped" in text


def test_an_annotation_outside_its_document_is_skipped(ours: Path, theirs: Path) -> None:
    length = value(theirs, "SELECT length(reading_text) FROM documents WHERE id = 1")
    sql(theirs, 'UPDATE annotations SET start = ?, "end" = ? WHERE id = 2', [length + 5, length + 40])
    bad = uuid_of(theirs, "annotations", 2)
    report, text = merged(ours, theirs)
    assert skipped(report) == {bad: ("annotation", f"its range {length + 5}-{length + 40} lies outside its "
                                                   "document")}
    assert report["annotations_added"] == 1 and len(report["documents_added"]) == 1  # the rest came in
    assert "lies outside its document" in text and str(theirs) in text
    with Project.open(ours) as opened:
        assert [a.exact for a in ann.query(opened, document_id=1)] == [CLAIM]


def test_an_annotation_whose_text_is_not_its_quote_is_skipped(ours: Path, theirs: Path) -> None:
    sql(theirs, "UPDATE annotations SET exact = 'words that are not there at all' WHERE id = 2")
    bad = uuid_of(theirs, "annotations", 2)
    report, _text = merged(ours, theirs)
    assert skipped(report) == {bad: ("annotation", "the text at its range is not its quote")}


def test_an_annotation_uuid_of_ours_on_another_document_is_a_conflict_and_skipped(
        ours: Path, theirs: Path) -> None:
    """Their claim on the second article carries the UUID of our claim on the first: it
    must not overwrite ours with the other article's quote and offsets."""
    mine = uuid_of(ours, "annotations", 1)
    sql(theirs, "DELETE FROM annotations WHERE uuid = ?", [mine])
    sql(theirs, "UPDATE annotations SET uuid = ? WHERE exact = ?", [mine, STORY_SENTENCE])
    report, text = merged(ours, theirs)
    kind, reason = skipped(report)[mine]
    assert kind == "annotation" and reason.startswith("a conflict: its UUID is that of our annotation 1 on "
                                                      "another document (our document 1, 'China: US itself")
    assert report["annotations_updated"] == 0 and report["annotations_added"] == 1  # the quote
    assert f"skipped annotation {mine[:8]} in 'Another story': a conflict" in text
    with Project.open(ours) as opened:
        kept = ann.get(opened, mine)
        assert (kept.document_id, kept.exact, kept.author) == (1, CLAIM, "Us")


def test_a_document_uuid_of_ours_with_other_text_places_nothing_on_a_fragment(
        ours: Path, tmp_path: Path) -> None:
    """Their unrelated article carries our article's UUID, with their version of our
    claim and a new claim on it: neither is put on a fragment of our text, and both
    are counted as orphans."""
    theirs = tmp_path / "stranger.claimmark"
    story = tmp_path / "story.html"
    story.write_text(page(page_body(), title="Another story"))
    assert cli("import", theirs, story).code == 0
    mine = uuid_of(ours, "annotations", 1)
    with Project.open(theirs) as opened:
        short = edits.add_text(opened, 1, "claim", SIMILAR, author="Bob")
        edits.add_text(opened, 1, "claim", STORY_SENTENCE, author="Bob")
    assert len(SIMILAR) < MIN_FUZZY_QUOTE
    sql(theirs, "UPDATE documents SET uuid = ?", [uuid_of(ours, "documents", 1)])
    sql(theirs, "UPDATE annotations SET uuid = ? WHERE exact = ?", [mine, STORY_SENTENCE])
    report, text = merged(ours, theirs)
    assert report["documents_matched"]["uuid"] == 1
    assert sorted(report["orphans"]) == sorted([short.uuid, mine])
    assert "orphans: 2 " in text
    with Project.open(ours) as opened:
        assert {a.uuid: a.anchor_status for a in ann.query(opened)} == {short.uuid: "orphaned",
                                                                       mine: "orphaned"}


def test_a_short_quote_that_changed_is_an_orphan_not_a_fuzzy_match(ours: Path, theirs: Path) -> None:
    """Their copy of the article came from another extractor with one word spelt
    otherwise; a short quote on that word has no place in our text."""
    with Project.open(theirs) as opened:
        text = opened.document(1).text.replace("install backdoors", CHANGED)
        structure = ReadingDocument([Block("paragraph", line) for line in text.split("\n")])
        opened.db.execute("UPDATE documents SET reading_json = ?, reading_text = ?, content_hash = 'other' "
                          "WHERE id = 1", [structure.to_json(), text])
        opened.db.conn.commit()
        short = edits.add_text(opened, 1, "claim", CHANGED, author="Bob")
    assert len(CHANGED) < MIN_FUZZY_QUOTE
    report, text = merged(ours, theirs)
    assert report["orphans"] == [short.uuid] and report["skipped"] == []
    assert "orphans: 1 " in text
    with Project.open(ours) as opened:
        assert ann.get(opened, short.uuid).anchor_status == "orphaned"


def test_text_that_is_not_utf8_refuses_the_merge_naming_the_incoming_file(ours: Path, theirs: Path) -> None:
    sql(theirs, "UPDATE annotations SET note = CAST(X'41ff42' AS TEXT) WHERE id = 2")
    before = value(ours, "SELECT count(*) FROM annotations")
    run = cli("merge", ours, theirs)
    assert run.code == 1 and run.out == ""
    (line,) = run.err.splitlines()
    assert line.startswith(f"claimmark: {shown(theirs)}: the project file holds text that is not valid UTF-8")
    assert "annotations.note: 1 row(s)" in line
    assert value(ours, "SELECT count(*) FROM annotations") == before
    assert cli("check", ours).code == 0


def page_body() -> str:
    return (f"<p>{STORY_SENTENCE}</p><p>Officials called it {SIMILAR} to their networks.</p>"
            "<p>Nothing in this story is about the other article at all, or its people.</p>")


@pytest.mark.parametrize("damage", [
    "UPDATE documents SET original = zeroblob(300000) WHERE id = 2",  # read by the check
    "INSERT INTO images(document_id, key, mime, width, height, size, source, data) "  # read by the merge
    "SELECT 2, 'big', mime, width, height, 300000, source, zeroblob(300000) FROM images LIMIT 1",
])
def test_a_value_of_the_incoming_file_too_big_to_read_is_blamed_on_that_file(
        ours: Path, theirs: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    """An SQLite error reading the incoming file once named our project (issue #22, point 6)."""
    sql(theirs, damage)
    monkeypatch.setitem(safety.LIMITS, sqlite3.SQLITE_LIMIT_LENGTH, 200_000)
    before = value(ours, "SELECT count(*) FROM annotations")
    run = cli("merge", ours, theirs)
    assert run.code == 1 and run.out == ""
    (line,) = run.err.splitlines()
    assert line == (f"claimmark: {shown(theirs)}: the project file could not be read: it holds a value larger "
                    "than SQLite may read (SQLite: string or blob too big)")
    assert value(ours, "SELECT count(*) FROM annotations") == before
    assert cli("check", ours).code == 0
