"""The window's session: the open project and document over the core's facade, and
every change to annotations, tags and conflicts as an undoable action.

The session knows no widget. Views connect to its signals and ask it for the state;
the undo commands (ui/commands.py) carry out their steps through it. A change the
core refuses is said once, on `error`, and never enters the undo history."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from claimmark import core
from claimmark.ui import commands
from claimmark.ui.errors import database_error_text

if TYPE_CHECKING:
    from claimmark.core import Annotation, Project, ReadingDocument, Resolution

log = logging.getLogger(__name__)


class Session(QObject):
    """The current project and document, and the undo stack of changes made to them."""

    projectChanged = Signal()  # a project opened, or the one open closed (`project` says which)
    projectClosing = Signal()  # the open project is about to close: views keep their place now
    documentChanged = Signal(int)  # the document shown, its annotations loaded
    annotationChanged = Signal(int, object)  # document id, the annotation as saved (deleted too)
    tagsChanged = Signal()  # a tag renamed or merged: choices and lists read them again
    error = Signal(str, str)  # what could not be saved ("Tagging"), why

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.project: Project | None = None
        self.project_uuid = ""
        self.document_id: int | None = None
        self.annotations: dict[int, Annotation] = {}  # the current document's, by id
        self.undo_stack = QUndoStack(self)
        self.data_version = 0  # PRAGMA data_version when the session last read the project

    # -- projects ----------------------------------------------------------------------
    def open_project(self, path: str | Path, *, create: bool = False) -> bool:
        """Make the project at `path` the session's (closing the one open, once the new
        one opened). True when it opened read-only because another program switched
        it to WAL mode. Raises the core's ClaimMarkError when it cannot be opened (the
        open project stays), sqlite3.DatabaseError when it opened but cannot be read."""
        path = Path(path)
        wal_mode = False
        try:
            project = core.Project.open(path, create=create)
        except core.ClaimMarkError as exc:
            log.warning("cannot open %s: %s", path, exc)
            fallback = _open_wal_mode_read_only(path)
            if fallback is None:
                raise
            project, wal_mode = fallback, True
        self.close_project()
        self.project = project
        self.data_version = core.data_version(project)
        self.undo_stack.clear()
        self.project_uuid = project.meta().get("uuid", str(path))  # may fail: close_project() then
        self.projectChanged.emit()
        return wal_mode

    def close_project(self) -> None:
        if self.project is None:
            return
        self.projectClosing.emit()
        self.project.close()
        self.project = None
        self.document_id = None
        self.annotations = {}
        self.undo_stack.clear()
        self.projectChanged.emit()

    def changed_elsewhere(self) -> bool:
        """Did another connection (another window, a program) commit since the last read?"""
        return self.project is not None and core.data_version(self.project) != self.data_version

    def mark_read(self) -> None:
        """The project is read afresh now (View ▸ Refresh)."""
        if self.project is not None:
            self.data_version = core.data_version(self.project)

    def tags(self) -> list[str]:
        return core.all_tags(self.project) if self.project is not None else []

    # -- documents ---------------------------------------------------------------------
    def load_document(self, document_id: int) -> tuple[ReadingDocument, dict[str, str]]:
        """Make `document_id` current: its reading document and header, with its
        annotations in `annotations`. Raises what the store raises (the session's
        state is unchanged then)."""
        project = self._project()
        reading = project.reading_document(document_id)
        header = core.document_header(project, document_id)
        self.document_id = document_id
        self.annotations = {a.id: a for a in core.query_annotations(project, document_id=document_id)}
        self.documentChanged.emit(document_id)
        return reading, header

    def image(self, document_id: int, key: str) -> tuple[str, bytes] | None:
        return self._project().image(document_id, key)

    # -- annotations -------------------------------------------------------------------
    def tag(self, kind: str, start: int, end: int) -> Annotation | None:
        """A new annotation of `kind` over [start, end) of the current document."""
        if self.project is None or self.document_id is None or start >= end:
            return None
        try:
            created = core.add_annotation(self.project, self.document_id, kind, start, end)
        except Exception as exc:  # noqa: BLE001 - the error boundary of a person's action
            self._failed("Tagging", exc)
            return None
        self.undo_stack.push(commands.TagCommand(self, created))
        return created

    def edit(self, annotation_id: int, fields: dict[str, Any]) -> bool:
        """Save changed fields (a change of kind keeps the other kinds' fields); False if refused."""
        current = self.annotations.get(annotation_id)
        if current is None or not fields or self.project is None:
            return False
        old = {key: (list(getattr(current, key)) if key == "tags" else getattr(current, key)) for key in fields}
        try:
            core.update_annotation(self.project, annotation_id, **fields)
        except Exception as exc:  # noqa: BLE001 - the error boundary of a person's action
            self._failed("Saving the annotation", exc)
            return False
        self.undo_stack.push(commands.EditCommand(self, current, old, dict(fields)))
        return True

    def delete(self, annotation_id: int) -> Annotation | None:
        """Delete (a tombstone: undo restores the very same annotation); the one deleted."""
        current = self.annotations.get(annotation_id)
        if current is None or self.project is None:
            return None
        try:
            core.delete_annotation(self.project, annotation_id)
        except Exception as exc:  # noqa: BLE001 - the error boundary of a person's action
            self._failed("Deleting", exc)
            return None
        self.undo_stack.push(commands.DeleteCommand(self, current))
        return current

    def restore(self, annotation_id: int) -> Annotation | None:
        """Bring back a deleted annotation (of any document); undo deletes it again."""
        if self.project is None:
            return None
        try:
            restored = core.restore_annotation(self.project, annotation_id)
        except Exception as exc:  # noqa: BLE001 - the error boundary of a person's action
            self._failed("Restoring", exc)
            return None
        self.undo_stack.push(commands.RestoreCommand(self, restored))
        return restored

    def rename_tag(self, old: str, new: str) -> bool:
        return self._tags_action("Renaming the tag", commands.RenameTagCommand, old, new)

    def merge_tags(self, source: str, target: str) -> bool:
        return self._tags_action("Merging the tags", commands.MergeTagsCommand, source, target)

    def resolve_conflict(self, conflict_id: int, keep: str) -> Resolution | None:
        """Keep ours or use theirs (a merge conflict); undo opens it again."""
        if self.project is None:
            return None
        try:
            resolution = core.resolve_conflict(self.project, conflict_id, keep)  # type: ignore[arg-type]
        except Exception as exc:  # noqa: BLE001 - the error boundary of a person's action
            self._failed("Resolving the conflict", exc)
            return None
        self.undo_stack.push(commands.ResolveCommand(self, resolution))
        return resolution

    def annotation_changed(self, document_id: int, annotation_id: int) -> None:
        """After every saved annotation action, its undo and its redo: the current
        document's annotations as saved, then `annotationChanged` for the views."""
        found = core.get_annotation(self._project(), annotation_id, include_deleted=True)
        if document_id == self.document_id:
            if found.deleted or found.anchor_status == "orphaned":
                self.annotations.pop(annotation_id, None)
            else:
                self.annotations[annotation_id] = found
        self.annotationChanged.emit(document_id, found)

    def tags_changed(self) -> None:
        """After a tag renamed or merged (and its undo and redo)."""
        if self.document_id is not None and self.project is not None:
            found = core.query_annotations(self.project, document_id=self.document_id)
            self.annotations = {a.id: a for a in found}
        self.tagsChanged.emit()

    def _tags_action(self, what: str, command: type[commands.TagsCommand], first: str, second: str) -> bool:
        if self.project is None:
            return False
        try:
            done = command(self, first, second)
        except Exception as exc:  # noqa: BLE001 - the error boundary of a person's action
            self._failed(what, exc)
            return False
        self.undo_stack.push(done)
        return True

    def _project(self) -> Project:
        if self.project is None:
            raise core.ProjectError("no project is open")
        return self.project

    def _failed(self, what: str, exc: Exception) -> None:
        log.exception("%s failed", what)
        if isinstance(exc, sqlite3.Error):
            message = database_error_text(exc, self.project.path if self.project else None)
        else:
            said = exc.message if isinstance(exc, core.ClaimMarkError) else f"{type(exc).__name__}: {exc}"
            message = core.printable(said)
        self.error.emit(what, message)


def _open_wal_mode_read_only(path: Path) -> Project | None:
    """A project another program switched to WAL mode cannot be written here; it can
    still be read from a private copy. None for any other refusal."""
    if not core.in_wal_mode(path):
        return None
    try:
        return core.Project.open(path, read_only=True)
    except core.ClaimMarkError:
        return None
