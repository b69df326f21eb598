"""Exports of annotations: CSV (spreadsheets), Markdown (notes and reports) and JSON-LD
(the W3C Web Annotation Data Model). Each returns text; the caller writes it.
Column names, fields and escaping rules are documented in docs/exports.md."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from claimmark.core.export.groups import DocumentAnnotations
from claimmark.core.model.records import Annotation, DocumentInfo
from claimmark.core.store import annotations as stored
from claimmark.core.store.documents import document_row
from claimmark.core.store.project import Project

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
    """The whole export in format `fmt` as text."""
    if fmt == "csv":
        from claimmark.core.export.csvfile import to_csv

        return to_csv(groups, **options)
    if fmt == "md":
        from claimmark.core.export.markdown import to_markdown

        return to_markdown(groups, title=project.name, **options)
    if fmt == "json":
        from claimmark.core.export.jsonld import to_jsonld_text

        meta = project.meta()
        return to_jsonld_text(groups, project_uuid=meta.get("uuid", ""), project_name=project.name, **options)
    raise ValueError(f"unknown export format {fmt!r}")
