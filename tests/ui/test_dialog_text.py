"""Dialogs that show stored or file-derived text (issue 22, point 6): a control or a
bidirectional override is shown escaped, never obeyed; a database error is said in
words naming the file; a project whose reading fails never takes over the window."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QDesktopServices, QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox

from claimmark.core.importing import import_paths
from claimmark.core.store.project import Project
from claimmark.ui import errors

RLO = "\u202e"
STORY = "".join(f"<p>Sentence {n} of a story that is long enough to be the body of an article.</p>"
                for n in range(6))


def _sql(path: Path, statement: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(statement)
    conn.close()


def _click_anchor(view, qtbot) -> None:
    """A real left click in the middle of the first link of the reading view."""
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().isAnchor():
                cursor = QTextCursor(view.document())
                cursor.setPosition(fragment.position() + fragment.length() // 2)
                view.ensureCursorVisible()
                qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(cursor).center())
                return
            it += 1
        block = block.next()
    raise AssertionError("no link in the reading view")


def test_the_link_dialog_shows_a_right_to_left_override_escaped(window, qtbot, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    href = f"https://example.org/{RLO}gnp.exe"  # reads as "https://example.org/exe.png"
    page = tmp_path / "link.html"
    page.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Links</title></head><body>"
                    f"<article><h1>Links</h1><p>Read <a href='{href}'>the picture</a> here.</p>{STORY}"
                    "</article></body></html>", encoding="utf-8")
    project_path = tmp_path / "links.claimmark"
    with Project.open(project_path, create=True) as project:
        assert import_paths(project, [page])[0].status == "imported"
    assert window.open_project(project_path)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toString())))
    shown: dict[str, object] = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        shown.update(name=box.objectName(), text=box.text(), format=box.textFormat())
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(0, answer)
    _click_anchor(window.reader, qtbot)
    qtbot.waitUntil(lambda: "text" in shown)
    assert shown["name"] == "OpenLinkDialog" and shown["format"] == Qt.TextFormat.PlainText
    assert "https://example.org/\\u202egnp.exe" in str(shown["text"]) and RLO not in str(shown["text"])
    assert opened == []  # cancelled


def _corrupt_name(good: Path, bad: Path) -> None:
    """A copy that passes every check on opening, but whose name is not valid UTF-8."""
    shutil.copyfile(good, bad)
    _sql(bad, "UPDATE meta SET value = CAST(X'41C3' AS TEXT) WHERE key = 'name'")


def test_a_project_whose_reading_fails_does_not_take_over_the_window(qtbot, window, corpus_project: Path,
                                                                     tmp_path: Path) -> None:
    assert window.open_project(corpus_project)
    title = window.windowTitle()
    bad = tmp_path / "undecodable.claimmark"
    _corrupt_name(corpus_project, bad)
    assert not window.open_project(bad)
    assert window.project is not None and window.project.path == corpus_project  # back where it was
    assert window.windowTitle() == title and "undecodable" not in window.windowTitle()
    dialog = window.last_dialog
    assert dialog.objectName() == "ErrorDialog" and dialog.windowTitle() == "Cannot open the project"
    assert str(bad) in dialog.text()
    assert "could not be read: it holds text that is not valid UTF-8" in dialog.text()
    assert "OperationalError" not in dialog.text()
    window.close_project()
    assert not window.open_project(bad)  # with nothing open before: nothing open after
    assert window.project is None and window.windowTitle() == "ClaimMark"
    assert not window.acts.export.isEnabled()


def test_a_refused_file_name_is_shown_escaped_as_plain_text(qtbot, window, tmp_path: Path) -> None:
    junk = tmp_path / f"<b>notes {RLO}krammialc.txt"
    junk.write_bytes(b"not a database at all\n" * 50)
    assert not window.open_project(junk)
    dialog = window.last_dialog
    assert dialog.textFormat() == Qt.TextFormat.PlainText
    assert "<b>notes \\u202ekrammialc.txt" in dialog.text() and RLO not in dialog.text()


def test_a_document_that_cannot_be_read_is_said_in_words(qtbot, window, corpus_project: Path) -> None:
    _sql(corpus_project, "UPDATE documents SET reading_json = CAST(X'7B22C3' AS TEXT)")
    assert window.open_project(corpus_project)  # the project opens, the document shows a clear error
    dialog = window.last_dialog
    assert dialog.windowTitle() == "Cannot show the document"
    assert str(corpus_project) in dialog.text() and "not valid UTF-8" in dialog.text()
    assert corpus_project.stem in window.windowTitle()


def test_an_unexpected_database_error_names_the_file_in_words(qtbot, window, corpus_project: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert window.open_project(corpus_project)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    errors.install_excepthook(lambda: window)
    try:
        window.project.db.execute("SELECT CAST(X'41C3' AS TEXT)").fetchone()
    except sqlite3.Error:
        sys.excepthook(*sys.exc_info())
    dialogs = [w for w in window.findChildren(QMessageBox) if w.objectName() == "ErrorDialog"]
    text = dialogs[-1].text()
    assert dialogs[-1].windowTitle() == "Cannot use the project"
    assert str(corpus_project) in text and "could not be read: it holds text that is not valid UTF-8" in text
    assert "Something went wrong" not in text and "OperationalError" not in text


def test_the_import_summary_shows_a_hostile_file_name_escaped(qtbot, window, project_path: Path,
                                                             tmp_path: Path) -> None:
    assert window.open_project(project_path, create=True)
    missing = tmp_path / f"photo{RLO}gnp.exe\x1b[2J.html"
    with qtbot.waitSignal(window.importFinished, timeout=60_000):
        window.import_paths([missing, tmp_path / "nowhere.html"])
    summary = window.last_dialog
    assert summary.objectName() == "ImportSummary"
    cells = [summary.tree.topLevelItem(row).text(column) for row in range(2) for column in range(3)]
    tips = [summary.tree.topLevelItem(row).toolTip(column) for row in range(2) for column in (0, 2)]
    assert "photo\\u202egnp.exe\\x1b[2J.html" in cells
    assert not any(RLO in text or "\x1b" in text for text in cells + tips)
    summary.close()


def test_the_merge_report_shows_incoming_titles_and_names_escaped(qtbot, window, corpus_project: Path,
                                                                 tmp_path: Path) -> None:
    from tests.ui.merge.test_sharing import run_merge

    other = tmp_path / f"theirs{RLO}krammialc.txt.claimmark"
    with Project.open(other, create=True) as project:
        page = tmp_path / "new.html"
        page.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>New</title></head><body>"
                        f"<article><h1>New</h1>{STORY}</article></body></html>", encoding="utf-8")
        assert import_paths(project, [page])[0].status == "imported"
    _sql(other, "UPDATE documents SET title = 'Incoming ' || char(27) || '[2J' || char(8238) || 'txt.exe'")
    assert window.open_project(corpus_project)
    preview = run_merge(qtbot, window, other)
    texts = [preview.windowTitle(), preview.heading.text(),
             *(label.text() for label in preview.findChildren(type(preview.heading)))]
    assert any("Incoming \\x1b[2J\\u202etxt.exe" in text for text in texts)
    assert "theirs\\u202ekrammialc.txt.claimmark" in preview.windowTitle()
    assert not any(RLO in text or "\x1b" in text for text in texts)
    assert preview.heading.textFormat() == Qt.TextFormat.PlainText
    preview.reject()
