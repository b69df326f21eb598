"""Everything a command prints goes through here: text lines, JSON, problems, the
progress bar and exported data sent to a terminal. Stored and file-derived text is
escaped by `claimmark.core.model.printable` (docs/cli.md, *Output*), so one problem is one
line and nothing printed can drive the terminal or disguise a name."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from claimmark.core import AlreadyExists
from claimmark.core.model.errors import ClaimMarkError
from claimmark.core.model.printable import json_printable
from claimmark.core.model.printable import printable as display


def _stream(err: bool) -> TextIO:
    return sys.stderr if err else sys.stdout


def write(*cells: object, err: bool = False, end: str = "\n", flush: bool = False) -> None:
    """One line of `cells`, each escaped, separated by tabs (a tab inside a cell is
    escaped, so the columns stay the columns)."""
    print("\t".join(display(cell) for cell in cells), end=end, file=_stream(err), flush=flush)


def problem(message: object) -> None:
    """`claimmark: MESSAGE` on standard error, one line."""
    write(f"claimmark: {message}", err=True)


def to_json(value: Any) -> str:
    """JSON for the terminal: readable Unicode, but controls, bidirectional controls and
    lone surrogates written as ``\\uXXXX`` (the same values to a JSON reader)."""
    return json_printable(json.dumps(value, ensure_ascii=False, indent=2))


def write_json(value: Any) -> None:
    print(to_json(value))


def error_line(exc: ClaimMarkError) -> str:
    """`claimmark: PATH: reason` (or `claimmark: reason`), printable and on one line."""
    message = exc.message
    if isinstance(exc, AlreadyExists):  # the commands that write files all take --force
        message += "; give --force to replace it"
    if exc.path is None:
        return f"claimmark: {display(message)}"
    return f"claimmark: {display(exc.path)}: {display(message)}"


def write_error(exc: ClaimMarkError) -> None:
    print(error_line(exc), file=sys.stderr)


def progress(text: str, *, last: bool) -> None:
    """Redraw the one progress-bar line of standard error (a terminal's only)."""
    print(f"\r{display(text)}", end="\n" if last else "", file=sys.stderr, flush=True)


def clear_progress() -> None:
    print("\r\x1b[K", end="", file=sys.stderr)  # our own control, to a terminal only


def write_data(text: str) -> None:
    """An export's data to a terminal: its lines (a CSV file's CRLF among them) and
    tabs kept, every other unsafe character escaped. A file or a pipe gets the exact
    bytes instead (cli/annotate.py)."""
    for line in text.removesuffix("\n").split("\n"):
        write(*line.removesuffix("\r").split("\t"))
