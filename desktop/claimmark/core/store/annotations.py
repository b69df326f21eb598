"""Annotations as stored: the ``annotations`` table and its search index (their tags are
core/store/tags.py, their versions core/store/versions.py, their authors core/store/authors.py).

An annotation anchors to code-point offsets [start, end) into
``documents.reading_text`` and keeps the quoted text with 32 characters of context
on each side (W3C Web Annotation TextPositionSelector and TextQuoteSelector), so it
re-attaches when the text changes (see `claimmark.core.annotate.anchoring`).
``modified_by`` is the author id of whoever made the last change. Deleting leaves
a tombstone (``deleted = 1``) so that a later merge does not bring it back. The table
``annotations_fts`` is the search index of live annotations, kept here (no triggers):
whoever writes an annotation calls `index` in the same transaction.

This module holds the SQL only; the rules for the values and for finding a passage
are core/annotate/ (fields.py, passages.py), and making, editing and deleting an
annotation with them is core/annotate/editing.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from claimmark.core.model.errors import AlreadyDeleted, NotFound
from claimmark.core.model.records import ANNOTATION_COLUMNS, KIND_FIELDS, Annotation, parse_kind
from claimmark.core.store import checks
from claimmark.core.store.project import Project
from claimmark.core.store.sql import fts_query, row_id
from claimmark.core.store.tags import tags_for

# ... and the name the last editor goes by in the authors table
_SELECT = ("SELECT " + ", ".join(f'a."{c}"' for c in ANNOTATION_COLUMNS)
           + ", coalesce(m.name, '') FROM annotations a LEFT JOIN authors m ON m.id = a.modified_by")
_AUTHOR, _AUTHOR_ID = ANNOTATION_COLUMNS.index("author"), ANNOTATION_COLUMNS.index("author_id")
# where an Annotation's fields leave the columns' order: its tags (read apart) come
# after the note; the stored 0 or 1 of deleted is a bool
_TAGS, _DELETED = ANNOTATION_COLUMNS.index("note") + 1, ANNOTATION_COLUMNS.index("deleted")
_PEOPLE = ("claimant", "speaker", "source_title")  # the fields the search's "people" column holds


# -- reading -----------------------------------------------------------------------
def _row_to_annotation(row: Sequence[Any], tags: dict[int, list[str]]) -> Annotation:
    """A row of `_SELECT` as an Annotation, its fields given in order (a third of the
    time of naming them: a document's thousands are read each time it is shown)."""
    values: tuple[Any, ...] = (*row[:_TAGS], tags.get(row[0], []), *row[_TAGS:_DELETED],
                               bool(row[_DELETED]), *row[_DELETED + 1:])
    return Annotation(*values)


def get(project: Project, ref: int | str, include_deleted: bool = False) -> Annotation:
    """One annotation by numeric id or UUID prefix (4+ characters)."""
    ann_id = project.resolve_ref("annotations", "annotation", ref)
    row = project.db.execute(_SELECT + " WHERE a.id = ?", [ann_id]).fetchone()
    annotation = _row_to_annotation(row, tags_for(project, [ann_id]))
    if annotation.deleted and not include_deleted:
        raise AlreadyDeleted(f"annotation {annotation.id} is deleted (it can be restored)")
    return annotation


def query(
    project: Project,
    *,
    document_id: int | None = None,
    kind: str | None = None,
    tag: str | None = None,
    author: str | None = None,
    include_deleted: bool = False,
    anchor_status: str | None = None,
) -> list[Annotation]:
    """Annotations in reading order (document, start, end), filtered. `tag` matches
    case-insensitively; `author` matches the author's name (case-insensitively) or id."""
    where: list[str] = []
    params: list[Any] = []
    for clause, value in (("a.document_id = ?", None if document_id is None else int(document_id)),
                          ("a.kind = ?", None if kind is None else parse_kind(kind)),
                          ("a.anchor_status = ?", anchor_status)):
        if value is not None:
            where.append(clause)
            params.append(value)
    if not include_deleted:
        where.append("a.deleted = 0")
    if tag is not None:
        tag_ids = [t for t, name in project.db.execute("SELECT id, name FROM tags").fetchall()
                   if name.casefold() == tag.strip().casefold()]
        if not tag_ids:
            return []
        where.append("a.id IN (SELECT annotation_id FROM annotation_tags WHERE tag_id = ?)")
        params.append(tag_ids[0])
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
    sql += ' ORDER BY a.document_id, a.start, a."end", a.id'
    rows = project.db.execute(sql, params).fetchall()
    if author is not None:
        wanted = author.strip()
        rows = [r for r in rows if r[_AUTHOR].casefold() == wanted.casefold() or r[_AUTHOR_ID] == wanted]
    tags = tags_for(project, [r[0] for r in rows])
    return [_row_to_annotation(r, tags) for r in rows]


def search(project: Project, text: str, limit: int = 200) -> list[int]:
    """Ids of live annotations whose quote, note, tags or people match `text` (words, prefix-matched)."""
    expr = fts_query(text)
    if expr is None:
        return []
    rows = project.db.execute(
        "SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ? ORDER BY rank LIMIT ?",
        [expr, limit],
    ).fetchall()
    return [int(r[0]) for r in rows]


def stored_row(project: Project, ann_id: int) -> dict[str, Any]:
    """Every stored column of one annotation (what versions and merges compare)."""
    return next(project.db.query("SELECT * FROM annotations WHERE id = ?", [ann_id]))


def stored_row_by_uuid(project: Project, uuid: str) -> dict[str, Any] | None:
    return next(project.db.query("SELECT * FROM annotations WHERE uuid = ?", [uuid]), None)


def stored_rows(project: Project) -> Iterator[dict[str, Any]]:
    """Every stored annotation, tombstones too, in the order they were made, read as iterated."""
    return project.db.query("SELECT * FROM annotations ORDER BY id")


def reading_text(project: Project, document_id: int) -> str:
    row = project.db.execute("SELECT reading_text FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None:
        raise NotFound(f"no document with id {document_id}")
    return str(row[0])


def anchor_problems(project: Project) -> list[tuple[int, str]]:
    """(annotation id, what is wrong) for each live annotation whose range does not fit
    its document (see core/store/checks.py)."""
    return checks.anchor_problems(project.db)


# -- writing (inside the caller's transaction) ----------------------------------------
def insert(project: Project, record: dict[str, Any]) -> int:
    """Store a new annotation (its columns in `record`); its id."""
    return row_id(project.db.table("annotations").insert(record).last_pk)


def change(project: Project, ann_id: int, changes: dict[str, Any]) -> None:
    """Set the columns in `changes` of one annotation."""
    project.db.table("annotations").update(ann_id, changes)


def index(project: Project, ann_id: int) -> None:
    """Refresh the search row of one annotation (removed while it is deleted)."""
    project.db.execute("DELETE FROM annotations_fts WHERE rowid = ?", [ann_id])
    row = project.db.execute(
        f"SELECT exact, note, {', '.join(_PEOPLE)}, author, deleted, kind FROM annotations WHERE id = ?",
        [ann_id],
    ).fetchone()
    if row is None or row[6]:
        return
    values = dict(zip(("exact", "note", *_PEOPLE, "author", "deleted", "kind"), row, strict=True))
    project.db.execute(
        "INSERT INTO annotations_fts(rowid, exact, note, tags, people) VALUES (?, ?, ?, ?, ?)",
        search_row(ann_id, values, tags_for(project, [ann_id]).get(ann_id, [])),
    )


def search_row(ann_id: int, values: dict[str, Any], tags: Sequence[str]) -> tuple[int, str, str, str, str]:
    """The search row (rowid, exact, note, tags, people) of a live annotation with these
    column `values` and `tags`."""
    own = KIND_FIELDS.get(values["kind"], ())  # a field hidden from an earlier kind is not searched
    people = " ".join(values[name] for name in _PEOPLE if values[name] and name in own)
    people = " ".join(p for p in (people, values["author"]) if p)
    return ann_id, values["exact"], values["note"], " ".join(tags), people
