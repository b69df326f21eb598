"""CSV export: RFC 4180 (comma, double quotes, CRLF), one row per annotation.

Cells that a spreadsheet would run as a formula are neutralised by default with a
leading apostrophe, as OWASP advises for CSV injection; ``raw=True`` turns that off.
"""

from __future__ import annotations

import csv
import io

from claimmark.core.export.groups import DocumentAnnotations
from claimmark.core.model.records import Annotation, DocumentInfo, Kind

# The stable column names (docs/exports.md). New columns are only ever appended.
COLUMNS = (
    "document_id", "document_uuid", "document_title", "document_site", "document_url",
    "document_published", "annotation_id", "annotation_uuid", "kind", "exact", "prefix", "suffix",
    "start", "end", "anchor_status", "note", "tags", "claimant", "status", "speaker", "source_title",
    "source_url", "author", "author_id", "created", "modified", "modified_by", "modified_by_name",
    "document_byline",
)
TAG_SEPARATOR = "; "
BOM = "\ufeff"
# A cell starting with one of these (after any spaces and line breaks) is read as a
# formula by Excel, LibreOffice or Google Sheets; full-width forms count, as some apps
# fold them. A line break itself starts no formula: context often begins with one.
FORMULA_STARTS = frozenset("=+-@\t\r\x00＝＋－＠")
LEADING_SPACE = " \n\u00a0\u3000"


def neutralise(cell: str) -> str:
    """Prefix a formula-like cell with an apostrophe so that it stays text."""
    stripped = cell.lstrip(LEADING_SPACE)
    if (stripped and stripped[0] in FORMULA_STARTS) or cell[:1] in FORMULA_STARTS:
        return "'" + cell
    return cell


def row(document: DocumentInfo, item: Annotation) -> dict[str, object]:
    return {
        "document_id": document.id,
        "document_uuid": document.uuid,
        "document_title": document.title,
        "document_site": document.site_name,
        "document_url": document.url,
        "document_published": document.published,
        "annotation_id": item.id,
        "annotation_uuid": item.uuid,
        "kind": item.kind,
        "exact": item.exact,
        "prefix": item.prefix,
        "suffix": item.suffix,
        "start": item.start,
        "end": item.end,
        "anchor_status": item.anchor_status,
        "note": item.note,
        "tags": TAG_SEPARATOR.join(item.tags),
        "claimant": item.claimant,
        "status": item.status if item.kind == Kind.CLAIM else "",
        "speaker": item.speaker,
        "source_title": item.source_title,
        "source_url": item.source_url,
        "author": item.author,
        "author_id": item.author_id,
        "created": item.created,
        "modified": item.modified,
        "modified_by": item.modified_by,
        "modified_by_name": item.modified_by_name,
        "document_byline": document.byline,
    }


def to_csv(groups: list[DocumentAnnotations], *, excel: bool = False, raw: bool = False) -> str:
    """The CSV text (with a UTF-8 byte-order mark first when `excel`)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for group in groups:
        for item in group.annotations:
            values = row(group.document, item)
            cells = [values[c] for c in COLUMNS]
            if not raw:
                cells = [neutralise(c) if isinstance(c, str) else c for c in cells]
            writer.writerow(cells)
    return (BOM if excel else "") + out.getvalue()
