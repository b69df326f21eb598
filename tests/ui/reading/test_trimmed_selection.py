"""A selection in the reading view with stray edges (a paragraph's line break, the end
of the sentence before) is tagged with the key and stored as the passage alone."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QTextCursor

from claimmark.core.store import annotations as ann
from tests.ui.test_tagging import drawn_range

PARAGRAPH = ("Following the 9/11 attacks, the Patriot Act required US internet companies to provide user "
             "information on a regular basis, the official said.")


def test_a_triple_clicked_paragraph_is_tagged_without_its_line_break(qtbot, window, corpus_project: Path) -> None:
    assert window.open_project(corpus_project)
    view = window.reader
    text = window.project.document(1).text
    start = text.index(PARAGRAPH)
    end = start + len(PARAGRAPH)
    assert text[end] == "\n"
    # what a triple-click selects: the whole paragraph, through to the start of the next
    cursor = QTextCursor(view.document().findBlock(view.map.to_qt(start)))
    cursor.movePosition(QTextCursor.MoveOperation.NextBlock, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert view.core_selection() == (start, end + 1)
    view.setFocus()
    qtbot.keyClick(view, "1")
    made = ann.query(window.project)
    assert [(a.kind, a.exact, a.start, a.end) for a in made] == [("claim", PARAGRAPH, start, end)]
    assert made[0].suffix == text[end : end + 32] and made[0].suffix.startswith("\nMicrosoft")
    assert drawn_range(view, made[0].id) == (view.map.to_qt(start), view.map.to_qt(end))
    assert window.panel.current_annotation().exact == PARAGRAPH


def test_a_drag_that_took_in_the_sentence_before_is_trimmed(qtbot, window, corpus_project: Path) -> None:
    assert window.open_project(corpus_project)
    view = window.reader
    text = window.project.document(1).text
    selected = '. The US itself is the top threat to global cybersecurity."'
    stored = "The US itself is the top threat to global cybersecurity."
    start = text.index(selected)
    cursor = view.textCursor()
    cursor.setPosition(view.map.to_qt(start))
    cursor.setPosition(view.map.to_qt(start + len(selected)), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert view.textCursor().selectedText() == selected
    view.setFocus()
    qtbot.keyClick(view, "2")
    made = ann.query(window.project)
    assert [(a.kind, a.exact, a.start) for a in made] == [("quote", stored, start + 2)]
    assert drawn_range(view, made[0].id) == (view.map.to_qt(start + 2), view.map.to_qt(start + 2 + len(stored)))
