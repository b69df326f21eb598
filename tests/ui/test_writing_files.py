"""The window's writers (File ▸ Export, File ▸ Save a Copy) use the core's writer: the
file dialog's overwrite question counts as the user's choice, but the open project,
any SQLite file and symbolic links are refused, and a failed write leaves the old file."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt

from claimmark.core.store.project import Project
from tests.annotation_helpers import tag_examples
from tests.full_disk import fill_disk


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export_to(qtbot, window, name: str | Path, fmt: str = "csv"):
    """File ▸ Export, the format chosen, `name` given to the file chooser, Export clicked."""
    window.acts.export.trigger()
    dialog = window.last_dialog
    assert dialog.objectName() == "ExportDialog" and dialog.isVisible()
    dialog.format_buttons[fmt].setChecked(True)
    dialog.scope_buttons["project"].setChecked(True)
    dialog.choose_path = lambda suggested, file_filter: str(name)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    return dialog


def refused(window, dialog, *words: str) -> None:
    error = window.last_dialog
    assert error.objectName() == "ErrorDialog" and error.isVisible()
    assert "” was not written" in error.text() and "Traceback" not in error.text()
    assert "log file" not in error.informativeText()  # the message is all there is to it
    for word in words:
        assert word in error.text()
    error.close()
    assert dialog.isVisible() and dialog.written is None  # still open, to choose another name
    dialog.close()


def test_export_refuses_the_open_project_sqlite_files_and_links(qtbot, window, corpus_project: Path,
                                                                 tmp_path: Path) -> None:
    assert window.open_project(corpus_project)
    tag_examples(window.project)
    before = sha(corpus_project)
    for fmt in ("csv", "json"):
        dialog = export_to(qtbot, window, corpus_project, fmt)
        refused(window, dialog, "is the open project; it is never written over")
    assert sha(corpus_project) == before and window.project.count_documents() == 1
    other = tmp_path / "older.csv"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    dialog = export_to(qtbot, window, other)
    refused(window, dialog, "is an SQLite database")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(victim)
    dialog = export_to(qtbot, window, link)
    refused(window, dialog, "is a symbolic link")
    assert victim.read_text(encoding="utf-8") == "precious\n" and link.is_symlink()


def test_export_replaces_only_the_file_the_dialog_asked_about(qtbot, window, corpus_project: Path,
                                                               tmp_path: Path) -> None:
    assert window.open_project(corpus_project)
    tag_examples(window.project)
    chosen = tmp_path / "chosen.csv"
    chosen.write_text("last week\n", encoding="utf-8")
    dialog = export_to(qtbot, window, chosen)  # the dialog asked "replace?" and the user said yes
    assert dialog.written == chosen and not dialog.isVisible()
    assert chosen.read_bytes().startswith(b"document_id,") and chosen.read_bytes().count(b"\r\n") == 7
    unasked = tmp_path / "notes.csv"
    unasked.write_text("my notes\n", encoding="utf-8")
    dialog = export_to(qtbot, window, tmp_path / "notes")  # ".csv" added after the dialog
    refused(window, dialog, "already exists; choose it in the file dialog to replace it")
    assert unasked.read_text(encoding="utf-8") == "my notes\n"


def test_an_export_on_a_full_disk_keeps_the_old_file(qtbot, window, corpus_project: Path, tmp_path: Path,
                                                     monkeypatch) -> None:
    assert window.open_project(corpus_project)
    tag_examples(window.project)
    folder = tmp_path / "out"
    folder.mkdir()
    old = folder / "export.csv"
    old.write_text("the old export\n", encoding="utf-8")
    fill_disk(monkeypatch, folder)
    dialog = export_to(qtbot, window, old)
    refused(window, dialog, "was not written (No space left on device)", str(old))
    assert sorted(p.name for p in folder.iterdir()) == ["export.csv"]
    assert old.read_text(encoding="utf-8") == "the old export\n"


def test_save_a_copy_never_replaces_an_sqlite_file_or_follows_a_link(qtbot, window, corpus_project: Path,
                                                                      tmp_path: Path) -> None:
    assert window.open_project(corpus_project)
    older = tmp_path / "older copy.claimmark"
    assert window.copy_project_to(older)
    before = sha(older)
    assert not window.copy_project_to(older)  # a project (or any SQLite file) is never written over
    assert "is an SQLite database (perhaps a project)" in window.last_dialog.text()
    window.last_dialog.close()
    assert sha(older) == before
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    link = tmp_path / "link.claimmark"
    link.symlink_to(victim)
    assert not window.copy_project_to(link)
    assert "is a symbolic link" in window.last_dialog.text()
    window.last_dialog.close()
    assert victim.read_text(encoding="utf-8") == "precious\n" and link.is_symlink()
    with Project.open(older) as copy:
        assert copy.count_documents() == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []
