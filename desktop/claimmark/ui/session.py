"""The window's session: the open project and document over the core's facade, and
every change to annotations, tags and conflicts as an undoable action.

The session knows no widget. Views connect to its signals and ask it for the state;
the undo commands (ui/commands.py) carry out their steps through it. A change the
core refuses is said once, on `error`, and never enters the undo history."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from claimmark import core
from claimmark.ui import commands
from claimmark.ui.errors import database_error_text
from claimmark.ui.tallies import Live, Tallies

if TYPE_CHECKING:
    from claimmark.core import Annotation, Project, ReadingDocument, Resolution

log = logging.getLogger(__name__)
T = TypeVar("T")
Side = Literal["ours", "theirs"]


class Session(QObject):
    """The current project and document, and the undo stack of changes made to them."""

    projectChanged = Signal()  # a project opened, or the one open closed (`project` says which)
    projectClosing = Signal()  # the open project is about to close: views keep their place now
    documentChanged = Signal(int)  # the document shown, its annotations loaded
    # document id, the annotation as saved (deleted too), and the kind it had before while
    # live: "" when it was not (new, or deleted), None when not known (another document's)
    annotationChanged = Signal(int, object, object)
    tagsChanged = Signal()  # a tag renamed or merged: choices and lists read them again
    error = Signal(str, str)  # what could not be saved ("Tagging"), why

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.project: Project | None = None
        self.project_uuid = ""
        self.document_id: int | None = None
        self.annotations: dict[int, Annotation] = {}  # the current document's, by id
        self._live: dict[int, Live] = {}  # the current document's live ones, orphans too
        self.tallies = Tallies()  # the project-wide figures, folded forward by each change
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
        except core.ProjectInWalMode as exc:  # another program's journal mode: it can still be read
            log.warning("cannot open %s: %s", path, exc)
            try:
                project = core.Project.open(path, read_only=True)
            except core.ClaimMarkError:
                raise exc from None
            wal_mode = True
        except core.ClaimMarkError as exc:
            log.warning("cannot open %s: %s", path, exc)
            raise
        self.close_project()
        self.project = project
        self.tallies.clear()
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
        self._live = {}
        self.tallies.clear()
        self.undo_stack.clear()
        self.projectChanged.emit()

    def changed_elsewhere(self) -> bool:
        """Did another connection (another window, a program) commit since the last read?"""
        return self.project is not None and core.data_version(self.project) != self.data_version

    def mark_read(self) -> None:
        """The project is read afresh now (View ▸ Refresh)."""
        if self.project is not None:
            self.data_version = core.data_version(self.project)
        self.tallies.clear()

    def tags(self) -> list[str]:
        """The tags in use in the project."""
        return self.tallies.all_tags(self.project) if self.project is not None else []

    def kind_totals(self) -> dict[str, int]:
        """How many live annotations of each kind the project has."""
        return self.tallies.kind_totals(self.project) if self.project is not None else {}

    def author_names(self) -> dict[str, str]:
        """Each author id with the name on their latest live annotation."""
        return self.tallies.latest_author_names(self.project) if self.project is not None else {}

    def author_ids(self) -> frozenset[str]:
        """Every author id on an annotation of the project, deleted ones too."""
        return self.tallies.annotation_author_ids(self.project) if self.project is not None else frozenset()

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
        self._live = {a.id: Live(a.kind, frozenset(a.tags)) for a in self.annotations.values()}
        self.documentChanged.emit(document_id)
        return reading, header

    # -- annotations -------------------------------------------------------------------
    def tag(self, kind: str, start: int, end: int) -> Annotation | None:
        """A new annotation of `kind` over [start, end) of the current document."""
        document_id = self.document_id
        if document_id is None or start >= end:
            return None
        created = self._attempt("Tagging", lambda p: core.add_annotation(p, document_id, kind, start, end))
        if created is not None:
            self.undo_stack.push(commands.TagCommand(self, created))
        return created

    def edit(self, annotation_id: int, fields: dict[str, Any]) -> bool:
        """Save changed fields (a change of kind keeps the other kinds' fields); False if refused."""
        current = self.annotations.get(annotation_id)
        if current is None or not fields:
            return False
        old = {
            key: (list(getattr(current, key)) if key == "tags" else getattr(current, key)) for key in fields
        }
        if self._attempt(
            "Saving the annotation", lambda p: core.update_annotation(p, annotation_id, **fields)
        ):
            self.undo_stack.push(commands.EditCommand(self, current, old, dict(fields)))
            return True
        return False

    def delete(self, annotation_id: int) -> Annotation | None:
        """Delete (a tombstone: undo restores the very same annotation); the one deleted."""
        current = self.annotations.get(annotation_id)
        if current is None or not self._attempt(
            "Deleting", lambda p: core.delete_annotation(p, annotation_id)
        ):
            return None
        self.undo_stack.push(commands.DeleteCommand(self, current))
        return current

    def restore(self, annotation_id: int) -> Annotation | None:
        """Bring back a deleted annotation (of any document); undo deletes it again."""
        restored = self._attempt("Restoring", lambda p: core.restore_annotation(p, annotation_id))
        if restored is not None:
            self.undo_stack.push(commands.RestoreCommand(self, restored))
        return restored

    def rename_tag(self, old: str, new: str) -> bool:
        """Rename a tag everywhere; undo renames it back."""
        done = self._attempt("Renaming the tag", lambda _p: commands.RenameTagCommand(self, old, new))
        return self._pushed(done)

    def merge_tags(self, source: str, target: str) -> bool:
        """`source` becomes `target` on every annotation; undo gives them their tags back."""
        done = self._attempt("Merging the tags", lambda _p: commands.MergeTagsCommand(self, source, target))
        return self._pushed(done)

    def resolve_conflict(self, conflict_id: int, keep: Side) -> Resolution | None:
        """Keep ours or use theirs (a merge conflict); undo opens it again."""
        resolution = self._attempt(
            "Resolving the conflict", lambda p: core.resolve_conflict(p, conflict_id, keep)
        )
        if resolution is not None:
            self.undo_stack.push(commands.ResolveCommand(self, resolution))
        return resolution

    def annotation_changed(self, document_id: int, annotation_id: int) -> None:
        """After every saved annotation action, its undo and its redo: the current
        document's annotations as saved, then `annotationChanged` for the views."""
        found = core.get_annotation(self._project(), annotation_id, include_deleted=True)
        known = document_id == self.document_id
        before = self._live.get(annotation_id) if known else None
        self.tallies.fold(before, known, found)
        if known:
            if found.deleted:
                self._live.pop(annotation_id, None)
            else:
                self._live[annotation_id] = Live(found.kind, frozenset(found.tags))
            if found.deleted or found.anchor_status == "orphaned":
                self.annotations.pop(annotation_id, None)
            else:
                self.annotations[annotation_id] = found
        self.annotationChanged.emit(document_id, found, (before.kind if before else "") if known else None)

    def tags_changed(self) -> None:
        """After a tag renamed or merged (and its undo and redo)."""
        if self.document_id is not None and self.project is not None:
            found = core.query_annotations(self.project, document_id=self.document_id)
            self.annotations = {a.id: a for a in found}
            self._live = {a.id: Live(a.kind, frozenset(a.tags)) for a in found}
        self.tallies.tags = self.tallies.names = None  # edits made new latest annotations too
        self.tagsChanged.emit()

    def _pushed(self, command: QUndoCommand | None) -> bool:
        if command is None:
            return False
        self.undo_stack.push(command)
        return True

    def _attempt(self, what: str, action: Callable[[Project], T]) -> T | None:
        """Carry out a person's action on the project; None when the core (or the
        database, or anything else) refused it, said on `error`."""
        if self.project is None:
            return None
        try:
            return action(self.project)
        except Exception as exc:  # noqa: BLE001 - the error boundary of a person's action
            self._failed(what, exc)
            return None

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

