"""Errors that reach the user as one clear line naming the file and the problem."""

from __future__ import annotations

import sqlite3
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
    """A project file is missing, damaged, foreign, from a newer version or locked."""


class NotFound(ClaimMarkError):
    """A document or annotation named by the user does not exist."""


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


# SQLite's own message (lower case) -> what happened, said to a person
_DATABASE_PROBLEMS = (
    (("could not decode",), "could not be read: it holds text that is not valid UTF-8"),
    (("malformed", "not a database"), "could not be read: it is damaged"),
    (("locked", "busy"), "could not be used: another program is writing to it; try again when it is done"),
    (("full",), "could not be written: the disk is full"),
    (("readonly", "read-only"), "could not be written: it or its folder is read-only"),
    (("disk i/o",), "could not be read or written: the disk reported an error"),
    (("unable to open",), "could not be opened"),
    (("too big",), "could not be read: it holds a value larger than SQLite may read"),
)


def database_problem(exc: sqlite3.Error) -> str:
    """A database error of a project file in words ("the project file could not be read:
    it is damaged"), SQLite's own message after it for the curious."""
    said = str(exc)
    lowered = said.lower()
    what = next((words for keys, words in _DATABASE_PROBLEMS if any(k in lowered for k in keys)),
                "could not be read or written")
    return f"the project file {what} (SQLite: {said})"
