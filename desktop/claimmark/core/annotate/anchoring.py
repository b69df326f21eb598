"""Re-attaching annotations when a document's reading text changes.

Pure functions on strings, shared by reimport and (later) merge. An annotation is
stored with a TextPositionSelector (`start`, `end`, code points) and a
TextQuoteSelector (`exact` with up to 32 characters of `prefix` and `suffix`), as in
the W3C Web Annotation model. Against a new text it re-attaches, in this order:

1. **exact**: at its old offsets, when the text there is still `exact` and the edit
   did not move it (the old offsets map to themselves);
2. **moved**: at the occurrence of `exact` nearest the old position as mapped
   through the edit (an occurrence whose prefix and suffix are both unchanged wins
   over nearer ones whose context differs);
3. **fuzzy**: at the best approximate match of `exact`, scored on the quote and on
   its prefix and suffix (the way annotation tools for the web re-anchor); only for
   quotes of at least MIN_FUZZY_QUOTE (24) characters, since a shorter one matches
   some fragment of any text by chance (about 5% of 10-16 character quotes taken from
   an unrelated text did);
4. **orphaned**: nowhere; the annotation keeps its quote and is listed, never deleted.

"Mapped through the edit" uses a diff of the two texts, line by line and then
character by character inside changed lines, so an edit before a passage shifts the
expected position by exactly the edit's length.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from difflib import Match, SequenceMatcher

EXACT, MOVED, FUZZY, ORPHANED = "exact", "moved", "fuzzy", "orphaned"
CONTEXT = 32  # characters of prefix and suffix kept with an annotation
MAX_OCCURRENCES = 5000  # occurrences of a quote considered (nearest first beyond this)
MAX_CHAR_DIFF = 4000  # changed runs longer than this are mapped line by line only (diffs are quadratic)
LONG_QUOTE = 200  # longer quotes are aligned by their ends and scored by shared 4-grams
END_PIECE = 48  # the characters of each end of a long quote that are aligned
QUOTE_THRESHOLD = 0.6  # least quote similarity for a fuzzy match
QUOTE_THRESHOLD_WITH_CONTEXT = 0.4  # ... when prefix and suffix both still match well
CONTEXT_THRESHOLD = 0.8
MIN_FUZZY_QUOTE = 24  # shorter quotes are never placed approximately: they match unrelated text by chance


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix (32 code points each, fewer at the ends) of [start, end)."""
    return text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]


def reanchor(
    old_text: str, new_text: str, start: int, end: int, exact: str, prefix: str, suffix: str
) -> tuple[int, int, str]:
    """Where an annotation made on `old_text` lies in `new_text`: (start, end, status)."""
    return Reanchorer(old_text, new_text).reanchor(start, end, exact, prefix, suffix)


class Reanchorer:
    """Re-anchors many annotations between the same two texts (the diff is computed once)."""

    def __init__(self, old_text: str, new_text: str):
        self.old = old_text
        self.new = new_text
        self._mapper: _PositionMapper | None = None

    def map_position(self, pos: int) -> int:
        """Where old offset `pos` lands in the new text (approximately, in changed parts)."""
        if self.old == self.new:
            return min(max(pos, 0), len(self.new))
        if self._mapper is None:
            self._mapper = _PositionMapper(self.old, self.new)
        return self._mapper.map(pos)

    def reanchor(self, start: int, end: int, exact: str, prefix: str, suffix: str) -> tuple[int, int, str]:
        new = self.new
        if not exact:
            return (*_clamp(start, end, len(new)), ORPHANED)
        valid_old = 0 <= start < end <= len(self.old)
        expected = self.map_position(start) if valid_old else min(max(start, 0), len(new))
        if new[start:end] == exact and start >= 0 and (expected == start or _full_context(
            new, start, end, prefix, suffix
        )):
            return start, end, EXACT
        found = self._nearest_occurrence(exact, prefix, suffix, expected)
        if found is not None:
            return found, found + len(exact), (EXACT if found == start else MOVED)
        match = self._fuzzy(exact, prefix, suffix, expected)
        if match is not None:
            return match[0], match[1], FUZZY
        return (*_clamp(start, end, len(new)), ORPHANED)

    # -- step 2: the exact quote elsewhere ---------------------------------------
    def _nearest_occurrence(self, exact: str, prefix: str, suffix: str, expected: int) -> int | None:
        occurrences = _occurrences(self.new, exact, MAX_OCCURRENCES)
        if not occurrences:
            return None
        full = [p for p in occurrences if _full_context(self.new, p, p + len(exact), prefix, suffix)]
        pool = full or occurrences
        return min(pool, key=lambda p: (abs(p - expected), p))

    # -- step 3: an approximate match --------------------------------------------
    def _fuzzy(self, exact: str, prefix: str, suffix: str, expected: int) -> tuple[int, int] | None:
        new = self.new
        if not new or len(exact) < MIN_FUZZY_QUOTE:
            return None
        best: tuple[float, int, int] | None = None
        best_key: tuple[float, int] | None = None
        for guess in sorted(_fuzzy_starts(new, exact, prefix, suffix, expected)):
            span = _align(exact, new, guess)
            if span is None:
                continue
            s, e, quote_score = span
            before, after = context(new, s, e)
            prefix_score = _similarity_end(prefix, before)
            suffix_score = _similarity_start(suffix, after)
            good_context = prefix_score >= CONTEXT_THRESHOLD and suffix_score >= CONTEXT_THRESHOLD
            enough = quote_score >= QUOTE_THRESHOLD or (
                good_context and quote_score >= QUOTE_THRESHOLD_WITH_CONTEXT
            )
            if not enough:
                continue
            # context counts only where it clearly agrees: unrelated text scores ~0.3 by chance
            context_score = sum(max(0.0, (c - 0.5) / 0.5) for c in (prefix_score, suffix_score)) / 2
            score = 0.8 * quote_score + 0.2 * context_score
            key = (-round(score, 6), abs(s - expected))
            if best_key is None or key < best_key:
                best_key, best = key, (score, s, e)
        if best is None:
            return None
        return best[1], best[2]


