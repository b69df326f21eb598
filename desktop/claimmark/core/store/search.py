"""The ranked document search: the best `limit` documents for what a person typed, each
with a snippet of its text around the match.

The work is bounded whatever the project's size. Ranking (FTS5's bm25) costs about a
microsecond and a half per matching document, so a word every document holds would take
30 ms in a project of 20,000; the ranking therefore runs over the newest
``RANKED_CANDIDATES`` documents that match (all of them in a project that small), found
first by a rowid-only walk of the index. Snippets are cut for the hits returned only.
The library's own filter (store/library.py) lists every match, in the order it sorts by.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimmark.core.model.search import SearchHit
from claimmark.core.store.snippets import passage, word_pattern
from claimmark.core.store.sql import fts_query, query_words

if TYPE_CHECKING:
    from claimmark.core.store.project import Project

RANKED_CANDIDATES = 1000
DEFAULT_LIMIT = 20

# The oldest of the newest RANKED_CANDIDATES matches (none when fewer match).
_OLDEST_CANDIDATE = (
    "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?"
)
# The best `limit` of the candidates, with the texts to cut their snippets from.
_RANKED = (
    "SELECT d.id, d.title, d.reading_text, hit.score FROM"
    " (SELECT rowid AS id, bm25(documents_fts) AS score FROM documents_fts"
    "  WHERE documents_fts MATCH ? AND rowid >= ? ORDER BY score, rowid DESC LIMIT ?) AS hit"
    " JOIN documents AS d ON d.id = hit.id ORDER BY hit.score, d.id DESC"
)


def search_documents(project: Project, query: str, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
    """The documents whose title or text hold every word of `query` (each word matched as
    a prefix), best first, at most `limit` of them, each with its snippet."""
    expr = fts_query(query)
    if expr is None or limit <= 0:
        return []
    db = project.db
    oldest = db.execute(_OLDEST_CANDIDATE, [expr, RANKED_CANDIDATES - 1]).fetchone()
    rows = db.execute(_RANKED, [expr, oldest[0] if oldest else 0, limit]).fetchall()
    words = query_words(query)
    pattern = word_pattern(words)
    hits = []
    for rank, (doc_id, title, text, score) in enumerate(rows, 1):
        # a file another program wrote may hold a number or bytes where text belongs
        snippet, marks = passage(text if isinstance(text, str) else "", words, pattern)
        hits.append(SearchHit(doc_id, str(title), snippet, marks, rank, float(score)))
    return hits
