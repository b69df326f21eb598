"""A document's stored extraction as re-import reads and replaces it
(core/annotate/reimport.py), and the document rows exports show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claimmark.core.model.extracted import EXTRACTOR_VERSION, Extracted
from claimmark.core.model.images import Image
from claimmark.core.store.project import Project
from claimmark.core.store.text_index import rebuild, unindex


@dataclass(frozen=True)
class StoredOriginal:
    """The file a document was imported from, as stored (compressed; see core/store/originals.py)."""

    data: bytes
    source_name: str
    source_format: str
    size: int


def stored_original(project: Project, document_id: int) -> StoredOriginal:
    row = project.db.execute(
        "SELECT original, source_name, source_format, original_size FROM documents WHERE id = ?",
        [document_id],
    ).fetchone()
    return StoredOriginal(row[0], row[1], row[2], row[3])


def images_by_source(project: Project, document_id: int) -> dict[str, Image]:
    """A document's stored images by the address the page gave them (those it gave one)."""
    return {
        r[0]: Image(r[1], bytes(r[4]), r[2], r[3], r[5])
        for r in project.db.execute(
            "SELECT source, mime, width, height, data, source FROM images WHERE document_id = ?",
            [document_id],
        )
        if r[0]
    }


def replace_extraction(project: Project, document_id: int, extracted: Extracted) -> str:
    """Store `extracted` as a document's reading structure, text, images and search row
    (inside the caller's transaction); the reading text it replaced."""
    db = project.db
    title, old_text = db.execute("SELECT title, reading_text FROM documents WHERE id = ?",
                                 [document_id]).fetchone()
    new_text = extracted.document.text
    in_step = unindex(db, document_id, title, old_text)  # while the row still holds what was indexed
    db.table("documents").update(
        document_id,
        {
            "reading_json": extracted.document.to_json(),
            "reading_text": new_text,
            "content_hash": extracted.content_hash,
            "extractor_version": EXTRACTOR_VERSION,
        },
    )
    db.execute("DELETE FROM images WHERE document_id = ?", [document_id])
    for key, image in extracted.images.items():
        db.table("images").insert(
            {"document_id": document_id, "key": key, "mime": image.mime, "width": image.width,
             "height": image.height, "size": len(image.data), "source": image.source,
             "data": image.data}
        )
    if in_step:
        db.execute(
            "INSERT INTO documents_fts(rowid, title, reading_text) VALUES (?, ?, ?)",
            [document_id, title, new_text],
        )
    else:
        rebuild(db)
    return str(old_text)


def same_text_as(project: Project, document_id: int, content_hash: str) -> list[int]:
    """The other documents whose content hash is `content_hash`."""
    return [
        row[0] for row in project.db.execute(
            "SELECT id FROM documents WHERE content_hash = ? AND id != ? ORDER BY id",
            [content_hash, document_id],
        )
    ]


def anchors(project: Project, document_id: int) -> list[tuple[int, int, int, str, str, str, str, int]]:
    """(id, start, end, exact, prefix, suffix, anchor status, deleted) of every annotation
    of a document, tombstones too, in the order they were made."""
    rows = project.db.execute(
        'SELECT id, start, "end", exact, prefix, suffix, anchor_status, deleted FROM annotations '
        "WHERE document_id = ? ORDER BY id",
        [document_id],
    ).fetchall()
    return [tuple(row) for row in rows]


def document_row(project: Project, document_id: int, fields: tuple[str, ...]) -> dict[str, Any]:
    """The columns `fields` of one document."""
    return next(project.db.query(f"SELECT {', '.join(fields)} FROM documents WHERE id = ?", [document_id]))
