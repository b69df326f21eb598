"""Exports streamed from the store: byte for byte what the writers that held every
annotation in memory wrote (expected files made by them, tests/fixtures/exports/stream*),
and at any size the same few SQL statements and a flat memory peak."""

from __future__ import annotations

import tracemalloc
from pathlib import Path
from unittest import mock

import pytest

from claimmark import __version__
from claimmark.core.export import collect, export, jsonld, write_file
from claimmark.core.store.project import Project
from tests.annotation_helpers import grow
from tests.conftest import FIXTURES
from tests.core.export import streaming_project

EXPECTED = FIXTURES / "exports"
GENERATED = "2026-03-04T05:06:07.000Z"
CASES = [  # expected file, format, selection, options
    ("stream.csv", "csv", {}, {}),
    ("stream-excel.csv", "csv", {}, {"excel": True}),
    ("stream-raw-quotes.csv", "csv", {"kind": "quote"}, {"raw": True}),
    ("stream.json", "json", {}, {}),
    ("stream-apple.json", "json", {"tag": "apple"}, {}),
    ("stream-none.json", "json", {"tag": "no such tag"}, {}),
]


@pytest.fixture
def fixed(tmp_path: Path, corpus: Path) -> Path:
    path = tmp_path / "p.claimmark"  # the name is the collection's label
    streaming_project.build(path, corpus)
    return path


def expected(name: str) -> bytes:
    return EXPECTED.joinpath(name).read_bytes().replace(b"ClaimMark 0.1.0", f"ClaimMark {__version__}".encode())


@pytest.mark.parametrize(("name", "fmt", "chosen", "options"), CASES)
def test_a_streamed_export_is_what_the_old_writers_wrote(
    fixed: Path, tmp_path: Path, name: str, fmt: str, chosen: dict[str, str], options: dict[str, bool]
) -> None:
    target = tmp_path / name
    with Project.open(fixed, read_only=True) as project, mock.patch.object(jsonld, "now", lambda: GENERATED):
        count = write_file(project, fmt, target, **chosen, **options)
        text = export(project, fmt, collect(project, **chosen), **options)
    assert target.read_bytes() == expected(name)
    assert text.encode("utf-8") == expected(name)  # the text made from annotations already read
    assert count == text.count("00000000-0000-4000-8000-")  # each annotation's UUID, once


def test_the_fixture_has_what_an_export_must_get_right(fixed: Path) -> None:
    text = expected("stream.csv").decode("utf-8")
    for needle in ("zebra; Apple; mid", "'=SUM(A1)", "'+someone", "'=Second;", "edited by another"):
        assert needle in text
    assert "00000000-0000-4000-8000-000000000006" not in text  # deleted
    assert text.count("\r\n1,") == 5 and text.count("\r\n2,") == 1


def test_some_documents_only(fixed: Path, tmp_path: Path) -> None:
    with Project.open(fixed, read_only=True) as project:
        assert write_file(project, "csv", tmp_path / "two.csv", documents=[2]) == 1
        assert write_file(project, "json", tmp_path / "none.json", documents=[]) == 0
    lines = (tmp_path / "two.csv").read_bytes().split(b"\r\n")
    assert lines[1].startswith(b"2,") and lines[2:] == [b""]


# -- at scale ------------------------------------------------------------------------
def measure(path: Path, fmt: str, target: Path) -> tuple[int, int, int]:
    """(annotations written, SQL statements issued, tracemalloc peak in bytes) of one export."""
    statements: list[str] = []
    with Project.open(path, read_only=True) as project:
        project.db.conn.set_trace_callback(statements.append)
        tracemalloc.start()
        count = write_file(project, fmt, target, replace=True)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        project.db.conn.set_trace_callback(None)
    return count, len(statements), peak


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_memory_and_statements_stay_flat_as_rows_grow_tenfold(fixed: Path, tmp_path: Path, fmt: str) -> None:
    grow(fixed, 49)  # 300 annotations
    small = measure(fixed, fmt, tmp_path / f"small.{fmt}")
    grow(fixed, 9)  # ten times as many
    large = measure(fixed, fmt, tmp_path / f"large.{fmt}")
    assert (small[0], large[0]) == (300, 3000)
    assert large[1] == small[1] <= 12  # the count, the rows, the project's name and UUID
    assert large[2] < 2 * small[2], (small[2], large[2])
