"""A project whose exports are fully determined (fixed UUIDs and times), with something
of everything an export writes: every kind, notes, tags out of alphabetical order,
fields hidden by a change of kind, another last editor, a deleted annotation, cells
that look like formulas, and two documents."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from claimmark.core.annotate import editing as edits
from claimmark.core.store.project import Project
from tests.annotation_helpers import import_corpus, named, tag_examples


def build(project_path: Path, corpus: Path) -> None:
    with import_corpus(project_path, corpus) as project:
        made = tag_examples(project)
        edits.update(project, made[0].id, tags=["zebra", "Apple", "mid"], note="=SUM(A1)\nsecond line")
        edits.update(project, made[1].id, tags=["mid"], note='He said, "no"; then — left')
        edits.update(project, made[2].id, kind="quote", speaker="+someone")  # the claim's fields hidden
        edits.update(project, made[4].id, source_url="https://example.org/a?b=1", source_title="@source")
        with named("Second Editor"):
            edits.update(project, made[3].id, note="edited by another")
        edits.delete(project, made[5].id)
        second = _second_document(project)
        edits.add(project, second, "claim", 0, 12, claimant="-Claimant", tags=["Apple"])
    with sqlite3.connect(project_path) as conn:  # fixed identities and times
        conn.execute("UPDATE annotations SET uuid = printf('00000000-0000-4000-8000-%012d', id),"
                     " created = printf('2026-01-02T03:04:%02d.000Z', id),"
                     " modified = printf('2026-02-03T04:05:%02d.000Z', id)")
        conn.execute("UPDATE documents SET uuid = printf('11111111-0000-4000-8000-%012d', id)")
        conn.execute("UPDATE meta SET value = '22222222-0000-4000-8000-000000000000' WHERE key = 'uuid'")
        authors = [r[0] for r in conn.execute("SELECT id FROM authors ORDER BY id")]
        for number, old in enumerate(authors):
            new = f"33333333-0000-4000-8000-{number:012d}"
            conn.execute("UPDATE annotations SET author_id = ? WHERE author_id = ?", [new, old])
            conn.execute("UPDATE annotations SET modified_by = ? WHERE modified_by = ?", [new, old])
            conn.execute("UPDATE authors SET id = ? WHERE id = ?", [new, old])
    conn.close()


def _second_document(project: Project) -> int:
    """A copy of document 1 under another title and address (a second document to export)."""
    with project.transaction():
        project.db.execute(
            "INSERT INTO documents (uuid, title, byline, site_name, url, published, section, language,"
            " saved_at, imported_at, source_name, source_format, content_hash, extractor_version,"
            " reading_json, reading_text, original, original_size)"
            " SELECT uuid || '-2', '=Second; \"title\"', 'A. Byline', '', 'https://example.org/2', '', section,"
            " language, saved_at, imported_at, source_name, source_format, content_hash || '2',"
            " extractor_version, reading_json, reading_text, original, original_size"
            " FROM documents WHERE id = 1"
        )
    return 2
