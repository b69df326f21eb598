"""What a merge reads from another person's project and writes into ours
(core/share/merge.py decides what to take; this is its SQL)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from claimmark.core.model.records import CONTENT_FIELDS
from claimmark.core.store.project import Project
from claimmark.core.store.sql import row_id

# The stored columns of a document a merge copies (the id is theirs, not ours).
DOCUMENT_COPY = ("uuid", "title", "byline", "site_name", "url", "published", "section", "language",
                 "saved_at", "imported_at", "source_name", "source_format", "content_hash",
                 "extractor_version", "reading_json", "reading_text", "original",
                 "original_size")
# The columns of a document a merge compares and fills in (not its structure or original).
DOCUMENT_LOOK = ("id", "uuid", "title", "byline", "site_name", "url", "published", "section", "language",
                 "saved_at", "content_hash", "reading_text")
_LOOK = ", ".join(DOCUMENT_LOOK)
_MATCHES = (  # how an incoming document is recognised as one of ours, in this order
    ("uuid", f"SELECT {_LOOK} FROM documents WHERE uuid = ?", "uuid"),
    ("content", f"SELECT {_LOOK} FROM documents WHERE content_hash = ? ORDER BY id", "content_hash"),
    ("url", f"SELECT {_LOOK} FROM documents WHERE url = ? AND url != '' ORDER BY id", "url"),
)
# What a version's hash is made of (core/store/versions.py), tags as a JSON array in order.
_VERSION_SELECT = (
    "SELECT a.id, a.uuid, a.document_id, " + ", ".join(f'a."{c}"' for c in (*CONTENT_FIELDS, "revision"))
    + ", (SELECT json_group_array(name) FROM (SELECT t.name AS name FROM annotation_tags x"
    " JOIN tags t ON t.id = x.tag_id WHERE x.annotation_id = a.id ORDER BY x.position, t.name))"
    " FROM annotations a"
)


def stored_documents(project: Project) -> Iterator[dict[str, Any]]:
    """The `DOCUMENT_LOOK` columns of every document, in import order, read as iterated."""
    return project.db.query(f"SELECT {_LOOK} FROM documents ORDER BY id")


def stored_document(project: Project, document_id: int) -> dict[str, Any]:
    """Every stored column of one document (what a merge copies)."""
    return next(project.db.query("SELECT * FROM documents WHERE id = ?", [document_id]))


def version_rows(project: Project) -> Iterator[tuple[Any, ...]]:
    """(id, uuid, document id, the `CONTENT_FIELDS`, revision, tags as a JSON array) of
    every annotation, tombstones too, in the order they were made, read as iterated:
    what a version's hash is made of, compared before any hash is made."""
    return iter(project.db.execute(_VERSION_SELECT + " ORDER BY a.id"))


def annotation_rows(project: Project, ids: list[int]) -> Iterator[dict[str, Any]]:
    """Every stored column of the annotations `ids`, in the order they were made, read as iterated."""
    return project.db.query(
        "SELECT * FROM annotations WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
        [json.dumps(ids)],
    )


def stored_images(project: Project, document_id: int) -> list[dict[str, Any]]:
    """Every stored column of a document's images but their ids."""
    out = []
    for image in project.db.query("SELECT * FROM images WHERE document_id = ?", [document_id]):
        image.pop("id")
        out.append(image)
    return out


def matching_document(project: Project, doc: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """The `DOCUMENT_LOOK` columns of our document that is `doc` (theirs), and how it was
    matched ("uuid", "content" or "url"); (None, "") when we have none."""
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
