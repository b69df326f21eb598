"""The rows of the All Annotations table, sorted, filtered and paged in SQL.

The table shows every live annotation of the project; it asks for a COUNT and then for
one page of rows at a time, so opening it never reads the whole table into memory.
Each column sorts by the key the table displays, case-folded as Python does it (a
`casefold` SQL function on the connection), with reading order (document, start, end,
id) breaking ties in either direction, as a stable sort of the reading order would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claimmark.core.model.records import ANNOTATION_COLUMNS, KINDS, Annotation
from claimmark.core.store.annotations import _row_to_annotation
from claimmark.core.store.project import Project
from claimmark.core.store.tags import tags_for

_READING = 'a.document_id, a.start, a."end", a.id'

# who claims, speaks or is cited, as the table's "Who / source" column words it
_WHO = (
    "(CASE a.kind"
    " WHEN 'claim' THEN (CASE a.claimant WHEN '' THEN 'unattributed' ELSE a.claimant END)"
    "  || (CASE WHEN a.status NOT IN ('', 'unverified') THEN ' · ' || a.status ELSE '' END)"
    " WHEN 'quote' THEN (CASE a.speaker WHEN '' THEN 'unknown speaker' ELSE a.speaker END)"
    " ELSE coalesce(nullif(a.source_title, ''), nullif(a.source_url, ''), 'unnamed source') END)"
)
ATTRIBUTION = (
    f"(CASE a.anchor_status WHEN 'orphaned' THEN '⚠ passage not found · ' || {_WHO} ELSE {_WHO} END)"
)


def _tags(separator: str) -> str:
    """An annotation's tags in their order, joined by `separator` ('' without tags)."""
    return (
        f"coalesce((SELECT group_concat(name, '{separator}') FROM (SELECT t.name FROM annotation_tags at"
        " JOIN tags t ON t.id = at.tag_id WHERE at.annotation_id = a.id ORDER BY at.position, t.name)), '')"
    )


_KIND_ORDER = "(CASE a.kind " + " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(KINDS)) + " END)"
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "kind": (_KIND_ORDER,),
    "text": ("casefold(a.exact)",),
    "who": (f"casefold({ATTRIBUTION})",),
    "tags": (f"casefold({_tags(', ')})",),
    "note": ("casefold(a.note)",),
    "author": ("casefold(a.author)",),
    "document": ("d.folded", "a.start"),
    "modified": ("a.modified",),
}
_HAYSTACK = (
    f"casefold(a.exact || ' ' || a.note || ' ' || {_tags(' ')} || ' ' || {ATTRIBUTION} || ' ' || d.title)"
)
# each document's title and its folded form, folded once per document rather than per row
_FROM = (
    "WITH d AS MATERIALIZED (SELECT id, coalesce(title, '') AS title,"
    " casefold(coalesce(title, '')) AS folded FROM documents) "
    "SELECT {columns} FROM annotations a LEFT JOIN authors m ON m.id = a.modified_by "
    "JOIN d ON d.id = a.document_id"
)
_COLUMNS = ", ".join(f'a."{c}"' for c in ANNOTATION_COLUMNS) + ", coalesce(m.name, ''), d.title"


@dataclass(frozen=True)
class RowFilter:
    """Which annotations the table shows: of this kind, with this tag (exactly), by this
    author id, and holding every word of `text` (case-folded) in its quote, note, tags,
    attribution or document title. Empty means any."""

    kind: str = ""
    tag: str = ""
    author: str = ""
    text: str = ""


def _fold(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def _ready(project: Project) -> None:
    project.db.conn.create_function("casefold", 1, _fold, deterministic=True)


def _where(chosen: RowFilter) -> tuple[str, list[Any]]:
    where, params = ["a.deleted = 0"], []
    if chosen.kind:
        where.append("a.kind = ?")
        params.append(chosen.kind)
    if chosen.tag:
        where.append("EXISTS (SELECT 1 FROM annotation_tags at JOIN tags t ON t.id = at.tag_id"
                     " WHERE at.annotation_id = a.id AND t.name = ?)")
        params.append(chosen.tag)
    if chosen.author:
        where.append("a.author_id = ?")
        params.append(chosen.author)
    for word in chosen.text.casefold().split():
        where.append(f"instr({_HAYSTACK}, ?) > 0")
        params.append(word)
    return " WHERE " + " AND ".join(where), params


def row_count(project: Project, chosen: RowFilter = RowFilter()) -> int:
    """How many live annotations the filter lets through."""
    _ready(project)
    where, params = _where(chosen)
    return int(project.db.execute(_FROM.format(columns="count(*)") + where, params).fetchone()[0])


def row_page(
    project: Project,
    chosen: RowFilter,
    sort: str = "document",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
) -> list[tuple[Annotation, str]]:
    """(annotation, its document's title) for `limit` rows from `offset` in the table's
    order: by the `sort` key (one of SORT_KEYS), then in reading order."""
    _ready(project)
    where, params = _where(chosen)
    direction = " DESC" if descending else ""
    keys = ", ".join(part + direction for part in SORT_KEYS[sort])
    sql = _FROM.format(columns=_COLUMNS) + where + f" ORDER BY {keys}, {_READING} LIMIT ? OFFSET ?"
    rows = project.db.execute(sql, [*params, limit, offset]).fetchall()
    tags = tags_for(project, [r[0] for r in rows])
    return [(_row_to_annotation(r[:-1], tags), r[-1]) for r in rows]


def tags_in_use(project: Project) -> list[str]:
    """The tags on live annotations, by name case-folded."""
    rows = project.db.execute(
        "SELECT DISTINCT t.name FROM tags t JOIN annotation_tags at ON at.tag_id = t.id"
        " JOIN annotations a ON a.id = at.annotation_id WHERE a.deleted = 0 ORDER BY t.name"
    ).fetchall()
    return sorted((str(r[0]) for r in rows), key=str.casefold)


def row_authors(project: Project) -> dict[str, str]:
    """author id -> the name on that author's most recently modified live annotation
    (the later in reading order of two modified at once; "unknown" for no name)."""
    rows = project.db.execute(
        "SELECT author_id, author FROM (SELECT a.author_id, a.author, row_number() OVER ("
        f" PARTITION BY a.author_id ORDER BY a.modified DESC, {_READING.replace(',', ' DESC,')} DESC) AS n"
        " FROM annotations a WHERE a.deleted = 0 AND a.author_id != '') WHERE n = 1"
    ).fetchall()
    return {str(author_id): str(name or "unknown") for author_id, name in rows}
