"""The project-wide figures the session folds forward (kinds for the status bar,
authors' latest names, tags in use, author ids) stay what reading the file afresh
says, through tagging, edits of kind and tags, deletion, undo and redo."""

from __future__ import annotations

from pathlib import Path

from claimmark import core
from claimmark.ui import status
from tests.annotation_helpers import import_corpus


def _assert_fresh(window) -> None:
    session, project = window.session, window.project
    assert session.kind_totals() == core.kind_totals(project)
    assert session.author_names() == core.latest_author_names(project)
    assert session.tags() == core.all_tags(project)
    assert session.author_ids() == frozenset(core.annotation_author_ids(project))
    shown = len(window.library.model.ids)
    assert window.status_counts.text() == status.counts_text(project, shown, core.kind_totals(project))


def test_the_folded_figures_match_the_file_through_every_change(qtbot, window, project_path: Path, corpus) -> None:
    import_corpus(project_path, corpus).close()
    assert window.open_project(project_path)
    document_id = window.library.model.ids[0]
    window.show_document(document_id)
    session = window.session
    assert len(window.project.reading_document(document_id).text) > 700  # room for three passages
    _assert_fresh(window)
    made = [session.tag(kind, 10 + 200 * i, 60 + 200 * i) for i, kind in enumerate(("claim", "quote", "citation"))]
    assert all(made)
    _assert_fresh(window)
    first, second, _third = (a for a in made if a is not None)
    assert session.edit(first.id, {"kind": "quote"})
    _assert_fresh(window)
    assert session.edit(second.id, {"tags": ["budget", "Law"]})
    _assert_fresh(window)
    assert session.edit(second.id, {"tags": ["law"]})  # "budget" goes out of use
    _assert_fresh(window)
    assert session.delete(second.id) is not None
    _assert_fresh(window)
    stack = window.undo_stack
    for _ in range(stack.count()):
        stack.undo()
        _assert_fresh(window)
    for _ in range(stack.count()):
        stack.redo()
        _assert_fresh(window)
