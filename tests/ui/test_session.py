"""The window's session without a window: a real project in tmp_path, the corpus
article imported, and every change made, undone and redone through the session."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from claimmark import core
from claimmark.ui.session import Session
from tests.conftest import CORPUS
from tests.core.share.test_merge import pair, snapshot  # noqa: F401  (pair: Alice's and Bob's copies)

PASSAGE = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))["example_annotations"][0]["exact"]


@pytest.fixture
def session(qtbot, corpus_project: Path):
    made = Session()
    with qtbot.waitSignal(made.projectChanged):
        assert made.open_project(corpus_project) is False  # not read-only
    yield made
    made.close_project()


def _shown(session: Session) -> int:
    assert session.project is not None
    document_id = session.project.resolve_document(1)
    with_signal = session.load_document(document_id)
    assert with_signal[0].text and session.document_id == document_id
    return document_id


def _span(session: Session, document_id: int) -> tuple[int, int]:
    assert session.project is not None
    text = session.project.reading_document(document_id).text
    start = text.index(PASSAGE)
    return start, start + len(PASSAGE)


def test_tag_undo_redo_delete_restore_with_signals(qtbot, session: Session) -> None:
    with qtbot.waitSignal(session.documentChanged) as shown:
        document_id = _shown(session)
    assert shown.args == [document_id]
    start, end = _span(session, document_id)
    with qtbot.waitSignal(session.annotationChanged) as changed:
        created = session.tag("claim", start, end)
    assert created is not None and changed.args[0] == document_id and changed.args[1].id == created.id
    assert session.annotations[created.id].exact == PASSAGE
    stack = session.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Tag claim"

    with qtbot.waitSignal(session.annotationChanged) as changed:
        stack.undo()
    assert changed.args[1].deleted and created.id not in session.annotations
    with qtbot.waitSignal(session.annotationChanged) as changed:
        stack.redo()
    assert not changed.args[1].deleted and created.id in session.annotations

    assert session.edit(created.id, {"note": "check the source"})
    assert core.get_annotation(session.project, created.id).note == "check the source"
    stack.undo()
    assert core.get_annotation(session.project, created.id).note == ""
    stack.redo()

    deleted = session.delete(created.id)
    assert deleted is not None and created.id not in session.annotations
    assert core.get_annotation(session.project, created.id, include_deleted=True).deleted
    stack.undo()
    assert created.id in session.annotations

    session.delete(created.id)
    restored = session.restore(created.id)
    assert restored is not None and restored.id == created.id and created.id in session.annotations
    assert stack.undoText() == "Restore claim"
    stack.undo()
    assert created.id not in session.annotations


def test_a_refused_change_is_said_and_not_undoable(qtbot, session: Session) -> None:
    document_id = _shown(session)
    start, end = _span(session, document_id)
    created = session.tag("citation", start, end)
    assert created is not None
    depth = session.undo_stack.count()
    with qtbot.waitSignal(session.error) as said:
        assert not session.edit(created.id, {"source_url": "javascript:alert(1)"})
    assert said.args[0] == "Saving the annotation" and said.args[1]
    assert session.undo_stack.count() == depth


def test_tags_renamed_and_merged_with_undo(qtbot, session: Session) -> None:
    document_id = _shown(session)
    start, end = _span(session, document_id)
    created = session.tag("claim", start, end)
    assert created is not None
    assert session.edit(created.id, {"tags": ["spying", "privacy"]})
    with qtbot.waitSignal(session.tagsChanged):
        assert session.rename_tag("spying", "surveillance")
    assert session.annotations[created.id].tags == ["surveillance", "privacy"]
    session.undo_stack.undo()
    assert session.annotations[created.id].tags == ["spying", "privacy"]
    with qtbot.waitSignal(session.tagsChanged):
        assert session.merge_tags("spying", "privacy")
    assert session.annotations[created.id].tags == ["privacy"]
    assert "spying" not in session.tags()
    session.undo_stack.undo()
    assert sorted(session.annotations[created.id].tags) == ["privacy", "spying"]
    with qtbot.waitSignal(session.error):
        assert not session.rename_tag("no such tag", "other")


def test_closing_says_so_and_forgets_the_document(qtbot, session: Session) -> None:
    _shown(session)
    with qtbot.waitSignals([session.projectClosing, session.projectChanged]):
        session.close_project()
    assert session.project is None and session.document_id is None and session.annotations == {}
    assert session.undo_stack.count() == 0
    assert session.tag("claim", 0, 5) is None


def test_a_conflict_resolved_undone_and_redone(qtbot, pair, tmp_path: Path) -> None:  # noqa: F811
    target = tmp_path / "alice-open.claimmark"
    shutil.copyfile(Path(str(pair["alice"])), target)
    with core.Project.open(target) as project:
        core.merge(project, Path(str(pair["bob"])))  # Bob's later edit wins the conflict on a1
    session = Session()
    session.open_project(target)
    conflict = next(c for c in core.review_conflicts(session.project) if c.annotation_uuid == pair["a1"])
    with qtbot.waitSignal(session.annotationChanged) as changed:
        resolution = session.resolve_conflict(conflict.id, "ours")
    assert resolution is not None and changed.args[1].note == "Alice: check the transcript"
    assert session.undo_stack.undoText() == "Keep ours (merge conflict)"
    session.undo_stack.undo()
    assert snapshot(target)[pair["a1"]]["note"] == "Bob: the ministry said this on Monday"
    assert any(c.id == conflict.id for c in core.review_conflicts(session.project))
    session.undo_stack.redo()
    assert snapshot(target)[pair["a1"]]["note"] == "Alice: check the transcript"
    with qtbot.waitSignal(session.error):
        assert session.resolve_conflict(conflict.id, "theirs") is None  # resolved already
    session.close_project()
