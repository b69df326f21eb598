"""What a merge reads from another person's project and writes into ours
(core/share/merge.py decides what to take; this is its SQL)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from claimmark.core.store.project import Project
from claimmark.core.store.sql import row_id

# The stored columns of a document a merge copies (the id is theirs, not ours).
DOCUMENT_COPY = ("uuid", "title", "byline", "site_name", "url", "published", "section", "language",
                 "saved_at", "imported_at", "source_name", "source_format", "content_hash",
                 "extractor_version", "reading_json", "reading_text", "original",
                 "original_size")
_MATCHES = (  # how an incoming document is recognised as one of ours, in this order
    ("uuid", "SELECT * FROM documents WHERE uuid = ?", "uuid"),
    ("content", "SELECT * FROM documents WHERE content_hash = ? ORDER BY id", "content_hash"),
    ("url", "SELECT * FROM documents WHERE url = ? AND url != '' ORDER BY id", "url"),
)


def integrity_problems(project: Project) -> list[str]:
    """What SQLite's full ``integrity_check`` finds wrong with a project file (nothing: [])."""
    return [row[0] for row in project.db.execute("PRAGMA integrity_check").fetchall() if row[0] != "ok"]


def stored_documents(project: Project) -> Iterator[dict[str, Any]]:
    """Every stored column of every document, in import order, read as iterated."""
    return project.db.query("SELECT * FROM documents ORDER BY id")


def stored_images(project: Project, document_id: int) -> list[dict[str, Any]]:
    """Every stored column of a document's images but their ids."""
    out = []
    for image in project.db.query("SELECT * FROM images WHERE document_id = ?", [document_id]):
        image.pop("id")
        out.append(image)
    return out


def matching_document(project: Project, doc: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """Our document that is `doc` (theirs), and how it was matched ("uuid", "content" or
    "url"); (None, "") when we have none."""
    for how, sql, key in _MATCHES:
        match = next(project.db.query(sql, [doc[key]]), None)
        if match is not None:
            return match, how
    return None, ""


def fill_document(project: Project, document_id: int, filled: dict[str, Any]) -> None:
    project.db.table("documents").update(document_id, filled)


def add_document(project: Project, doc: dict[str, Any], images: list[dict[str, Any]]) -> int:
    """Store a copy of `doc` (theirs) with its `images`, and index it; our id for it."""
    db = project.db
    record = {k: doc[k] for k in DOCUMENT_COPY}
    our_id = row_id(db.table("documents").insert(record).last_pk)
    for image in images:
        db.table("images").insert({**image, "document_id": our_id})
    db.execute("INSERT INTO documents_fts(rowid, title, reading_text) VALUES (?, ?, ?)",
               [our_id, record["title"], record["reading_text"]])
    return our_id


def document_title(project: Project, document_id: int) -> str:
    row = project.db.execute("SELECT title FROM documents WHERE id = ?", [document_id]).fetchone()
    return str(row[0])