# -- helpers -------------------------------------------------------------------
def _fuzzy_starts(new: str, exact: str, prefix: str, suffix: str, expected: int) -> set[int]:
    """Where in `new` an approximate match of `exact` may start."""
    length = len(exact)
    starts = {min(expected, len(new))}
    # where the context still stands: the quote began after its prefix, ended before its suffix
    if len(prefix) >= 8:
        for p in _nearest_occurrences(new, prefix, expected - len(prefix)):
            starts.add(p + len(prefix))
    if len(suffix) >= 8:
        for p in _nearest_occurrences(new, suffix, expected + length):
            starts.add(max(0, p - length))
    # pieces of the quote itself that survived the edit
    for seed_offset, seed in _seeds(exact):
        for p in _nearest_occurrences(new, seed, expected + seed_offset):
            starts.add(max(0, p - seed_offset))
    return starts


def _clamp(start: int, end: int, length: int) -> tuple[int, int]:
    start = min(max(start, 0), length)
    return start, min(max(end, start), length)


def _occurrences(text: str, needle: str, limit: int) -> list[int]:
    """Start offsets of `needle` in `text`, overlapping ones included, at most `limit`."""
    found: list[int] = []
    if not needle:
        return found
    pos = text.find(needle)
    while pos >= 0 and len(found) < limit:
        found.append(pos)
        pos = text.find(needle, pos + 1)
    return found


def _nearest_occurrences(text: str, needle: str, target: int, count: int = 10) -> list[int]:
    """Up to `count` occurrences of `needle` nearest offset `target`, among those in a
    window around it and the first ones in the whole text (bounded work in long texts)."""
    window = 20_000
    lo = max(0, target - window)
    found: list[int] = []
    pos = text.find(needle, lo, target + window + len(needle))
    while pos >= 0 and len(found) < 400:
        found.append(pos)
        pos = text.find(needle, pos + 1, target + window + len(needle))
    found = sorted(set(found) | set(_occurrences(text, needle, 200)))
    return sorted(found, key=lambda p: abs(p - target))[:count]


