"""Each situation a project file can be in raises its own `ProjectError` subclass, so that
a face can tell them apart without probing the file again. Every test drives the real
situation (a real locked file, a real newer file, a real WAL file, a real full disk)
and asserts the subclass; the messages themselves are asserted where they always were."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from sqlite_utils import Database

from claimmark import core
from claimmark.core.annotate import editing as ann
from claimmark.core.importing import import_paths
from claimmark.core.model import errors
from claimmark.core.model.errors import (
    AlreadyDeleted,
    CopyFailed,
    MergeIntoItself,
    NoSuchProject,
    NotAProject,
    NotDeleted,
    ProjectCopiedWhileOpen,
    ProjectDamaged,
    ProjectDiskError,
    ProjectError,
    ProjectInWalMode,
    ProjectLocked,
    ProjectNotCreated,
    ProjectReadOnly,
    ProjectTooNew,
    ProjectUnreadable,
    StateError,
    TemporaryFolderUnusable,
)
from claimmark.core.share.merge import merge
from claimmark.core.store import project as project_module
from claimmark.core.store.project import Project
from claimmark.core.store.schema import APPLICATION_ID, format_version, migrations
from tests.core.store.test_safety import _kill_mid_write


@pytest.fixture
def good(tmp_path: Path, corpus: Path) -> Path:
    path = tmp_path / "good.claimmark"
    with Project.open(path, create=True) as project:
        import_paths(project, [corpus / "page.html"])
    return path


def refused(path: Path, **options: bool) -> ProjectError:
    with pytest.raises(ProjectError) as raised:
        Project.open(path, **options).close()
    return raised.value


def test_every_situation_is_a_project_error_the_facade_names() -> None:
    situations = [value for value in vars(errors).values()
                  if isinstance(value, type) and issubclass(value, ProjectError) and value is not ProjectError]
    assert len(situations) >= 14
    for situation in [*situations, StateError, AlreadyDeleted, NotDeleted]:
        assert getattr(core, situation.__name__) is situation
        assert situation.__name__ in core.__all__
    assert core.database_problem.__module__ == "claimmark.core.store.sqlite_errors"


def test_a_missing_file_is_no_such_project(tmp_path: Path, good: Path) -> None:
    assert isinstance(refused(tmp_path / "missing.claimmark"), NoSuchProject)
    with Project.open(good) as project, pytest.raises(NoSuchProject, match="no such project file"):
        merge(project, tmp_path / "missing.claimmark")


def test_a_project_in_a_missing_folder_is_not_created(tmp_path: Path) -> None:
    error = refused(tmp_path / "no-folder" / "new.claimmark", create=True)
    assert isinstance(error, ProjectNotCreated) and "folder for the project does not exist" in error.message


def test_a_folder_is_unreadable(tmp_path: Path) -> None:
    folder = tmp_path / "folder.claimmark"
    folder.mkdir()
    error = refused(folder)
    assert isinstance(error, ProjectUnreadable) and "Is a directory" in error.message


def test_foreign_files_are_not_a_project(tmp_path: Path, good: Path) -> None:
    text = tmp_path / "notes.claimmark"
    text.write_text("not a database\n", encoding="utf-8")
    empty = tmp_path / "empty.claimmark"
    empty.touch()
    other = tmp_path / "other.claimmark"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.close()
    fifo = tmp_path / "fifo.claimmark"
    os.mkfifo(fifo)
    conn = sqlite3.connect(good)
    conn.execute("CREATE TABLE extra (x)")  # ClaimMark's application id, a schema not ClaimMark's
    conn.close()
    for path, said in [(text, "not an SQLite database"), (empty, "empty"), (other, "another kind"),
                       (fifo, "not a regular file"), (good, "schema is not ClaimMark's")]:
        error = refused(path)
        assert isinstance(error, NotAProject), path
        assert said in error.message


def test_a_damaged_file_is_damaged(good: Path, tmp_path: Path) -> None:
    data = good.read_bytes()
    page = 4096
    for name, content in {
        "truncated": data[: page * 3],
        "ff-page": data[: page * 2] + b"\xff" * page + data[page * 3:],
    }.items():
        path = tmp_path / f"{name}.claimmark"
        path.write_bytes(content)
        assert isinstance(refused(path), ProjectDamaged), name


def test_a_file_from_a_newer_claimmark_is_too_new_and_unchanged(good: Path) -> None:
    conn = sqlite3.connect(good)
    conn.execute(f"PRAGMA user_version = {format_version() + 1}")
    conn.commit()
    conn.close()
    before = good.read_bytes()
    error = refused(good)
    assert isinstance(error, ProjectTooNew) and "newer ClaimMark" in error.message
    assert good.read_bytes() == before


def test_a_file_switched_to_wal_mode_is_in_wal_mode(good: Path) -> None:
    conn = sqlite3.connect(good)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    before = good.read_bytes()
    error = refused(good)
    assert isinstance(error, ProjectInWalMode) and "WAL mode" in error.message
    assert good.read_bytes() == before


def test_files_copied_mid_write_are_said_so(good: Path, tmp_path: Path) -> None:
    wal = good.with_name(good.name + "-wal")
    wal.write_bytes(b"\x37\x7f\x06\x82" + b"\x00" * 28)
    assert isinstance(refused(good), ProjectCopiedWhileOpen)
    wal.unlink()
    planted = tmp_path / "planted.claimmark"
    planted.write_bytes(good.read_bytes())
    _kill_mid_write(planted, through_claimmark=False)
    for read_only in (False, True):
        assert isinstance(refused(planted, read_only=read_only), ProjectCopiedWhileOpen)
    with Project.open(good) as project, pytest.raises(ProjectCopiedWhileOpen, match="copied while being"):
        merge(project, planted)


def test_a_file_another_program_writes_is_locked(good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project_module, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(good, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Project.open(good) as project:
            started = time.monotonic()
            with pytest.raises(ProjectLocked, match="being written by another"), project.transaction():
                pass
            assert time.monotonic() - started >= 0.15
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_project_that_cannot_be_written_is_read_only(good: Path, tmp_path: Path) -> None:
    with (Project.open(good, read_only=True) as project, pytest.raises(ProjectReadOnly, match="open read-only"),
          project.transaction()):
        pass
    older = tmp_path / "older.claimmark"
    steps = [m.name for m in migrations.pending(Database(memory=True))]
    db = Database(older)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db, stop_before=steps[-1])
    db.execute(f"PRAGMA user_version = {len(steps) - 1}")
    db.close()
    error = refused(older, read_only=True)
    assert isinstance(error, ProjectReadOnly) and "cannot be upgraded on read-only storage" in error.message


def test_an_unusable_temporary_folder_is_named(good: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    received = tmp_path / "received.claimmark"
    shutil.copyfile(good, received)  # a file from elsewhere is checked on a private copy
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-tmp"))
    error = refused(received)
    assert isinstance(error, TemporaryFolderUnusable) and "the temporary folder" in error.message


def test_a_project_merged_into_itself_is_refused(good: Path) -> None:
    with Project.open(good) as project, pytest.raises(MergeIntoItself, match="into itself"):
        merge(project, good)


def test_a_write_past_the_room_is_a_disk_error_and_a_copy_that_does_not_fit_failed(good: Path,
                                                                                    tmp_path: Path) -> None:
    """Running out of room made real without root or a small disk: a file size limit
    (RLIMIT_FSIZE) set once the project is open. A write past it fails with EFBIG, which
    SQLite reports as a disk I/O error (ProjectDiskError); only ENOSPC is its "disk is
    full" (ProjectDiskFull), which no unprivileged test can cause: the table's mapping of
    that message is tested in tests/bad_input/test_full_disk.py."""
    size = good.stat().st_size
    script = f"""
        import resource, signal
        from claimmark.core.model.errors import ProjectError
        from claimmark.core.store.project import Project

        def room(limit):
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, not kills
        with Project.open({str(good)!r}) as project:
            room({size + 50_000})
            try:
                with project.transaction() as db:
                    db.execute("INSERT INTO meta VALUES ('filler', ?)", ["x" * {4 * size}])
            except ProjectError as exc:
                print(type(exc).__name__, exc.message)
            room({size // 2})
            try:
                project.save_copy({str(tmp_path / "copy.claimmark")!r})
            except ProjectError as exc:
                print(type(exc).__name__, exc.message)
            room(resource.RLIM_INFINITY)
        """
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True,
                            timeout=120)
    lines = result.stdout.splitlines()
    assert len(lines) == 2, result.stdout + result.stderr
    assert lines[0].startswith(f"{ProjectDiskError.__name__} the project file could not be written (a disk I/O")
    assert lines[1].startswith(f"{CopyFailed.__name__} the copy could not be written")
    with Project.open(good) as project:
        assert project.check() == [] and "filler" not in project.meta()


def test_deleting_twice_or_restoring_a_live_annotation_is_a_state_error(good: Path) -> None:
    with Project.open(good) as project:
        made = ann.add(project, 1, "claim", 0, 5)
        with pytest.raises(NotDeleted, match="not deleted") as raised:
            ann.restore(project, made.id)
        assert isinstance(raised.value, StateError)
        ann.delete(project, made.id)
        with pytest.raises(AlreadyDeleted, match="already deleted") as raised:
            ann.delete(project, made.id)
        assert isinstance(raised.value, StateError)
