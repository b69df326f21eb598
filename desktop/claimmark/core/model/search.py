"""A hit of the ranked document search: which document, where it ranks, and a passage of
its reading text around the words that matched (core/store/search.py finds them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchHit:
    """One document found by a ranked search. `marks` are the [start, end) offsets in
    `snippet` of each matched word, so a face can show them in its own way."""

    document_id: int
    title: str
    snippet: str
    marks: tuple[tuple[int, int], ...]
    rank: int  # 1 for the best hit
    score: float  # SQLite FTS5's bm25: the lower, the better the match

    def marked(self, before: str = "[", after: str = "]") -> str:
        """The snippet with each matched word between `before` and `after`."""
        parts, last = [], 0
        for start, end in self.marks:
            parts += [self.snippet[last:start], before, self.snippet[start:end], after]
            last = end
        parts.append(self.snippet[last:])
        return "".join(parts)
