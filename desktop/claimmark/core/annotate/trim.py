"""Trimming a selection to the passage it holds.

A drag that Qt snaps to whole words takes in the end of the sentence before (". "),
and a triple-click the paragraph's line break; kept as they are, those edges end up
in the quote, its context and every export (an empty ``>`` line in Markdown). So the
core trims the range of a new or moved annotation (`claimmark.core.annotate.passages`),
whichever face made it:

- white space goes at both edges;
- at the start, what ends the sentence before: ``. , ; : ! ? …``, dashes and closing
  brackets, and a quote mark followed by white space (it closed the sentence before),
  unless its closing partner is in the passage; a run of full stops touching the
  next word (``…and``, ``.5``) stays;
- at the end, what begins the next one: separators (``, ; :``, dashes), opening
  brackets, and quote marks and closing brackets whose opening partner is not in the
  passage (a straight ``"`` may close a curly ``“``, as pages mix them); an apostrophe
  right after a letter (``the users'``) stays;
- the sentence's own ``. ? ! …`` right after the passage's last word (or after a
  closing mark that stays) stays.

Trimming only narrows the range, and trimming a trimmed range changes nothing. A
selection of nothing but punctuation loses only its white space. The time it takes
grows with the passage's length, not with its square, however many marks end it.
"""

from __future__ import annotations

import unicodedata

SENTENCE_ENDS = frozenset(".?!…‼⁇⁈⁉。！？।॥")
SEPARATORS = frozenset(",;:，、；：–—")  # en and em dashes; a hyphen is part of a word
BRACKETS = dict(zip("([{（【「『《〈", ")]}）】」』》〉", strict=True))  # opening -> closing
CLOSING_BRACKETS = {closing: opening for opening, closing in BRACKETS.items()}
QUOTES = frozenset("\"'“”„‘’‚«»‹›")
# For a quote mark at the end: the marks that open it ("“…”", German "„…“", "»…«").
QUOTE_OPENERS = {"”": "“„", "“": "„", "’": "‘‚", "‘": "‚", "»": "«", "«": "»", "›": "‹", "‹": "›"}
# For a quote mark at the start: the marks that close it.
QUOTE_CLOSERS = {"“": "”\"", "„": "“”", "‘": "’", "‚": "‘’", "«": "»", "»": "«", "‹": "›", "›": "‹"}


def trim_passage(text: str, start: int, end: int) -> tuple[int, int]:
    """The range [start, end) of `text` without the stray edges a selection takes in
    (see above); an empty range when it holds nothing but white space."""
    inner_start, inner_end = start, end
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and text[inner_end - 1].isspace():
        inner_end -= 1
    new_start = _trim_start(text, inner_start, inner_end)
    new_end = _trim_end(text, new_start, inner_end)
    if new_start >= new_end:  # only punctuation: keep it, so that it can still be tagged
        return inner_start, inner_end
    return new_start, new_end


def _wordlike(ch: str) -> bool:
    """A letter, digit or mark (the vowel signs of many scripts are marks)."""
    return bool(ch) and unicodedata.category(ch)[0] in "LNM"


def _trim_start(text: str, start: int, end: int) -> int:
    last: dict[str, int] = {}  # each closing mark's last place in the passage (end is fixed here)

    def closed_inside(pos: int) -> bool:
        """Whether the quote mark at `pos` has its closing partner in the passage."""
        for closer in QUOTE_CLOSERS.get(text[pos], ""):
            if closer not in last:
                last[closer] = text.rfind(closer, start, end)
            if last[closer] > pos:
                return True
        return False

    while start < end:
        ch = text[start]
        after = text[start + 1] if start + 1 < len(text) else ""
        if ch.isspace() or ch in SEPARATORS or ch in CLOSING_BRACKETS:
            start += 1
        elif ch in SENTENCE_ENDS:
            run = start
            while run < end and text[run] in SENTENCE_ENDS:
                run += 1
            if run < end and _wordlike(text[run]):
                return start  # an ellipsis or a decimal point that belongs to the passage
            start = run
        elif ch in QUOTES and _ends_before(after) and not closed_inside(start):
            start += 1
        else:
            return start
    return start


