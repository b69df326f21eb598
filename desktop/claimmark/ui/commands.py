"""Undoable actions on the session's QUndoStack (ui/session.py).

Each action is carried out (and saved) *before* its command is pushed, so a change
the core refuses (a bad URL, say) shows an error and never enters the undo history;
the command's first redo, run by the push, is then skipped. Undo and redo are saved
actions too: a delete leaves a tombstone, so undoing a tag deletes it and redoing
restores the very same annotation. The commands know the session only: the views
follow its signals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtGui import QUndoCommand

from claimmark import core

if TYPE_CHECKING:
    from claimmark.core import Annotation, Project, Resolution

EDIT_MERGE_ID = 4711
RESOLVE_LABELS = {"ours": "Keep ours (merge conflict)", "theirs": "Use theirs (merge conflict)"}


class Host(Protocol):
    """What a command needs of the session: its project, and where to say a change."""

    @property
    def project(self) -> Project | None: ...

    def annotation_changed(self, document_id: int, annotation_id: int) -> None: ...

    def tags_changed(self) -> None: ...


def _project(host: Host) -> Project:
    if host.project is None:
        raise core.ProjectError("no project is open")
    return host.project


class _Done(QUndoCommand):
    def __init__(self, text: str, host: Host, document_id: int, annotation_id: int):
        super().__init__(text)
        self.host, self.document_id, self.annotation_id = host, document_id, annotation_id
        self._skip = True  # the action itself already happened

    def redo(self) -> None:
        if self._skip:
            self._skip = False
        else:
            self.forward(_project(self.host))
        self.host.annotation_changed(self.document_id, self.annotation_id)

    def undo(self) -> None:
        self.backward(_project(self.host))
        self.host.annotation_changed(self.document_id, self.annotation_id)

    def forward(self, project: Project) -> None:
        raise NotImplementedError

    def backward(self, project: Project) -> None:
        raise NotImplementedError


class TagCommand(_Done):
    """A new annotation: undo deletes it (a tombstone), redo restores it."""

    def __init__(self, host: Host, annotation: Annotation, label: str = "Tag"):
        super().__init__(f"{label} {annotation.kind}", host, annotation.document_id, annotation.id)

    def forward(self, project: Project) -> None:
        core.restore_annotation(project, self.annotation_id)

    def backward(self, project: Project) -> None:
        core.delete_annotation(project, self.annotation_id)


class RestoreCommand(TagCommand):
    """A deleted annotation brought back: undo deletes it again."""

    def __init__(self, host: Host, annotation: Annotation):
        super().__init__(host, annotation, "Restore")


class DeleteCommand(_Done):
    def __init__(self, host: Host, annotation: Annotation):
        super().__init__(f"Delete {annotation.kind}", host, annotation.document_id, annotation.id)

    def forward(self, project: Project) -> None:
        core.delete_annotation(project, self.annotation_id)

    def backward(self, project: Project) -> None:
        core.restore_annotation(project, self.annotation_id)


class EditCommand(_Done):
    """A change of fields (kind, note, tags, attribution); successive edits of the
    same fields of one annotation merge into one undo step."""

    def __init__(self, host: Host, annotation: Annotation, old: dict[str, Any], new: dict[str, Any]):
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

    def forward(self, project: Project) -> None:
        core.update_annotation(project, self.annotation_id, **self.new)

    def backward(self, project: Project) -> None:
        core.update_annotation(project, self.annotation_id, **self.old)


class TagsCommand(QUndoCommand):
    """A change to tags across the project, made by the constructor (so that a refusal
    raises before the push); redo makes it again, undo takes it back."""

    def __init__(self, text: str, host: Host, first: str, second: str):
        super().__init__(text)
        self.host, self.first, self.second = host, first, second
        self.forward(_project(host))
        self._skip = True

    def redo(self) -> None:
        if self._skip:
            self._skip = False
        else:
            self.forward(_project(self.host))
        self.host.tags_changed()

    def undo(self) -> None:
        self.backward(_project(self.host))
        self.host.tags_changed()

    def forward(self, project: Project) -> None:
        raise NotImplementedError

    def backward(self, project: Project) -> None:
        raise NotImplementedError


class RenameTagCommand(TagsCommand):
    def __init__(self, host: Host, old: str, new: str):
        super().__init__(f"Rename tag {old}", host, old, new)

    def forward(self, project: Project) -> None:
        core.rename_tag(project, self.first, self.second)

    def backward(self, project: Project) -> None:
        core.rename_tag(project, self.second, self.first)


class MergeTagsCommand(TagsCommand):
    """`first` merged into `second`: undo gives each annotation that had `first` its
    tags as they were (edits, with new stamps, so the undo travels with a merge too)."""

    def __init__(self, host: Host, source: str, target: str):
        before = {a.id: list(a.tags) for a in core.query_annotations(_project(host), tag=source)}
        super().__init__(f"Merge tag {source} into {target}", host, source, target)
        self.before = before

    def forward(self, project: Project) -> None:
        core.merge_tags(project, self.first, self.second)

    def backward(self, project: Project) -> None:
        for annotation_id, tags in self.before.items():
            core.update_annotation(project, annotation_id, tags=tags)


class ResolveCommand(QUndoCommand):
    """A merge conflict resolved (Keep ours / Use theirs): undo opens it again and puts
    back the content the choice replaced; redo makes the same choice again."""

    def __init__(self, host: Host, resolution: Resolution):
        super().__init__(RESOLVE_LABELS[resolution.keep])
        self.host = host
        self.resolution = resolution
        self._skip = True  # resolved already, before the push

    def redo(self) -> None:
        if self._skip:
            self._skip = False
        else:
            self.resolution = core.resolve_conflict(
                _project(self.host), self.resolution.conflict_id, self.resolution.keep
            )
        self._show()

    def undo(self) -> None:
        core.undo_resolution(_project(self.host), self.resolution)
        self._show()

    def _show(self) -> None:
        done = self.resolution
        if done.changed and done.annotation_id is not None and done.document_id is not None:
            self.host.annotation_changed(done.document_id, done.annotation_id)
