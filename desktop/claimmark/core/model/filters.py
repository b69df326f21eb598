"""What the library shows: a search and filters, as one record both faces pass to the store."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentFilter:
    """What the library shows: a search of texts, notes and tags, and three filters."""

    search: str = ""
    kind: str = ""
    tag: str = ""
    author: str = ""  # an author id
    sort: str = "imported"

    def is_empty(self) -> bool:
        return not (self.search.strip() or self.kind or self.tag or self.author)
