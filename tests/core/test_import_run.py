"""One import loop for both faces: `ImportRun` stored step by step (the window) and to
its end (`import_paths`, the command line), with the same outcomes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from claimmark.core.importing import ImportRun, import_paths
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
