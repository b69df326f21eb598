"""Adding many rows at once: documents with their images and search rows, annotations
with their tags and search rows, each kind in a few ``executemany`` statements.

A batch runs inside the caller's transaction (``Project.transaction()``), so it lands
whole or not at all. The number of statements a batch runs does not grow with its size
(tests/core/store/test_bulk.py counts them): one read of the duplicates, one insert per
table. New rows are given the ids SQLite itself would give them (one past the largest
rowid), which is sound inside the write transaction: ``BEGIN IMMEDIATE`` holds the
write lock, so no other writer can take those ids in between. Adding one row is a batch
of one (`Project.add_document`, `core.add_annotation`).
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlite_utils import Database

from claimmark.core.model.extracted import EXTRACTOR_VERSION, Extracted

_CHUNK = 500  # values one IN (...) names at once (SQLite's limit on parameters is higher)
METADATA_FIELDS = ("title", "byline", "site_name", "url", "published", "section", "language", "saved_at")


class Store(Protocol):
    """What this module needs of a `Project` (which imports it, so it cannot import that)."""

    @property
    def db(self) -> Database: ...


@dataclass
class AddResult:
    id: int
    uuid: str
    title: str
    duplicate: bool
    filled: tuple[str, ...] = ()  # metadata fields a duplicate filled in


def next_id(project: Store, table: str) -> int:
    """The id SQLite would give the next row of `table` (an INTEGER PRIMARY KEY table)."""
    return _next_id(project.db, table)


def _next_id(db: Database, table: str) -> int:
    if table not in ("documents", "annotations"):
        raise ValueError(table)
    return int(db.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])


def stored_by_hash(db: Database, hashes: Sequence[str], columns: Sequence[str]) -> dict[str, dict[str, Any]]:
    """content hash -> `columns` of the oldest stored document with that hash."""
    found: dict[str, dict[str, Any]] = {}
    wanted = sorted(set(hashes))
    names = ", ".join(("id", "content_hash", *columns))
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = db.query(f"SELECT {names} FROM documents WHERE content_hash IN ({marks}) ORDER BY id", chunk)
        for row in rows:
            found.setdefault(row["content_hash"], row)
    return found


def store_documents(project: Store, batch: Sequence[Extracted], stamp: str) -> list[AddResult]:
    """Store extracted pages, or recognise each as a duplicate by its content hash (of a
    stored document or of an earlier one in `batch`), then fill in metadata the stored
    copy lacks, such as a plain-text copy's URL; one result each, in order."""
    db = project.db
    stored = stored_by_hash(db, [e.content_hash for e in batch], ("uuid", *METADATA_FIELDS))
    records: list[dict[str, Any]] = []
    images: list[dict[str, Any]] = []
    results: list[AddResult] = []
    first = doc_id = _next_id(db, "documents")
    for extracted in batch:
        row = stored.get(extracted.content_hash)
        if row is not None:
            results.append(_duplicate(db, row, extracted, pending=row["id"] >= first))
            continue
        record = _record(extracted, doc_id, stamp)
        records.append(record)
        images += [
            {"document_id": doc_id, "key": key, "mime": image.mime, "width": image.width,
             "height": image.height, "size": len(image.data), "source": image.source, "data": image.data}
            for key, image in extracted.images.items()
        ]  # fmt: skip
        stored[extracted.content_hash] = record
        results.append(AddResult(doc_id, record["uuid"], record["title"], False))
        doc_id += 1
    insert_documents(db, records, images)
    return results


def _record(extracted: Extracted, doc_id: int, stamp: str) -> dict[str, Any]:
    meta, forms = extracted.metadata, extracted.stored_forms()
    record: dict[str, Any] = {"id": doc_id, **{key: meta.get(key, "") for key in METADATA_FIELDS}}
    record.update(
        uuid=str(uuidlib.uuid4()),
        title=meta.get("title") or extracted.source_name,
        imported_at=stamp,
        source_name=extracted.source_name,
        source_format=extracted.source_format,
        content_hash=extracted.content_hash,
        extractor_version=EXTRACTOR_VERSION,
        reading_json=forms.json,
        reading_text=forms.text,
        original=extracted.original,
        original_size=extracted.original_size,
    )
    return record


