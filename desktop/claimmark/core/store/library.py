"""The library's reads: the documents that match a search and filters, in an order, and
the few fields and counts a row, the status bar and the reading view's header show.

None of these reads a reading text, so a project of 20,000 documents lists in
milliseconds; the window reads rows a page at a time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimmark.core.model.filters import DocumentFilter
from claimmark.core.store.sql import fts_query

if TYPE_CHECKING:
    from claimmark.core.store.project import Project

SORT_ORDERS = {
    "imported": "id DESC",
    "title": "title COLLATE NOCASE, id",
    "site": "site_name COLLATE NOCASE, title COLLATE NOCASE, id",
    "published": "published DESC, id DESC",
}
ROW_FIELDS = ("id", "title", "site_name", "published", "byline", "url")
HEADER_FIELDS = ("byline", "site_name", "published", "url")


def _has_annotations(project: Project) -> bool:
    """False for a project opened read-only before its annotations table existed."""
    found = project.db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='annotations'")
    return found.fetchone() is not None


def matching_documents(project: Project, flt: DocumentFilter) -> list[int]:
    """Document ids matching a filter, in its order (SQL only, no texts read)."""
    where: list[str] = []
    params: list[Any] = []
    annotated = _has_annotations(project)
    expr = fts_query(flt.search)
    if expr is not None:
        clause = "id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
        params.append(expr)
        if annotated:  # notes, tags and attributions, through the annotations' index
            clause = (
                f"({clause} OR id IN (SELECT document_id FROM annotations WHERE deleted = 0 AND id IN"
                " (SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ?)))"
            )
            params.append(expr)
        where.append(clause)
    if annotated and flt.kind:
        where.append("id IN (SELECT document_id FROM annotations WHERE deleted = 0 AND kind = ?)")
        params.append(flt.kind)
    if annotated and flt.tag:
        where.append(
            "id IN (SELECT a.document_id FROM annotations a"
            " JOIN annotation_tags at ON at.annotation_id = a.id JOIN tags t ON t.id = at.tag_id"
            " WHERE a.deleted = 0 AND t.name = ?)"
        )
        params.append(flt.tag)
    if annotated and flt.author:
        where.append("id IN (SELECT document_id FROM annotations WHERE deleted = 0 AND author_id = ?)")
        params.append(flt.author)
    sql = "SELECT id FROM documents"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {SORT_ORDERS.get(flt.sort, SORT_ORDERS['imported'])}"
    return [row[0] for row in project.db.execute(sql, params)]


def kind_counts(project: Project, ids: list[int]) -> dict[int, dict[str, int]]:
    """For each document, how many live annotations of each kind it has."""
    counts: dict[int, dict[str, int]] = {i: {} for i in ids}
    if not ids or not _has_annotations(project):
        return counts
    marks = ",".join("?" * len(ids))
    for doc_id, kind, count in project.db.execute(
        "SELECT document_id, kind, count(*) FROM annotations"
        f" WHERE deleted = 0 AND document_id IN ({marks})"
        " GROUP BY document_id, kind",
        ids,
    ):
        counts[doc_id][kind] = count
    return counts


def document_rows(project: Project, ids: list[int]) -> list[dict[str, Any]]:
    """The library row of each document (``ROW_FIELDS`` and ``counts``), in no order."""
    marks = ",".join("?" * len(ids))
    rows = project.db.execute(f"SELECT {', '.join(ROW_FIELDS)} FROM documents WHERE id IN ({marks})", ids)
    counts = kind_counts(project, ids)
    found = []
    for values in rows.fetchall():
        record = dict(zip(ROW_FIELDS, values, strict=True))
        record["counts"] = counts.get(record["id"], {})
        found.append(record)
    return found


def document_header(project: Project, document_id: int) -> dict[str, str]:
    """What the reading view shows above an article: byline, site, date and address."""
    row = project.db.execute(
        f"SELECT {', '.join(HEADER_FIELDS)} FROM documents WHERE id = ?", [document_id]
    ).fetchone()
    return dict(zip(HEADER_FIELDS, row or ("",) * len(HEADER_FIELDS), strict=True))


def document_titles(project: Project, ids: list[int]) -> dict[int, str]:
    """Each document's title; a missing document has none."""
    titles = dict.fromkeys(ids, "")
    for doc_id in ids:
        row = project.db.execute("SELECT title FROM documents WHERE id = ?", [doc_id]).fetchone()
        if row is not None:
            titles[doc_id] = row[0]
    return titles


def annotation_author_ids(project: Project) -> list[str]:
    """Every author id on an annotation, deleted ones too (their colours stay put)."""
    return [row[0] for row in project.db.execute("SELECT DISTINCT author_id FROM annotations")]


def kind_totals(project: Project) -> dict[str, int]:
    """How many live annotations of each kind the project has."""
    rows = project.db.execute("SELECT kind, count(*) FROM annotations WHERE deleted = 0 GROUP BY kind")
    return {kind: count for kind, count in rows}


def latest_author_names(project: Project) -> dict[str, str]:
    """Each author id with the name on their latest live annotation (one row an author:
    SQLite takes a bare column from the row that holds the max)."""
    rows = project.db.execute(
        "SELECT author_id, author, max(modified) FROM annotations WHERE deleted = 0 GROUP BY author_id"
    )
    return {author_id: name for author_id, name, _latest in rows.fetchall()}


def data_version(project: Project) -> int:
    """SQLite's count of commits by other connections (other windows, programs)."""
    return int(project.db.execute("PRAGMA data_version").fetchone()[0])
