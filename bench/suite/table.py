"""One row of the suite's table, and the table as text and as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HEADERS = ("figure", "floor", "ratio", "target", "result")


@dataclass
class Row:
    """A measured figure against its floor. `ratio` is None when the row could not be
    measured (then `note` says why); `passed` is None when there is no verdict."""

    name: str
    figure: str
    floor: str
    target: str
    ratio: float | None = None
    passed: bool | None = None
    note: str = ""
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def result(self) -> str:
        if self.passed is None:
            return "n/a"
        return "pass" if self.passed else "FAIL"


def ratio_row(name: str, figure: str, floor: str, ratio: float, limit: float, **values: Any) -> Row:
    """A row whose verdict is `ratio <= limit`."""
    return Row(name, figure, floor, f"<= {limit:g}x", ratio, ratio <= limit, values=values)


def not_measured(name: str, figure: str, floor: str, target: str, why: str) -> Row:
    return Row(name, figure, floor, target, note=why)


def cells(row: Row) -> tuple[str, ...]:
    ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "n/a"
    figure = f"{row.name}: {row.figure}" if row.figure else row.name
    floor = row.floor + (f" [{row.note}]" if row.note else "")
    return figure, floor, ratio, row.target, row.result


def format_table(rows: list[Row]) -> str:
    """A Markdown table (readable as plain text too): figure, floor, ratio, target, result."""
    lines = ["| " + " | ".join(HEADERS) + " |", "| " + " | ".join("---" for _ in HEADERS) + " |"]
    for row in rows:
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells(row)) + " |")
    return "\n".join(lines)


def save_json(rows: list[Row], path: Path, info: dict[str, Any]) -> None:
    data = {**info, "rows": [{**asdict(r), "result": r.result} for r in rows]}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def duration(seconds: float) -> str:
    """A time as the table prints it: milliseconds below a tenth of a second."""
    return f"{seconds * 1e3:.1f} ms" if seconds < 0.1 else f"{seconds:.2f} s"
