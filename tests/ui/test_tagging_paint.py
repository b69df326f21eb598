"""A new highlight is painted in the frame of its key press, before the commit (its
INSERT and the flush to disk) runs; a refused commit takes it back and says why."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt

from claimmark.core.store import annotations as ann
from tests.ui.test_tagging import EXAMPLES, drawn_range, ids_at, select_in_view

PENDING_ID = -1  # the stand-in's id (ui/tagging.py)


class Timeline(QObject):
    """One list of what happened, in order: the view's paints (with the annotation ids
    drawn at `watched` then) and the SQL statements run on the project's connection."""

    def __init__(self, window, watched: int):
        super().__init__()
        self.window, self.watched = window, watched
        self.events: list[tuple[str, object]] = []
        window.reader.viewport().installEventFilter(self)
        window.project.db.conn.set_trace_callback(lambda sql: self.events.append(("sql", sql)))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.events.append(("paint", tuple(ids_at(self.window.reader, self.watched))))
        return False

    def stop(self) -> None:
        self.window.reader.viewport().removeEventFilter(self)
        self.window.project.db.conn.set_trace_callback(None)

    def first(self, kind: str, where=lambda _value: True) -> int:
        return next(i for i, (k, value) in enumerate(self.events) if k == kind and where(value))


def inserted(sql: object) -> bool:
    return "INSERT INTO" in str(sql).upper() and "ANNOTATIONS" in str(sql).upper()


def press(qtbot, window, exact: str, key: str) -> int:
    """Select `exact` in the article and press `key`; the Qt position inside it."""
    view = window.reader
    found = select_in_view(view, exact)
    view.setFocus()
    qtbot.keyClick(view, key)
    return found.selectionStart() + 1


def test_the_highlight_is_painted_before_the_insert_runs(qtbot, window, corpus_project: Path) -> None:
    assert window.open_project(corpus_project)
    example = EXAMPLES[0]
    view = window.reader
    found = select_in_view(view, example["exact"])
    timeline = Timeline(window, found.selectionStart() + 1)
    try:
        view.setFocus()
        qtbot.keyClick(view, "2")
    finally:
        timeline.stop()
    (made,) = ann.query(window.project)
    painted = timeline.first("paint", lambda ids: PENDING_ID in ids)
    assert painted < timeline.first("sql", inserted)
    assert drawn_range(view, made.id) == (found.selectionStart(), found.selectionEnd())
    assert drawn_range(view, PENDING_ID) is None  # the stand-in is gone, the saved one drawn
    assert window.panel.current_id() == made.id
    assert not view.textCursor().hasSelection()


def test_a_refused_commit_takes_the_highlight_back_and_says_why(qtbot, window, corpus_project: Path) -> None:
    assert window.open_project(corpus_project)
    window.project.db.conn.execute(
        "CREATE TEMP TRIGGER refuse BEFORE INSERT ON annotations "
        "BEGIN SELECT RAISE(ABORT, 'the disk said no'); END"
    )
    example = EXAMPLES[1]
    view = window.reader
    found = select_in_view(view, example["exact"])
    watched = found.selectionStart() + 1
    timeline = Timeline(window, watched)
    try:
        view.setFocus()
        qtbot.keyClick(view, "1")
        qtbot.waitUntil(lambda: window.last_dialog is not None and window.last_dialog.isVisible())
        qtbot.wait(20)  # the page is painted again behind the dialog
    finally:
        timeline.stop()
    assert ann.query(window.project) == []
    assert timeline.first("paint", lambda ids: PENDING_ID in ids) < timeline.first("sql", inserted)
    assert ("paint", ()) in timeline.events[timeline.first("sql", inserted) :]  # taken back on screen
    assert ids_at(view, watched) == [] and drawn_range(view, PENDING_ID) is None
    assert window.panel.model.rowCount() == 0
    assert view.textCursor().selectedText() == found.selectedText()  # the selection is kept
    dialog = window.last_dialog
    assert "Tagging could not be saved" in dialog.text() and "the disk said no" in dialog.text()
    assert window.undo_stack.count() == 0
    dialog.close()


def test_two_quick_adds_keep_their_order_and_undo_takes_the_last(qtbot, window, corpus_project: Path) -> None:
    assert window.open_project(corpus_project)
    first, second = EXAMPLES[0]["exact"], EXAMPLES[2]["exact"]
    at_first = press(qtbot, window, first, "1")
    at_second = press(qtbot, window, second, "3")  # no event loop turn in between
    made = sorted(ann.query(window.project), key=lambda a: a.id)
    assert [(a.exact, a.kind) for a in made] == [(first, "claim"), (second, "citation")]
    view = window.reader
    assert ids_at(view, at_first) == [made[0].id] and ids_at(view, at_second) == [made[1].id]
    assert window.undo_stack.count() == 2
    qtbot.keyClick(view, "z", Qt.KeyboardModifier.ControlModifier)
    assert ann.get(window.project, made[1].id, include_deleted=True).deleted
    assert not ann.get(window.project, made[0].id).deleted
    assert ids_at(view, at_second) == [] and ids_at(view, at_first) == [made[0].id]
    assert window.panel.model.row_of(made[1].id) < 0 and window.panel.model.row_of(made[0].id) >= 0
    qtbot.keyClick(view, "z", Qt.KeyboardModifier.ControlModifier)
    assert ann.query(window.project) == [] and ids_at(view, at_first) == []
