"""The project file's schema, as numbered migration steps (sqlite-utils' Migrations).

Each step moves a project file forward by one format version; a file's version is
its count of applied steps, kept in ``PRAGMA user_version`` and in the ``meta``
table. Steps are never edited once released: a change is a new step.
docs/project-format.md documents every table and column.
"""

from __future__ import annotations

import functools
import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from claimmark.core.model.document import ReadingDocument

APPLICATION_ID = 0x436C4D6B  # "ClMk": PRAGMA application_id of every project file
MIGRATION_SET = "claimmark"

migrations = Migrations(MIGRATION_SET)


@migrations(name="0001_documents")
def _documents(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            byline TEXT NOT NULL DEFAULT '',
            site_name TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            published TEXT NOT NULL DEFAULT '',
            section TEXT NOT NULL DEFAULT '',
            language TEXT NOT NULL DEFAULT '',
            saved_at TEXT NOT NULL DEFAULT '',
            imported_at TEXT NOT NULL,
            source_name TEXT NOT NULL,
            source_format TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            extractor_version TEXT NOT NULL,
            reading_json TEXT NOT NULL,
            reading_html TEXT NOT NULL,
            reading_text TEXT NOT NULL,
            original BLOB NOT NULL,
            original_size INTEGER NOT NULL
        );
        CREATE INDEX documents_content_hash ON documents(content_hash);
        CREATE INDEX documents_url ON documents(url);
        CREATE TABLE images (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            mime TEXT NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            size INTEGER NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            data BLOB NOT NULL,
            UNIQUE (document_id, key)
        );
        CREATE VIRTUAL TABLE documents_fts USING fts5(title, reading_text);
        """
    )


@migrations(name="0002_annotations")
def _annotations(db: Database) -> None:
    # No triggers or views: a project file holding them is refused. The search index
    # annotations_fts is kept up to date by claimmark.core.store.annotations.
    db.executescript(
        """
        CREATE TABLE authors (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL
        );
        CREATE TABLE annotations (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('claim', 'quote', 'citation')),
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" >= start),
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            claimant TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'unverified' CHECK (status IN ('unverified', 'true',
                'mostly true', 'mixed', 'mostly false', 'false', 'misleading', 'unverifiable')),
            speaker TEXT NOT NULL DEFAULT '',
            source_title TEXT NOT NULL DEFAULT '',
            source_url TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL,
            author_id TEXT NOT NULL REFERENCES authors(id),
            created TEXT NOT NULL,
            modified TEXT NOT NULL,
            anchor_status TEXT NOT NULL DEFAULT 'exact'
                CHECK (anchor_status IN ('exact', 'moved', 'fuzzy', 'orphaned')),
            deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
            deleted_at TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX annotations_document ON annotations(document_id, start, "end");
        CREATE INDEX annotations_author ON annotations(author_id);
        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        );
        CREATE TABLE annotation_tags (
            annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (annotation_id, tag_id)
        );
        CREATE INDEX annotation_tags_tag ON annotation_tags(tag_id);
        CREATE VIRTUAL TABLE annotations_fts USING fts5(exact, note, tags, people);
        """
    )


@migrations(name="0003_merge")
def _merge(db: Database) -> None:
    # merged_hashes: the versions (content hashes, space-separated) of an annotation that
    # merges have already brought in or superseded here, so a later merge can tell which
    # side changed it. merge_conflicts: losing versions kept for review. No triggers or
    # views (see 0002).
    db.executescript(
        """
        ALTER TABLE annotations ADD COLUMN merged_hashes TEXT NOT NULL DEFAULT '';
        CREATE TABLE merge_conflicts (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            annotation_uuid TEXT NOT NULL,
            merged_at TEXT NOT NULL,
            source_project TEXT NOT NULL,
            winner TEXT NOT NULL CHECK (winner IN ('ours', 'theirs')),
            kept TEXT NOT NULL,
            other TEXT NOT NULL,
            resolved INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1))
        );
        CREATE INDEX merge_conflicts_annotation ON merge_conflicts(annotation_uuid);
        """
    )


@migrations(name="0004_revision")
def _revision(db: Database) -> None:
    # revision: a random token given to a version a person brings back after merges have
    # seen it (resolving a merge conflict for the side that lost, undoing that), so the
    # restored version hashes as a new one; part of the content hash when not empty.
    db.execute("ALTER TABLE annotations ADD COLUMN revision TEXT NOT NULL DEFAULT ''")


@migrations(name="0005_modified_by")
def _modified_by(db: Database) -> None:
    # modified_by: the author id of whoever made the change that set `modified` (an edit,
    # a deletion, a restoration, a conflict resolution; a merge brings it with the version
    # it takes in). A row from before this step gets its creator's id: the only editor an
    # older file knows of. No REFERENCES: SQLite cannot add one with a non-NULL default.
    db.execute("ALTER TABLE annotations ADD COLUMN modified_by TEXT NOT NULL DEFAULT ''")
    db.execute("UPDATE annotations SET modified_by = author_id")


@migrations(name="0006_author_renamed")
def _author_renamed(db: Database) -> None:
    # renamed_to, renamed_at: the name an author was last renamed to and when
    # (core/annotate/author_names.py), so that a merge can tell which side's rename is the later.
    db.executescript(
        """
        ALTER TABLE authors ADD COLUMN renamed_to TEXT NOT NULL DEFAULT '';
        ALTER TABLE authors ADD COLUMN renamed_at TEXT NOT NULL DEFAULT '';
        """
    )


@migrations(name="0007_text_stored_once")
def _text_stored_once(db: Database) -> None:
    # The reading text was stored three times over: reading_html (never read: the reading
    # view builds its page from reading_json, and ReadingDocument.to_html derives the HTML
    # from it when wanted), reading_text, and the search index's own copy of it. The
    # index becomes an external-content FTS5 table over documents(title, reading_text),
    # which the store keeps in step itself (no triggers: see 0002), and reading_html goes.
    # Each statement on its own: executescript would commit the migration's transaction.
    db.execute("ALTER TABLE documents DROP COLUMN reading_html")
    db.execute("DROP TABLE documents_fts")
    db.execute(
        "CREATE VIRTUAL TABLE documents_fts USING fts5("
        "title, reading_text, content='documents', content_rowid='id')"
    )
    db.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")


@migrations(name="0008_structure_without_text")
def _structure_without_text(db: Database) -> None:
    # reading_json held each block's text, a second copy of reading_text; it now holds each
    # block's length instead (ReadingDocument format 2, core/model/document.py). No schema
    # change: the step's number keeps an older ClaimMark from reading a structure it cannot.
    # A structure that cannot be read is left as it is, for `claimmark check` to report.
    ids = [row[0] for row in db.execute("SELECT id FROM documents").fetchall()]
    for doc_id in ids:
        raw, text = db.execute("SELECT reading_json, reading_text FROM documents WHERE id = ?",
                               [doc_id]).fetchone()
        try:
            document = ReadingDocument.from_json(raw, text)
        except (ValueError, TypeError):
            continue
        if document.text == text:
            db.execute("UPDATE documents SET reading_json = ? WHERE id = ?", [document.to_json(), doc_id])


SchemaObjects = dict[tuple[str, str], tuple[str, str | None]]


@functools.cache
def _steps() -> tuple[str, ...]:
    return tuple(m.name for m in migrations.pending(Database(memory=True, execute_plugins=False)))


def format_version() -> int:
    """The format version this ClaimMark writes: the number of migration steps."""
    return len(_steps())


@functools.cache
def reference_schema(version: int) -> SchemaObjects:
    """Every schema object a project of `version` holds, as ClaimMark creates it:
    {(type, name): (table name, SQL)}, read back from an in-memory database."""
    steps = _steps()
    if not 0 <= version <= len(steps):
        raise ValueError(f"no format version {version}")
    db = Database(memory=True, execute_plugins=False)
    if version < len(steps):
        migrations.apply(db, stop_before=steps[version])
    else:
        migrations.apply(db)
    objects = read_schema(db.conn)
    db.close()
    return objects


def read_schema(conn: sqlite3.Connection) -> SchemaObjects:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {(kind, name): (table, sql) for kind, name, table, sql in rows}
