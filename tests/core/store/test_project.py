"""The project file: self-identifying, versioned, migrated forward after a backup,
refused when newer or foreign, and written one transaction at a time."""

from __future__ import annotations

import hashlib
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlite_utils import Database

from claimmark.core.importing import import_paths
from claimmark.core.model.errors import ProjectError
from claimmark.core.store import project as project_module
from claimmark.core.store.project import Project
from claimmark.core.store.schema import APPLICATION_ID, format_version, migrations
from claimmark.core.store.search import search_documents


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_project_identifies_itself(project_path: Path) -> None:
    Project.open(project_path, create=True).close()
    conn = sqlite3.connect(project_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == format_version()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    assert meta["format_version"] == str(format_version())
    assert len(meta["uuid"]) == 36 and meta["name"] == "test"
    conn.close()
    assert not Path(str(project_path) + "-wal").exists()


def test_opening_a_missing_project_without_create_fails(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no such project file"):
        Project.open(tmp_path / "missing.claimmark")


def test_a_file_from_a_newer_claimmark_is_refused_unchanged(project_path: Path) -> None:
    Project.open(project_path, create=True).close()
    conn = sqlite3.connect(project_path)
    conn.execute(f"PRAGMA user_version = {format_version() + 1}")
    conn.commit()
    conn.close()
    before = sha(project_path)
    with pytest.raises(ProjectError, match="newer ClaimMark"):
        Project.open(project_path)
    assert sha(project_path) == before
    assert list(project_path.parent.glob("*.bak")) == []


def test_an_older_file_is_backed_up_then_migrated(project_path: Path) -> None:
    steps = [m.name for m in migrations.pending(Database(memory=True))]
    db = Database(project_path)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db, stop_before=steps[-1])
    db.execute(f"PRAGMA user_version = {len(steps) - 1}")
    db.close()
    before = project_path.read_bytes()
    with Project.open(project_path) as project:
        assert project.check() == []
    backups = list(project_path.parent.glob("test.claimmark.v*.bak"))
    assert len(backups) == 1 and backups[0].read_bytes() == before
    conn = sqlite3.connect(project_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == format_version()
    conn.close()


def test_a_sqlite_file_of_another_app_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()
    before = sha(other)
    with pytest.raises(ProjectError, match="not a ClaimMark project"):
        Project.open(other)
    assert sha(other) == before


def test_a_project_with_a_planted_trigger_is_refused(project_path: Path, corpus: Path) -> None:
    with Project.open(project_path, create=True) as project:
        import_paths(project, [corpus / "page.html"])
    conn = sqlite3.connect(project_path)
    conn.execute("CREATE TRIGGER wipe AFTER INSERT ON images BEGIN DELETE FROM documents; END")
    conn.commit()
    conn.close()
    before = sha(project_path)
    with pytest.raises(ProjectError, match="unexpected trigger 'wipe'"):
        Project.open(project_path)
    assert sha(project_path) == before


def test_a_second_writer_waits_then_gets_a_clear_message(project_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         corpus: Path) -> None:
    monkeypatch.setattr(project_module, "BUSY_TIMEOUT_MS", 300)
    Project.open(project_path, create=True).close()
    holder = sqlite3.connect(project_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    with Project.open(project_path) as project:
        started = time.monotonic()
        with pytest.raises(ProjectError, match="being written by another"):
            import_paths_or_raise(project, corpus / "page.html")
        assert time.monotonic() - started >= 0.25  # it waited for the busy timeout
        holder.execute("ROLLBACK")
        holder.close()
        assert import_paths(project, [corpus / "page.html"])[0].status == "imported"


def import_paths_or_raise(project: Project, path: Path) -> None:
    from claimmark.core.extract.pipeline import extract_file

    project.add_document(extract_file(path))


def test_read_only_files_open_read_only(project_path: Path, corpus: Path) -> None:
    with Project.open(project_path, create=True) as project:
        import_paths(project, [corpus / "page.html"])
    project_path.chmod(0o444)
    with Project.open(project_path, read_only=True) as project:
        assert project.read_only and project.count_documents() == 1
        with pytest.raises(ProjectError, match="read-only"), project.transaction():
            pass


def test_search_finds_titles_and_text(project_path: Path, corpus: Path) -> None:
    with Project.open(project_path, create=True) as project:
        import_paths(project, [corpus / "page.html"])
        def found(query: str) -> list[int]:
            return [hit.document_id for hit in search_documents(project, query)]

        assert found("cybersecurity") == [1]
        assert found("Patriot Act") == [1]
        assert found("zebra") == []
        assert found('"; DROP TABLE documents; --') == []


def test_document_references(project_path: Path, corpus: Path) -> None:
    with Project.open(project_path, create=True) as project:
        import_paths(project, [corpus / "page.html"])
        uuid = project.documents()[0].uuid
        assert project.resolve_document("1") == 1
        assert project.resolve_document(uuid[:8]) == 1
        assert project.resolve_document(uuid[:8].upper()) == 1
        for bad in ("2", "abc", "%%%%", "zzzzzz"):
            with pytest.raises(Exception, match="no document"):
                project.resolve_document(bad)


def test_a_killed_bulk_import_leaves_only_whole_documents(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(150):
        paragraphs = "".join(
            f"<p>Story {n}, paragraph {k}: a sentence of some length that makes this an article.</p>"
            for k in range(30)
        )
        (pages / f"story{n:03d}.html").write_text(
            f"<html><head><title>Story {n}</title></head><body><article>{paragraphs}</article></body></html>"
        )
    target = tmp_path / "killed.claimmark"
    child = subprocess.Popen([sys.executable, "-m", "claimmark", "import", "-q", str(target), str(pages)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    count = 0
    while time.monotonic() < deadline and count < 10:
        time.sleep(0.05)
        try:
            with sqlite3.connect(f"file:{target}?mode=ro", uri=True, timeout=2) as conn:
                count = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.Error:
            continue
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert 10 <= count < 150
    with Project.open(target) as project:
        assert project.check() == []
        docs = project.documents()
        assert len(docs) >= count
        for doc in docs:
            text = project.document(doc.id).text
            assert text.count("paragraph") == 30
    result = subprocess.run([sys.executable, "-m", "claimmark", "check", str(target)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
