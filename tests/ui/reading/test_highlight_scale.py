"""Adding a highlight costs what the highlight does, not what the page or the project
holds; opening a page with many highlights draws what is shown first and the rest in
steps, and ends drawn exactly as a full redraw draws it. Scale, not time: SQL
statements counted on the project's connection, the document's format changes
counted, the panel's model changes counted."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from claimmark import core
from claimmark.core.model.document import Block, ReadingDocument
from claimmark.core.model.extracted import Extracted
from claimmark.core.store.project import Project
from claimmark.ui.reading import ANNOTATIONS_PROPERTY, ReadingView

WORDS = ("the", "minister", "said", "that", "the", "budget", "for", "the", "coming", "year", "would", "double")
PROJECT_WIDE = ("GROUP BY kind", "DISTINCT author_id", "ORDER BY modified", "DISTINCT t.name")


def _long_project(path: Path, highlights: int, paragraphs: int = 400) -> int:
    """One article of `paragraphs` paragraphs (about 90,000 characters) with
    `highlights` annotations over it, overlapping at random; its document id."""
    rng = random.Random(3)
    texts = [" ".join(rng.choice(WORDS) for _ in range(36)).capitalize() + "." for _ in range(paragraphs)]
    reading = ReadingDocument([Block("heading", "A long article", level=1), *[Block("paragraph", t) for t in texts]])
    extracted = Extracted(
        source_name="long.txt", source_format="txt", metadata={"title": "A long article"}, document=reading,
        images={}, original=b"", original_size=0, content_hash=f"long-{highlights}",
    )  # fmt: skip
    with Project.open(path, create=True) as project:
        document_id = project.add_document(extracted).id
        length = len(project.reading_document(document_id).text)
        with project.transaction():
            for _ in range(highlights):
                start = rng.randrange(0, length - 200)
                kind = rng.choice(("claim", "quote", "citation"))
                core.add_annotation(project, document_id, kind, start, start + rng.randrange(20, 150))
    return document_id


def _formats(view: ReadingView) -> list[tuple[int, int, str, str, str]]:
    """Every stretch of the shown document: where, its tint, underline and annotation ids."""
    found = []
    block = view.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            fmt = fragment.charFormat()
            found.append((
                fragment.position(), fragment.length(), fmt.background().color().name(),
                f"{fmt.underlineStyle()}{fmt.underlineColor().name()}", str(fmt.property(ANNOTATIONS_PROPERTY) or ""),
            ))  # fmt: skip
            fragments += 1
        block = block.next()
    return found


def _select(view: ReadingView, start: int, end: int) -> None:
    view.select_core(start, end)
    view.setFocus()


def _add_with_key(qtbot, window, start: int, end: int) -> tuple[list[str], list[tuple[int, int, int]]]:
    """Press 2 over core [start, end): the SQL run and the document's changes meanwhile."""
    statements: list[str] = []
    changes: list[tuple[int, int, int]] = []
    _select(window.reader, start, end)
    document = window.reader.document()
    document.contentsChange.connect(lambda at, removed, added: changes.append((at, removed, added)))
    window.project.db.conn.set_trace_callback(statements.append)
    try:
        qtbot.keyClick(window.reader, Qt.Key.Key_2)
    finally:
        window.project.db.conn.set_trace_callback(None)
    return statements, changes


def _inserts(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith("INSERT INTO") and "annotations" in s
            and "annotations_fts" not in s and "annotation_tags" not in s]


def test_adding_a_highlight_costs_the_same_on_a_full_page(qtbot, window, tmp_path: Path) -> None:
    counts = {}
    for highlights in (300, 1200):
        path = tmp_path / f"p{highlights}.claimmark"
        document_id = _long_project(path, highlights)
        assert window.open_project(path)
        window.show_document(document_id)
        qtbot.waitUntil(lambda: not window.reader.highlighter.pending)
        model = window.panel.model
        resets: list[int] = []
        model.modelReset.connect(lambda: resets.append(1))  # noqa: B023  used in this turn alone
        start = 30_000
        statements, changes = _add_with_key(qtbot, window, start, start + 60)
        assert len(window.session.annotations) == highlights + 1
        assert len(_inserts(statements)) == 1, _inserts(statements)
        assert not [s for s in statements if any(wide in s for wide in PROJECT_WIDE)]
        # the document changed over the new highlight's own range only, in a few stretches
        low, high = window.reader.map.to_qt(start), window.reader.map.to_qt(start + 60)
        assert changes and all(low <= at and at + added <= high for at, _removed, added in changes)
        assert len(changes) <= 20
        assert resets == [] and model.rowCount() == highlights + 1  # one row put in, not the list again
        counts[highlights] = len(statements)
        window.close_project()
    assert counts[1200] == counts[300]  # the same statements whatever the page and project hold


