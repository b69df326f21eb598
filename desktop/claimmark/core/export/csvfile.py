"""CSV export: RFC 4180 (comma, double quotes, CRLF), one row per annotation.

Cells that a spreadsheet would run as a formula are neutralised by default with a
leading apostrophe, as OWASP advises for CSV injection; ``raw=True`` turns that off.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from itertools import islice
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
LINE_END = "\r\n"  # also what makes csv quote a cell holding a line break
_DIALECT: dict[str, Any] = {"dialect": "excel", "lineterminator": LINE_END, "quoting": csv.QUOTE_MINIMAL}
# Where a cell that `neutralise` changes may start in CSV text: after its comma (and its
# opening quote, when quoted), spaces then a formula's first character. Unquoted, a cell
# holds no carriage return. Every such cell matches, and a few that are not (a comma then
# "-" inside a cell's text): the row is then checked cell by cell.
_SPACES = "[" + re.escape(LEADING_SPACE) + "]*"
_STARTS = "[" + "".join(map(re.escape, sorted(FORMULA_STARTS))) + "]"
_UNQUOTED_STARTS = "[" + "".join(map(re.escape, sorted(FORMULA_STARTS - {"\r"}))) + "]"
_MAYBE_FORMULA = re.compile(f',(?:"{_SPACES}{_STARTS}|{_SPACES}{_UNQUOTED_STARTS})')
_NO_DOCUMENT = object()  # before the first row: equal to no document id
_CHUNK = 100  # rows written to the file (and searched for formulas) at once


class _Lines(list[str]):
    """What a csv writer writes: one string a row (`writerow` writes each row at once)."""

    write = list.append


def write_csv(rows: Iterable[Sequence[Any]], out: TextSink, *, excel: bool = False, raw: bool = False) -> int:
    """Write the CSV of `rows` (each the `SOURCES` columns, as the store reads them) to
    `out` as they come (with a UTF-8 byte-order mark first when `excel`); how many.
    A document's cells are made once for all its rows; an annotation's are written as
    they are, then the few rows whose text may hold a formula-like cell are made again
    with `neutralise` (looking for them in the text of many rows at once costs far less
    than looking at each cell)."""
    out.write((BOM if excel else "") + _line(list(COLUMNS)) + LINE_END)
    lines = _Lines()
    writerow = csv.writer(lines, **_DIALECT).writerow
    document: Any = _NO_DOCUMENT
    before = ""  # a document's cells, before an annotation's (as text)
    written = 0
    pending = iter(rows)
    while chunk := list(islice(pending, _CHUNK)):
        for row in chunk:  # lines: a document's cells, then an annotation's, for each row
            if row[0] != document:
                document = row[0]
                before = _line([*(row[:6] if raw else _shown(row[:6])), ""])
            lines.append(before)
            writerow(row[6:])
        text = "".join(lines)
        if not raw and _MAYBE_FORMULA.search(text):
            for n, row in enumerate(chunk):
                if _MAYBE_FORMULA.search("," + lines[2 * n + 1]):
                    lines[2 * n + 1] = _line(_shown(row[6:])) + LINE_END
            text = "".join(lines)
        out.write(text)
        lines.clear()
        written += len(chunk)
    return written


def _shown(cells: Sequence[Any]) -> list[Any]:
    """Cells as written: the formula-like text ones neutralised."""
    return [neutralise(c) if isinstance(c, str) else c for c in cells]


def _line(cells: list[Any]) -> str:
    """Cells as CSV text without the line's end (an empty last cell stands for the cells
    that follow: `writerow` writes nothing for it)."""
    text = io.StringIO(newline="")
    csv.writer(text, **_DIALECT).writerow(cells)
    return text.getvalue().removesuffix(LINE_END)
