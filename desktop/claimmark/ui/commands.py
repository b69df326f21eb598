"""Undoable annotation actions on the window's QUndoStack.

Each action is carried out (and saved) *before* its command is pushed, so a change
the core refuses (a bad URL, say) shows an error and never enters the undo history;
the command's first redo, run by the push, is then skipped. Undo and redo are saved
actions too: a delete leaves a tombstone, so undoing a tag deletes it and redoing
restores the very same annotation."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand

from claimmark import core

EDIT_MERGE_ID = 4711
RESOLVE_LABELS = {"ours": "Keep ours (merge conflict)", "theirs": "Use theirs (merge conflict)"}


class Host(Protocol):
    project: Any

    def annotation_changed(self, document_id: int, annotation_id: int) -> None: ...


class _Done(QUndoCommand):
    def __init__(self, text: str, host: Host, document_id: int, annotation_id: int):
        super().__init__(text)
        self.host, self.document_id, self.annotation_id = host, document_id, annotation_id
        self._skip = True  # the action itself already happened

    def redo(self) -> None:
        if self._skip:
            self._skip = False
        else:
            self.forward()
        self.host.annotation_changed(self.document_id, self.annotation_id)

    def undo(self) -> None:
        self.backward()
        self.host.annotation_changed(self.document_id, self.annotation_id)

    def forward(self) -> None:
        raise NotImplementedError

    def backward(self) -> None:
        raise NotImplementedError


class TagCommand(_Done):
    """A new annotation: undo deletes it (a tombstone), redo restores it."""

    def __init__(self, host: Host, annotation):
        super().__init__(f"Tag {annotation.kind}", host, annotation.document_id, annotation.id)

    def forward(self) -> None:
        core.restore_annotation(self.host.project, self.annotation_id)

    def backward(self) -> None:
        core.delete_annotation(self.host.project, self.annotation_id)


class DeleteCommand(_Done):
    def __init__(self, host: Host, annotation):
        super().__init__(f"Delete {annotation.kind}", host, annotation.document_id, annotation.id)

    def forward(self) -> None:
        core.delete_annotation(self.host.project, self.annotation_id)

    def backward(self) -> None:
        core.restore_annotation(self.host.project, self.annotation_id)


class EditCommand(_Done):
    """A change of fields (kind, note, tags, attribution); successive edits of the
    same fields of one annotation merge into one undo step."""

    def __init__(self, host: Host, annotation, old: dict[str, Any], new: dict[str, Any]):
        label = "Change kind" if "kind" in new else "Edit " + ", ".join(sorted(new)).replace("_", " ")
        super().__init__(label, host, annotation.document_id, annotation.id)
        self.old, self.new = old, new

    def id(self) -> int:
        return EDIT_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            not isinstance(other, EditCommand)
            or other.annotation_id != self.annotation_id
            or set(other.new) != set(self.new)
            or "kind" in self.new
        ):
            return False
        self.new = other.new
        return True

    def forward(self) -> None:
        core.update_annotation(self.host.project, self.annotation_id, **self.new)

    def backward(self) -> None:
        core.update_annotation(self.host.project, self.annotation_id, **self.old)


class ResolveCommand(QUndoCommand):
    """A merge conflict resolved (Keep ours / Use theirs): undo opens it again and puts
    back the content the choice replaced; redo makes the same choice again."""

    def __init__(self, host: Host, resolution):
        super().__init__(RESOLVE_LABELS[resolution.keep])
        self.host, self.resolution = host, resolution
        self._skip = True  # resolved already, before the push

    def redo(self) -> None:
        if self._skip:
            self._skip = False
        else:
            self.resolution = core.resolve_conflict(self.host.project, self.resolution.conflict_id,
                                                self.resolution.keep)
        self._show()

    def undo(self) -> None:
        core.undo_resolution(self.host.project, self.resolution)
        self._show()

    def _show(self) -> None:
        done = self.resolution
        if done.changed and done.annotation_id is not None and done.document_id is not None:
            self.host.annotation_changed(done.document_id, done.annotation_id)
