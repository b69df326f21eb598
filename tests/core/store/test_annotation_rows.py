"""The All Annotations table's order by document, walked run by run off the index: its
pages, at any size and in either direction, are those of the old stable sort by
(folded title, start) of the reading order, also where titles fold alike."""

from __future__ import annotations

import random
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from claimmark import core
from claimmark.core.store.annotations import query
from claimmark.core.store.project import Project

# titles that fold alike ("straße" and "STRASSE" casefold to one), and some that do not
TITLES = ("Budget", "budget", "Straße", "STRASSE", "Alpha", "zeta", "BUDGET", "")


def _project(path: Path, corpus: Path, annotations: int, seed: int = 3) -> Project:
    """Documents with `TITLES`, and `annotations` spread over them at random places,
    many starting at one place (ties that reading order breaks); some deleted."""
    extracted = core.extract_file(corpus / "page.html")
    documents = [
        replace(extracted, metadata={**extracted.metadata, "title": title}, content_hash=f"rows-{n}")
        for n, title in enumerate(TITLES)
    ]
    project = Project.open(path, create=True)
    ids = [r.id for r in project.add_documents(documents)]
    text = project.reading_document(ids[0]).text
    words = [m.span() for m in re.finditer(r"\w+", text[:2000])]
    rng = random.Random(seed)
    made = []
    for n in range(annotations):
        start, end = words[rng.choice((0, 0, 5, rng.randrange(len(words))))]
        kind = ("claim", "quote", "citation")[n % 3]
        made.append(core.NewAnnotation(rng.choice(ids), kind, start, end + rng.choice((0, 0, 1))))
    core.add_annotations(project, made)
    with project.db.atomic():
        project.db.execute("UPDATE annotations SET deleted = 1 WHERE id % 17 = 0")
    return project


def _expected(project: Project, descending: bool, kind: str = "") -> list[int]:
    items = [a for a in query(project) if not kind or a.kind == kind]  # reading order
    titles = core.document_titles(project, sorted({a.document_id for a in items}))
    ordered = sorted(items, key=lambda a: (titles[a.document_id].casefold(), a.start), reverse=descending)
    return [a.id for a in ordered]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("kind", ["", "quote"])
@pytest.mark.parametrize("annotations", [40, 400])  # pages over many runs, and inside runs
def test_pages_by_document_are_the_old_stable_sort(
    project_path: Path, corpus: Path, descending: bool, kind: str, annotations: int
) -> None:
    project = _project(project_path, corpus, annotations)
    chosen = core.RowFilter(kind=kind)
    order = core.annotation_row_order(project, chosen)
    expected = _expected(project, descending, kind)
    assert order.count == len(expected) == core.annotation_row_count(project, chosen)
    assert len(order.runs) == 5  # budget, strasse, alpha, zeta and the empty title
    shown = []
    for offset in range(0, order.count + 7, 7):  # pages that begin and end inside runs
        page = core.annotation_row_page(project, chosen, "document", descending, offset, 7, order=order)
        shown += [item.id for item, _ in page]
    assert shown == expected
    # without the order held, a page works it out (the same rows)
    again = core.annotation_row_page(project, chosen, "document", descending, 3, 50)
    assert [item.id for item, _ in again] == expected[3:53]


def test_the_order_holds_per_document_figures_not_rows(project_path: Path, corpus: Path) -> None:
    project = _project(project_path, corpus, 300)
    order = core.annotation_row_order(project)
    assert sum(len(ids) for ids, _ in order.runs) == len(TITLES)
    assert sum(size for _, size in order.runs) == order.count


class _Counted:
    """A cursor whose rows are counted as they are fetched."""

    def __init__(self, cursor: sqlite3.Cursor, fetched: list[int]):
        self.cursor, self.fetched = cursor, fetched

    def fetchall(self) -> list[Any]:
        rows = self.cursor.fetchall()
        self.fetched.append(len(rows))
        return rows

    def __iter__(self) -> Iterator[Any]:
        for row in self.cursor:
            self.fetched.append(1)
            yield row

    def fetchone(self) -> Any:
        row = self.cursor.fetchone()
        self.fetched.append(row is not None)
        return row


def _rows_read(project: Project) -> tuple[int, int]:
    """(SQL statements, rows fetched) to open the table: its order by document, its
    first page and its author choices."""
    statements: list[str] = []
    fetched: list[int] = []
    real = project.db.execute
    project.db.execute = lambda *args: _Counted(real(*args), fetched)  # type: ignore[method-assign]
    project.db.conn.set_trace_callback(statements.append)
    try:
        order = core.annotation_row_order(project)
        core.annotation_row_page(project, order.chosen, "document", False, 0, 200, order=order)
        core.annotation_row_authors(project)
    finally:
        project.db.conn.set_trace_callback(None)
        del project.db.execute
    return len(statements), sum(fetched)


def test_opening_with_ten_times_the_annotations_reads_the_same_rows(
    tmp_path: Path, corpus: Path
) -> None:
    small = _project(tmp_path / "small.claimmark", corpus, 600)
    large = _project(tmp_path / "large.claimmark", corpus, 6_000)
    small_statements, small_rows = _rows_read(small)
    large_statements, large_rows = _rows_read(large)
    # a page, a figure per document and an author, however many rows: a statement per
    # run of documents the page touches, and a few more
    assert small_rows == large_rows == 200 + 2 * len(TITLES) + 1
    assert max(small_statements, large_statements) <= 5 + 3
