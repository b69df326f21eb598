"""Exports of annotations: CSV (spreadsheets), Markdown (notes and reports) and JSON-LD
(the W3C Web Annotation Data Model). Each returns text; the caller writes it.
Column names, fields and escaping rules are documented in docs/exports.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from claimmark.core.store import annotations as ann
from claimmark.core.store.project import Project

FORMATS = ("csv", "md", "json")
DOCUMENT_FIELDS = ("id", "uuid", "title", "site_name", "url", "published", "byline")


@dataclass
class DocumentAnnotations:
    """One document's metadata and its live annotations in reading order."""

    document: dict[str, Any]
    annotations: list[ann.Annotation] = field(default_factory=list)


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
    found = ann.query(project, document_id=document_id, kind=kind, tag=tag, author=author)
    found = [a.shown() for a in found]  # a field kept hidden from an earlier kind is not exported
    by_doc: dict[int, list[ann.Annotation]] = {}
    for item in found:
        by_doc.setdefault(item.document_id, []).append(item)
    wanted = set(by_doc)
    if document_id is not None:
        wanted.add(int(document_id))
    columns = ", ".join(DOCUMENT_FIELDS)
    out = []
    for doc_id in sorted(wanted):
        row = next(project.db.query(f"SELECT {columns} FROM documents WHERE id = ?", [doc_id]))
        out.append(DocumentAnnotations(row, by_doc.get(doc_id, [])))
    return out


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
