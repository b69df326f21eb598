"""The reading text stored once (format 7): the search index keeps only its words and
reads the text from the documents table, is kept in step by the store's writes, and an
older project is migrated to it after a backup."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from bench.suite import data

from claimmark import core
from claimmark.core.annotate import editing as edits
from claimmark.core.annotate.reimport import reimport, store_extraction
from claimmark.core.store.project import Project
from claimmark.core.store.safety import schema_problems
from claimmark.core.store.schema import format_version
from tests.annotation_helpers import import_corpus
from tests.core.store.old_formats import older_copy

MAX_SIZE_RATIO = 4.0  # the file against the UTF-8 bytes of its reading texts (issue #17)


def found(project: Project, query: str) -> list[int]:
    return [hit.document_id for hit in core.search_documents(project, query)]


def test_a_generated_project_is_at_most_four_times_its_reading_text(tmp_path: Path) -> None:
    page = tmp_path / "article.html"
    page.write_text(data.article(data.SIZES["20k"], seed=7), encoding="utf-8")
    template = core.extract_file(page)
    path = tmp_path / "sized.claimmark"
    with Project.open(path, create=True) as project, project.transaction():
        for variant in data.variants(template, 200):
            project.add_document(variant)  # type: ignore[arg-type]
    conn = sqlite3.connect(path)
    texts = sum(len(t.encode()) for (t,) in conn.execute("SELECT reading_text FROM documents"))
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert "documents_fts_content" not in tables  # the index holds no copy of the texts
    assert path.stat().st_size <= MAX_SIZE_RATIO * texts, path.stat().st_size / texts


def test_a_format_6_project_is_migrated_after_a_backup(project_path: Path, corpus: Path, tmp_path: Path) -> None:
    current = tmp_path / "current.claimmark"
    with import_corpus(current, corpus) as project:
        edits.add_text(project, 1, "claim", "the Patriot Act required US internet companies", author="Ana")
    older_copy(current, project_path, 6)
    conn = sqlite3.connect(project_path)
    assert schema_problems(conn, 6) == []  # exactly what ClaimMark made at format 6
    assert "reading_html" in [r[1] for r in conn.execute("PRAGMA table_info(documents)")]
    conn.close()
    before = project_path.read_bytes()
    with Project.open(project_path) as project:
        assert project.db.execute("PRAGMA user_version").fetchone()[0] == format_version() == 8
        assert "reading_html" not in [c.name for c in project.db["documents"].columns]
        assert project.check() == [] and schema_problems(project.db.conn) == []
        assert found(project, "cybersecurity") == [1] and found(project, "zebra") == []
        assert project.reading_document(1).text == project.document(1).text
        structure = project.db.execute("SELECT reading_json FROM documents").fetchone()[0]
        assert json.loads(structure)["version"] == 2  # block lengths, not a second copy of the text
    assert project_path.with_name(project_path.name + ".v6.bak").read_bytes() == before


def test_a_changed_text_changes_what_the_index_finds(project_path: Path, corpus: Path) -> None:
    with import_corpus(project_path, corpus) as project:
        assert found(project, "cybersecurity") == [1]
        page = corpus / "page.html"
        html = page.read_text(encoding="utf-8")
        page.write_text(html.replace("internet", "network").replace(
            "</p>", " Zebras were seen crossing the data centre.</p>", 1), encoding="utf-8")
        store_extraction(project, 1, core.extract_file(page))  # what another extractor gave
        assert "Zebras were seen" in project.document(1).text
        assert found(project, "zebras") == [1] and found(project, "network") == [1]
        assert found(project, "internet") == []  # its old words are gone from the index
        assert project.check() == []


def test_a_text_changed_behind_the_index_is_reindexed_on_reimport(project_path: Path, corpus: Path) -> None:
    """Another program changed the stored text and not the index: FTS5's 'delete' of the
    old words fails, and the index is rebuilt from the texts instead."""
    with import_corpus(project_path, corpus) as project:
        text = project.document(1).text
        with project.transaction():
            project.db.execute("UPDATE documents SET reading_text = ? WHERE id = 1",
                               ["Quagga sightings.\n" + text])
        reimport(project, 1)
        assert project.document(1).text == text
        assert found(project, "quagga") == [] and found(project, "cybersecurity") == [1]
        assert project.check() == []
