"""Projects (recent, save a copy, the last place read), preferences, zoom, the author
prompt (test_author_name.py), and errors that become dialogs with details in the log."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo, QTextDocument

from claimmark.core.store import annotations as ann
from claimmark.core.store import preferences
from claimmark.core.store.project import Project
from claimmark.ui import config, errors
from claimmark.ui.main_window import MainWindow


def test_a_project_reopens_at_the_document_and_place_last_read(qtbot, corpus_project, corpus) -> None:
    with Project.open(corpus_project) as project:
        from claimmark.core.importing import import_paths

        text = (corpus / "article.txt").read_text(encoding="utf-8")
        second = corpus / "second.txt"
        second.write_text("A second article\n\n" + text.replace("Chinese", "Ruritanian"), encoding="utf-8")
        assert import_paths(project, [second])[0].status == "imported"
    first = MainWindow()
    qtbot.addWidget(first)
    first.resize(900, 500)
    first.show()
    assert first.open_project(corpus_project)
    assert first.document_id == first.library.model.ids[0]
    first.library.select_document(1)
    assert first.document_id == 1
    first.reader.zoom(6)
    target = first.project.document(1).text.index("Following the 9/11 attacks")
    first.reader.scroll_to_position(target, top=True)
    place = first.reader.reading_position()
    assert abs(place - target) < 80
    first.close()
    again = MainWindow()
    qtbot.addWidget(again)
    again.resize(900, 500)
    again.show()
    assert again.open_initial(None)
    assert again.project.path == corpus_project
    assert again.document_id == 1 and again.library.current_document() == 1
    assert abs(again.reader.reading_position() - place) < 80
    again.close()


def test_recent_projects_and_save_a_copy(qtbot, window, corpus_project, tmp_path) -> None:
    other = tmp_path / "other.claimmark"
    assert window.open_project(other, create=True)
    assert window.open_project(corpus_project)
    assert config.recent_projects() == [str(corpus_project.absolute()), str(other.absolute())]
    window.menus.recent.fill()
    labels = [a.text() for a in window.menus.recent.actions()]
    assert labels[0].startswith("test") and labels[1].startswith("other")
    window.menus.recent.actions()[1].trigger()
    assert window.project.path == other
    assert "other" in window.windowTitle() and str(other.absolute()) in window.windowTitle()
    window.open_project(corpus_project)
    other.unlink()  # a recent project that was moved away
    window.menus.recent.fill()
    entry = next(a for a in window.menus.recent.actions() if a.text().startswith("other"))
    entry.trigger()
    assert window.last_dialog.isVisible() and "no such project file" in window.last_dialog.text()
    window.last_dialog.close()
    assert config.recent_projects() == [str(corpus_project.absolute())]
    window.menus.recent.fill()
    window.menus.recent.actions()[-1].trigger()  # Clear the List
    assert config.recent_projects() == []
    window.open_project(corpus_project)
    copy = tmp_path / "copy.claimmark"
    assert window.copy_project_to(copy)
    with Project.open(copy) as copied:
        assert copied.count_documents() == 1 and copied.check() == []


def test_zoom_keys_and_preferences(qtbot, window, corpus_project) -> None:
    assert window.open_project(corpus_project)
    size = window.reader.fonts.size
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.fonts.size == size + 1
    qtbot.keyClick(window.reader, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.reader, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.fonts.size == size - 1
    qtbot.keyClick(window.reader, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.fonts.size == size
    window.acts.prefs.trigger()
    dialog = window.last_dialog
    assert dialog.objectName() == "PreferencesDialog" and dialog.isVisible()
    dialog.author.setText("  Ada Lovelace ")
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.text_size.setValue(17)
    dialog.default_font.setChecked(False)
    dialog.family.setCurrentIndex(dialog.family.count() - 1)  # any installed face
    chosen = dialog.family.currentFont().family()
    dialog.accept()
    assert preferences.author_name() == "Ada Lovelace"
    assert window.theme.name == "dark" and window.acts.themes["dark"].isChecked()
    assert window.reader.fonts.size == 17 and window.reader.fonts.family == chosen
    title_format = window.reader.document().findBlock(0).charFormat()
    assert title_format.fontFamilies()[0] == chosen
    assert config.get_str("view/theme") == "dark" and config.get_str("view/font_family") == chosen


def test_the_disabled_font_box_names_the_face_the_article_is_set_in(qtbot, window, corpus_project) -> None:
    assert window.open_project(corpus_project)
    body = next(b for b in _blocks(window.reader.document()) if len(b.text()) > 200)
    used = QFontInfo(body.charFormat().font()).family()
    qtbot.keyClick(window.reader, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.last_dialog
    assert dialog.objectName() == "PreferencesDialog" and dialog.default_font.isChecked()
    assert not dialog.family.isEnabled()
    assert dialog.family.currentFont().family() == used == QFontInfo(window.reader.document().defaultFont()).family()
    dialog.sans.setFocus()
    qtbot.keyClick(dialog.sans, Qt.Key.Key_Space)  # prefer sans: the box follows
    sans = dialog.family.currentFont().family()
    assert sans != used
    qtbot.keyClick(dialog.sans, Qt.Key.Key_Return)
    body = next(b for b in _blocks(window.reader.document()) if len(b.text()) > 200)
    assert QFontInfo(body.charFormat().font()).family() == sans
    assert window.reader.fonts.family == ""  # still the default list, not a face picked by accident


def _blocks(document: QTextDocument):
    block = document.begin()
    while block.isValid():
        yield block
        block = block.next()


def test_unexpected_errors_become_a_dialog_and_a_log_entry(qtbot, window, monkeypatch) -> None:
    log_path = errors.setup_logging()
    try:
        assert log_path.is_relative_to(config.log_dir())
        monkeypatch.setattr(sys, "excepthook", sys.excepthook)
        errors.install_excepthook(lambda: window)
        try:
            raise RuntimeError("the disk caught fire")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
        dialogs = [
            w
            for w in window.findChildren(type(window.last_dialog or errors.QMessageBox()))
            if w.objectName() == "ErrorDialog"
        ]
        assert dialogs and dialogs[-1].windowTitle() == "Something went wrong"
        assert "RuntimeError" in dialogs[-1].text() and "Traceback" not in dialogs[-1].text()
        assert str(log_path) in dialogs[-1].informativeText()
        for handler in errors.logging.getLogger().handlers:
            handler.flush()
        assert "the disk caught fire" in Path(log_path).read_text(encoding="utf-8")
    finally:
        errors.teardown_logging()


def test_new_and_open_project_through_their_file_choosers(
    window, tmp_path, corpus_project, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "Research notes"), ""))
    )
    window.acts.new.trigger()
    created = tmp_path / "Research notes.claimmark"
    assert created.exists() and window.project.path == created
    assert window.windowTitle().startswith("Research notes — ")
    window.acts.new.trigger()  # the same name again: refused, nothing overwritten
    assert "already exists" in window.last_dialog.text()
    window.last_dialog.close()
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(corpus_project), ""))
    )
    window.acts.open.trigger()
    assert window.project.path == corpus_project and window.document_id == 1


def test_a_read_only_project_can_be_read_and_copied_but_not_tagged(
    qtbot, window, corpus_project, tmp_path, monkeypatch
) -> None:
    original = Project.open  # as on read-only storage (root could write through a chmod)
    monkeypatch.setattr(Project, "open", lambda path, **kwargs: original(path, read_only=True))
    assert window.open_project(corpus_project)
    assert window.project.read_only and "(read-only)" in window.windowTitle()
    assert not window.acts.import_files.isEnabled() and window.acts.copy.isEnabled()
    found = window.reader.document().find("Patriot Act", 0, QTextDocument.FindFlag.FindCaseSensitively)
    window.reader.setTextCursor(found)
    qtbot.keyClick(window.reader, "1")
    assert ann.query(window.project) == []
    assert "read-only" in window.statusBar().currentMessage()
    assert window.copy_project_to(tmp_path / "copy.claimmark")


def test_a_project_another_program_switched_to_wal_mode_opens_read_only(qtbot, window, corpus_project,
                                                                          tmp_path) -> None:
    """Read from a private copy, the file and its folder untouched, a note on how to get
    a writable copy, and Save a Copy makes one."""
    import hashlib
    import sqlite3

    conn = sqlite3.connect(corpus_project)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    before = hashlib.sha256(corpus_project.read_bytes()).hexdigest()
    siblings = sorted(p.name for p in corpus_project.parent.iterdir())
    assert window.open_project(corpus_project)
    assert window.project.read_only and "(read-only)" in window.windowTitle()
    note = window.last_dialog
    assert note.objectName() == "InfoDialog" and note.isVisible()
    assert "WAL mode" in note.text() and "Save a Copy" in note.text()
    note.close()
    assert window.library.model.rowCount() == 1 and "Patriot Act" in window.reader.toPlainText()
    copy = tmp_path / "writable.claimmark"
    assert window.copy_project_to(copy)
    window.close_project()
    assert hashlib.sha256(corpus_project.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in corpus_project.parent.iterdir()) == sorted([*siblings, "writable.claimmark"])
    assert window.open_project(copy) and not window.project.read_only
    assert window.last_dialog is note and not note.isVisible()  # no note for an ordinary project


def test_a_refused_project_that_is_not_in_wal_mode_is_not_opened(qtbot, window, tmp_path) -> None:
    junk = tmp_path / "junk.claimmark"
    junk.write_bytes(b"not a database at all\n" * 50)
    assert not window.open_project(junk)
    assert window.project is None
    assert window.last_dialog.objectName() == "ErrorDialog" and "not a ClaimMark project" in window.last_dialog.text()


def test_save_a_copy_replaces_a_chosen_file_whole_but_never_the_open_project(qtbot, window, corpus_project,
                                                                              tmp_path) -> None:
    import hashlib
    import sqlite3

    assert window.open_project(corpus_project)
    before = hashlib.sha256(corpus_project.read_bytes()).hexdigest()
    assert not window.copy_project_to(corpus_project)
    assert "is the open project; it is never written over" in window.last_dialog.text()
    window.last_dialog.close()
    assert hashlib.sha256(corpus_project.read_bytes()).hexdigest() == before
    assert window.project.count_documents() == 1
    old = tmp_path / "old copy.claimmark"
    old.write_bytes(b"an older file the user chose to replace")
    assert window.copy_project_to(old)
    with Project.open(old) as copied:
        assert copied.count_documents() == 1 and copied.check() == []
    assert sqlite3.connect(old).execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")) == []
