"""Finding a passage in a document's reading text: every occurrence of a quote, the one
a person means (or why it cannot be told), and a selection without its stray edges."""

from __future__ import annotations

import re
from typing import Any

from claimmark.core.annotate.trim import trim_passage
from claimmark.core.model.errors import AmbiguousText, InvalidAnnotation, TextNotFound

_LOOSE = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})
_LOOSE_LIMIT = 5_000_000  # longer texts are not searched loosely (a hint only, and slow)


def occurrences(text: str, exact: str) -> list[int]:
    """Every start offset of `exact` in `text`, overlapping ones included."""
    found: list[int] = []
    if not exact:
        return found
    pos = text.find(exact)
    while pos >= 0:
        found.append(pos)
        pos = text.find(exact, pos + 1)
    return found


def find_exact(text: str, exact: str, occurrence: int | None = None) -> tuple[int, int]:
    """The (start, end) of `exact` in `text`; `occurrence` (1-based) picks one when it
    occurs several times. Raises TextNotFound or AmbiguousText."""
    if not exact:
        raise InvalidAnnotation("the text to tag is empty")
    found = occurrences(text, exact)
    shown = shorten(exact)
    if not found:
        hint = ""
        loose = loose_find(text, exact)
        if loose is not None:
            found_text = shorten(text[loose[0] : loose[1]])
            hint = f" (the document has it with other quotes or spacing: {found_text!r})"
        raise TextNotFound(f"the text {shown!r} is not in the document{hint}")
    if occurrence is None:
        if len(found) > 1:
            raise AmbiguousText(
                f"the text {shown!r} occurs {len(found)} times in the document; "
                f"choose an occurrence from 1 to {len(found)}"
            )
        return found[0], found[0] + len(exact)
    if not 1 <= occurrence <= len(found):
        raise TextNotFound(
            f"the text {shown!r} occurs {len(found)} time{'s' if len(found) > 1 else ''}, "
            f"so there is no occurrence {occurrence}"
        )
    start = found[occurrence - 1]
    return start, start + len(exact)


def loose_find(text: str, exact: str) -> tuple[int, int] | None:
    """Where `exact` occurs once quotes, dashes and runs of white space are ignored."""
    pattern: list[str] = []
    for ch in exact.translate(_LOOSE):
        if ch.isspace():
            if not pattern or pattern[-1] != r"\s+":
                pattern.append(r"\s+")
        elif ch == '"':
            pattern.append("[\"“”„]")
        elif ch == "'":
            pattern.append("['‘’]")
        elif ch == "-":
            pattern.append("[-–—]")
        else:
            pattern.append(re.escape(ch))
    if len(text) > _LOOSE_LIMIT:
        return None
    match = re.search("".join(pattern), text)
    return (match.start(), match.end()) if match else None


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_range(text: str, start: Any, end: Any) -> tuple[int, int]:
    if any(isinstance(v, bool) or not isinstance(v, int) for v in (start, end)):
        raise InvalidAnnotation("start and end must be whole numbers")
    if not 0 <= start < end <= len(text):
        raise InvalidAnnotation(
            f"the range {start}-{end} is not a non-empty part of the document (0 to {len(text)})"
        )
    return start, end


def passage(text: str, start: int, end: int) -> tuple[int, int]:
    """A selected range [start, end) of `text` without its stray edges (core/annotate/trim.py)."""
    start, end = trim_passage(text, *check_range(text, start, end))
    if start >= end:
        raise InvalidAnnotation("the selection holds nothing but white space")
    return start, end
