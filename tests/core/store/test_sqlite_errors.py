"""One table says SQLite's errors in words (core/store/sqlite_errors.py): the words every
face uses (`database_problem`), the words of a failed open or write of our own project
(what the old `_locked_or` said), and the `ProjectError` subclass of each situation. The
expected texts are those the two tables gave before they were one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from claimmark.core.model.errors import (
    ProjectDamaged,
    ProjectDiskError,
    ProjectDiskFull,
    ProjectError,
    ProjectLocked,
    ProjectReadOnly,
    ProjectUnreadable,
)
from claimmark.core.store.sqlite_errors import database_problem, open_or_write_error, project_error

SAID = "the project file could not be read or written (SQLite: {})"  # no situation: SQLite's message
CASES = [
    ("database is locked", ProjectLocked,
     "could not be used: another program is writing to it; try again when it is done",
     "the project is being written by another window or program; try again in a moment"),
    ("file is not a database", ProjectDamaged, "could not be read: it is damaged",
     "the project file is damaged or not a ClaimMark project"),
    ("database disk image is malformed", ProjectDamaged, "could not be read: it is damaged",
     "the project file is damaged or not a ClaimMark project"),
    ("attempt to write a readonly database", ProjectReadOnly, "could not be written: it or its folder is read-only",
     "the project file cannot be written (read-only)"),
    ("database or disk is full", ProjectDiskFull, "could not be written: the disk is full",
     "the disk is full: nothing was written to the project (free some space and try again)"),
    ("disk I/O error", ProjectDiskError, "could not be read or written: the disk reported an error",
     "the project file could not be written (a disk I/O error: the disk may be full or failing); "
     "nothing was written to it"),
    ("unable to open database file", ProjectUnreadable, "could not be opened", None),
    ("string or blob too big", ProjectDamaged, "could not be read: it holds a value larger than SQLite may read",
     None),
    ("Could not decode to UTF-8 column 'x' with text 'y'", ProjectDamaged,
     "could not be read: it holds text that is not valid UTF-8", None),
    ("no such table: documents", ProjectError, "could not be read or written", None),
]


@pytest.mark.parametrize(("message", "error", "words", "write_words"), CASES, ids=[c[0] for c in CASES])
def test_each_sqlite_error_is_one_situation_said_one_way(message: str, error: type[ProjectError], words: str,
                                                         write_words: str | None) -> None:
    exc = sqlite3.OperationalError(message)
    said = f"the project file {words} (SQLite: {message})"
    assert database_problem(exc) == said
    path = Path("p.claimmark")
    read, written = project_error(exc, path), open_or_write_error(exc, path)
    assert type(read) is error and type(written) is error
    assert read.message == said and read.path == path
    assert written.message == (write_words or said) and written.path == path


def test_an_error_no_situation_covers_is_the_base_class() -> None:
    exc = sqlite3.DatabaseError("interrupted")
    assert database_problem(exc) == SAID.format("interrupted")
    assert type(open_or_write_error(exc, Path("p"))) is ProjectError
