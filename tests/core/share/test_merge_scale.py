"""A merge's work grows with what changed, not with what both sides hold: merging an
unchanged copy issues the same statements whether it holds N or 10N annotations, and
the annotations one side changed still merge as before among thousands unchanged."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from claimmark.core.annotate import editing as edits
from claimmark.core.share.merge import MergeReport, merge
from claimmark.core.store import project as stored_project
from claimmark.core.store.project import Project
from tests.annotation_helpers import grow, import_corpus, tag_examples


@pytest.fixture
def ours(project_path: Path, corpus: Path) -> Path:
    with import_corpus(project_path, corpus) as project:
        made = tag_examples(project)
        edits.update(project, made[0].id, tags=["b", "a"], note="a note")
    return project_path


def traced_merge(monkeypatch: pytest.MonkeyPatch, ours: Path, theirs: Path) -> tuple[MergeReport, int]:
    """A dry run's report, and the SQL statements it issued on every connection it opened."""
    statements: list[str] = []
    real = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = real(*args, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(stored_project.sqlite3, "connect", connect)
    with Project.open(ours) as project:
        report = merge(project, theirs, dry_run=True)
    monkeypatch.setattr(stored_project.sqlite3, "connect", real)
    return report, len(statements)


def test_an_unchanged_copy_costs_the_same_statements_at_ten_times_the_size(
    ours: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    grow(ours, 49)  # 300 annotations
    theirs = tmp_path / "theirs.claimmark"
    shutil.copyfile(ours, theirs)
    traced_merge(monkeypatch, ours, theirs)  # the first check of a file builds what later ones reuse
    small, small_statements = traced_merge(monkeypatch, ours, theirs)
    grow(ours, 9)  # ten times as many
    shutil.copyfile(ours, theirs)
    traced_merge(monkeypatch, ours, theirs)  # grown behind the app's back: checked in full once
    large, large_statements = traced_merge(monkeypatch, ours, theirs)
    assert (small.annotations_unchanged, large.annotations_unchanged) == (300, 3000)
    assert not small.changed and not large.changed
    assert large_statements == small_statements


def test_the_changed_annotations_among_unchanged_ones_still_merge(ours: Path, tmp_path: Path) -> None:
    grow(ours, 99)  # 600 annotations
    theirs = tmp_path / "theirs.claimmark"
    shutil.copyfile(ours, theirs)
    with Project.open(theirs) as project:
        edits.update(project, 1, note="their note")  # theirs is newer
        edits.update(project, 2, tags=["new"])
        edits.delete(project, 3)
    with Project.open(ours) as project:
        edits.update(project, 4, note="our note")  # ours is newer: kept
        report = merge(project, theirs)
        assert (report.annotations_updated, report.annotations_deleted) == (2, 1)
        assert report.annotations_unchanged == 597 and report.conflicts == []
        assert project.db.execute("SELECT note FROM annotations WHERE id IN (1, 4) ORDER BY id").fetchall() \
            == [("their note",), ("our note",)]