def _duplicate(db: Database, row: dict[str, Any], extracted: Extracted, *, pending: bool) -> AddResult:
    """A page already stored as `row` (or about to be, when `pending`: an earlier page of
    the batch): fill in the metadata it lacks."""
    filled = {
        key: extracted.metadata[key]
        for key in METADATA_FIELDS
        if key != "title" and extracted.metadata.get(key) and not row.get(key)
    }
    if filled:
        if not pending:
            db.table("documents").update(row["id"], filled)
        row.update(filled)
    return AddResult(row["id"], row["uuid"], row["title"], True, tuple(filled))


def insert_documents(
    db: Database, records: Sequence[dict[str, Any]], images: Sequence[dict[str, Any]]
) -> None:
    """Store new documents (each record with its `id`), their images (each with its
    `document_id`) and their search rows."""
    if not records:
        return
    columns = list(records[0])
    db.conn.executemany(
        f"INSERT INTO documents({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [[r[c] for c in columns] for r in records],
    )
    if images:
        image_columns = list(images[0])
        db.conn.executemany(
            f"INSERT INTO images({', '.join(image_columns)}) VALUES ({', '.join('?' * len(image_columns))})",
            [[i[c] for c in image_columns] for i in images],
        )
    db.conn.executemany(
        "INSERT INTO documents_fts(rowid, title, reading_text) VALUES (?, ?, ?)",
        [(r["id"], r["title"], r["reading_text"]) for r in records],
    )


def reading_texts(project: Store, document_ids: Sequence[int]) -> dict[int, str]:
    """document id -> reading text, for the documents `document_ids` that exist."""
    db = project.db
    texts: dict[int, str] = {}
    wanted = sorted(set(document_ids))
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(f"SELECT id, reading_text FROM documents WHERE id IN ({marks})", chunk)
        texts.update((int(i), str(t)) for i, t in rows.fetchall())
    return texts


def tag_ids(project: Store, names: Sequence[str]) -> dict[str, tuple[int, str]]:
    """case-folded tag name -> (tag id, stored name) for every name in `names`; a new
    one is created under the spelling first given (names match case-insensitively)."""
    db = project.db
    known = _tags(db)
    new: dict[str, str] = {}
    for name in names:
        new.setdefault(name.casefold(), name)
    missing = [name for folded, name in new.items() if folded not in known]
    if missing:
        db.conn.executemany("INSERT INTO tags(name) VALUES (?)", [(n,) for n in missing])
        known = _tags(db)
    return known


def _tags(db: Database) -> dict[str, tuple[int, str]]:
    found: dict[str, tuple[int, str]] = {}
    for tag_id, name in db.execute("SELECT id, name FROM tags ORDER BY id").fetchall():
        found.setdefault(str(name).casefold(), (int(tag_id), str(name)))
    return found


def insert_annotations(
    project: Store,
    records: Sequence[dict[str, Any]],
    tags: Sequence[tuple[int, int, int]],
    search: Sequence[tuple[int, str, str, str, str]],
) -> None:
    """Store new annotations (each record with its `id`), their tags as
    (annotation id, tag id, position) and their search rows (rowid, exact, note, tags, people)."""
    db = project.db
    if not records:
        return
    columns = list(records[0])
    quoted = ", ".join(f'"{c}"' for c in columns)
    db.conn.executemany(
        f"INSERT INTO annotations({quoted}) VALUES ({', '.join('?' * len(columns))})",
        [[r[c] for c in columns] for r in records],
    )
    if tags:
        db.conn.executemany(
            "INSERT OR IGNORE INTO annotation_tags(annotation_id, tag_id, position) VALUES (?, ?, ?)", tags
        )
    db.conn.executemany(
        "INSERT INTO annotations_fts(rowid, exact, note, tags, people) VALUES (?, ?, ?, ?, ?)", search
    )
