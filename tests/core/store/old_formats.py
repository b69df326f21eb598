"""Project files of older formats, made from a current one: the schema exactly as
ClaimMark's steps up to that format made it, and the rows the tables had then."""

from __future__ import annotations

import json
from pathlib import Path

from sqlite_utils import Database

from claimmark.core.model.document import ReadingDocument
from claimmark.core.store.schema import APPLICATION_ID, migrations, reference_schema

STEPS = ("0001_documents", "0002_annotations", "0003_merge", "0004_revision", "0005_modified_by",
         "0006_author_renamed", "0007_text_stored_once", "0008_structure_without_text")
INDEXES = {"documents_fts": ("title", "reading_text"), "annotations_fts": ("exact", "note", "tags", "people")}


def older_copy(source: Path, target: Path, version: int) -> None:
    """`source`'s rows in a new project file of format `version`."""
    db = Database(target)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db, stop_before=STEPS[version])
    db.execute(f"PRAGMA user_version = {version}")
    db.conn.execute("ATTACH DATABASE ? AS source", [str(source)])
    plain = {name for kind, name in reference_schema(version) if kind == "table"
             and not name.startswith(("_sqlite", *INDEXES))}
    for table in sorted(plain):
        theirs = {r[1] for r in db.execute(f"PRAGMA source.table_info({table})").fetchall()}
        ours = [c.name for c in db[table].columns]
        values = ", ".join(f'"{c}"' if c in theirs else "''" for c in ours)  # reading_html: below
        db.execute(f"INSERT INTO main.{table} ({', '.join(map(repr, ours))}) SELECT {values} FROM source.{table}")
    html = "reading_html" in {c.name for c in db["documents"].columns}  # formats 1 to 6 stored it
    for doc_id, structure, text in db.execute("SELECT id, reading_json, reading_text FROM documents").fetchall():
        document = ReadingDocument.from_json(structure, text)
        if version < 8:  # the structure of each block with its text (ReadingDocument format 1)
            structure = json.dumps({"version": 1, "blocks": [b.to_json() for b in document.blocks]},
                                   ensure_ascii=False, separators=(",", ":"))
        db.execute("UPDATE documents SET reading_json = ? WHERE id = ?", [structure, doc_id])
        if html:
            db.execute("UPDATE documents SET reading_html = ? WHERE id = ?", [document.to_html(), doc_id])
    for index, columns in INDEXES.items():
        if ("table", index) in reference_schema(version):
            names = ", ".join(columns)
            db.execute(f"INSERT INTO main.{index}(rowid, {names}) SELECT rowid, {names} FROM source.{index}")
    db.execute("UPDATE meta SET value = ? WHERE key = 'format_version'", [str(version)])
    db.conn.commit()
    db.conn.execute("DETACH DATABASE source")
    db.close()
