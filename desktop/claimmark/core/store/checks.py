"""Checks of the annotations a project holds against its documents and search index,
on the bare database: `Project.check` runs them, and so does a merge on the incoming
file (core/share/incoming.py), before any `Project` method may be trusted with it."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlite_utils import Database

from claimmark.core.model.document import ReadingDocument, TextMismatch
from claimmark.core.model.records import AnchorStatus
from claimmark.core.store.originals import DamagedOriginal, inflate


def annotation_problems(db: Database) -> list[str]:
    """Annotations whose stored anchor disagrees with their document's text, and
    search rows out of step (used by `claimmark check`)."""
    out = [f"annotation {ann_id}: {reason}" for ann_id, reason in anchor_problems(db)]
    live = db.execute("SELECT count(*) FROM annotations WHERE deleted = 0").fetchone()[0]
    indexed = db.execute("SELECT count(*) FROM annotations_fts").fetchone()[0]
    if live != indexed:
        out.append(f"search index: {live} live annotations but {indexed} indexed")
    return out


def anchor_problems(db: Database) -> list[tuple[int, str]]:
    """(annotation id, what is wrong) for each live, placed annotation whose range lies
    outside its document or, anchored exactly, does not hold its quote; by id.

    Each document's text is read once for all its annotations (walking the documents
    and the annotations in document order side by side), not once an annotation. The
    text is measured as SQLite's length() does: up to a NUL, if it holds one."""
    out: list[tuple[int, str]] = []
    texts = iter(db.execute("SELECT id, reading_text FROM documents ORDER BY id"))
    doc_id: Any = None
    text: Any = None
    length = 0
    rows = db.execute(
        'SELECT id, document_id, start, "end", exact, anchor_status FROM annotations'
        " WHERE deleted = 0 ORDER BY document_id, id"
    )
    for ann_id, document_id, start, end, exact, anchor in rows:
        if not isinstance(document_id, int):
            continue  # no document has it as its id
        while doc_id is None or doc_id < document_id:
            doc_id, text = next(texts, (document_id + 1, None))
            length = _length(text)
        if doc_id != document_id or anchor == AnchorStatus.ORPHANED:
            continue
        if not (isinstance(start, int) and isinstance(end, int)):  # a file from elsewhere may hold anything
            out.append((ann_id, f"its range {start!r}-{end!r} is not two whole numbers"))
        elif end > length:
            out.append((ann_id, f"its range {start}-{end} lies outside its document"))
        elif anchor in (AnchorStatus.EXACT, AnchorStatus.MOVED) and text[start:end] != exact:
            out.append((ann_id, "the text at its range is not its quote"))
    return sorted(out)


def _length(text: Any) -> int:
    if isinstance(text, str) and "\x00" in text:
        return text.index("\x00")
    return len(text) if text is not None else 0


def document_problems(db: Database) -> list[tuple[int, str]]:
    """(document id, what is wrong) for each document whose reading structure is
    damaged or disagrees with its text, or whose stored original is damaged; a
    merge skips these documents of an incoming file (core/share/incoming.py)."""
    problems: list[tuple[int, str]] = []
    rows = db.execute("SELECT id, reading_json, reading_text FROM documents")
    for doc_id, structure, text in rows:
        try:
            ReadingDocument.check_json(structure, text)
        except TextMismatch:
            problems.append((doc_id, "reading text and structure disagree"))
        except (ValueError, TypeError, KeyError):
            problems.append((doc_id, "the reading structure is damaged"))
    for doc_id, blob, size in db.execute("SELECT id, original, original_size FROM documents"):
        try:
            inflate(blob if isinstance(blob, bytes) else b"", size if isinstance(size, int) else -1)
        except DamagedOriginal as exc:
            problems.append((doc_id, f"the stored original is damaged ({exc})"))
    return problems

def encoding_problems(db: Database) -> list[str]:
    """Every text column of every table holds valid UTF-8 (SQLite stores what it is
    given; Python would fail on the first read of a bad row).

    A table's text columns are read together, decoded (strictly, in C) by the read
    itself; only a table where a value fails is counted column by column, value by
    value."""
    problems = []
    for table in ("documents", "annotations", "authors", "tags", "meta", "merge_conflicts", "images"):
        if not db[table].exists():
            continue
        columns = [c.name for c in db[table].columns if c.type.upper() == "TEXT"]
        if not columns or _decodes(db, table, columns):
            continue
        for column in columns:
            bad = _bad_utf8(db, table, column)
            if bad:
                problems.append(f"{table}.{column}: {bad} row(s) hold text that is not valid UTF-8")
    return problems


def _decodes(db: Database, table: str, columns: list[str]) -> bool:
    """Whether every value of these columns reads as UTF-8 text (blobs too)."""
    cast = ", ".join(f'CAST("{column}" AS TEXT)' for column in columns)
    try:
        for _ in db.execute(f'SELECT {cast} FROM "{table}"'):
            pass
    except sqlite3.OperationalError:  # "Could not decode to UTF-8"
        return False
    return True


def _bad_utf8(db: Database, table: str, column: str) -> int:
    """How many values of a column are not valid UTF-8 (read as bytes, blobs too)."""
    bad = 0
    for (value,) in db.execute(f'SELECT CAST("{column}" AS BLOB) FROM "{table}"'):
        try:
            (value or b"").decode("utf-8")
        except UnicodeDecodeError:
            bad += 1
    return bad
