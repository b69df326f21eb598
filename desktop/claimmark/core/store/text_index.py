"""The documents' search index, an FTS5 table over documents(title, reading_text) with
external content (schema step 0007): the index holds the words, the documents table the
text, so the text is stored once. SQLite does not keep such an index in step by itself
and a project file may hold no triggers, so the store's writes do: a new document's row
is added to it after the document, and a changed text is taken out with FTS5's 'delete'
command, given the title and text it was indexed with, before the row changes.

Another program may have changed a text behind the index's back (a project file is
untrusted input). FTS5 then finds the 'delete' inconsistent and calls the file damaged;
the index is rebuilt from the documents instead (seconds for 20,000 documents, and only
then), so a re-import or a merge still works and the index matches the texts again."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def unindex(db: Database, document_id: int, title: str, text: str) -> bool:
    """Take a document out of the index (inside the caller's transaction), given the
    title and text it holds now; False when the index did not hold those (nothing was
    changed then, and the caller rebuilds the index with `rebuild` once it has written)."""
    db.execute("SAVEPOINT unindex")
    try:
        db.execute(
            "INSERT INTO documents_fts(documents_fts, rowid, title, reading_text) VALUES ('delete', ?, ?, ?)",
            [document_id, title, text],
        )
    except sqlite3.DatabaseError:
        db.execute("ROLLBACK TO unindex")
        return False
    finally:
        db.execute("RELEASE unindex")
    return True


def rebuild(db: Database) -> None:
    """Index every document afresh from its stored title and text."""
    db.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")


def index_problems(db: Database) -> list[str]:
    """Documents the index lacks, and index rows no document has (each indexed document
    has one row in the index's docsize table)."""
    missing = db.execute(
        "SELECT count(*) FROM documents WHERE id NOT IN (SELECT id FROM documents_fts_docsize)"
    ).fetchone()[0]
    stray = db.execute(
        "SELECT count(*) FROM documents_fts_docsize WHERE id NOT IN (SELECT id FROM documents)"
    ).fetchone()[0]
    problems = []
    if missing:
        problems.append(f"search index: {missing} document(s) missing from the index")
    if stray:
        problems.append(f"search index: {stray} row(s) of documents that do not exist")
    return problems
