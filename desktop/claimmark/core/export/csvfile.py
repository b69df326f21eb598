"""CSV export: RFC 4180 (comma, double quotes, CRLF), one row per annotation.

Cells that a spreadsheet would run as a formula are neutralised by default with a
leading apostrophe, as OWASP advises for CSV injection; ``raw=True`` turns that off.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from claimmark.core.store.writer import TextSink

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


# The stored columns a row holds (core/store/export_rows.py), in `COLUMNS` order: the
# first six, its document's, are written once a document.
SOURCES = tuple({"annotation_id": "id", "annotation_uuid": "uuid", "document_site": "document_site_name",
                 "tags": "tags_joined", "status": "claim_status"}.get(c, c) for c in COLUMNS)
# the first characters of the cells `neutralise` may change
_SUSPECT = FORMULA_STARTS | frozenset(LEADING_SPACE)
LINE_END = "\r\n"  # also what makes csv quote a cell holding a line break
_DIALECT: dict[str, Any] = {"dialect": "excel", "lineterminator": LINE_END, "quoting": csv.QUOTE_MINIMAL}
_NO_DOCUMENT = object()  # before the first row: equal to no document id
_CHUNK = 100  # rows written to the file at once (csv's own writes, one a row, cost more)


def write_csv(rows: Iterable[Sequence[Any]], out: TextSink, *, excel: bool = False, raw: bool = False) -> int:
    """Write the CSV of `rows` (each the `SOURCES` columns, as the store reads them) to
    `out` as they come (with a UTF-8 byte-order mark first when `excel`); how many.
    A document's cells are made once for all its rows."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, **_DIALECT)
    buffer.write(BOM if excel else "")
    writer.writerow(COLUMNS)
    document: Any = _NO_DOCUMENT
    before = ""  # a document's cells, before an annotation's (as text)
    written = 0
    write, writerow, suspect = buffer.write, writer.writerow, _SUSPECT  # looked up once: called a row
    for row in rows:
        if row[0] != document:
            document = row[0]
            before = _line([c if raw or not isinstance(c, str) else neutralise(c) for c in row[:6]] + [""])
        write(before)
        if raw:
            writerow(row[6:])
        else:
            writerow([neutralise(c) if isinstance(c, str) and c[:1] in suspect else c for c in row[6:]])
        written += 1
        if not written % _CHUNK:
            out.write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
    out.write(buffer.getvalue())
    return written


def _line(cells: list[Any]) -> str:
    """Cells as CSV text without the line's end (an empty last cell stands for the cells
    that follow: `writerow` writes nothing for it)."""
    text = io.StringIO(newline="")
    csv.writer(text, **_DIALECT).writerow(cells)
    return text.getvalue().removesuffix(LINE_END)
