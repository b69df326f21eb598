"""Stored data is not taken on trust (issue #22, point 4, in part): a document's stored
original is inflated with a bound and must come out at its stated size, and `check`
finds originals and text that no ClaimMark wrote."""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

import pytest

from claimmark.core.model import limits as limits_module
from claimmark.core.store.originals import DamagedOriginal, inflate
from tests.bad_input.conftest import CORPUS, cli


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    project = tmp_path / "p.claimmark"
    assert cli("import", project, CORPUS / "page.mhtml").code == 0
    return project


def set_original(project: Path, blob: bytes, size: int) -> None:
    with sqlite3.connect(project) as conn:
        conn.execute("UPDATE documents SET original = ?, original_size = ? WHERE id = 1", [blob, size])
    conn.close()


def test_an_original_that_inflates_past_the_limit_is_refused_by_reimport_and_check(
        imported: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits_module.LIMITS, "max_file_bytes", 1_000_000)
    monkeypatch.setattr(limits_module.LIMITS, "max_decompressed_bytes", 1_000_000)
    bomb = zlib.compress(bytes(50_000_000), 9)  # 49 kB that unpack to 50 MB
    set_original(imported, bomb, 900_000)
    result = cli("reimport", imported, "1")
    assert result.code == 1
    (line,) = result.err.strip().splitlines()
    assert "page.mhtml" in line and "damaged" in line and "more than the limit of" in line
    assert "claimmark-reimport" not in line  # never the name of a temporary file
    checked = cli("check", imported)
    assert checked.code == 1
    assert "document 1: the stored original is damaged (it unpacks to more than the limit" in checked.err


@pytest.mark.parametrize(("blob", "size", "words"), [
    (b"not zlib at all" * 10, 150, "not compressed data ClaimMark wrote"),
    (zlib.compress(b"<html>short</html>")[:-6], 18, "cut short"),
    (zlib.compress(b"<html>short</html>"), 5_000, "not the 5,000 its row states"),
])
def test_an_original_that_is_not_what_its_row_says_is_refused(imported: Path, blob: bytes, size: int,
                                                              words: str) -> None:
    set_original(imported, blob, size)
    result = cli("reimport", imported, "1")
    assert result.code == 1 and words in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert words in cli("check", imported).err


def test_check_finds_text_that_is_not_utf8(imported: Path) -> None:
    assert cli("check", imported).code == 0
    with sqlite3.connect(imported) as conn:
        conn.execute("UPDATE documents SET byline = CAST(X'41ff42' AS TEXT) WHERE id = 1")
    conn.close()
    checked = cli("check", imported)
    assert checked.code == 1
    assert "documents.byline: 1 row(s) hold text that is not valid UTF-8" in checked.err


def test_a_sound_original_inflates_to_its_bytes() -> None:
    raw = b"<html>" + bytes(range(256)) * 100 + b"</html>"
    assert inflate(zlib.compress(raw, 6), len(raw)) == raw
    with pytest.raises(DamagedOriginal, match="stated size"):
        inflate(zlib.compress(raw), -1)


@pytest.mark.parametrize("structure", ["[1, 2]", '{"blocks": [7]}', '{"blocks": 5}', '{"blocks": [{"kind": '
                                       '"paragraph", "text": "x", "spans": [{"a": 1}]}]}'])
def test_check_names_a_reading_structure_of_another_shape(imported: Path, structure: str) -> None:
    """Valid JSON that is not a reading structure made `check` itself fail (issue #22)."""
    with sqlite3.connect(imported) as conn:
        conn.execute("UPDATE documents SET reading_json = ? WHERE id = 1", [structure])
    conn.close()
    checked = cli("check", imported)
    assert checked.code == 1 and "Traceback" not in checked.err
    assert checked.err.strip().endswith("document 1: the reading structure is damaged")
