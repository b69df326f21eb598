"""Small helpers the store's modules share for writing SQL."""

from __future__ import annotations

import re


def row_id(value: object) -> int:
    """The rowid SQLite gave a row just inserted (sqlite-utils and sqlite3 type it as
    possibly None, which after a successful insert into a rowid table it never is)."""
    if not isinstance(value, int):
        raise TypeError(f"expected the rowid of a new row, got {value!r}")
    return value


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression for what a person typed: each word, quoted (so no FTS
    syntax gets through) and prefix-matched; None when there is no word to look for."""
    words = re.findall(r"\w+", text)
    if not words:
        return None
    return " ".join('"' + w.replace('"', "") + '"*' for w in words)
