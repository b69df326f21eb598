"""The rows of the All Annotations table, sorted, filtered and paged in SQL.

The table shows every live annotation of the project; it never reads the whole table
into memory. Its default order, by document, is served by the index on (document_id,
start, end): a `RowOrder` holds how many rows each document contributes (one GROUP BY,
kept while the filter stands), and a page reads just its rows, a run of documents whose
titles fold alike at a time, so a page costs the same at any size. The other columns
sort by the key the table displays, case-folded as Python does it (a `casefold` SQL
function on the connection, or lower() for ASCII), the sort carrying keys and ids only.
Reading order (document, start, end, id) breaks ties in either direction, as a stable
sort of the reading order would.
"""

from __future__ import annotations

import json
from bisect import bisect_right
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


def _folded(column: str) -> str:
    """A column case-folded as Python's casefold does it, without calling Python where the
    text is ASCII (as many bytes as characters): there SQLite's lower() is the same."""
    return (
        f"(CASE WHEN typeof({column}) = 'text' AND length(CAST({column} AS BLOB)) = length({column})"
        f" THEN lower({column}) ELSE casefold({column}) END)"
    )


_KIND_ORDER = "(CASE a.kind " + " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(KINDS)) + " END)"
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "kind": (_KIND_ORDER,),
    "text": (_folded("a.exact"),),
    "who": (f"casefold({ATTRIBUTION})",),
    "tags": (f"casefold({_tags(', ')})",),
    "note": (_folded("a.note"),),
    "author": (_folded("a.author"),),
    "modified": ("a.modified",),
}
_HAYSTACK = (
    f"casefold(a.exact || ' ' || a.note || ' ' || {_tags(' ')} || ' ' || {ATTRIBUTION} || ' ' || d.title)"
)
_FROM = (
    "SELECT {columns} FROM annotations a LEFT JOIN authors m ON m.id = a.modified_by "
    "JOIN (SELECT id, coalesce(title, '') AS title FROM documents) d ON d.id = a.document_id"
)
# the runs of a page, in the walk's order, as a JSON list of lists of document ids
_SPAN_FROM = (
    "SELECT {columns} FROM json_each(?) r JOIN json_each(r.value) x"
    " JOIN annotations a ON a.document_id = x.value LEFT JOIN authors m ON m.id = a.modified_by"
    " JOIN (SELECT id, coalesce(title, '') AS title FROM documents) d ON d.id = a.document_id"
)
_SPAN_ROWS = 4  # the runs of a page are read at once when they hold at most 4 pages of rows
_IN_RUN = " AND a.document_id IN (SELECT value FROM json_each(?))"  # a run of like titles
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


@dataclass(frozen=True)
class RowOrder:
    """The rows a filter lets through, in the table's order by document: runs of the
    documents whose titles fold alike, each with its row count (documents without
    rows left out), and the row at which each run begins. Its size grows with the
    documents, never with the annotations."""

    chosen: RowFilter
    runs: tuple[tuple[tuple[int, ...], int], ...]
    starts: tuple[int, ...]

    @property
    def count(self) -> int:
        return self.starts[-1] + self.runs[-1][1] if self.runs else 0


def _sql_rank(value: Any) -> tuple[int, Any]:
    """A key Python sorts as SQLite orders a folded title (numbers, then text, then blobs)."""
    if isinstance(value, int | float):
        return (0, value)
    return (1, value) if isinstance(value, str) else (2, bytes(value))


def _document_counts(project: Project, chosen: RowFilter) -> dict[Any, int]:
    """document id -> how many of its rows `chosen` lets through (one GROUP BY)."""
    _ready(project)
    where, params = _where(chosen)
    counted = _FROM if chosen.text else "SELECT {columns} FROM annotations a"  # the text filter reads titles
    sql = counted.format(columns="a.document_id, count(*)") + where + " GROUP BY a.document_id"
    return dict(project.db.execute(sql, params).fetchall())


def row_order(project: Project, chosen: RowFilter = RowFilter()) -> RowOrder:
    """The runs of documents the table walks for `chosen`: the rows it lets through
    counted per document, and each document's title folded once."""
    counts = _document_counts(project, chosen)
    runs: dict[tuple[int, Any], list[int]] = {}
    for doc_id, title in project.db.execute("SELECT id, coalesce(title, '') FROM documents"):  # not all held
        if doc_id in counts:
            runs.setdefault(_sql_rank(_fold(title)), []).append(doc_id)
    ordered = [(tuple(ids), sum(counts[i] for i in ids)) for _, ids in sorted(runs.items())]
    starts, total = [], 0
    for _, size in ordered:
        starts.append(total)
        total += size
    return RowOrder(chosen, tuple(ordered), tuple(starts))


