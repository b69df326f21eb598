"""Opening a project this installation closed cleanly (core/store/clean_close.py): no
private copy and no quick_check, the schema still checked on the file itself; a file
from elsewhere, or changed behind the app's back, still gets the full check."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest

from claimmark.core.importing import import_paths
from claimmark.core.model.errors import ProjectError
from claimmark.core.store import clean_close, safety
from claimmark.core.store.project import Project
from tests.core.store.test_safety import HOSTILE, sha, tamper


@pytest.fixture
def copies(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files the safety check copies privately, as it copies them."""
    made: list[Path] = []
    real = safety.copy_private

    def copy(source: Path, target: Path, project: Path) -> None:
        made.append(source)
        real(source, target, project)

    monkeypatch.setattr(safety, "copy_private", copy)
    return made


@pytest.fixture
def known(tmp_path: Path, corpus: Path) -> Path:
    path = tmp_path / "known.claimmark"
    with Project.open(path, create=True) as project:
        import_paths(project, [corpus / "page.html"])
    return path


def test_a_project_closed_cleanly_reopens_without_a_private_copy(known: Path, copies: list[Path],
                                                                 tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    assert clean_close.is_known(known)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-tmp"))  # no scratch folder to use
    for _ in range(2):
        with Project.open(known) as project:
            assert project.count_documents() == 1
        assert clean_close.is_known(known)
    with Project.open(known, read_only=True) as project:
        assert project.count_documents() == 1
    assert copies == []


def test_a_file_from_elsewhere_is_checked_on_a_private_copy(known: Path, copies: list[Path],
                                                            tmp_path: Path) -> None:
    received = tmp_path / "received.claimmark"
    shutil.copyfile(known, received)
    assert not clean_close.is_known(received)
    Project.open(received).close()
    assert copies == [received]
    Project.open(received).close()  # and known from then on
    assert copies == [received]


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_object_added_to_a_known_file_is_refused(known: Path, case: str,
                                                           copies: list[Path]) -> None:
    statement, message = HOSTILE[case]
    tamper(known, statement)
    assert not clean_close.is_known(known)
    before = sha(known)
    with pytest.raises(ProjectError, match=message):
        Project.open(known)
    assert copies == [known] and sha(known) == before


def test_the_schema_is_checked_even_when_the_record_matches(known: Path, copies: list[Path]) -> None:
    """Should a record ever vouch for a tampered file, the schema check on the file
    itself still refuses it, without a copy and without running what it holds."""
    statement, message = HOSTILE["trigger"]
    tamper(known, statement)
    clean_close.remember(known)
    before = sha(known)
    with pytest.raises(ProjectError, match=message):
        Project.open(known)
    assert copies == [] and sha(known) == before


def test_a_change_behind_the_apps_back_gets_the_full_check(known: Path, copies: list[Path]) -> None:
    tamper(known, "UPDATE meta SET value = 'renamed elsewhere' WHERE key = 'name'")
    with Project.open(known) as project:
        assert project.name == "renamed elsewhere"
    assert copies == [known]


def test_a_damaged_known_file_is_refused(known: Path, copies: list[Path]) -> None:
    data = bytearray(known.read_bytes())
    page = 4096
    data[page * 2 : page * 3] = b"\xff" * page  # a b-tree page, past the header
    known.write_bytes(bytes(data))
    with pytest.raises(ProjectError):
        Project.open(known).close()
    assert copies == [known]


def test_another_connections_write_during_a_session_is_not_vouched_for(known: Path,
                                                                       copies: list[Path]) -> None:
    with Project.open(known) as project:
        conn = sqlite3.connect(known, isolation_level=None)
        conn.execute("UPDATE meta SET value = 'theirs' WHERE key = 'name'")
        conn.close()
        assert project.name == "theirs"
    assert not clean_close.is_known(known)
    Project.open(known).close()
    assert copies == [known]


def test_an_unreadable_record_counts_as_none(known: Path, copies: list[Path]) -> None:
    record = next((clean_close.data_dir() / clean_close.FOLDER).glob("*.json"))
    record.write_text("{not json", encoding="utf-8")
    assert not clean_close.is_known(known)
    Project.open(known).close()
    assert copies == [known] and clean_close.is_known(known)


def test_records_of_projects_that_are_gone_are_dropped(known: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.claimmark"
    Project.open(other, create=True).close()
    folder = clean_close.data_dir() / clean_close.FOLDER
    assert len(list(folder.glob("*.json"))) == 2
    other.unlink()
    Project.open(known).close()
    assert len(list(folder.glob("*.json"))) == 1 and clean_close.is_known(known)
