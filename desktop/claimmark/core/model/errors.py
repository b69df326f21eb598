"""Errors that reach the user as one clear line naming the file and the problem."""

from __future__ import annotations

from pathlib import Path


class ClaimMarkError(Exception):
    """Base of every error ClaimMark reports to a person instead of a traceback."""

    def __init__(self, message: str, path: str | Path | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        return f"{self.path}: {self.message}"


class ImportFailed(ClaimMarkError):
    """A file could not be turned into a document (bad, empty or unsupported input)."""


class ProjectError(ClaimMarkError):
    """A project file cannot be used; a subclass below names each situation, so that a face
    can tell them apart without probing the file again. Raised as the base class only for
    an SQLite error no situation covers."""


class NoSuchProject(ProjectError):
    """The project file to open (or to merge in) does not exist."""


class ProjectNotCreated(ProjectError):
    """A new project file cannot be made (its folder is missing or refuses a new file)."""


class ProjectUnreadable(ProjectError):
    """The operating system will not let ClaimMark read the file (permissions, a folder, an I/O error)."""


class NotAProject(ProjectError):
    """The file is not a ClaimMark project: not SQLite, another application's database, a
    schema ClaimMark did not make, or not a regular file."""


class ProjectDamaged(ProjectError):
    """The file is a ClaimMark project but damaged: not a database any more, corrupt, failing
    an integrity check, or holding text that is not valid UTF-8."""


class ProjectTooNew(ProjectError):
    """The file was made by a newer ClaimMark: refused, and never modified."""


class ProjectInWalMode(ProjectError):
    """Another program switched the file to WAL mode, which ClaimMark never writes."""


class ProjectCopiedWhileOpen(ProjectError):
    """A '-journal' or '-wal' file lies beside the project: it was copied in mid-write."""


class ProjectLocked(ProjectError):
    """Another window or program holds the file (SQLite's "locked" or "busy")."""


class ProjectReadOnly(ProjectError):
    """The project cannot be written: the file or its folder is read-only, or it was opened read-only."""


class ProjectDiskFull(ProjectError):
    """The disk is full: a write to the project did not land."""


class ProjectDiskError(ProjectError):
    """The disk reported an I/O error while the project was read or written."""


class TemporaryFolderUnusable(ProjectError):
    """The temporary folder, where ClaimMark checks and reads private copies, is full or unusable."""


class CopyFailed(ProjectError):
    """A copy of the project (SQLite's VACUUM INTO) could not be written."""


class MergeIntoItself(ProjectError):
    """A project was given to be merged into itself."""


class NotFound(ClaimMarkError):
    """A document or annotation named by the user does not exist."""


class StateError(ClaimMarkError):
    """The thing named exists, but is not in a state that allows what was asked."""


class AlreadyDeleted(StateError):
    """The annotation is deleted: it cannot be deleted again, nor used until restored."""


class NotDeleted(StateError):
    """The annotation to restore is not deleted."""


class InvalidAnnotation(ClaimMarkError):
    """An annotation's fields are not acceptable (unknown kind or status, bad range, bad URL)."""


class TextNotFound(NotFound):
    """The text to tag does not occur in the document."""


class AmbiguousText(ClaimMarkError):
    """The text to tag occurs more than once and no occurrence was chosen."""


class TagError(ClaimMarkError):
    """A tag name is not acceptable, or a rename or merge cannot be done."""


class ConflictError(ClaimMarkError):
    """A merge conflict cannot be resolved as asked (already resolved, no such side)."""
