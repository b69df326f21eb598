"""Small helpers the store's modules share for writing SQL."""

from __future__ import annotations

import re


def row_id(value: object) -> int:
    """The rowid SQLite gave a row just inserted (sqlite-utils and sqlite3 type it as
    possibly None, which after a successful insert into a rowid table it never is)."""
    if not isinstance(value, int):
        raise TypeError(f"expected the rowid of a new row, got {value!r}")
    return value


def query_words(text: str) -> list[str]:
    """The words of what a person typed into a search, as `fts_query` looks for them."""
    return re.findall(r"\w+", text)


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression for what a person typed: each word, quoted (so no FTS
    syntax gets through) and prefix-matched; None when there is no word to look for."""
    words = query_words(text)
    if not words:
        return None
    return " ".join('"' + w.replace('"', "") + '"*' for w in words)
