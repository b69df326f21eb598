"""A write that runs out of room (issue #22, point 5): the import or merge fails with one
line, rolls back on the spot, and the project opens normally afterwards with all that
was in it before. Before, the failed write left a hot '-journal' and a grown file, and
every later open said the project had been copied while another program wrote it.

Running out of room is made real, without root or a small disk, by a file size limit
(RLIMIT_FSIZE) on the command's process: SQLite's writes past it fail as they do on a
full disk, with the journal already written."""

from __future__ import annotations

import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from claimmark.core.model.errors import ProjectDiskError, ProjectDiskFull
from claimmark.core.store.open_record import hot_journal
from claimmark.core.store.sqlite_errors import open_or_write_error
from tests.bad_input.conftest import CORPUS, SENTENCE, cli


def big_page(folder: Path, name: str, paragraphs: int = 8_000) -> Path:
    path = folder / name
    body = "".join(f"<p>{SENTENCE.format(n=n)} ({name})</p>" for n in range(paragraphs))
    path.write_text(f"<html><head><title>{name}</title></head><body><article><h1>{name}</h1>{body}"
                    "</article></body></html>", encoding="utf-8")
    return path


def run_with_room(room: int, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """`claimmark ARGS` in a process that may write files of at most `room` bytes."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, not kills
        resource.setrlimit(resource.RLIMIT_FSIZE, (room, room))

    return subprocess.run([sys.executable, "-m", "claimmark", *map(str, args)], preexec_fn=limit,
                          capture_output=True, text=True, timeout=300)


def assert_opens_as_before(project: Path, size: int, titles: list[str]) -> None:
    assert not hot_journal(project)
    assert project.stat().st_size == size
    listed = cli("list", project)
    assert listed.code == 0, listed.err
    assert [line.split("\t")[-1] for line in listed.out.splitlines()] == titles
    checked = cli("check", project)
    assert checked.code == 0 and "ok" in checked.out, checked.out + checked.err


def test_an_import_that_runs_out_of_room_rolls_back_and_the_project_opens(tmp_path: Path) -> None:
    project = tmp_path / "p.claimmark"
    assert cli("import", project, CORPUS / "page.mhtml").code == 0
    before = project.stat().st_size
    titles = [line.split("\t")[-1] for line in cli("list", project).out.splitlines()]
    result = run_with_room(before + 200_000, "import", project, big_page(tmp_path, "big.html"))
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert str(project) in line and "nothing was written" in line and "Traceback" not in result.stderr
    assert_opens_as_before(project, before, titles)
    # with room again, the same page comes in
    assert cli("import", project, tmp_path / "big.html").code == 0


def test_a_merge_that_runs_out_of_room_rolls_back_and_the_project_opens(tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours.claimmark", tmp_path / "theirs.claimmark"
    assert cli("import", ours, big_page(tmp_path, "ours.html")).code == 0
    assert cli("import", theirs, big_page(tmp_path, "theirs.html")).code == 0
    before = ours.stat().st_size
    titles = [line.split("\t")[-1] for line in cli("list", ours).out.splitlines()]
    room = max(before, theirs.stat().st_size) + 100_000  # the private copy of theirs fits, the merge not
    result = run_with_room(room, "merge", ours, theirs)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "nothing was written" in result.stderr and "Traceback" not in result.stderr
    assert_opens_as_before(ours, before, titles)


def test_a_full_disk_is_named_as_such() -> None:
    full = open_or_write_error(sqlite3.OperationalError("database or disk is full"), Path("p.claimmark"))
    assert full.message == ("the disk is full: nothing was written to the project (free some space and "
                            "try again)")
    failing = open_or_write_error(sqlite3.OperationalError("disk I/O error"), Path("p.claimmark"))
    assert "disk I/O error" in failing.message and "nothing was written" in failing.message
    assert isinstance(full, ProjectDiskFull) and isinstance(failing, ProjectDiskError)
