"""One import loop for both faces: `ImportRun` stored step by step (the window) and to
its end (`import_paths`, the command line), with the same outcomes."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from claimmark.core.extract import workers
from claimmark.core.extract.jobs import extraction_job
from claimmark.core.extract.pipeline import extract_file
from claimmark.core.importing import ImportRun, import_paths, store_all, store_extracted
from claimmark.core.store import project as project_module
from claimmark.core.store.project import Project


def _pages(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for n in range(count):
        path = folder / f"story-{n}.txt"
        path.write_text(f"Story {n}\n\n" + f"Sentence {n} of a story long enough to be an article. " * 20,
                        encoding="utf-8")
        paths.append(path)
    (folder / "notes.docx").write_bytes(b"PK not a page")
    return paths


def test_a_run_stored_step_by_step_gives_what_import_paths_gives(tmp_path: Path) -> None:
    pages = _pages(tmp_path / "pages", 3)
    missing = tmp_path / "gone.html"
    with Project.open(tmp_path / "stepped.claimmark", create=True) as project:
        run = ImportRun(project, [tmp_path / "pages", missing])
        assert run.files == pages and run.done == 0 and not run.finished
        assert [o.status for o in run.outcomes] == ["failed"]  # the missing path, before any file is read
        stepped = []
        while not run.finished:
            stepped += run.step(None, limit=1)
            assert run.done == len(stepped)
        assert [o.path for o in stepped] == pages and {o.status for o in stepped} == {"imported"}
        assert run.step(None) == []  # a finished run stores nothing more
    with Project.open(tmp_path / "whole.claimmark", create=True) as project:
        whole = import_paths(project, [tmp_path / "pages", missing])
    assert [(o.path, o.status, o.title) for o in whole] == [(o.path, o.status, o.title) for o in run.outcomes]


def test_cancel_ends_a_run_and_later_steps_store_nothing(tmp_path: Path) -> None:
    pages = _pages(tmp_path / "pages", 4)
    with Project.open(tmp_path / "p.claimmark", create=True) as project:
        run = ImportRun(project, pages)
        first = run.step(None, limit=1)
        run.cancel()
        assert run.finished and run.step(None) == []
        assert len(first) == 1 and project.count_documents() == 1


def test_a_locked_project_ends_the_run_with_one_outcome_saying_so(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Every further file would fail alike, in the window as on the command line."""
    pages = _pages(tmp_path / "pages", 3)
    path = tmp_path / "p.claimmark"
    Project.open(path, create=True).close()
    monkeypatch.setattr(project_module, "BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Project.open(path) as project:
            run = ImportRun(project, pages)
            while not run.finished:
                run.step(None)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    (outcome,) = run.outcomes
    assert outcome.about_project and outcome.status == "failed"
    assert outcome.message.endswith("(3 files not imported)")


class CountingPool(workers.Pool):
    """A real pool that counts the worker processes it starts."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.started = 0

    def start_worker(self) -> workers._Worker:
        self.started += 1
        return super().start_worker()


def test_a_folder_import_starts_its_workers_once_not_per_file(tmp_path: Path) -> None:
    _pages(tmp_path / "pages", 9)
    pool = CountingPool(size=2)
    try:
        with Project.open(tmp_path / "p.claimmark", create=True) as project:
            run = ImportRun(project, [tmp_path / "pages"], pool)
            while not run.finished:
                run.step(None)
            assert pool.started == 2 and len(pool.workers) == 2
            again = ImportRun(project, [tmp_path / "pages"], pool)  # the next import reuses them
            while not again.finished:
                again.step(None)
            assert pool.started == 2
        assert [o.status for o in run.outcomes] == ["imported"] * 9
        assert [o.status for o in again.outcomes] == ["duplicate"] * 9
    finally:
        pool.close()


def test_files_are_stored_in_the_order_given_whichever_is_read_first(tmp_path: Path) -> None:
    """A long page first: the short ones after it are read sooner, but stored after it."""
    folder = tmp_path / "pages"
    folder.mkdir()
    long_page = folder / "a-long.txt"
    long_page.write_text("A long story\n\n" + "One more sentence of the long story told here. " * 40_000,
                         encoding="utf-8")
    pages = [long_page, *_pages(tmp_path / "short", 5)]
    with Project.open(tmp_path / "p.claimmark", create=True) as project:
        outcomes = import_paths(project, pages)
        stored = project.documents()
    assert [o.path for o in outcomes] == pages and {o.status for o in outcomes} == {"imported"}
    assert [d.id for d in stored] == [o.document_id for o in outcomes]
    assert [d.title for d in stored] == ["A long story"] + [f"Story {n}" for n in range(5)]


def test_the_files_extracted_by_then_are_stored_in_one_transaction(tmp_path: Path) -> None:
    """One commit (one flush to disk) for a batch, each document whole."""
    pages = [(path, extract_file(path)) for path in _pages(tmp_path / "pages", 5)]
    with Project.open(tmp_path / "p.claimmark", create=True) as project:
        statements: list[str] = []
        project.db.conn.set_trace_callback(statements.append)
        outcomes = store_extracted(project, pages)
        project.db.conn.set_trace_callback(None)
        assert [o.status for o in outcomes] == ["imported"] * 5
        assert [s for s in statements if s.startswith(("BEGIN", "COMMIT"))] == ["BEGIN IMMEDIATE", "COMMIT"]
        fts = project.db.execute("SELECT rowid FROM documents_fts ORDER BY rowid").fetchall()
        assert [r[0] for r in fts] == [o.document_id for o in outcomes]


def _shapes(statements: list[str]) -> list[str]:
    """The statements the connection ran (FTS5's own left out), literals and savepoint
    names as ?, and each run of the rows one executemany inserts said once."""
    shapes: list[str] = []
    for statement in statements:
        if statement.startswith("--"):
            continue
        shape = re.sub(r"\(\?(?:, ?\?)*\)", "(?)", re.sub(r"'(?:[^']|'')*'|\b\d+\b|sqlite_utils_\w+", "?", statement))
        if not (shapes and shape == shapes[-1] and shape.startswith("INSERT")):
            shapes.append(shape)
    return shapes


def test_storing_a_batch_runs_the_same_statements_for_3_files_as_for_60(tmp_path: Path) -> None:
    """The batch goes through the bulk path whole: no statement a file, duplicates and
    files that failed to extract included."""
    texts = _pages(tmp_path / "pages", 60)
    extracted = [(path, extract_file(path)) for path in texts]
    unread = workers.Done(extraction_job(tmp_path / "gone.txt"), None, "cannot read")

    def stored(name: str, count: int) -> list[str]:
        pages = [*extracted[:count], extracted[0]]  # the last one a duplicate of the first
        with Project.open(tmp_path / name, create=True) as project:
            project.add_document(extract_file(texts[-1]))  # the search index reads its settings once
            seen: list[str] = []
            project.db.conn.set_trace_callback(seen.append)
            outcomes = store_all(project, [unread, *(workers.Done(extraction_job(p), e) for p, e in pages)])
            project.db.conn.set_trace_callback(None)
        assert [o.status for o in outcomes] == ["failed"] + ["imported"] * count + ["duplicate"]
        assert [o.path for o in outcomes] == [unread.job.path] + [p for p, _e in pages]
        assert outcomes[-1].document_id == outcomes[1].document_id
        return _shapes(seen)

    assert stored("few.claimmark", 3) == stored("many.claimmark", 59)


def test_a_file_that_cannot_be_stored_fails_alone_and_the_others_land(tmp_path: Path) -> None:
    """The bulk insert of the batch fails, so the batch is stored one file at a time: the
    outcome names the file, the others are stored as they would have been."""
    pages = [(path, extract_file(path)) for path in _pages(tmp_path / "pages", 4)]
    path, good = pages[2]
    pages[2] = (path, replace(good, metadata={**good.metadata, "url": ["not", "text"]}))  # type: ignore[dict-item]
    with Project.open(tmp_path / "p.claimmark", create=True) as project:
        outcomes = store_extracted(project, pages)
        titles = [d.title for d in project.documents()]
    assert [o.status for o in outcomes] == ["imported", "imported", "failed", "imported"]
    assert outcomes[2].path == path and "unexpected error" in outcomes[2].message
    assert titles == ["Story 0", "Story 1", "Story 3"]


def test_a_run_cancelled_mid_way_keeps_only_whole_documents(tmp_path: Path) -> None:
    pages = _pages(tmp_path / "pages", 8)
    with Project.open(tmp_path / "p.claimmark", create=True) as project:
        run = ImportRun(project, pages)
        first = run.step(None)
        run.cancel()
        assert run.finished and 1 <= len(first) < 8
        ids = [o.document_id for o in run.outcomes if o.status == "imported"]
        rows = project.db.execute(
            "SELECT d.id, d.reading_text = f.reading_text FROM documents d JOIN documents_fts f ON f.rowid = d.id"
            " ORDER BY d.id").fetchall()
        assert [r[0] for r in rows] == ids and all(r[1] for r in rows)
        assert [project.reading_document(i).text.split("\n")[0] for i in ids] == [
            f"Story {n}" for n in range(len(ids))]


def test_the_forms_a_worker_makes_are_those_the_store_would_make(tmp_path: Path) -> None:
    """The workers render each document's stored forms (JSON, text) side by side;
    what lands is what storing the bare extraction writes."""
    pages = _pages(tmp_path / "pages", 2)
    columns = "SELECT reading_json, reading_text FROM documents ORDER BY id"
    with Project.open(tmp_path / "imported.claimmark", create=True) as project:
        assert {o.status for o in import_paths(project, pages)} == {"imported"}
        imported = project.db.execute(columns).fetchall()
    with Project.open(tmp_path / "stored.claimmark", create=True) as project:
        bare = [(path, extract_file(path)) for path in pages]
        assert all(e.forms is None for _p, e in bare)
        store_extracted(project, bare)
        stored = project.db.execute(columns).fetchall()
    assert imported == stored and all(row[0] and row[1] for row in imported)


def test_the_files_sent_ahead_to_a_worker_that_dies_are_read_by_a_fresh_one(tmp_path: Path) -> None:
    """A busy worker holds the next files too (so it goes on while the parent stores);
    when it dies inside a parser, its file fails with the reason and the files it held
    are read by the next worker, in order."""
    pages = _pages(tmp_path / "pages", 4)
    crash = tmp_path / "pages" / "crash.txt"
    crash.write_text("Crash\n\n" + "A sentence long enough to be part of an article here. " * 20, encoding="utf-8")
    order = [pages[0], crash, *pages[1:]]
    pool = CountingPool(size=1)
    pool.initializer = "tests.worker_hooks:crash_on_crash_files"
    try:
        with Project.open(tmp_path / "p.claimmark", create=True) as project:
            run = ImportRun(project, order, pool)
            while not run.finished:
                run.step(None)
            titles = [d.title for d in project.documents()]
    finally:
        pool.close()
    assert [o.path for o in run.outcomes] == order
    assert [o.status for o in run.outcomes] == ["imported", "failed", "imported", "imported", "imported"]
    assert "killed by signal 11" in run.outcomes[1].message
    assert titles == ["Story 0", "Story 1", "Story 2", "Story 3"] and pool.started == 2


def test_a_worker_holds_files_ahead_only_once_no_worker_is_starting(tmp_path: Path) -> None:
    """The first worker ready does not take every file while the second loads the parsers."""
    pages = _pages(tmp_path / "pages", 6)
    pool = workers.Pool(size=2)
    try:
        batch = pool.batch([workers.Job(extract_file, (path,), path) for path in pages])
        while not batch.finished:
            for done in batch.ready(None):
                assert not done.failed
            if any(w.state == "starting" for w in pool.workers):
                assert all(not w.queued for w in pool.workers)
        assert len(pool.workers) == 2
    finally:
        pool.close()


def test_files_that_could_not_be_read_are_reported_without_a_write(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch of files that all failed to extract writes nothing: each keeps its own
    reason, even while another program holds the project's write lock."""
    path = tmp_path / "p.claimmark"
    Project.open(path, create=True).close()
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    monkeypatch.setattr(project_module, "BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Project.open(path) as project:
            (outcome,) = import_paths(project, [empty])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert outcome.status == "failed" and not outcome.about_project
    assert outcome.path == empty and outcome.message == "the file is empty"
