"""The passage of a reading text a search hit shows: the first place a searched word
occurs, a line's worth of text around it, and where each searched word lies in it.

It is cut from the text in Python for the few hits a search returns: FTS5's own
``snippet()`` re-tokenises each hit's whole text and costs about ten times as much.
Words match as the search index matches them: whatever their case, at a word's start.
The first place is found with ``str.find`` for the word as typed, in lower case,
capitalised and in capitals (a fast scan of a long text); only a word in another mix of
cases, or in the title alone, costs a case-blind regular expression over the text.
"""

from __future__ import annotations

import re

SNIPPET_CHARS = 160  # about a line of the library or a terminal
LEAD_CHARS = 40  # of context before the first match
ELLIPSIS = "…"

Marks = tuple[tuple[int, int], ...]


def word_pattern(words: list[str]) -> re.Pattern[str] | None:
    """A pattern for any of `words` at the start of a word, to the end of that word."""
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


def first_match(text: str, words: list[str], pattern: re.Pattern[str] | None) -> int | None:
    """Where the first of `words` starts a word of `text`; None when none does."""
    best: int | None = None
    for word in words:
        for form in {word, word.lower(), word.capitalize(), word.upper()}:
            at = text.find(form, 0, best)
            while at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_"):
                at = text.find(form, at + 1, best)
            if at >= 0:
                best = at
    if best is None and pattern is not None:
        found = pattern.search(text)
        best = found.start() if found else None
    return best


def passage(text: str, words: list[str], pattern: re.Pattern[str] | None) -> tuple[str, Marks]:
    """The snippet of `text` around the first of `words` (its start when none is in it:
    the title matched, say), its white space folded to single spaces, an ellipsis where
    it was cut; and the [start, end) of each of `words` inside it (`pattern` finds them)."""
    found = first_match(text, words, pattern)
    start = 0
    if found is not None and found > LEAD_CHARS:
        space = text.find(" ", found - LEAD_CHARS, found)
        start = space + 1 if space >= 0 else found - LEAD_CHARS
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start + 1 if found is None else found + 1, end)
        end = space if space > 0 else end
    snippet = " ".join(text[start:end].split())
    if start > 0:
        snippet = ELLIPSIS + snippet
    if end < len(text):
        snippet += ELLIPSIS
    marks = tuple(m.span() for m in pattern.finditer(snippet)) if pattern is not None else ()
    return snippet, marks