def _ends_before(after: str) -> bool:
    """Whether a quote mark followed by `after` closes what comes before it."""
    return not after or after.isspace() or after in SEPARATORS or after in CLOSING_BRACKETS or after in QUOTES


def _trim_end(text: str, start: int, end: int) -> int:
    marks = _Marks(text, start, end)
    while end > start:
        ch = text[end - 1]
        if ch.isspace() or ch in SEPARATORS or ch in BRACKETS:
            end -= 1
        elif ch in SENTENCE_ENDS:
            run = end - 1
            while run > start and text[run - 1] in SENTENCE_ENDS:
                run -= 1
            if run > start and _ends_passage(marks, run - 1):
                return end  # the sentence's own full stop or question mark
            end = run
        elif (ch in QUOTES or ch in CLOSING_BRACKETS) and marks.kept_closing(end - 1):
            return end
        elif ch in QUOTES or ch in CLOSING_BRACKETS:
            end -= 1
        else:
            return end
    return end


def _ends_passage(marks: _Marks, pos: int) -> bool:
    """Whether the character at `pos`, before a closing full stop, is the passage's own."""
    ch = marks.text[pos]
    if ch.isspace() or ch in SEPARATORS or ch in BRACKETS:
        return False
    if ch in QUOTES or ch in CLOSING_BRACKETS:
        return marks.kept_closing(pos)
    return True


class _Marks:
    """Counts of marks in text[start:pos] for the places the end of a passage moves
    back through: each mark is counted once over the passage, then corrected for what
    lies after `pos`, so that trimming a long passage stays linear."""

    REBASE = 4096  # correct the counts once the end has moved back this far

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self.totals: dict[str, int] = {}  # mark -> how many in text[start:self.end]
        self.first_single: int | None = None  # where the first opening single quote is

    def count(self, mark: str, pos: int) -> int:
        """How many `mark` lie in text[start:pos] (pos <= the passage's end)."""
        if self.end - pos > self.REBASE:
            for known in self.totals:
                self.totals[known] -= self.text.count(known, pos, self.end)
            self.end = pos
        if mark not in self.totals:
            self.totals[mark] = self.text.count(mark, self.start, self.end)
        return self.totals[mark] - self.text.count(mark, pos, self.end)

    def opening_single_before(self, pos: int) -> bool:
        """Whether an opening single quote (‘ ‚, or ' not after a letter) lies before `pos`."""
        if self.first_single is None:
            text, start, end = self.text, self.start, self.end
            found = [i for i in (text.find("‘", start, end), text.find("‚", start, end)) if i >= 0]
            i = text.find("'", start, end)
            while i >= 0 and i != start and _wordlike(text[i - 1]):
                i = text.find("'", i + 1, end)
            self.first_single = min([*found, *([i] if i >= 0 else [])], default=end)
        return self.first_single < pos

    def kept_closing(self, pos: int) -> bool:
        """Whether the quote mark or closing bracket at `pos` belongs to the passage: its
        opening partner is before it in the passage, or it is an apostrophe after a letter."""
        ch = self.text[pos]
        if ch in CLOSING_BRACKETS:
            return self.count(CLOSING_BRACKETS[ch], pos) > self.count(ch, pos)
        if ch == '"':  # pages mix marks: a straight one may close a curly one ("“…\"")
            curly = self.count("“", pos) + self.count("„", pos) > self.count("”", pos)
            return self.count('"', pos) % 2 == 1 or curly
        if ch in "'’":
            return (pos > 0 and _wordlike(self.text[pos - 1])) or self.opening_single_before(pos)
        openers = QUOTE_OPENERS.get(ch, "")
        return sum(self.count(o, pos) for o in openers) > self.count(ch, pos)
