"""Opening a project in the window: the one named at start, the last one or the
default one (made with the sample article on the first run); what the window says
when a project cannot be opened; and File ▸ Save a Copy.

The session (ui/session.py) opens and closes the project; this module shows it in
the window's views, or says why not, and goes back to the previous project when a
project passed the checks but could not be read."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import tempfile
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QStatusBar

from claimmark import core
from claimmark.ui import config
from claimmark.ui.actions import Actions
from claimmark.ui.errors import database_error_text, not_written
from claimmark.ui.library import LibraryPanel
from claimmark.ui.reading import ReadingView
from claimmark.ui.session import Session

if TYPE_CHECKING:
    from claimmark.ui.annotation_table import AnnotationTable
    from claimmark.ui.importing import Importer

log = logging.getLogger(__name__)
APP_TITLE = "ClaimMark"
SAMPLE = "presstv-us-cybersecurity.mhtml"


class ProjectWindow(Protocol):
    """What opening a project needs of the main window."""

    session: Session
    library: LibraryPanel
    reader: ReadingView
    acts: Actions
    importer: Importer
    table_window: AnnotationTable | None
    projectOpened: SignalInstance

    def say_error(self, title: str, message: str, *, logged: bool = True) -> None: ...
    def say_info(self, title: str, message: str) -> None: ...
    def show_document(self, document_id: int) -> bool: ...
    def update_status(self) -> None: ...
    def refresh_choices(self) -> None: ...
    def statusBar(self) -> QStatusBar: ...
    def setWindowTitle(self, title: str) -> None: ...
    def setWindowFilePath(self, path: str) -> None: ...


def open_initial(window: ProjectWindow, argument: str | None = None) -> bool:
    """At start: the project named, else the last one, else the default project
    (created on first run with the sample article)."""
    if argument:
        path = Path(argument).expanduser()
        create = not path.exists() and path.suffix == ".claimmark"
        return open_project(window, path, create=create)
    last = config.get_str("projects/last")
    if last and Path(last).exists() and open_project(window, Path(last)):
        return True
    return open_default_project(window)


def open_default_project(window: ProjectWindow) -> bool:
    path = config.default_project_path()
    fresh = not path.exists()
    if not open_project(window, path, create=True):
        return False
    project = window.session.project
    if fresh and project is not None and project.count_documents() == 0:
        import_sample(window)
    return True


def import_sample(window: ProjectWindow) -> None:
    """Import the sample article (a copy in a temporary folder, removed afterwards:
    the worker process reads it after this returns)."""
    sample = files("claimmark.resources") / "sample" / SAMPLE
    folder = Path(tempfile.mkdtemp(prefix="claimmark-sample-"))
    copy = folder / SAMPLE
    copy.write_bytes(sample.read_bytes())
    window.importer.start([copy], quiet=True)
    if window.importer.job is not None:
        window.importer.job.finished.connect(lambda _outcomes: shutil.rmtree(folder, ignore_errors=True))
    else:
        shutil.rmtree(folder, ignore_errors=True)


def open_project(window: ProjectWindow, path: Path, *, create: bool = False) -> bool:
    """Open `path` in the window, or say why it cannot be (the open project stays)."""
    session = window.session
    previous = session.project.path if session.project is not None else None
    try:
        wal_mode = session.open_project(path, create=create)
    except core.ClaimMarkError as exc:
        if not path.exists():
            config.forget_recent_project(path)  # moved or deleted: not worth offering again
        window.say_error(
            "Cannot open the project", f"{core.printable(exc.message)}\n\n{core.printable(path)}"
        )
        return False
    except sqlite3.DatabaseError as exc:
        return _unreadable(window, path, previous, exc)
    try:
        show_project(window, path)
    except sqlite3.DatabaseError as exc:
        return _unreadable(window, path, previous, exc)
    window.projectOpened.emit(str(path))
    if wal_mode:
        window.say_info(
            "Opened read-only",
            f"“{core.printable(path.name)}” was switched to WAL mode by another program, so ClaimMark only "
            "reads it (from a private copy) and leaves the file as it is. File ▸ Save a Copy makes a "
            "copy you can tag in.",
        )
    return True


def _unreadable(window: ProjectWindow, path: Path, previous: Path | None, exc: sqlite3.DatabaseError) -> bool:
    """The project passed the checks, but reading it failed (bad UTF-8, ...)."""
    log.warning("cannot open %s", path, exc_info=True)
    window.session.close_project()
    no_project(window)
    if previous is not None and previous != path:
        open_project(window, previous)  # back to where the person was
    window.say_error("Cannot open the project", database_error_text(exc, path))
    return False


def show_project(window: ProjectWindow, path: Path) -> None:
    """Show the session's new project: its library, its last reading place, and only
    then its name in the title (a project whose reading fails never gets it)."""
    project = window.session.project
    assert project is not None
    window.acts.set_project_open(True, project.read_only)
    library = window.library
    library.set_project(project)
    window.refresh_choices()
    if window.table_window is not None:
        window.table_window.set_project(project)
    doc_id, position = config.reading_place(window.session.project_uuid)
    if doc_id is None or library.model.row_of(doc_id) < 0:
        doc_id, position = (library.model.ids[0] if library.model.ids else None), 0
    shown = False
    if doc_id is not None:
        library.select_document(doc_id, emit=False)
        shown = window.show_document(doc_id)  # with the status bar's counts
        if position:
            window.reader.scroll_to_position(position, top=True)
    else:
        window.reader.clear_document()
    if not shown:
        window.update_status()
    suffix = " (read-only)" if project.read_only else ""
    where = core.printable(path.absolute())
    window.setWindowTitle(f"{core.printable(project.name)}{suffix} — {where} — {APP_TITLE}")
    window.setWindowFilePath(str(path.absolute()))
    config.add_recent_project(path)


def no_project(window: ProjectWindow) -> None:
    """The window with no project: its title and the actions that need one."""
    window.setWindowTitle(APP_TITLE)
    window.setWindowFilePath("")
    window.acts.set_project_open(False)
    window.update_status()


def copy_project_to(window: ProjectWindow, target: Path) -> bool:
    """File ▸ Save a Copy: the core's consistent, compact copy (`Project.save_copy`,
    safe while the project is open). A file the user chose to replace in the file
    dialog is replaced only once the copy is whole; the open project and any other
    SQLite file (an older copy among them) never are."""
    project = window.session.project
    if project is None:
        return False
    try:
        project.save_copy(target, replace=True)
    except core.ClaimMarkError as exc:
        log.warning("copy to %s failed: %s", target, exc)
        window.say_error("Save a copy", not_written(target, exc.message), logged=False)
        return False
    window.statusBar().showMessage(f"Saved a copy as {core.printable(target)}", 5000)
    return True
