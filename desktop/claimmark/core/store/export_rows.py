"""The rows an export writes, read as a stream: one query in reading order (document,
start, end, id) joined with each row's document, last editor and tags, so an export
of any size issues the same few statements and holds one row at a time.

A row is a tuple of the `EXPORT_COLUMNS` a caller names, as SQL computes them. The
fields of other kinds that an annotation keeps hidden read as empty, as
`Annotation.shown` has them; ``tags`` is a JSON array of the tag names in their order,
``tags_joined`` the names joined by "; " (which no tag name holds).

"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from claimmark.core.model.records import EMPTY_FIELDS, KIND_FIELDS, parse_kind
from claimmark.core.store.project import Project


def _own(name: str) -> str:
    """A kind's own field as shown: its value for that kind, the empty value otherwise."""
    kind = next(k for k, names in KIND_FIELDS.items() if name in names)
    return f"(CASE WHEN a.kind = '{kind}' THEN a.{name} ELSE '{EMPTY_FIELDS[name]}' END)"


# an annotation's tag names in their order (an ordered subquery: SQLite aggregates its rows in order)
_TAG_NAMES = ("(SELECT t.name AS name FROM annotation_tags x JOIN tags t ON t.id = x.tag_id"
              " WHERE x.annotation_id = a.id ORDER BY x.position, t.name)")
# whether it has tags at all: one probe of the key, where the ordered subquery opens a sorter
_TAGGED = "EXISTS (SELECT 1 FROM annotation_tags x WHERE x.annotation_id = a.id)"
# name -> the SQL expression of that column
EXPORT_COLUMNS: dict[str, str] = {
    **{f"document_{c}": f"d.{c}" for c in ("id", "uuid", "title", "site_name", "url", "published", "byline")},
    **{c: f'a."{c}"' for c in ("id", "uuid", "kind", "exact", "prefix", "suffix", "start", "end",
                                "anchor_status", "note", "author", "author_id", "created", "modified",
                                "modified_by")},
    **{c: _own(c) for c in EMPTY_FIELDS},
    "claim_status": "(CASE WHEN a.kind = 'claim' THEN a.status ELSE '' END)",
    "modified_by_name": "coalesce(m.name, '')",
    "tags": f"(CASE WHEN {_TAGGED} THEN (SELECT json_group_array(name) FROM {_TAG_NAMES}) ELSE '[]' END)",
    "tags_joined": f"coalesce(CASE WHEN {_TAGGED} THEN"
                   f" (SELECT group_concat(name, '; ') FROM {_TAG_NAMES}) END, '')",
}
_FROM = (" FROM annotations a JOIN documents d ON d.id = a.document_id"
         " LEFT JOIN authors m ON m.id = a.modified_by")


@dataclass(frozen=True)
class Selection:
    """Which live annotations an export holds: of one document (or of some, `documents`),
    of one kind, carrying one tag (case-insensitively), by one author (their name
    case-insensitively, or their id). None means any."""

    document_id: int | None = None
    documents: tuple[int, ...] | None = None
    kind: str | None = None
    tag: str | None = None
    author: str | None = None


def _fold(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def _where(project: Project, chosen: Selection) -> tuple[str, list[Any]] | None:
    """The WHERE clause and its parameters; None when nothing can match (no such tag)."""
    where: list[str] = ["a.deleted = 0"]
    params: list[Any] = []
    if chosen.document_id is not None:
        where.append("a.document_id = ?")
        params.append(int(chosen.document_id))
    if chosen.documents is not None:
        where.append("a.document_id IN (SELECT value FROM json_each(?))")
        params.append("[" + ",".join(str(int(d)) for d in chosen.documents) + "]")
    if chosen.kind is not None:
        where.append("a.kind = ?")
        params.append(parse_kind(chosen.kind))
    if chosen.tag is not None:
        folded = chosen.tag.strip().casefold()
        tag_ids = [t for t, name in project.db.execute("SELECT id, name FROM tags")
                   if name.casefold() == folded]
        if not tag_ids:
            return None
        where.append("a.id IN (SELECT annotation_id FROM annotation_tags WHERE tag_id = ?)")
        params.append(tag_ids[0])
    if chosen.author is not None:
        project.db.conn.create_function("casefold", 1, _fold, deterministic=True)
        wanted = chosen.author.strip()
        where.append("(casefold(a.author) = ? OR a.author_id = ?)")
        params += [wanted.casefold(), wanted]
    return " WHERE " + " AND ".join(where), params


def count(project: Project, chosen: Selection) -> int:
    """How many annotations the selection holds (what an export says before its rows)."""
    found = _where(project, chosen)
    if found is None:
        return 0
    where, params = found
    return int(project.db.execute("SELECT count(*) FROM annotations a" + where, params).fetchone()[0])


def rows(project: Project, chosen: Selection, columns: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """The selected annotations in reading order, each a tuple of `columns`, read as iterated."""
    found = _where(project, chosen)
    if found is None:
        return iter(())
    where, params = found
    sql = ("SELECT " + ", ".join(EXPORT_COLUMNS[c] for c in columns) + _FROM + where
           + ' ORDER BY a.document_id, a.start, a."end", a.id')
    return iter(project.db.execute(sql, params))
