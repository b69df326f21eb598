"""The file dialogs of the File menu: each asks for a path, starts in the folder used
last for the same purpose, and remembers the folder chosen. None when cancelled."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from claimmark.ui import config

PROJECTS = "ClaimMark projects (*.claimmark)"
PAGES = "Saved pages (*.html *.htm *.xhtml *.mhtml *.mht *.txt *.md *.markdown);;All files (*)"


def new_project(parent: QWidget) -> Path | None:
    """File ▸ New Project: where to make it (".claimmark" added when missing)."""
    name, _ = QFileDialog.getSaveFileName(
        parent, "New project", str(config.last_folder("projects", config.data_dir())), PROJECTS
    )
    if not name:
        return None
    path = Path(name)
    config.remember_folder("projects", path.parent)
    return path if path.suffix == ".claimmark" else path.with_name(path.name + ".claimmark")


def open_project(parent: QWidget) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent,
        "Open project",
        str(config.last_folder("projects", config.data_dir())),
        f"{PROJECTS};;All files (*)",
    )
    if not name:
        return None
    config.remember_folder("projects", Path(name).parent)
    return Path(name)


def copy_target(parent: QWidget, project_path: Path) -> Path | None:
    """File ▸ Save a Copy: where the copy goes."""
    folder = config.last_folder("copy", project_path.parent)
    name, _ = QFileDialog.getSaveFileName(
        parent, "Save a copy of the project", str(folder / f"{project_path.stem} copy.claimmark"), PROJECTS
    )
    if not name:
        return None
    config.remember_folder("copy", Path(name).parent)
    return Path(name)


def import_files(parent: QWidget) -> list[str]:
    names, _ = QFileDialog.getOpenFileNames(
        parent, "Import files", str(config.last_folder("import", Path.home())), PAGES
    )
    if names:
        config.remember_folder("import", Path(names[0]).parent)
    return names


def import_folder(parent: QWidget) -> str | None:
    name = QFileDialog.getExistingDirectory(
        parent, "Import a folder", str(config.last_folder("import", Path.home()))
    )
    if not name:
        return None
    config.remember_folder("import", Path(name).parent)  # next time: among its siblings
    return name


def merge_source(parent: QWidget) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent,
        "Merge a project into this one",
        str(config.last_folder("merge", Path.home())),
        f"{PROJECTS};;All files (*)",
    )
    if not name:
        return None
    config.remember_folder("merge", Path(name).parent)
    return Path(name)
