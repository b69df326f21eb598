"""CSV: `write_csv` looks for formula-like cells in the text of many rows at once; what
it writes is what neutralising every text cell, row by row, writes."""

from __future__ import annotations

import csv
import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from claimmark.core.export.csvfile import (
    _DIALECT,
    BOM,
    COLUMNS,
    FORMULA_STARTS,
    LEADING_SPACE,
    neutralise,
    write_csv,
)

# the characters that make a cell formula-like, those that quote it or part it, and some others
_CHARACTERS = "".join(sorted(FORMULA_STARTS | set(LEADING_SPACE))) + ',"\r\nab1-'
_CELL = st.one_of(st.text(_CHARACTERS, max_size=6), st.integers(-5, 5), st.none(), st.binary(max_size=2))
_DOCUMENT = st.tuples(*[_CELL] * 5)  # a document's cells after its id
_PLAIN = st.sampled_from(["", "a", "b 1", "\"a\"\r\nb", 7])
_WIDTH = len(COLUMNS) - 6


@st.composite
def _annotation(draw: st.DrawFn) -> tuple[Any, ...]:
    """Which document (0-2) and the annotation's cells: plain ones, and now and then one
    made of the characters that matter (alone in its row, it is the one a search must find)."""
    cells: list[Any] = draw(st.lists(_PLAIN, min_size=_WIDTH, max_size=_WIDTH))
    for place, cell in draw(st.lists(st.tuples(st.integers(0, _WIDTH - 1), _CELL), max_size=2)):
        cells[place] = cell
    return (draw(st.integers(0, 2)), *cells)




def _cell_by_cell(rows: list[tuple[Any, ...]], raw: bool) -> str:
    """The CSV a writer makes that neutralises each text cell of each row."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, **_DIALECT)
    out.write(BOM)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([c if raw or not isinstance(c, str) else neutralise(c) for c in row])
    return out.getvalue()


@settings(max_examples=300, deadline=None)
@given(st.lists(_DOCUMENT, min_size=3, max_size=3), st.lists(_annotation(), max_size=250), st.booleans())
def test_a_csv_is_what_neutralising_each_cell_writes(
    documents: list[tuple[Any, ...]], annotations: list[tuple[Any, ...]], raw: bool
) -> None:
    # rows come a document at a time, each with its document's cells
    rows = [(n + 1, *documents[n], *cells) for n, *cells in sorted(annotations, key=lambda a: a[0])]
    out = io.StringIO(newline="")
    assert write_csv(rows, out, excel=True, raw=raw) == len(rows)
    assert out.getvalue() == _cell_by_cell(rows, raw)


def test_a_comma_then_a_formula_start_inside_a_cell_changes_nothing() -> None:
    """The text search finds more than the formula-like cells; those rows are written as they are."""
    row = (1, "u", "t", "s", "https://x", "", 2, "v", "quote", "red, -green", "x", "=1", *[""] * 17)
    out = io.StringIO(newline="")
    write_csv([row], out)
    assert out.getvalue().splitlines()[1].split(",")[9:13] == ['"red', ' -green"', "x", "'=1"]


def test_every_formula_start_is_found_alone_in_its_row_in_any_column() -> None:
    starts = [s + f + tail for s in ("", " ", "\n", "\u00a0 \u3000", "\r") for f in sorted(FORMULA_STARTS)
              for tail in ("", "1", ",\"")]
    rows = []
    for n, cell in enumerate(starts):
        cells: list[Any] = ["a"] * _WIDTH
        cells[n % _WIDTH] = cell
        rows.append((1, "u", "t", "s", "h", "", *cells))
    for size in (1, len(rows)):  # alone in the text searched, and among many rows
        for chunk in (rows[i : i + size] for i in range(0, len(rows), size)):
            out = io.StringIO(newline="")
            write_csv(chunk, out, excel=True)
            assert out.getvalue() == _cell_by_cell(chunk, raw=False)
