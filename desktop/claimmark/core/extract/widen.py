"""Checking and widening readability's choice.

readability picks one container and prunes inside it, and so sometimes picks a teaser
box and often loses a lead paragraph, a closing paragraph, a table or a list of the
article. The extractor stamps each element with its document order (``data-cm-id``),
which maps readability's result back onto the page's blocks: a second opinion checks
the choice, and widening puts back the article blocks around and between what it kept."""

from __future__ import annotations

from lxml import etree

from claimmark.core.extract.blocks import element_order
from claimmark.core.extract.boilerplate import (
    is_boilerplate,
    is_prose,
    link_density,
    text_key,
    word_count,
)
from claimmark.core.model.document import Block

Ordered = list[tuple[int, Block]]
MAX_GAP = 3  # short blocks allowed between two prose blocks
LEAD_WINDOW = 12  # blocks before the text in which to look for an <h1>/<h2>
TITLE_WINDOW = 40  # blocks before the text in which to look for the page title
LEAD_WORDS = 12  # a lead without a full stop needs this many words
MIN_DENSER = 500  # characters of prose a second opinion needs to overrule readability


def second_opinion(kept: Ordered, page: Ordered, by_order: dict[int, etree._Element]) -> set[int]:
    """The element ids of the container densest in prose when it holds 1.5 times
    the prose readability kept (readability sometimes picks a teaser box), else set()."""
    scores: dict[etree._Element, float] = {}
    for order, block in page:
        element = by_order.get(order)
        if element is None or not _prose(block):
            continue
        for weight, ancestor in zip((1.0, 0.5), element.iterancestors(), strict=False):
            scores[ancestor] = scores.get(ancestor, 0.0) + weight * len(block.text)
    if not scores:
        return set()
    best = max(scores, key=scores.__getitem__)
    lo, hi = element_order(best), _last_id(best)
    theirs = sum(len(b.text) for _o, b in kept if b.kind != "figure")
    ours = sum(len(b.text) for o, b in page if lo <= o <= hi and _prose(b))
    return set(range(lo, hi + 1)) if ours > max(1.5 * theirs, MIN_DENSER) else set()


def widen(
    kept: Ordered,
    page: Ordered,
    ids: set[int],
    by_order: dict[int, etree._Element],
    title: str = "",
) -> Ordered:
    """The chosen blocks (`kept`, from the elements `ids`) plus the page's blocks
    (`page`) that belong to the same article: those pruned between the first and last
    chosen block, prose next to them in the enclosing container, the lead after the
    article's title (`title`: the page's) and the container's figures."""
    if not ids:
        return kept
    first, last = by_order.get(min(ids)), by_order.get(max(ids))
    if first is None or last is None:
        return kept
    lo, hi = min(ids), _last_id(last)
    box = _container(first, last)
    box_lo, box_hi = element_order(box), _last_id(box)
    chosen = {id(b) for _o, b in kept}
    rest = [(o, b) for o, b in page if o not in ids]
    # readability's own pruning of headings (by class/id and links) is trusted
    gaps = (b for o, b in rest if lo <= o <= hi and b.kind != "heading")
    chosen.update(id(b) for b in gaps if _article_like(b))
    chosen.update(id(b) for _o, b in _extend([p for p in reversed(rest) if box_lo <= p[0] < lo]))
    chosen.update(id(b) for _o, b in _extend([p for p in rest if hi < p[0] <= box_hi]))
    chosen.update(id(b) for _o, b in _lead([p for p in rest if p[0] < lo], title))
    # figures of the same article up to its end (a lead photo often precedes the text;
    # pictures after it are mostly teasers of other articles)
    chosen.update(id(b) for o, b in rest if b.kind == "figure" and box_lo <= o <= hi)
    return [(o, b) for o, b in page if id(b) in chosen]


def _prose(block: Block) -> bool:
    return block.kind != "heading" and is_prose(block) and link_density(block) < 0.3


def _extend(blocks: Ordered) -> Ordered:
    """Article blocks next to readability's choice, nearest first: prose blocks and the
    short blocks (subheadings, captions) between them, up to the first block that
    marks the end of the article (boilerplate, a link list)."""
    taken: Ordered = []
    pending: Ordered = []
    for order, block in blocks:
        if is_boilerplate(block) or link_density(block) > 0.5:
            break
        if _prose(block):
            taken += [*pending, (order, block)]
            pending = []
        else:
            pending.append((order, block))
            if len(pending) > MAX_GAP:
                break
    return taken


def _lead(before: Ordered, title: str) -> Ordered:
    """The prose between the article's title (a heading that reads like the page title,
    or else the last <h1>/<h2> shortly before the text) and the text: readability often
    leaves out a standfirst or lead paragraph."""
    window = before[-TITLE_WINDOW:]
    key = text_key(title)
    titles = [
        i for i, (_o, b) in enumerate(window) if b.kind == "heading" and text_key(b.text) == key
    ] if key else []
    if not titles:
        window = before[-LEAD_WINDOW:]
        titles = [i for i, (_o, b) in enumerate(window) if b.kind == "heading" and b.level <= 2]
    if not titles:
        return []
    return [(o, b) for o, b in window[titles[-1] + 1 :] if _lead_like(b)]


def _lead_like(block: Block) -> bool:
    """A standfirst often ends without a full stop; a long unlinked paragraph will do.
    Some sites open with a summary list instead: list items that read as sentences."""
    long_enough = is_prose(block) or word_count(block.text) >= LEAD_WORDS
    unlinked = link_density(block) < 0.3 and not is_boilerplate(block)
    summary = block.kind == "list_item" and is_prose(block)
    set_as_heading = block.kind == "heading" and is_prose(block) and word_count(block.text) >= LEAD_WORDS
    return unlinked and (summary or set_as_heading or (block.kind == "paragraph" and long_enough))


def _article_like(block: Block) -> bool:
    return not is_boilerplate(block) and link_density(block) < 0.5


def fill_orders(blocks: Ordered) -> Ordered:
    """Blocks whose first element was unstamped take the order of the block before."""
    out, previous = [], -1
    for order, block in blocks:
        previous = order if order >= 0 else previous
        out.append((previous, block))
    return out


def _last_id(element: etree._Element) -> int:
    last = element
    for last in element.iter():  # noqa: B007 - the last element in document order
        pass
    return max(element_order(last), element_order(element))


def _container(first: etree._Element, last: etree._Element) -> etree._Element:
    """The lowest common ancestor of both, widened to an enclosing <article> or <main>
    if there is one, else to its parent."""
    ancestors = {element_order(a) for a in first.iterancestors()} | {element_order(first)}
    node: etree._Element | None = last
    while node is not None and element_order(node) not in ancestors:
        node = node.getparent()
    common = node if node is not None else first
    for ancestor in (common, *common.iterancestors()):
        if isinstance(ancestor.tag, str) and ancestor.tag.lower() in ("article", "main"):
            return ancestor
    parent = common.getparent()
    return parent if parent is not None and parent.tag.lower() != "html" else common
