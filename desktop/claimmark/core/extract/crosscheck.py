"""trafilatura's view of the page, mapped back onto ClaimMark's blocks.

trafilatura (Apache-2.0) picks the article text well but flattens it to plain text.
ClaimMark keeps its own structured blocks and uses trafilatura's text only as a vote:
a block is "kept by trafilatura" when its normalised text is one of trafilatura's
lines or, for a long enough block, part of its text. The vote chooses the article's
blocks (in place of readability-lxml, which stays the fallback; widening then adds the
lead, gaps and figures around them), and prunes what widening added that trafilatura
leaves out and that is unlikely to be article text."""

from __future__ import annotations

import logging
import re

from lxml import etree

from claimmark.core.extract.blocks import element_order, select_elements
from claimmark.core.extract.boilerplate import is_prose, text_key
from claimmark.core.model.document import Block

Ordered = list[tuple[int, Block]]
MIN_INSIDE = 25  # characters a block's text needs to match inside a longer line of trafilatura's
DROP_KINDS = ("paragraph", "list_item", "quote", "heading")
_STANDFIRST = re.compile(r"(^|\s)(standfirst|lead|article-lead|teaser-text)($|\s)", re.I)


class TrafilaturaView:
    """The lines of text trafilatura extracts from a page, compared loosely."""

    def __init__(self, text: str) -> None:
        keys = [text_key(line) for line in text.splitlines()]
        self.lines = set(keys)
        self.whole = " ".join(key for key in keys if key)  # text_key(text): keys are per character
        self._words: set[str] | None = None  # the words of `whole`, made on first need
        self._kept: dict[str, bool] = {}  # block text: kept? (`chosen` and `prune` ask about the same blocks)

    def keeps(self, block: Block) -> bool:
        kept = self._kept.get(block.text)
        if kept is None:
            key = text_key(block.text)
            kept = self._kept[block.text] = bool(key) and (
                key in self.lines or (len(key) >= MIN_INSIDE and self._inside(key)))
        return kept

    def _inside(self, key: str) -> bool:
        """``key in self.whole``, without a scan of the whole text for most blocks that are
        not in it (which made a long page's vote quadratic): the inner words of a key found
        inside are whole words of `whole`."""
        words = key.split(" ")
        if len(words) >= 3:
            if self._words is None:
                self._words = set(self.whole.split(" "))
            if not self._words.issuperset(words[1:-1]):
                return False
        return key in self.whole

    def chosen(self, page: Ordered) -> set[int]:
        """The stamps of the page's text blocks that trafilatura keeps."""
        return {o for o, b in page if b.kind != "figure" and self.keeps(b)}

    def prune(self, kept: Ordered, leads: set[int] | frozenset[int] = frozenset()) -> Ordered:
        """`kept` without the short non-sentences trafilatura leaves out (bylines, prompts,
        labels, headings of teaser boxes) unless the page marks them as the article's
        standfirst (`leads`: element stamps), and without the list items it leaves out
        after its last block (lists of other articles or offers)."""
        out = [
            (o, b) for o, b in kept
            if b.kind not in DROP_KINDS or is_prose(b) or self.keeps(b) or o in leads
        ]
        end = max((i for i, (_o, b) in enumerate(out) if b.kind != "figure" and self.keeps(b)), default=-1)
        if end < 0:
            return out
        return [(o, b) for i, (o, b) in enumerate(out) if i <= end or b.kind != "list_item" or self.keeps(b)]


def standfirsts(root: etree._Element) -> set[int]:
    """The stamps of the elements a page marks as its article's standfirst: schema.org's
    `itemprop="description"` or a class word such as "standfirst" or "article-lead"
    (a standfirst often ends without a full stop and trafilatura often leaves it out)."""
    path = ('//*[@itemprop="description" or contains(@class, "lead") or contains(@class, "standfirst")'
            ' or contains(@class, "teaser-text")]')
    marked = select_elements(root, path)
    return {
        element_order(inner)
        for element in marked
        if element.get("itemprop") == "description" or _STANDFIRST.search(element.get("class", ""))
        for inner in element.iter()
        if isinstance(inner.tag, str)
    }


def trafilatura_view(root: etree._Element) -> TrafilaturaView | None:
    """trafilatura's text of a cleaned page, or None when it finds none or fails. trafilatura
    (2.3 on) works on its own copy of a tree it is given, so ``root`` stays as it is
    (tests/core/extract/test_crosscheck.py checks); it is imported here, not at start-up (it takes a
    while to load)."""
    import trafilatura

    # a vote that finds too little text says so as a warning ("discarding data"); that is
    # not the user's business, and `claimmark extract` would print it on stderr
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    try:
        text = trafilatura.extract(root, fast=True, include_comments=False)
    except Exception:  # noqa: BLE001 - a third-party vote that fails is simply not heard
        return None
    return TrafilaturaView(text) if text and text.strip() else None
