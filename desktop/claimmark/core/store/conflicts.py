"""The ``merge_conflicts`` table: the versions merges kept for review (core/share/merge.py
records them; core/share/conflicts.py resolves them). Each row holds the version the
merge kept and the other one, as JSON, and which side won."""

from __future__ import annotations

from typing import Any

from claimmark.core.store.project import Project

_SELECT = (
    "SELECT c.id, c.uuid, c.annotation_uuid, a.id, d.id, d.title, c.merged_at, c.source_project, "
    "c.winner, c.resolved, c.kept, c.other FROM merge_conflicts c "
    "LEFT JOIN annotations a ON a.uuid = c.annotation_uuid "
    "LEFT JOIN documents d ON d.id = a.document_id"
)


def conflict_rows(project: Project, *, conflict_id: int | None = None,
                  include_resolved: bool = True) -> list[tuple[Any, ...]]:
    """(id, uuid, annotation uuid, annotation id, document id, document title, merged at,
    source project, winner, resolved, kept JSON, other JSON) of the conflicts asked for
    (one, or all open ones unless `include_resolved`), newest first; the annotation's
    and document's are None when the annotation is no longer in the project."""
    where, params = "", []
    if conflict_id is not None:
        where, params = " WHERE c.id = ?", [conflict_id]
    elif not include_resolved:
        where = " WHERE c.resolved = 0"
    return [tuple(row) for row in project.db.execute(_SELECT + where + " ORDER BY c.id DESC", params)]


def set_resolved(project: Project, conflict_id: int, resolved: bool) -> None:
    project.db.execute("UPDATE merge_conflicts SET resolved = ? WHERE id = ?", [int(resolved), conflict_id])


def insert_conflict(project: Project, record: dict[str, Any]) -> None:
    project.db.table("merge_conflicts").insert(record)
