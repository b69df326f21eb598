"""Project files that are damaged, foreign, hostile, locked or oddly named, used
through the CLI (`check`, `list`, `import`): exit 1, one clear line naming the file,
no traceback, and the original byte for byte unchanged. Hostile files (issue 6,
item 1) must be refused or read from a private copy: among them a '-journal' or '-wal'
file beside the project and a file in WAL mode."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from claimmark.core.store import project as project_module
from tests.bad_input.conftest import CORPUS, assert_one_clear_line, cli, page, sha, unchanged

COMMANDS = ["check", "list", "import"]


def run_command(command: str, project: Path, tmp_path: Path) -> object:
    if command == "import":
        source = tmp_path / "new-story.html"
        source.write_text(page(title="A new story"))
        return cli("import", project, source)
    return cli(command, project)


def assert_refused(project: Path, tmp_path: Path, command: str, *words: str) -> None:
    """`command` on `project`: exit 1, one line naming it, the file and its folder unchanged."""
    with unchanged(project):
        run = run_command(command, project, tmp_path)
        assert run.code == 1, (run.code, run.out, run.err)  # type: ignore[attr-defined]
        assert run.out == ""  # type: ignore[attr-defined]
        assert_one_clear_line(run, project, *words)  # type: ignore[arg-type]


# -- builders: each makes a bad project file at `path` from a good one -------------------
def _sql(*statements: str, writable_schema: bool = False) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        if writable_schema:
            conn.execute("PRAGMA writable_schema = ON")
        for statement in statements:
            conn.execute(statement)
        conn.close()

    return build


def _bytes(change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        path.write_bytes(change(path.read_bytes()))

    return build


def _leaf_page_ff(data: bytes) -> bytes:
    page_size = int.from_bytes(data[16:18], "big")
    target = len(data) // page_size - 1  # the last page: a leaf of some table
    return data[: target * page_size] + b"\xff" * page_size + data[(target + 1) * page_size:]


def _documents_sql(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT sql FROM sqlite_master WHERE name = 'documents'").fetchone()[0]


def _rewrite_documents(change: Callable[[str], str]) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        new_sql = change(_documents_sql(path))
        _sql("UPDATE sqlite_master SET sql = '" + new_sql.replace("'", "''") + "' WHERE name = 'documents'",
             writable_schema=True)(path)

    return build


def _expression_index(path: Path) -> None:
    _sql("CREATE INDEX documents_evil ON documents(lower(title))")(path)
    _sql("UPDATE sqlite_master SET sql = 'CREATE INDEX documents_evil ON documents(claimmark_evil(title))' "
         "WHERE name = 'documents_evil'", writable_schema=True)(path)


def _recursive_view(path: Path) -> None:
    _sql("CREATE VIEW loop AS SELECT 1")(path)
    _sql("UPDATE sqlite_master SET sql = 'CREATE VIEW loop AS SELECT * FROM loop' WHERE name = 'loop'",
         writable_schema=True)(path)


def _wal_mode(path: Path) -> None:
    _sql("PRAGMA journal_mode = WAL")(path)


def _wal_beside(path: Path) -> None:
    """A -wal file beside the project whose frames would delete every document."""
    scratch = path.with_name("scratch.claimmark")
    shutil.copy(path, scratch)
    conn = sqlite3.connect(scratch, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("DELETE FROM documents")
    shutil.copy(scratch, path)
    shutil.copy(f"{scratch}-wal", f"{path}-wal")
    conn.close()
    for leftover in path.parent.glob("scratch.claimmark*"):
        leftover.unlink()


def _journal_beside(path: Path) -> None:
    """A hot -journal beside the project: a writer killed in the middle of a big change."""
    code = (
        "import os, signal, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "conn.execute('PRAGMA cache_size = 2')\n"
        "conn.execute('BEGIN IMMEDIATE')\n"
        "conn.execute('UPDATE documents SET original = zeroblob(400000), reading_text = ?', ['x' * 200000])\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=False, timeout=60)
    assert Path(f"{path}-journal").exists()


def _bad_utf8(path: Path) -> None:
    _sql("UPDATE documents SET title = CAST(X'41C3' AS TEXT), site_name = CAST(X'1B5B33316D' AS TEXT)")(path)


def _quoted_identifiers(path: Path) -> None:
    _sql('CREATE TABLE "x""; DROP TABLE documents; --" ("a'' OR 1=1; --" TEXT)',
         'CREATE INDEX "i""; DELETE FROM meta; --" ON documents(title)')(path)


HOSTILE: dict[str, tuple[Callable[[Path], None], str]] = {
    # name: (builder, words the message must hold)
    "trigger-deletes-on-insert": (
        _sql("CREATE TRIGGER wipe AFTER INSERT ON documents BEGIN DELETE FROM documents; END"),
        "unexpected trigger 'wipe'"),
    "trigger-on-meta": (_sql("CREATE TRIGGER t BEFORE UPDATE ON meta BEGIN SELECT RAISE(ABORT, 'x'); END"),
                        "unexpected trigger"),
    "view": (_sql("CREATE VIEW v AS SELECT * FROM documents"), "unexpected view 'v'"),
    "recursive-view": (_recursive_view, ""),
    "check-calls-a-function": (_rewrite_documents(lambda s: s.rstrip()[:-1] + ", CHECK (claimmark_evil(title)))"), ""),
    "generated-column-calls-a-function": (
        _rewrite_documents(lambda s: s.rstrip()[:-1] + ", evil TEXT GENERATED ALWAYS AS (claimmark_evil(title)) VIRTUAL)"),
        ""),
    "expression-index-calls-a-function": (_expression_index, ""),
    "identifiers-with-quotes-and-comments": (_quoted_identifiers, ""),
    "wal-beside": (_wal_beside, ""),
    "journal-beside": (_journal_beside, "'-journal' file lies beside the project"),
}
HOSTILE_CASES = [pytest.param(name, command, id=f"{name}-{command}") for name in HOSTILE for command in COMMANDS]


@pytest.fixture
def good(tmp_path: Path, project: Path) -> Path:
    """A valid project in a folder of its own."""
    folder = tmp_path / "shared"
    folder.mkdir()
    target = folder / "project.claimmark"
    shutil.copy(project, target)
    return target


@pytest.mark.parametrize(("name", "command"), HOSTILE_CASES)
def test_hostile_project_files_are_refused_unchanged(good: Path, tmp_path: Path, name: str, command: str) -> None:
    builder, words = HOSTILE[name]
    builder(good)
    journal = Path(f"{good}-journal")
    journal_before = sha(journal) if journal.exists() else None
    assert_refused(good, tmp_path, command, words)
    if journal_before is not None:
        assert sha(journal) == journal_before


@pytest.mark.parametrize("command", COMMANDS)
def test_a_30_megabyte_title_is_read_in_bounded_time(good: Path, tmp_path: Path, command: str) -> None:
    _sql("UPDATE documents SET title = printf('%.*c', 30000000, 'x')")(good)
    before = sha(good)
    run = run_command(command, good, tmp_path)
    assert "Traceback" not in run.err  # type: ignore[attr-defined]
    if command == "import":
        assert run.code == 0 and cli("check", good).code == 0  # type: ignore[attr-defined]
    else:
        assert sha(good) == before
        assert run.code == 0 or assert_one_clear_line(run, good)  # type: ignore[attr-defined, arg-type]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_project_in_wal_mode_is_left_as_it_is(good: Path, tmp_path: Path, command: str) -> None:
    """Refused, or read from a private copy (then `check` and `list` may succeed);
    either way the original and its folder stay exactly as they were."""
    _wal_mode(good)
    with unchanged(good):
        run = run_command(command, good, tmp_path)
        assert "Traceback" not in run.err  # type: ignore[attr-defined]
        if command == "import" or run.code != 0:  # type: ignore[attr-defined]
            assert run.code == 1  # type: ignore[attr-defined]
            assert_one_clear_line(run, good)  # type: ignore[arg-type]


def test_a_fifo_as_project_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.claimmark"
    os.mkfifo(fifo)
    try:
        result = subprocess.run([sys.executable, "-m", "claimmark", "list", str(fifo)],
                                capture_output=True, text=True, timeout=4)
    except subprocess.TimeoutExpired:
        pytest.fail("claimmark list blocked on a FIFO")
    assert result.returncode == 1 and str(fifo) in result.stderr


# -- damaged and foreign files: refused today ------------------------------------------
DAMAGED: dict[str, tuple[Callable[[Path], None], str]] = {
    "zero-bytes": (_bytes(lambda d: b""), "the project file is empty (0 bytes)"),
    "zeroed": (_bytes(lambda d: bytes(len(d))), "not a ClaimMark project (not an SQLite database)"),
    "random-bytes": (_bytes(lambda d: os.urandom(len(d))), "not a ClaimMark project (not an SQLite database)"),
    "text": (_bytes(lambda d: b"hello, I am not a database\n" * 100), "not a ClaimMark project"),
    "header-then-garbage": (_bytes(lambda d: d[:16] + os.urandom(len(d) - 16)), "damaged"),
    "truncated-to-100-bytes": (_bytes(lambda d: d[:100]), "damaged"),
    "truncated-after-one-page": (_bytes(lambda d: d[:4096]), "damaged"),
    "truncated-in-half": (_bytes(lambda d: d[: len(d) // 2]), "damaged"),
    "leaf-page-of-ff": (_bytes(_leaf_page_ff), "damaged"),
    "another-apps-database": (
        _bytes(lambda d: b""),  # replaced below by a real SQLite file of another app
        "not a ClaimMark project (an SQLite database of another kind)"),
    "from-the-future": (_sql("PRAGMA user_version = 999"), "made by a newer ClaimMark (format 999"),
    "other-application-id": (_sql("PRAGMA application_id = 1234"), "an SQLite database of another kind"),
    "missing-table": (_sql("DROP TABLE images"), "missing table 'images'"),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", list(DAMAGED))
def test_damaged_and_foreign_project_files_are_refused_unchanged(
    good: Path, tmp_path: Path, name: str, command: str
) -> None:
    builder, words = DAMAGED[name]
    if name == "another-apps-database":
        good.unlink()
        _sql("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)", "INSERT INTO notes(body) VALUES ('x')")(good)
    else:
        builder(good)
    assert_refused(good, tmp_path, command, words)


@pytest.mark.parametrize("args", [("list",), ("show", "1"), ("show", "1", "--json"), ("list", "--json")])
def test_text_that_is_not_utf8_gets_one_clear_line(good: Path, args: tuple[str, ...]) -> None:
    _bad_utf8(good)
    with unchanged(good):
        run = cli(args[0], good, *args[1:])
    assert "Traceback" not in run.err and "\x1b" not in run.out
    if run.code != 0:  # refused (today), or read with U+FFFD (a later, more lenient reader)
        assert run.code == 1
        assert_one_clear_line(run, good, "could not be read")


def test_a_stored_escape_sequence_is_never_printed_raw(good: Path) -> None:
    _sql("UPDATE documents SET title = 'Title ' || char(27) || '[2J' || char(7), site_name = char(155) || 'x'")(good)
    for args in (("list", good), ("show", good, "1"), ("list", good, "--json"), ("show", good, "1", "--json")):
        run = cli(*args)
        assert run.code == 0, run.err
        assert "\x1b" not in run.out and "\x07" not in run.out and "\x9b" not in run.out


@pytest.mark.parametrize("command", COMMANDS)
def test_a_project_path_that_is_a_folder_is_refused(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "folder.claimmark"
    folder.mkdir()
    run = run_command(command, folder, tmp_path)
    assert run.code == 1  # type: ignore[attr-defined]
    assert_one_clear_line(run, folder, "Is a directory")  # type: ignore[arg-type]
    assert list(folder.iterdir()) == []


def test_a_project_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "p.claimmark"
    run = run_command("import", target, tmp_path)
    assert run.code == 1  # type: ignore[attr-defined]
    assert_one_clear_line(run, target, "the folder for the project does not exist")  # type: ignore[arg-type]


@pytest.mark.parametrize("command", ["check", "list"])
def test_a_missing_project_is_refused(tmp_path: Path, command: str) -> None:
    target = tmp_path / "missing.claimmark"
    run = cli(command, target)
    assert run.code == 1
    assert_one_clear_line(run, target, "no such project file")
    assert not target.exists()


def test_a_project_on_read_only_storage_is_read_but_not_written(good: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as root, for whom chmod does not stop writes: read-only storage (a CD,
    a read-only share) is simulated where ClaimMark detects it, in os.access."""
    real_access = os.access

    def access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
        if mode & os.W_OK and Path(os.fsdecode(path)).resolve() in (good.resolve(), good.parent.resolve()):  # type: ignore[arg-type]
            return False
        return real_access(path, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    with unchanged(good):
        assert cli("check", good).code == 0
        listed = cli("list", good)
        assert listed.code == 0 and listed.out.count("\n") == 1
        run = run_command("import", good, tmp_path)
        assert run.code == 1  # type: ignore[attr-defined]
        assert_one_clear_line(run, good, "the project is open read-only", "(1 file not imported)")  # type: ignore[arg-type]


# -- locking --------------------------------------------------------------------------
def test_a_project_locked_by_another_writer(good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project_module, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(good, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with unchanged(good):
            started = time.monotonic()
            run = run_command("import", good, tmp_path)
            assert time.monotonic() - started >= 0.15  # it waited for the busy timeout first
            assert run.code == 1  # type: ignore[attr-defined]
            assert_one_clear_line(run, good,  # type: ignore[arg-type]
                                  "being written by another window or program; try again in a moment "
                                  "(1 file not imported)")
            assert cli("list", good).code == 0  # reading is not blocked by a reserved lock
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    retry = run_command("import", good, tmp_path)
    assert retry.code == 0 and "A new story" in retry.out  # type: ignore[attr-defined]
    assert cli("check", good).code == 0


def test_a_second_writer_waits_for_the_first_instead_of_failing(good: Path, tmp_path: Path) -> None:
    holder = sqlite3.connect(good, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO meta(key, value) VALUES ('held', 'yes')")
    release = threading.Timer(0.5, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        started = time.monotonic()
        run = run_command("import", good, tmp_path)
        assert run.code == 0, run.err  # type: ignore[attr-defined]
        assert time.monotonic() - started >= 0.4
    finally:
        release.join()
        holder.close()
    assert cli("check", good).code == 0
    assert "A new story" in cli("list", good).out


def test_a_writer_killed_holding_the_lock_leaves_the_project_usable(good: Path, tmp_path: Path) -> None:
    code = ("import os, signal, sqlite3, sys, time\n"
            "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "conn.execute('BEGIN IMMEDIATE')\n"
            "conn.execute('DELETE FROM documents')\n"
            "print('held', flush=True)\n"
            "time.sleep(60)\n")
    child = subprocess.Popen([sys.executable, "-c", code, str(good)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    child.send_signal(signal.SIGKILL)
    child.wait()
    run = cli("list", good)
    assert run.code == 0 and run.out.count("\n") == 1  # the uncommitted delete never happened
    assert cli("check", good).code == 0


# -- odd project paths --------------------------------------------------------------------
@pytest.mark.parametrize("name", ["my project.claimmark", "issue #12?.claimmark", "100% sure.claimmark",
                                  "проект café.claimmark", "new\nline.claimmark", "a&b=c;d.claimmark",
                                  "file:x.claimmark", "?mode=ro.claimmark"])
def test_project_paths_with_unusual_characters_work(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "dir #1 ?%"
    folder.mkdir()
    target = folder / name
    run = cli("import", target, CORPUS / "page.html")
    assert run.code == 0, run.err
    assert target.exists() and sorted(p.name for p in folder.iterdir()) == [name]
    listed = cli("list", target)
    assert listed.code == 0 and listed.out.count("\n") == 1
    checked = cli("check", target)
    assert checked.code == 0 and checked.out.endswith("ok (1 documents)\n")
    before = sha(target)
    again = cli("import", target, CORPUS / "page.mhtml")
    assert again.code == 0 and "duplicate of document 1" in again.err
    assert sha(target) == before or cli("check", target).code == 0
