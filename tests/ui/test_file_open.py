"""A project the system hands over while the app runs opens in the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFileOpenEvent

from claimmark.ui.app import FileOpenFilter


def test_a_project_the_system_hands_over_opens(window, qtbot, qapp, corpus_project: Path) -> None:
    """macOS: a project double-clicked in Finder while the app runs is a FileOpen event."""
    watcher = FileOpenFilter(window)
    qapp.installEventFilter(watcher)
    try:
        with qtbot.waitSignal(window.projectOpened) as opened:
            qapp.sendEvent(qapp, QFileOpenEvent(str(corpus_project)))
    finally:
        qapp.removeEventFilter(watcher)
    assert opened.args == [str(corpus_project)] and window.project.path == corpus_project
    assert window.document_id == 1
