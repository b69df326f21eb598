"""The file choosers open where the last one of their kind was used (import, projects,
export, save a copy), across restarts; each kind keeps its own folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from claimmark.core.store.project import Project
from claimmark.ui import config

from .conftest import copy_corpus_page, open_window


def in_file_dialog(qtbot, opened_in: list[Path], typed: str | None) -> None:
    """When the next file chooser shows: note its folder, then enter `typed` and press
    Return (None: press Escape). The path is set, not typed key by key: the chooser's
    completer would open a popup on every slash."""

    def respond() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, respond)
            return
        opened_in.append(Path(dialog.directory().absolutePath()))
        field = dialog.findChild(QLineEdit, "fileNameEdit")
        if typed is None:
            qtbot.keyClick(field, Qt.Key.Key_Escape)
            return
        field.setFocus()
        field.setText(typed)
        qtbot.keyClick(field, Qt.Key.Key_Return)

    QTimer.singleShot(0, respond)


def ctrl(qtbot, window, key: Qt.Key, shift: bool = False) -> None:
    """A Ctrl shortcut, once the window is back in front after a chooser closed."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    modifiers = Qt.KeyboardModifier.ControlModifier
    if shift:
        modifiers |= Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.reader, key, modifiers)


def test_each_file_chooser_reopens_in_its_last_folder(qtbot, window, corpus_project, tmp_path) -> None:
    assert window.open_project(corpus_project)
    page = copy_corpus_page(tmp_path, "page.mhtml")
    projects = tmp_path / "projects"
    projects.mkdir()
    Project.open(projects / "other.claimmark", create=True).close()
    (tmp_path / "copies").mkdir()
    (tmp_path / "exports").mkdir()
    window.reader.setFocus()
    opened: list[Path] = []

    in_file_dialog(qtbot, opened, str(page))
    with qtbot.waitSignal(window.importFinished, timeout=60_000):
        ctrl(qtbot, window, Qt.Key.Key_I)
    assert opened == [Path.home()]
    in_file_dialog(qtbot, opened, None)
    ctrl(qtbot, window, Qt.Key.Key_I)
    assert opened[-1] == page.parent

    in_file_dialog(qtbot, opened, str(projects / "other.claimmark"))
    ctrl(qtbot, window, Qt.Key.Key_O)
    assert opened[-1] == config.data_dir() and window.project.path == projects / "other.claimmark"
    window.reader.setFocus()
    in_file_dialog(qtbot, opened, None)
    ctrl(qtbot, window, Qt.Key.Key_O)
    assert opened[-1] == projects

    in_file_dialog(qtbot, opened, str(tmp_path / "copies" / "spare.claimmark"))
    ctrl(qtbot, window, Qt.Key.Key_S, shift=True)
    assert opened[-1] == projects and (tmp_path / "copies" / "spare.claimmark").exists()

    assert window.open_project(corpus_project)
    window.reader.setFocus()
    ctrl(qtbot, window, Qt.Key.Key_E)
    dialog = window.last_dialog
    assert dialog.objectName() == "ExportDialog"
    in_file_dialog(qtbot, opened, str(tmp_path / "exports" / "all.csv"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert opened[-1] == Path.home() and (tmp_path / "exports" / "all.csv").exists()
    window.close()

    again = open_window(qtbot)  # a restart: each chooser opens where its kind was last used
    assert again.open_project(corpus_project)
    again.reader.setFocus()
    for key, shift, folder in ((Qt.Key.Key_I, False, page.parent), (Qt.Key.Key_O, False, projects),
                               (Qt.Key.Key_S, True, tmp_path / "copies")):
        in_file_dialog(qtbot, opened, None)
        ctrl(qtbot, again, key, shift)
        assert opened[-1] == folder
    ctrl(qtbot, again, Qt.Key.Key_E)
    in_file_dialog(qtbot, opened, None)
    qtbot.mouseClick(again.last_dialog.export_button, Qt.MouseButton.LeftButton)
    assert opened[-1] == tmp_path / "exports"
    again.close_project()


def test_a_folder_that_is_gone_falls_back_to_the_default(qtbot, window, corpus_project, tmp_path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    config.remember_folder("copy", gone)
    gone.rmdir()
    assert window.open_project(corpus_project)
    window.reader.setFocus()
    opened: list[Path] = []
    in_file_dialog(qtbot, opened, None)
    ctrl(qtbot, window, Qt.Key.Key_S, shift=True)
    assert opened == [corpus_project.parent]
