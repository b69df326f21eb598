"""SQLite's errors in words: one table, read by every path that meets one.

SQLite says what went wrong only in its message ("database is locked", "database disk
image is malformed"), so the message is matched against the keys below. Each situation
has the `ProjectError` subclass that names it, the words every face says for it
(`database_problem`), and, for the situations an open or a write of our own project
meets, what such a failure must tell a person (nothing was written, try again)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from claimmark.core.model.errors import (
    ProjectDamaged,
    ProjectDiskError,
    ProjectDiskFull,
    ProjectError,
    ProjectLocked,
    ProjectReadOnly,
    ProjectUnreadable,
)


@dataclass(frozen=True)
class Situation:
    """One kind of SQLite error: how to recognise it and how to say it."""

    keys: tuple[str, ...]  # any of these in SQLite's message (lower case)
    error: type[ProjectError]
    words: str  # "the project file <words>"
    write_words: str | None = None  # what a failed open or write of our project says instead


# First match wins. The order keeps each message as it was before the two tables were one.
SITUATIONS = (
    Situation(("could not decode",), ProjectDamaged,
              "could not be read: it holds text that is not valid UTF-8"),
    Situation(("locked", "busy"), ProjectLocked,
              "could not be used: another program is writing to it; try again when it is done",
              "the project is being written by another window or program; try again in a moment"),
    Situation(("malformed", "not a database", "disk image"), ProjectDamaged,
              "could not be read: it is damaged",
              "the project file is damaged or not a ClaimMark project"),
    Situation(("readonly", "read-only"), ProjectReadOnly,
              "could not be written: it or its folder is read-only",
              "the project file cannot be written (read-only)"),
    Situation(("full",), ProjectDiskFull,
              "could not be written: the disk is full",
              "the disk is full: nothing was written to the project (free some space and try again)"),
    Situation(("disk i/o",), ProjectDiskError,
              "could not be read or written: the disk reported an error",
              "the project file could not be written (a disk I/O error: the disk may be full or failing); "
              "nothing was written to it"),
    Situation(("unable to open",), ProjectUnreadable,
              "could not be opened"),
    Situation(("too big",), ProjectDamaged,
              "could not be read: it holds a value larger than SQLite may read"),
)
_OTHER = Situation((), ProjectError, "could not be read or written")


def situation(exc: sqlite3.Error) -> Situation:
    """Which situation SQLite's error is (the catch-all one when none fits)."""
    lowered = str(exc).lower()
    return next((s for s in SITUATIONS if any(key in lowered for key in s.keys)), _OTHER)


def database_problem(exc: sqlite3.Error) -> str:
    """A database error of a project file in words ("the project file could not be read:
    it is damaged"), SQLite's own message after it for the curious."""
    return f"the project file {situation(exc).words} (SQLite: {exc})"


def project_error(exc: sqlite3.Error, path: Path) -> ProjectError:
    """The error naming `path`, said as `database_problem` says it (a file read, not ours)."""
    return situation(exc).error(database_problem(exc), path)


def open_or_write_error(exc: sqlite3.Error, path: Path) -> ProjectError:
    """A failed open or write of our own project: what such a failure must say (nothing was
    written, try again) where the situation has words for it, else `database_problem`."""
    found = situation(exc)
    return found.error(found.write_words or database_problem(exc), path)
