"""An incoming file is checked once, fully, on the one private copy a merge reads it
from: SQLite's full integrity check refuses damage its quick check cannot see, and
nothing of the copy is remembered afterwards."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from claimmark.core.importing import import_paths
from claimmark.core.model.errors import ProjectDamaged
from claimmark.core.share.merge import merge
from claimmark.core.store.project import Project

INDEX = "documents_url"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def ours_and_theirs(tmp_path: Path, corpus: Path) -> tuple[Path, Path]:
    ours = tmp_path / "ours.claimmark"
    with Project.open(ours, create=True) as project:
        import_paths(project, [corpus / "page.html"])
    theirs = tmp_path / "theirs.claimmark"
    shutil.copyfile(ours, theirs)
    return ours, theirs


def _index_on_another_column(path: Path) -> None:
    """Build ClaimMark's index on `documents.url` over the titles instead, and give it
    back its own SQL: the schema and SQLite's quick check see nothing wrong, but the
    index does not hold what its table does."""
    conn = sqlite3.connect(path, isolation_level=None)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [INDEX]).fetchone()[0]
    conn.execute(f"DROP INDEX {INDEX}")
    conn.execute(f"CREATE INDEX {INDEX} ON documents(title)")
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", [sql, INDEX])
    conn.close()
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    assert check.execute("PRAGMA integrity_check").fetchall() != [("ok",)]
    check.close()


def test_damage_only_the_full_integrity_check_sees_refuses_the_merge(ours_and_theirs: tuple[Path, Path]) -> None:
    ours, theirs = ours_and_theirs
    _index_on_another_column(theirs)
    before_ours, before_theirs = sha(ours), sha(theirs)
    with Project.open(ours) as project, pytest.raises(ProjectDamaged, match="integrity check: ") as refused:
        merge(project, theirs)
    assert refused.value.path == theirs
    assert (sha(ours), sha(theirs)) == (before_ours, before_theirs)


def test_nothing_of_the_private_copy_is_remembered(ours_and_theirs: tuple[Path, Path], tmp_path: Path) -> None:
    ours, theirs = ours_and_theirs
    records = tmp_path / "data" / "closed-projects"
    with Project.open(ours) as project:
        known = sorted(records.iterdir())
        report = merge(project, theirs, dry_run=True)
        assert sorted(records.iterdir()) == known  # no clean-close record of the copy
    assert report.documents_matched["uuid"] == 1 and not report.changed
