"""Exports of annotations: CSV (spreadsheets), Markdown (notes and reports) and JSON-LD
(the W3C Web Annotation Data Model). Column names, fields and escaping rules are
documented in docs/exports.md.

`write_file` writes an export as a file; CSV and JSON-LD stream from one query of the
store (core/store/export_rows.py), a row at a time, so their memory does not grow with
the project. `collect` and `export` make an export's text from annotations already read."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

from claimmark.core.export.csvfile import TAG_SEPARATOR
from claimmark.core.export.groups import DocumentAnnotations
from claimmark.core.model.records import Annotation, DocumentInfo
from claimmark.core.store import annotations as stored
from claimmark.core.store import export_rows
from claimmark.core.store.documents import document_row
from claimmark.core.store.export_rows import Selection
from claimmark.core.store.project import Project
from claimmark.core.store.writer import Protected, TextSink, write_stream

FORMATS = ("csv", "md", "json")
DOCUMENT_FIELDS = tuple(f.name for f in fields(DocumentInfo))


def collect(
    project: Project,
    *,
    document_id: int | None = None,
    kind: str | None = None,
    tag: str | None = None,
    author: str | None = None,
) -> list[DocumentAnnotations]:
    """The annotations to export, grouped by document (documents in import order).
    A document asked for by id is included even when it has no annotations."""
    found = stored.query(project, document_id=document_id, kind=kind, tag=tag, author=author)
    found = [a.shown() for a in found]  # a field kept hidden from an earlier kind is not exported
    by_doc: dict[int, list[Annotation]] = {}
    for item in found:
        by_doc.setdefault(item.document_id, []).append(item)
    wanted = set(by_doc)
    if document_id is not None:
        wanted.add(int(document_id))
    return [DocumentAnnotations(DocumentInfo(**document_row(project, doc_id, DOCUMENT_FIELDS)),
                                by_doc.get(doc_id, []))
            for doc_id in sorted(wanted)]


def export(project: Project, fmt: str, groups: list[DocumentAnnotations], **options: Any) -> str:
    """The whole export of `groups` in format `fmt` as text."""
    if fmt == "md":
        from claimmark.core.export.markdown import to_markdown

        return to_markdown(groups, title=project.name, **options)
    out = io.StringIO(newline="")
    _write(project, fmt, out, lambda columns: _rows_of(groups, columns),
           sum(len(g.annotations) for g in groups), **options)
    return out.getvalue()


def write_file(
    project: Project,
    fmt: str,
    target: Path,
    *,
    document_id: int | None = None,
    documents: Iterable[int] | None = None,
    kind: str | None = None,
    tag: str | None = None,
    author: str | None = None,
    replace: bool = False,
    protected: Protected = None,
    **options: Any,
) -> int:
    """Write the export of the live annotations (of one document, or of some; of one
    kind, tag or author) in format `fmt` as the file `target`, through the core's writer
    (core/store/writer.py: `replace`, `protected`); how many annotations it holds."""
    chosen = Selection(document_id, None if documents is None else tuple(documents), kind, tag, author)
    written = 0

    def fill(out: TextSink) -> None:
        nonlocal written
        if fmt == "md":
            groups = collect(project, document_id=document_id, kind=kind, tag=tag, author=author)
            if chosen.documents is not None:
                groups = [g for g in groups if g.document.id in chosen.documents]
            out.write(export(project, fmt, groups, **options))
            written = sum(len(g.annotations) for g in groups)
            return
        total = export_rows.count(project, chosen) if fmt == "json" else 0
        written = _write(project, fmt, out, lambda columns: export_rows.rows(project, chosen, columns),
                         total, **options)

    write_stream(target, fill, replace=replace, protected=protected)
    return written


Rows = Callable[[tuple[str, ...]], Iterable[Sequence[Any]]]  # the rows of some columns


def _write(project: Project, fmt: str, out: TextSink, rows: Rows, total: int, **options: Any) -> int:
    """Write CSV or JSON-LD of the rows `rows(columns)` yields to `out`; how many were written.
    `total` is the number of rows (the JSON-LD collection states it before its items)."""
    if fmt == "csv":
        from claimmark.core.export.csvfile import SOURCES, write_csv

        return write_csv(rows(SOURCES), out, **options)
    if fmt == "json":
        from claimmark.core.export.jsonld import DOCUMENT_SOURCES, SOURCES, write_jsonld

        meta = project.meta()
        write_jsonld(rows((*DOCUMENT_SOURCES, *SOURCES)), out, total=total,
                     project_uuid=meta.get("uuid", ""), project_name=project.name, **options)
        return total
    raise ValueError(f"unknown export format {fmt!r}")


def _rows_of(groups: list[DocumentAnnotations], columns: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
    """The annotations of `groups` as the store reads them for an export (`columns`)."""
    for group in groups:
        for item in group.annotations:
            yield tuple(_column(group.document, item, name) for name in columns)


def _column(document: DocumentInfo, item: Annotation, name: str) -> Any:
    if name == "tags":
        return json.dumps(item.tags)
    if name == "tags_joined":
        return TAG_SEPARATOR.join(item.tags)
    if name == "claim_status":
        return item.status if item.kind == "claim" else ""
    if name.startswith("document_"):
        return getattr(document, name.removeprefix("document_"))
    return getattr(item, name)
