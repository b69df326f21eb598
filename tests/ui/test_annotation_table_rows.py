"""The All Annotations table reads its rows from SQL a page at a time: it never holds
every row, and its SQL order and filters are those of the table of before (a stable
sort of the reading order by each column's key; the same words, tags and people)."""

from __future__ import annotations

import random
import uuid
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from claimmark import core
from claimmark.core.annotate import editing as edits
from claimmark.core.store.annotations import insert, query, stored_row
from claimmark.core.store.project import Project
from claimmark.ui import theme as themes
from claimmark.ui.annotation_panel import attribution
from claimmark.ui.annotation_table import PAGE, PAGES_KEPT, SORT_KEYS, AnnotationTable

from ..annotation_helpers import import_corpus, tag_examples

WORDS = ("Budget", "budget", "ÉCOLE", "école", "Straße", "strasse", "zeta", "Alpha", "")


def _fill(project: Project, count: int, seed: int = 1) -> None:
    """`count` annotations more, cloned from the examples with varied fields and tags."""
    examples = tag_examples(project)
    edits.update(project, examples[0].id, tags=["Health", "budget"], note="École note", status="false")
    edits.update(project, examples[1].id, tags=["budget"])
    rng = random.Random(seed)
    rows = [stored_row(project, a.id) for a in examples]
    with project.db.atomic():
        tag_ids = {name: project.db.execute("INSERT OR IGNORE INTO tags(name) VALUES (?)", [name])
                   and project.db.execute("SELECT id FROM tags WHERE name = ?", [name]).fetchone()[0]
                   for name in ("budget", "Budget", "health", "zeta")}
        project.db.execute("INSERT OR IGNORE INTO authors(id, name) VALUES ('colleague', 'Colleague')")
        for n in range(count):
            record: dict[str, Any] = {k: v for k, v in rng.choice(rows).items() if k != "id"}
            record.update(
                uuid=str(uuid.uuid4()), start=rng.randrange(0, 400), exact=f"{rng.choice(WORDS)} {n}",
                note=rng.choice(WORDS), claimant=rng.choice(WORDS), speaker=rng.choice(WORDS),
                source_title=rng.choice(WORDS), status=rng.choice(("unverified", "true", "misleading")),
                modified=f"2026-01-0{rng.randrange(1, 4)}T10:00:00", deleted=int(rng.random() < 0.05),
                anchor_status=rng.choice(("exact", "exact", "orphaned")),
            )
            record["end"] = record["start"] + 5
            if rng.random() < 0.3:
                record.update(author="Colleague", author_id="colleague", modified_by="colleague")
            new_id = insert(project, record)
            for position, name in enumerate(rng.sample(sorted(tag_ids), rng.randrange(0, 3))):
                project.db.execute("INSERT INTO annotation_tags(annotation_id, tag_id, position) VALUES (?, ?, ?)",
                                   [new_id, tag_ids[name], position])


@pytest.fixture
def small(project_path: Path, corpus: Path) -> Project:
    project = import_corpus(project_path, corpus)
    _fill(project, 150)
    return project


def _old_keys(item: Any, title: str) -> tuple[Any, ...]:
    """The sort keys the table's Python model built per row before."""
    return (
        themes.KINDS.index(item.kind), item.exact.casefold(), attribution(item).casefold(),
        ", ".join(item.tags).casefold(), item.note.casefold(), (item.author or "").casefold(),
        (title.casefold(), item.start), item.modified or "",
    )


def _old_accepts(item: Any, title: str, kind: str, tag: str, author: str, text: str) -> bool:
    if (kind and item.kind != kind) or (tag and tag not in item.tags) or (author and item.author_id != author):
        return False
    haystack = " ".join((item.exact, item.note, " ".join(item.tags), attribution(item), title)).casefold()
    return all(word in haystack for word in text.casefold().split())


def _shown(table: AnnotationTable) -> list[int]:
    model = table.model
    return [model.index(row, 0).data(Qt.ItemDataRole.UserRole + 20).id for row in range(model.rowCount())]


def test_each_sort_is_the_old_stable_sort_in_either_direction(qtbot, small: Project) -> None:
    items = query(small)  # reading order, as the old model held them
    titles = core.document_titles(small, sorted({a.document_id for a in items}))
    table = AnnotationTable()
    qtbot.addWidget(table)
    table.set_project(small)
    for column in range(len(SORT_KEYS)):
        for descending in (False, True):
            expected = sorted(items, key=lambda a, c=column: _old_keys(a, titles[a.document_id])[c],
                              reverse=descending)  # stable either way: ties stay in reading order
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            table.view.sortByColumn(column, order)
            assert _shown(table) == [a.id for a in expected], (SORT_KEYS[column], descending)


@pytest.mark.parametrize(("kind", "tag", "author", "text"), [
    ("claim", "", "", ""), ("", "budget", "", ""), ("", "Budget", "", ""), ("", "", "colleague", ""),
    ("", "", "", "école"), ("", "", "", "STRASSE unattributed"), ("quote", "zeta", "", "passage not"),
    ("", "", "", "health misleading"), ("", "", "", "nothing-matches-this"),
])
def test_each_filter_lets_through_what_the_old_filter_did(
    qtbot, small: Project, kind: str, tag: str, author: str, text: str
) -> None:
    items = query(small)
    titles = core.document_titles(small, sorted({a.document_id for a in items}))
    table = AnnotationTable()
    qtbot.addWidget(table)
    table.set_project(small)
    table.model.set_criteria(kind, tag, author, text)
    expected = {a.id for a in items if _old_accepts(a, titles[a.document_id], kind, tag, author, text)}
    assert set(_shown(table)) == expected


def test_the_choices_are_the_tags_and_authors_in_use(qtbot, small: Project) -> None:
    from claimmark.ui import authorship

    items = query(small)
    table = AnnotationTable()
    qtbot.addWidget(table)
    table.set_project(small)
    tags = [table.tag.itemData(i) for i in range(1, table.tag.count())]
    in_use = {t for a in items for t in a.tags}
    assert set(tags) == in_use and [t.casefold() for t in tags] == sorted(t.casefold() for t in in_use)
    assert core.annotation_row_authors(small) == authorship.author_names(items)


def test_opening_a_few_thousand_annotations_reads_pages_never_all_rows(
    qtbot, project_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = import_corpus(project_path, corpus)
    _fill(project, 3000)
    pages: list[tuple[int, int]] = []
    read_page = core.annotation_row_page

    def counted(*args: Any, **kwargs: Any) -> Any:
        pages.append((args[-2], args[-1]))
        return read_page(*args, **kwargs)

    def never(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the table read every annotation")

    monkeypatch.setattr(core, "annotation_row_page", counted)
    monkeypatch.setattr(core, "query_annotations", never)
    table = AnnotationTable()
    qtbot.addWidget(table)
    table.set_project(project)
    table.show()
    qtbot.waitExposed(table)
    qtbot.waitUntil(lambda: bool(pages))  # the first paint
    total = table.model.rowCount()
    assert total > 2800 and pages and all(limit == PAGE for _, limit in pages)
    assert len(pages) * PAGE < total  # the first paint read the rows it shows, not all of them
    table.view.scrollToBottom()
    qtbot.wait(50)
    assert len(table.model._pages) <= PAGES_KEPT  # rows held stay few, however far one scrolls
    assert max(offset for offset, _ in pages) >= total - PAGE - table.view.height()
    assert len({offset for offset, _ in pages}) * PAGE < total
