"""A temporary folder that is full or unusable (issue 22, point 6). Every project is
checked, and some are read, from a private copy made there; when that fails, the one
line says that the temporary folder is full or unusable and names it, not that the
project cannot be read, and the project is unchanged."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.bad_input.conftest import assert_one_clear_line, cli, page, unchanged

COMMANDS = ["check", "list", "import", "merge"]


def _arguments(command: str, project: Path, tmp_path: Path) -> list[str | Path]:
    """The command's arguments; its inputs made now, in a folder of their own."""
    inputs = tmp_path / "inputs"
    inputs.mkdir(exist_ok=True)
    if command == "import":
        source = inputs / "new-story.html"
        source.write_text(page(title="A new story"), encoding="utf-8")
        return [command, project, source]
    if command == "merge":
        other = inputs / "other.claimmark"
        shutil.copyfile(project, other)
        return [command, project, other]
    return [command, project]


def _assert_blames_the_temporary_folder(run, project: Path, folder: Path | str, state: str) -> None:
    assert run.code == 1, (run.code, run.out, run.err)
    line = assert_one_clear_line(run, project, f"the temporary folder {folder} {state}", "TMPDIR")
    assert "cannot read the project file" not in line


def _fill_folder(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Every write into `folder` (or below) fails with ENOSPC, as on a full disk; the
    other writes go through. Both ways a copy can write: write() and sendfile()."""
    def inside(fd: int) -> bool:
        try:
            return Path(os.readlink(f"/proc/self/fd/{fd}")).is_relative_to(folder)
        except OSError:
            return False

    real_write, real_sendfile = os.write, os.sendfile

    def write(fd: int, data) -> int:
        if inside(fd):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    def sendfile(out_fd: int, in_fd: int, *args):
        if inside(out_fd):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_sendfile(out_fd, in_fd, *args)

    monkeypatch.setattr(os, "write", write)
    monkeypatch.setattr(os, "sendfile", sendfile)


@pytest.mark.parametrize("command", COMMANDS)
def test_no_room_for_a_private_folder_blames_the_temporary_folder(project: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  command: str) -> None:
    def mkdtemp(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    args = _arguments(command, project, tmp_path)
    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    with unchanged(project):
        run = cli(*args)
    _assert_blames_the_temporary_folder(run, project, tempfile.gettempdir(), "is full")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_temporary_folder_that_fills_up_during_the_copy_is_named(project: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   command: str) -> None:
    folder = tmp_path / "tmp"
    folder.mkdir()
    args = _arguments(command, project, tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    _fill_folder(monkeypatch, folder)
    with unchanged(project):
        run = cli(*args)
    _assert_blames_the_temporary_folder(run, project, folder, "is full")
    assert list(folder.iterdir()) == []  # no half copy is left behind


def test_a_temporary_folder_that_is_a_file_is_named(project: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    not_a_folder = tmp_path / "tmp-is-a-file"
    not_a_folder.write_text("", encoding="utf-8")
    monkeypatch.setattr(tempfile, "tempdir", str(not_a_folder))  # as TMPDIR would set it
    with unchanged(project):
        run = cli("list", project)
    _assert_blames_the_temporary_folder(run, project, not_a_folder, "cannot be used")
    assert "Not a directory" in run.err



def test_reimport_without_room_for_the_original_blames_the_temporary_folder(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The project is checked (a private folder of its own), then the stored original
    needs one to be re-extracted in."""
    real_mkdtemp = tempfile.mkdtemp

    def mkdtemp(suffix: str | None = None, prefix: str | None = None, dir: str | None = None) -> str:
        if prefix == "claimmark-reimport-":
            raise OSError(errno.EDQUOT, os.strerror(errno.EDQUOT))
        return real_mkdtemp(suffix, prefix, dir)

    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    run = cli("reimport", project, "1")
    _assert_blames_the_temporary_folder(run, project, tempfile.gettempdir(), "is full")
