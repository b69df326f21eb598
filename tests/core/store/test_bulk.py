"""The bulk add (core/store/bulk.py): many documents and annotations in a bounded number
of statements, with the rows, duplicates, tags and search rows of one add at a time."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from claimmark import core
from claimmark.core import NewAnnotation, Project
from claimmark.core.annotate import editing
from claimmark.core.extract.pipeline import extract_file
from claimmark.core.store import annotations as stored


def page(folder: Path, n: int, text: str = "") -> core.Extracted:
    path = folder / f"page-{n}.txt"
    path.write_text(text or f"Article {n}\n\nThe council met on day {n} and argued about the bridge.\n",
                    encoding="utf-8")
    return extract_file(path)


@contextmanager
def statements(project: Project) -> Iterator[list[str]]:
    """The SQL statements the project's connection runs inside the block."""
    seen: list[str] = []
    conn: sqlite3.Connection = project.db.conn
    conn.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        conn.set_trace_callback(None)


def traced(project: Project, work: Callable[[], object]) -> tuple[set[str], int]:
    """The shapes of the statements `work` runs (literals as ?), and how many of them
    are not inserts. SQLite's trace names each row an ``executemany`` inserts, and
    FTS5's own statements (``-- ...``); these are left out of the count."""
    with statements(project) as seen:
        work()
    top = [s for s in seen if not s.startswith("--")]
    shapes = {re.sub(r"\(\?(?:, ?\?)*\)", "(?)", re.sub(r"'(?:[^']|'')*'|\b\d+\b", "?", s)) for s in top}
    return shapes, sum(1 for s in top if not s.startswith("INSERT"))


def test_a_bulk_add_of_documents_runs_a_bounded_number_of_statements(tmp_path: Path) -> None:
    few = [page(tmp_path, n) for n in range(3)]
    many = [page(tmp_path, n) for n in range(3, 203)]
    with Project.open(tmp_path / "p.claimmark", create=True) as project:
        project.add_document(page(tmp_path, 1000))  # the search index reads its settings once
        small, small_others = traced(project, lambda: project.add_documents(few))
        large, large_others = traced(project, lambda: project.add_documents(many))
        assert project.count_documents() == 204
        assert len(core.search_documents(project, "council", limit=500)) == 204
    assert large == small and len(small) <= 8  # BEGIN, duplicates, next id, documents, search rows, COMMIT
    assert large_others == small_others  # no statement a document: the inserts are one executemany each


def test_a_bulk_add_of_annotations_runs_a_bounded_number_of_statements(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.claimmark", create=True) as project:
        ids = [r.id for r in project.add_documents(page(tmp_path, n) for n in range(20))]

        def annotate(count: int) -> None:
            core.add_annotations(project, (NewAnnotation(ids[i % 20], "claim", 15, 30, tags=("bridge", f"t{i % 3}"))
                                           for i in range(count)))

        first, _ = traced(project, lambda: annotate(3))  # makes the tags
        small, small_others = traced(project, lambda: annotate(3))
        large, large_others = traced(project, lambda: annotate(400))
        assert len(core.query_annotations(project)) == 406
    assert large == small and len(first) <= 14
    assert large_others == small_others


def test_batches_commit_one_transaction_each(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.claimmark", create=True) as project:
        with statements(project) as seen:
            project.add_documents((page(tmp_path, n) for n in range(7)), batch=3)
        assert [s for s in seen if s in ("BEGIN IMMEDIATE", "COMMIT")] == ["BEGIN IMMEDIATE", "COMMIT"] * 3
        assert project.count_documents() == 7


def test_duplicates_in_the_file_and_in_the_batch_are_recognised(tmp_path: Path) -> None:
    text = "Same story\n\nThe same words, saved twice from two places.\n"
    first, again, other = page(tmp_path, 1, text), page(tmp_path, 2, text), page(tmp_path, 3)
    with Project.open(tmp_path / "p.claimmark", create=True) as project:
        stored = project.add_document(first)
        results = project.add_documents([again, other, other])
        assert results[0].duplicate and results[0].id == stored.id and results[0].uuid == stored.uuid
        assert not results[1].duplicate and results[2].duplicate and results[2].id == results[1].id
        assert project.count_documents() == 2


def test_bulk_annotations_are_stored_as_single_adds_are(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.claimmark", create=True) as project:
        doc = project.add_document(page(tmp_path, 1)).id
        single = editing.add(project, doc, "quote", 14, 40, note="said", tags=["Bridge", "council"],
                             speaker="Mayor")
        [bulk_id] = core.add_annotations(project, [NewAnnotation(doc, "quote", 14, 40, note="said",
                                                                 tags=("bridge", "Council"), speaker="Mayor")])
        bulk = core.get_annotation(project, bulk_id)
        for name in ("kind", "start", "end", "exact", "prefix", "suffix", "note", "speaker", "author",
                     "author_id", "anchor_status", "modified_by", "tags"):
            assert getattr(bulk, name) == getattr(single, name), name
        assert bulk.tags == ["Bridge", "council"]  # the stored spelling of a tag
        assert bulk.uuid != single.uuid and bulk.id == single.id + 1
        for word in ("mayor", "council", "said", "test author"):  # people, tags, note, author
            assert sorted(stored.search(project, word)) == [single.id, bulk_id], word


def test_a_bad_annotation_in_a_batch_stores_none_of_it(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.claimmark", create=True) as project:
        doc = project.add_document(page(tmp_path, 1)).id
        batch = [NewAnnotation(doc, "claim", 0, 10), NewAnnotation(doc + 1, "claim", 0, 10)]
        try:
            core.add_annotations(project, batch)
        except core.NotFound as exc:
            assert "no document" in str(exc)
        else:
            raise AssertionError("a missing document was not refused")
        assert core.query_annotations(project) == []