def test_undo_and_redo_repaint_their_range_as_a_full_redraw_would(qtbot, window, tmp_path: Path) -> None:
    document_id = _long_project(tmp_path / "p.claimmark", 300, paragraphs=60)
    assert window.open_project(tmp_path / "p.claimmark")
    window.show_document(document_id)
    view = window.reader
    qtbot.waitUntil(lambda: not view.highlighter.pending)
    before = _formats(view)
    over = next(iter(window.session.annotations.values()))  # overlapping an existing highlight
    _add_with_key(qtbot, window, over.start + 5, over.end + 40)
    added = _formats(view)
    assert added != before
    view.redraw_highlights()
    assert _formats(view) == added
    window.undo_stack.undo()
    assert _formats(view) == before
    window.undo_stack.redo()
    assert _formats(view) == added
    deleted = window.session.delete(over.id)
    assert deleted is not None
    after_delete = _formats(view)
    view.redraw_highlights()
    assert _formats(view) == after_delete
    window.undo_stack.undo()
    assert _formats(view) == added


def _drawn_ids(view: ReadingView, position: int) -> list[int]:
    """The ids drawn on the character after Qt `position`, read from the document as
    it is (`annotations_at` would draw what is pending there first)."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(position + 1)
    value = cursor.charFormat().property(ANNOTATIONS_PROPERTY)
    return [int(v) for v in str(value).split(",") if v] if value else []


def _opened_long(window, tmp_path: Path) -> tuple[Any, Any, Any]:
    """The reader with a 1,500-highlight page just opened, and its first and last annotation."""
    document_id = _long_project(tmp_path / "p.claimmark", 1500)
    assert window.open_project(tmp_path / "p.claimmark")
    window.show_document(document_id)
    first = min(window.session.annotations.values(), key=lambda a: a.start)
    last = max(window.session.annotations.values(), key=lambda a: a.start)
    return window.reader, first, last


def test_opening_draws_what_is_shown_then_the_rest_in_steps(qtbot, window, tmp_path: Path) -> None:
    view, first, last = _opened_long(window, tmp_path)
    assert first.id in _drawn_ids(view, view.map.to_qt(first.start))  # shown: drawn at once
    assert _drawn_ids(view, view.map.to_qt(last.start)) == []  # far below: not yet ...
    steps = 0
    while view.highlighter.pending:  # ... but in steps while the window is idle
        qtbot.wait(1)
        steps += 1
    assert steps > 1
    assert last.id in _drawn_ids(view, view.map.to_qt(last.start))
    stepwise = _formats(view)
    view.redraw_highlights()
    assert _formats(view) == stepwise  # exactly what drawing them all at once draws


def test_scrolling_and_asking_draw_the_pending_highlights_first(qtbot, window, tmp_path: Path) -> None:
    view, _first, last = _opened_long(window, tmp_path)
    assert _drawn_ids(view, view.map.to_qt(last.start)) == []
    assert last.id in view.annotations_at(view.map.to_qt(last.start))  # asked about: drawn then
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    rect = view.viewport().rect()
    top = view.map.to_core(view.cursorForPosition(rect.topLeft()).position())
    bottom = view.map.to_core(view.cursorForPosition(rect.bottomRight()).position())
    assert not any(s < bottom and e > top for s, e in view.highlighter.pending)  # what is shown is drawn
    assert view.highlighter.pending  # the rest still waits
    shown = [a for a in window.session.annotations.values() if top <= a.start < bottom]
    assert shown and all(a.id in _drawn_ids(view, view.map.to_qt(a.start)) for a in shown)
