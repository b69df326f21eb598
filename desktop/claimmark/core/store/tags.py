"""The tags of annotations as stored: ``tags`` (one row a name) and ``annotation_tags``
(which annotation carries which, in the order given). Names match case-insensitively;
a tag no annotation carries is dropped. The rules for a tag's name are
core/annotate/fields.py's; renaming and merging tags is core/annotate/tagging.py."""

from __future__ import annotations

from sqlite_utils import Database

from claimmark.core.store.project import Project
from claimmark.core.store.sql import row_id

_CHUNK = 500  # ids a query names at once (SQLite's limit on parameters is higher)


def tags_for(project: Project, ids: list[int]) -> dict[int, list[str]]:
    """annotation id -> its tags in order, for the annotations `ids`."""
    out: dict[int, list[str]] = {}
    for chunk_start in range(0, len(ids), _CHUNK):
        chunk = ids[chunk_start : chunk_start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = project.db.execute(
            f"SELECT at.annotation_id, t.name FROM annotation_tags at JOIN tags t ON t.id = at.tag_id "
            f"WHERE at.annotation_id IN ({marks}) ORDER BY at.annotation_id, at.position, t.name",
            chunk,
        ).fetchall()
        for ann_id, name in rows:
            out.setdefault(ann_id, []).append(name)
    return out


def tags_of(project: Project, ann_id: int) -> list[str]:
    rows = project.db.execute(
        "SELECT t.name FROM annotation_tags at JOIN tags t ON t.id = at.tag_id "
        "WHERE at.annotation_id = ? ORDER BY at.position, t.name",
        [ann_id],
    ).fetchall()
    return [r[0] for r in rows]


def tags_by_uuid(project: Project) -> dict[str, list[str]]:
    """annotation UUID -> its tags in order, for every annotation (what a merge reads)."""
    out: dict[str, list[str]] = {}
    rows = project.db.execute(
        "SELECT a.uuid, t.name FROM annotation_tags at JOIN tags t ON t.id = at.tag_id "
        "JOIN annotations a ON a.id = at.annotation_id ORDER BY a.id, at.position, t.name"
    ).fetchall()
    for uuid, name in rows:
        out.setdefault(uuid, []).append(name)
    return out


def find_tag(project: Project, folded: str) -> tuple[int, str] | None:
    """(id, name) of the tag whose case-folded name is `folded`, if there is one."""
    for tag_id, existing in project.db.execute("SELECT id, name FROM tags").fetchall():
        if existing.casefold() == folded:
            return int(tag_id), existing
    return None


def _tag_id(db: Database, name: str) -> int:
    """The id of tag `name`, matched case-insensitively, created when new."""
    folded = name.casefold()
    for tag_id, existing in db.execute("SELECT id, name FROM tags").fetchall():
        if existing.casefold() == folded:
            return int(tag_id)
    return row_id(db.execute("INSERT INTO tags(name) VALUES (?)", [name]).lastrowid)


def set_tags(project: Project, ann_id: int, tags: list[str]) -> None:
    """Give an annotation exactly `tags` (already cleaned), in this order; call inside a transaction."""
    db = project.db
    db.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", [ann_id])
    for position, tag in enumerate(tags):
        db.execute(
            "INSERT OR IGNORE INTO annotation_tags(annotation_id, tag_id, position) VALUES (?, ?, ?)",
            [ann_id, _tag_id(db, tag), position],
        )
    db.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM annotation_tags)")


def all_tags(project: Project) -> list[str]:
    """Tags used by at least one live annotation, sorted case-insensitively."""
    rows = project.db.execute(
        "SELECT DISTINCT t.name FROM tags t JOIN annotation_tags at ON at.tag_id = t.id "
        "JOIN annotations a ON a.id = at.annotation_id WHERE a.deleted = 0"
    ).fetchall()
    return sorted((r[0] for r in rows), key=lambda n: (n.casefold(), n))


def tag_counts(project: Project) -> list[tuple[str, int]]:
    """Each tag in use with the number of live annotations that carry it."""
    rows = project.db.execute(
        "SELECT t.name, count(*) FROM tags t JOIN annotation_tags at ON at.tag_id = t.id "
        "JOIN annotations a ON a.id = at.annotation_id WHERE a.deleted = 0 GROUP BY t.id"
    ).fetchall()
    return sorted(((r[0], int(r[1])) for r in rows), key=lambda p: (p[0].casefold(), p[0]))


def touch_tagged(project: Project, tag_id: int, stamp: str, editor: str) -> list[int]:
    """Mark every annotation carrying tag `tag_id` as modified at `stamp` by `editor`; their ids."""
    ids = [r[0] for r in project.db.execute(
        "SELECT annotation_id FROM annotation_tags WHERE tag_id = ?", [tag_id]).fetchall()]
    for ann_id in ids:
        project.db.execute("UPDATE annotations SET modified = ?, modified_by = ? WHERE id = ?",
                           [stamp, editor, ann_id])
    return ids


def rename(project: Project, tag_id: int, name: str) -> None:
    project.db.execute("UPDATE tags SET name = ? WHERE id = ?", [name, tag_id])


def move_tagged(project: Project, source_id: int, target_id: int) -> None:
    """Give the annotations tagged `source_id` the tag `target_id` instead, and drop `source_id`."""
    project.db.execute(
        "UPDATE OR IGNORE annotation_tags SET tag_id = ? WHERE tag_id = ?", [target_id, source_id]
    )
    project.db.execute("DELETE FROM annotation_tags WHERE tag_id = ?", [source_id])
    project.db.execute("DELETE FROM tags WHERE id = ?", [source_id])
