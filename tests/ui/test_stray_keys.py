"""A stray letter in the article rewrites nothing (issue #15, point 2).

A kind key without a selection changes the annotation in focus only (the caret in its
highlight, or its row in the panel), never anything else in the article; a change of
kind keeps the other kinds' fields and says so in the status bar; Backspace deletes
nothing, Delete does, with undo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from claimmark.core.model import records
from claimmark.core.store import annotations as ann

EXACT = "the US had used its technological prowess to spy on its own people and the world public"
ELSEWHERE = "The US is in fact the biggest threat"


def click_at(qtbot, view, offset: int) -> None:
    """A real mouse click on the article's text at a core offset."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.map.to_qt(offset))
    view.setTextCursor(cursor)  # only to scroll it into view: the click below puts the caret
    view.ensureCursorVisible()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(cursor).center())


def tagged_claim(qtbot, window) -> records.Annotation:
    """A claim by its key, then claimant and status typed in the editor."""
    view = window.reader
    text = window.project.document(1).text
    start = text.index(EXACT)
    view.setFocus()
    view.select_core(start, start + len(EXACT))
    qtbot.keyClick(view, "1")
    editor = window.panel.editor
    editor.claimant.setFocus()
    qtbot.keyClicks(editor.claimant, "Wang Wenbin")
    qtbot.keyClick(editor.claimant, Qt.Key.Key_Tab)  # on to the status: the claimant is saved
    assert editor.status.hasFocus()
    editor.status.setCurrentIndex(editor.status.findText("false"))
    editor.status.activated.emit(editor.status.currentIndex())
    made = ann.get(window.project, window.panel.current_id())
    assert (made.kind, made.claimant, made.status) == ("claim", "Wang Wenbin", "false")
    return made


def core_caret(view) -> int:
    return view.map.to_core(view.textCursor().position())


def test_letters_typed_elsewhere_in_the_article_change_nothing(qtbot, window, corpus_project: Path) -> None:
    assert window.open_project(corpus_project)
    made = tagged_claim(qtbot, window)
    view = window.reader
    text = window.project.document(1).text
    depth = window.undo_stack.count()
    click_at(qtbot, view, text.index(ELSEWHERE) + 3)
    assert view.hasFocus() and not view.textCursor().hasSelection()
    assert not made.start <= core_caret(view) <= made.end
    assert window.panel.current_id() == made.id  # still the current one, but not in focus
    for key in ("r", "c", "q", "2", "e", Qt.Key.Key_Backspace, Qt.Key.Key_Delete, Qt.Key.Key_Return):
        qtbot.keyClick(view, key)
        now = ann.get(window.project, made.id)
        assert (now.kind, now.claimant, now.status, now.deleted) == ("claim", "Wang Wenbin", "false", False), key
    assert window.undo_stack.count() == depth
    assert view.hasFocus()  # E and Return did not jump into the editor either
    assert window.statusBar().currentMessage().startswith("Nothing changed")


def test_a_kind_key_on_the_highlight_keeps_the_fields_and_says_so(qtbot, window, corpus_project: Path) -> None:
    assert window.open_project(corpus_project)
    made = tagged_claim(qtbot, window)
    view = window.reader
    editor = window.panel.editor
    click_at(qtbot, view, made.start + 5)
    assert view.hasFocus() and made.start <= core_caret(view) <= made.end
    qtbot.keyClick(view, "r")
    citation = ann.get(window.project, made.id)
    assert citation.kind == "citation"
    assert (citation.claimant, citation.status) == ("Wang Wenbin", "false")  # kept, hidden
    message = window.statusBar().currentMessage()
    assert message == (
        "Changed the claim to a citation; its claimant and status are kept for when it is a claim again. "
        "Ctrl+Z undoes it."
    )
    assert editor.source_title.isVisible() and not editor.claimant.isVisible()
    qtbot.keyClick(view, "c")
    assert window.statusBar().currentMessage() == "Changed the citation to a claim. Ctrl+Z undoes it."
    back = ann.get(window.project, made.id)
    assert (back.kind, back.claimant, back.status) == ("claim", "Wang Wenbin", "false")
    assert editor.claimant.isVisible() and editor.claimant.text() == "Wang Wenbin"
    assert editor.status.currentText() == "false"
    # undo and redo by their keys go through the same kinds, the fields always there
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ann.get(window.project, made.id).kind == "citation"
    assert window.statusBar().currentMessage().startswith("Undid: Change kind")
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    undone = ann.get(window.project, made.id)
    assert (undone.kind, undone.claimant, undone.status) == ("claim", "Wang Wenbin", "false")
    qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert ann.get(window.project, made.id).kind == "citation"
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert ann.get(window.project, made.id).kind == "claim"
    assert window.statusBar().currentMessage().startswith("Redid: Change kind")


def test_backspace_deletes_nothing_and_delete_deletes_with_undo(qtbot, window, corpus_project: Path) -> None:
    assert window.open_project(corpus_project)
    made = tagged_claim(qtbot, window)
    view = window.reader
    click_at(qtbot, view, made.start + 5)
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    assert not ann.get(window.project, made.id).deleted
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert ann.get(window.project, made.id, include_deleted=True).deleted
    assert window.statusBar().currentMessage() == "Deleted the claim. Ctrl+Z undoes it."
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not ann.get(window.project, made.id).deleted


def test_kind_keys_act_on_the_focused_row_of_the_panel(qtbot, window, corpus_project: Path) -> None:
    assert window.open_project(corpus_project)
    made = tagged_claim(qtbot, window)
    rows = window.panel.list
    rect = window.panel.visual_rect(made.id)
    qtbot.mouseClick(rows.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert rows.hasFocus()
    qtbot.keyClick(rows, "2")
    quote = ann.get(window.project, made.id)
    assert (quote.kind, quote.claimant, quote.status) == ("quote", "Wang Wenbin", "false")
    assert "Changed the claim to a quote" in window.statusBar().currentMessage()
    qtbot.keyClick(rows, "1")
    assert ann.get(window.project, made.id).kind == "claim"
    qtbot.keyClick(rows, Qt.Key.Key_Backspace)
    assert not ann.get(window.project, made.id).deleted
    qtbot.keyClick(rows, Qt.Key.Key_Delete)
    assert ann.get(window.project, made.id, include_deleted=True).deleted