def _full_context(text: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    """Whether the stored prefix and suffix both still surround [start, end)."""
    before = text[max(0, start - len(prefix)) : start]
    after = text[end : end + len(suffix)]
    if before != prefix or after != suffix:
        return False
    # a prefix shorter than 32 characters means the quote was at the start of the text
    if len(prefix) < CONTEXT and start != len(prefix):
        return False
    return not (len(suffix) < CONTEXT and end + len(suffix) != len(text))


def _seeds(exact: str) -> list[tuple[int, str]]:
    """Pieces of the quote to look for: its start, middle and end."""
    size = min(len(exact), max(8, min(24, len(exact) // 4)))
    if len(exact) < 8:
        return [(0, exact)]
    offsets = {0, max(0, len(exact) // 2 - size // 2), len(exact) - size}
    return [(o, exact[o : o + size]) for o in sorted(offsets)]


def _align(exact: str, text: str, guess: int, slack: int | None = None) -> tuple[int, int, float] | None:
    """The best approximate placement of `exact` in `text` near offset `guess` (within
    `slack` characters either way): (start, end, similarity from 0 to 1)."""
    if len(exact) > LONG_QUOTE:
        return _align_long(exact, text, guess)
    length = len(exact)
    quote = exact
    if slack is None:
        slack = length // 2 + 16
    lo = max(0, guess - slack)
    hi = min(len(text), guess + length + slack)
    window = text[lo:hi]
    if not window:
        return None
    exact_here = _occurrences(window, quote, 100)
    if exact_here:  # intact (a long quote's end): the occurrence nearest the guess
        best_at = lo + min(exact_here, key=lambda p: abs(lo + p - guess))
        return best_at, best_at + length, 1.0
    matcher = SequenceMatcher(None, quote, window, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return None

    def score(chosen: list[Match]) -> tuple[float, int, int]:
        matched = sum(b.size for b in chosen)
        s = chosen[0].b
        e = chosen[-1].b + chosen[-1].size
        span = e - s
        return 2 * matched / (len(quote) + span), s, e

    best = score(blocks)
    changed = True
    while changed and len(blocks) > 1:  # drop stray matches at either end while that helps
        changed = False
        for candidate in (blocks[1:], blocks[:-1]):
            trial = score(candidate)
            if trial[0] > best[0]:
                blocks, best, changed = candidate, trial, True
                break
    similarity, s, e = best
    if e <= s:
        return None
    return lo + s, lo + e, similarity


def _align_long(exact: str, text: str, guess: int) -> tuple[int, int, float] | None:
    """A long quote: place its first and last characters (each aligned on its own, so
    the work grows with the quote's length, not its square), then score the span
    between them by the 4-grams it shares with the quote."""
    head = _align(exact[:END_PIECE], text, max(0, guess), slack=END_PIECE)
    if head is None:
        return None
    slack = min(len(exact) // 2, 2000) + 16
    tail = _align(exact[-END_PIECE:], text, max(0, head[0] + len(exact) - END_PIECE), slack=slack)
    if tail is None:
        return None
    start, end = head[0], tail[1]
    if end <= start or (end - start) > 2 * len(exact):
        return None
    return start, end, _gram_similarity(exact, text[start:end])


def _gram_similarity(a: str, b: str, n: int = 4) -> float:
    """Dice similarity of the n-gram multisets of two strings (linear time)."""
    grams_a = Counter(a[i : i + n] for i in range(len(a) - n + 1))
    grams_b = Counter(b[i : i + n] for i in range(len(b) - n + 1))
    total = sum(grams_a.values()) + sum(grams_b.values())
    if not total:
        return 1.0 if a == b else 0.0
    return 2 * sum((grams_a & grams_b).values()) / total


def _similarity_end(stored: str, found: str) -> float:
    """How well the text before a match agrees with a stored prefix (its end matters most)."""
    if not stored:
        return 1.0 if not found else 0.5
    return SequenceMatcher(None, stored, found[-len(stored) :], autojunk=False).ratio()


def _similarity_start(stored: str, found: str) -> float:
    if not stored:
        return 1.0 if not found else 0.5
    return SequenceMatcher(None, stored, found[: len(stored)], autojunk=False).ratio()


class _PositionMapper:
    """Maps offsets of an old text into a new one through a line diff, refined by a
    character diff inside changed runs of lines that are not too long."""

    def __init__(self, old: str, new: str):
        self.old, self.new = old, new
        old_lines = old.split("\n")
        new_lines = new.split("\n")
        self.old_starts = _line_starts(old_lines)
        self.new_starts = _line_starts(new_lines)
        matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
        # the opcodes that cover old lines partition them; pure insertions cover none
        self.opcodes = [op for op in matcher.get_opcodes() if op[1] < op[2]]
        self.op_starts = [op[1] for op in self.opcodes]
        self._char_ops: dict[int, Sequence[tuple[str, int, int, int, int]]] = {}

    def _offset(self, starts: list[int], line: int, text: str) -> int:
        return starts[line] if line < len(starts) else len(text)

    def map(self, pos: int) -> int:
        pos = min(max(pos, 0), len(self.old))
        line = bisect_right(self.old_starts, pos) - 1
        index = bisect_right(self.op_starts, line) - 1
        tag, i1, i2, j1, j2 = self.opcodes[index]
        if tag == "equal":
            return self.new_starts[j1 + (line - i1)] + (pos - self.old_starts[line])
        old_lo = self._offset(self.old_starts, i1, self.old)
        old_hi = self._offset(self.old_starts, i2, self.old)
        new_lo = self._offset(self.new_starts, j1, self.new)
        new_hi = self._offset(self.new_starts, j2, self.new)
        if (old_hi - old_lo) + (new_hi - new_lo) <= MAX_CHAR_DIFF:
            ops = self._char_ops.get(index)
            if ops is None:
                ops = SequenceMatcher(
                    None, self.old[old_lo:old_hi], self.new[new_lo:new_hi], autojunk=False
                ).get_opcodes()
                self._char_ops[index] = ops
            rel = pos - old_lo
            for ctag, a1, a2, b1, b2 in ops:
                if a1 <= rel < a2 or (rel == a2 == old_hi - old_lo):
                    if ctag == "equal":
                        return new_lo + b1 + (rel - a1)
                    return new_lo + b1 + min(rel - a1, b2 - b1)
            return min(new_lo + rel, new_hi)
        # a long changed run: keep the column within the corresponding line
        new_line = min(j1 + (line - i1), max(j2 - 1, j1))
        base = self._offset(self.new_starts, new_line, self.new)
        return min(base + (pos - self.old_starts[line]), len(self.new))


def _line_starts(lines: list[str]) -> list[int]:
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    return starts
