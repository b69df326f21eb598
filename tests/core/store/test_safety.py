"""Project files from elsewhere are untrusted: checked on a private copy, with no
application function registered, and refused unless their schema is exactly
ClaimMark's. Nothing a hostile file defines ever runs."""

from __future__ import annotations

import hashlib
import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from claimmark.cli import main
from claimmark.core.importing import import_paths
from claimmark.core.model.errors import ProjectError
from claimmark.core.store.project import Project


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def good(tmp_path: Path, corpus: Path) -> Path:
    path = tmp_path / "good.claimmark"
    with Project.open(path, create=True) as project:
        import_paths(project, [corpus / "page.html"])
    return path


def tamper(path: Path, *statements: str, writable_schema: bool = False) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    # the attacker's own SQLite has the function their schema calls; ClaimMark's must never
    conn.create_function("claimmark_secret", 1, lambda value: value, deterministic=True)
    if writable_schema:
        conn.execute("PRAGMA writable_schema = ON")
    for statement in statements:
        conn.execute(statement)
    conn.close()


HOSTILE = {
    "trigger": ("CREATE TRIGGER spy AFTER INSERT ON documents BEGIN "
                "DELETE FROM documents; INSERT INTO meta VALUES ('pwned', 'yes'); END", "unexpected trigger 'spy'"),
    "view": ("CREATE VIEW loop AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
             "SELECT n FROM r", "unexpected view 'loop'"),
    "index": ("CREATE INDEX evil ON documents(claimmark_secret(title))", "unexpected index 'evil'"),
    "table": ("CREATE TABLE extra (x)", "unexpected table 'extra'"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_schema_objects_are_refused_and_nothing_runs(good: Path, case: str, corpus: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    statement, message = HOSTILE[case]
    tamper(good, statement)
    before = sha(good)
    for command in (["import", str(good), str(corpus / "page.mhtml")], ["list", str(good)], ["check", str(good)]):
        assert main(command) == 1
        err = capsys.readouterr().err
        assert message in err and str(good) in err and "Traceback" not in err
    assert sha(good) == before
    conn = sqlite3.connect(f"file:{good}?mode=ro", uri=True)
    assert conn.execute("SELECT count(*) FROM documents NOT INDEXED").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM meta WHERE key = 'pwned'").fetchone()[0] == 0
    conn.close()


def test_a_check_constraint_that_calls_an_app_function_is_refused(good: Path) -> None:
    tamper(
        good,
        "UPDATE sqlite_master SET sql = replace(sql, 'original_size INTEGER NOT NULL', "
        "'original_size INTEGER NOT NULL CHECK (claimmark_secret(title))') WHERE name = 'documents'",
        writable_schema=True,
    )
    before = sha(good)
    with pytest.raises(ProjectError, match="table 'documents' is not as ClaimMark made it"):
        Project.open(good)
    assert sha(good) == before


def test_a_wal_file_beside_the_project_is_refused(good: Path) -> None:
    wal = good.with_name(good.name + "-wal")
    wal.write_bytes(b"\x37\x7f\x06\x82" + b"\x00" * 28)
    before = sha(good)
    with pytest.raises(ProjectError, match="copied while open"):
        Project.open(good)
    assert sha(good) == before and wal.exists()


def test_a_file_in_wal_mode_from_another_tool_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "walmode.claimmark"
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = sha(other)
    with pytest.raises(ProjectError, match="not a ClaimMark project"):
        Project.open(other)
    assert sha(other) == before


def _kill_mid_write(path: Path, through_claimmark: bool) -> None:
    """A writer killed in the middle of a big write, leaving a hot journal: ClaimMark
    itself (which records the project as open here) or another program."""
    opener = (f"from claimmark.core.store.project import Project\n"
              f"conn = Project.open({str(path)!r}).db.conn\n" if through_claimmark else
              f"import sqlite3\nconn = sqlite3.connect({str(path)!r}, isolation_level=None)\n")
    script = opener + textwrap.dedent(
        """
        import time
        conn.execute("PRAGMA cache_size = 1")
        conn.execute("BEGIN IMMEDIATE")
        for n in range(3000):
            conn.execute("INSERT INTO meta VALUES (?, ?)", (f"junk{n}", "x" * 500))
        print("ready", flush=True)
        time.sleep(60)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    child.send_signal(signal.SIGKILL)
    child.wait()
    journal = path.with_name(path.name + "-journal")
    assert journal.exists() and journal.stat().st_size > 0


def test_an_interrupted_write_is_recovered_after_a_private_check(good: Path) -> None:
    """A crash of ClaimMark's own mid-write leaves a hot journal; the next open checks a
    private copy of file and journal, then lets SQLite roll back to the last commit."""
    _kill_mid_write(good, through_claimmark=True)
    with Project.open(good) as project:
        assert project.check() == []
        assert project.count_documents() == 1
        assert "junk0" not in project.meta()
    journal = good.with_name(good.name + "-journal")
    assert not journal.exists() or journal.stat().st_size == 0
    assert list((good.parent / "data" / "open-projects").iterdir()) == []  # the crash's record is gone


def test_a_journal_left_by_another_program_is_refused_until_recovered(good: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """A file that arrives with someone else's interrupted write beside it is not
    rolled back behind the user's back; `claimmark recover` does it on request."""
    _kill_mid_write(good, through_claimmark=False)
    journal = good.with_name(good.name + "-journal")
    before = (sha(good), sha(journal))
    for read_only in (False, True):
        with pytest.raises(ProjectError, match=r"'-journal' file lies beside the project.*claimmark recover"):
            Project.open(good, read_only=read_only)
    assert (sha(good), sha(journal)) == before
    assert main(["recover", str(good)]) == 0
    out = capsys.readouterr().out
    assert "the interrupted write was rolled back" in out and "ok (1 documents)" in out
    assert not journal.exists()
    with Project.open(good) as project:
        assert project.check() == [] and "junk0" not in project.meta()
    assert main(["recover", str(good)]) == 0
    assert "nothing to recover" in capsys.readouterr().out


def test_a_file_in_wal_mode_is_read_from_a_private_copy_and_never_written(good: Path) -> None:
    conn = sqlite3.connect(good)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    before = sha(good)
    siblings = sorted(p.name for p in good.parent.iterdir())
    with Project.open(good, read_only=True) as project:
        assert project.count_documents() == 1 and project.check() == []
        copy = project.save_copy(good.with_name("fixed.claimmark"))
    with pytest.raises(ProjectError, match="WAL mode"):
        Project.open(good)
    assert sha(good) == before
    assert sorted(p.name for p in good.parent.iterdir()) == sorted([*siblings, "fixed.claimmark"])
    with Project.open(copy) as project:  # the copy is an ordinary project
        assert project.count_documents() == 1
    assert sqlite3.connect(copy).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_truncated_and_overwritten_files_are_refused(good: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    data = good.read_bytes()
    page = 4096
    cases = {
        "truncated": data[: page * 3],
        "ff-page": data[: page * 2] + b"\xff" * page + data[page * 3:],
        "zero-tail": data[:page] + b"\x00" * (len(data) - page),
    }
    for name, content in cases.items():
        path = tmp_path / f"{name}.claimmark"
        path.write_bytes(content)
        assert main(["check", str(path)]) == 1, name
        err = capsys.readouterr().err
        assert str(path) in err and "Traceback" not in err
        assert "damaged" in err or "not a ClaimMark project" in err or "schema" in err
        assert path.read_bytes() == content, name


def test_save_a_copy_while_open_gives_a_whole_claimmark_file(good: Path, tmp_path: Path, corpus: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "to share.claimmark"
    with Project.open(good) as project:
        import_paths(project, [corpus / "article.txt"])  # a write, then a copy while still open
        assert main(["copy", str(good), str(dest)]) == 0
    assert capsys.readouterr().out.strip() == str(dest)
    with Project.open(dest) as copy:
        assert copy.check() == [] and copy.count_documents() == 1
    assert main(["copy", str(good), str(dest)]) == 1
    assert "already exists" in capsys.readouterr().err


def _killed_while_open(path: Path) -> None:
    """A ClaimMark process that opened `path` for writing and was killed between writes."""
    script = (f"from claimmark.core.store.project import Project\nProject.open({str(path)!r})\n"
              "print('ready', flush=True)\nimport time\ntime.sleep(60)\n")
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    child.send_signal(signal.SIGKILL)
    child.wait()


def test_records_of_crashes_that_left_nothing_to_recover_are_pruned(good: Path, tmp_path: Path) -> None:
    records = good.parent / "data" / "open-projects"
    calm, gone = shutil.copy(good, tmp_path / "calm.claimmark"), shutil.copy(good, tmp_path / "gone.claimmark")
    _kill_mid_write(good, through_claimmark=True)  # a record to keep: its write awaits the rollback

    def named() -> list[str]:
        return sorted(json.loads(f.read_text())["path"] for f in records.iterdir())

    _killed_while_open(Path(calm))  # nothing to recover
    assert named() == sorted([str(good.resolve()), str(Path(calm).resolve())])
    _killed_while_open(Path(gone))  # its open pruned calm's record
    assert named() == sorted([str(good.resolve()), str(Path(gone).resolve())])
    Path(gone).unlink()  # the project itself is gone
    third = Path(shutil.copy(Path(calm), tmp_path / "third.claimmark"))
    with Project.open(third):  # any writable open prunes
        assert named() == sorted([str(good.resolve()), str(third.resolve())])
    with Project.open(good) as project:  # still told apart from a planted journal, and rolled back
        assert project.check() == [] and "junk0" not in project.meta()
    assert list(records.iterdir()) == []