def row_count(project: Project, chosen: RowFilter = RowFilter()) -> int:
    """How many live annotations the filter lets through (of documents there are)."""
    counts = _document_counts(project, chosen)
    return sum(counts.get(r[0], 0) for r in project.db.execute("SELECT id FROM documents").fetchall())


def _span(order: RowOrder, descending: bool, first: int, limit: int) -> list[tuple[int, int, int]]:
    """(run, rows skipped in it, rows taken from it) for each run rows `first` to
    `first + limit` touch, in the walk's direction."""
    step = -1 if descending else 1
    if descending:  # the run holding row `first` counted from the end, and the rows after it
        run = bisect_right(order.starts, order.count - 1 - first) - 1
        skip = order.starts[run] + order.runs[run][1] - order.count + first
    else:
        run = bisect_right(order.starts, first) - 1
        skip = first - order.starts[run]
    span = []
    while limit > 0 and 0 <= run < len(order.runs):
        take = min(limit, order.runs[run][1] - skip)
        span.append((run, skip, take))
        limit, skip, run = limit - take, 0, run + step
    return span


def _walk(project: Project, order: RowOrder, descending: bool, first: int, limit: int) -> list[Any]:
    """Rows `first` to `first + limit` in the order by document: from each run the page
    touches, its rows by start (descending too, if so) and then in reading order, read
    off the index on (document_id, start, end). Runs small enough are read in one
    statement (a page over many documents of a few rows each), larger ones one by one."""
    where, params = _where(order.chosen)
    direction = " DESC" if descending else ""
    within = f'a.start{direction}, a.document_id, a."end", a.id LIMIT ? OFFSET ?'
    span = _span(order, descending, first, limit)
    if sum(order.runs[run][1] for run, _, _ in span) <= _SPAN_ROWS * limit:
        runs = json.dumps([order.runs[run][0] for run, _, _ in span])
        sql = _SPAN_FROM.format(columns=_COLUMNS) + where + f" ORDER BY r.key, {within}"
        return project.db.execute(sql, [runs, *params, limit, span[0][1] if span else 0]).fetchall()
    rows: list[Any] = []
    for run, skip, take in span:
        ids = order.runs[run][0]
        same = " AND a.document_id = ?" if len(ids) == 1 else _IN_RUN
        sql = _FROM.format(columns=_COLUMNS) + where + same + f" ORDER BY {within}"
        document = ids[0] if len(ids) == 1 else json.dumps(ids)
        rows += project.db.execute(sql, [*params, document, take, skip]).fetchall()
    return rows


def _sorted_page(
    project: Project, chosen: RowFilter, sort: str, descending: bool, offset: int, limit: int
) -> list[Any]:
    """A page in the order of a column's key: the sort carries only each row's key and
    id (not its texts), then the page's rows are read by id."""
    where, params = _where(chosen)
    direction = " DESC" if descending else ""
    keys = ", ".join(part + direction for part in SORT_KEYS[sort])
    sql = _FROM.format(columns="a.id") + where + f" ORDER BY {keys}, {_READING} LIMIT ? OFFSET ?"
    ids = [r[0] for r in project.db.execute(sql, [*params, limit, offset]).fetchall()]
    sql = _FROM.format(columns=_COLUMNS) + " WHERE a.id IN (SELECT value FROM json_each(?))"
    found = {r[0]: r for r in project.db.execute(sql, [json.dumps(ids)]).fetchall()}
    return [found[i] for i in ids]


def row_page(
    project: Project,
    chosen: RowFilter,
    sort: str = "document",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
    order: RowOrder | None = None,
) -> list[tuple[Annotation, str]]:
    """(annotation, its document's title) for `limit` rows from `offset` in the table's
    order: by the `sort` key (one of SORT_KEYS, or "document": by title, then start),
    then in reading order. `order` is `row_order(project, chosen)`, when held."""
    _ready(project)
    if sort == "document":
        if order is None or order.chosen != chosen:
            order = row_order(project, chosen)
        rows = _walk(project, order, descending, offset, limit) if 0 <= offset < order.count else []
    else:
        rows = _sorted_page(project, chosen, sort, descending, offset, limit)
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
    (the later in reading order of two modified at once; "unknown" for no name).
    Each author's latest time first (one GROUP BY), then only the rows of that time are
    ranked, rather than all rows sorted."""
    rows = project.db.execute(
        "WITH last AS (SELECT author_id, max(modified) AS modified FROM annotations"
        " WHERE deleted = 0 AND author_id != '' GROUP BY author_id) "
        "SELECT author_id, author FROM (SELECT a.author_id, a.author, row_number() OVER ("
        f" PARTITION BY a.author_id ORDER BY {_READING.replace(',', ' DESC,')} DESC) AS n"
        " FROM annotations a JOIN last l ON +a.author_id = l.author_id AND a.modified IS l.modified"
        " WHERE a.deleted = 0) WHERE n = 1"
    ).fetchall()
    return {str(author_id): str(name or "unknown") for author_id, name in rows}
