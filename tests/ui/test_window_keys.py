"""Window-wide shortcuts work from every pane (issue #15, point 4: Ctrl+E did nothing
from the library's search box, which a line edit takes as "end of line" on X11; Ctrl+Z
and Ctrl+Shift+Z did nothing there either, taken as the box's own undo and redo)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from claimmark.core.model import records
from claimmark.core.store import annotations as ann


def tag(qtbot, window, exact: str) -> records.Annotation:
    view = window.reader
    start = window.project.document(1).text.index(exact)
    view.setFocus()
    view.select_core(start, start + len(exact))
    qtbot.keyClick(view, "1")
    return ann.get(window.project, window.panel.current_id())


def panes(window) -> dict[str, object]:
    editor = window.panel.editor
    return {
        "library list": window.library.list,
        "search box": window.library.search,
        "reading view": window.reader,
        "annotation list": window.panel.list,
        "claimant field": editor.claimant,
        "tags field": editor.tags,
        "note": editor.note,
    }


def window_actions(window) -> list[QAction]:
    """The window-wide actions with keys: every one of them must answer from every pane."""
    found = [a for a in window.actions() if a.shortcuts()]
    assert {window.acts.export, window.act_undo, window.act_redo, window.acts.find} <= set(found)
    return found


def test_every_window_shortcut_fires_from_every_pane(qtbot, window, corpus_project: Path) -> None:
    assert window.open_project(corpus_project)
    tag(qtbot, window, "Patriot Act")
    tag(qtbot, window, "Foreign Ministry spokesman")
    window.act_undo.trigger()  # something to undo and something to redo
    window.panel.select(ann.query(window.project)[0].id)
    assert window.act_undo.isEnabled() and window.act_redo.isEnabled()
    assert window.panel.editor.claimant.isVisible()
    actions = window_actions(window)
    fired: list[QAction] = []
    for action in actions:  # count the triggers; no dialog opens, nothing quits
        action.triggered.disconnect()
        action.triggered.connect(lambda _=False, a=action: fired.append(a))
    missed = []
    for pane_name, pane in panes(window).items():
        for action in actions:
            pane.setFocus()
            qtbot.waitUntil(pane.hasFocus, timeout=1000)
            fired.clear()
            for key in action.shortcuts():
                combination = key[0]
                qtbot.keyClick(QApplication.focusWidget(), combination.key(), combination.keyboardModifiers())
                if fired != [action]:
                    missed.append(f"{key.toString()} ({action.text()}) in the {pane_name}")
                fired.clear()
    assert missed == []


def test_export_opens_from_the_search_box_after_a_reopen(qtbot, window, corpus_project: Path) -> None:
    assert window.open_project(corpus_project)
    window.library.search.setFocus()
    qtbot.waitUntil(window.library.search.hasFocus, timeout=1000)
    with qtbot.waitSignal(window.acts.export.triggered, timeout=1000):
        qtbot.keyClick(window.library.search, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert window.last_dialog.isVisible() and window.last_dialog.windowTitle().startswith("Export")
    window.last_dialog.close()


def test_a_field_keeps_its_own_undo_while_it_has_one(qtbot, window, corpus_project: Path) -> None:
    assert window.open_project(corpus_project)
    made = tag(qtbot, window, "Patriot Act")
    search = window.library.search
    search.setFocus()
    qtbot.keyClicks(search, "cyber")
    qtbot.keyClick(search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert search.text() == ""  # the box's typing undone, the tag still there
    assert not ann.get(window.project, made.id).deleted
    qtbot.keyClick(search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # nothing left in the box
    assert ann.get(window.project, made.id, include_deleted=True).deleted
    assert "Undid" in window.statusBar().currentMessage()
