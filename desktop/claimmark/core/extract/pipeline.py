"""The extraction pipeline: a saved page in, a clean reading document and its
metadata out. `claimmark import` and `claimmark extract` both run exactly this."""

from __future__ import annotations

import copy
import hashlib
import re
import unicodedata
import zlib
from pathlib import Path

import lxml.html
from lxml import etree
from readability import Document

from claimmark.core.extract.blocks import ImageStore, element_order, html_to_blocks
from claimmark.core.extract.boilerplate import forget_texts, is_boilerplate, is_prose
from claimmark.core.extract.cleanup import clean_blocks, dateline_date, preclean
from claimmark.core.extract.crosscheck import standfirsts, trafilatura_view
from claimmark.core.extract.deephtml import flatten
from claimmark.core.extract.encoding import visible_text
from claimmark.core.extract.metadata import read_metadata
from claimmark.core.extract.sources import SourcePage, file_label, read_source
from claimmark.core.extract.textsource import text_to_blocks
from claimmark.core.extract.widen import fill_orders, second_opinion, widen
from claimmark.core.model.document import Block, BlockKind, ReadingDocument
from claimmark.core.model.errors import ImportFailed
from claimmark.core.model.extracted import Extracted, SourceFormat
from claimmark.core.model.images import Image
from claimmark.core.model.limits import LIMITS

MIN_ARTICLE_CHARS = 200


def extract_file(path: Path) -> Extracted:
    """Read and extract one file; raise ImportFailed with a clear reason."""
    page = read_source(path)
    try:
        return extract_page(page)
    except ImportFailed:
        raise
    except RecursionError:
        raise ImportFailed("the page is nested too deeply to read", path) from None
    except (etree.LxmlError, ValueError) as exc:
        raise ImportFailed(f"the page could not be parsed ({exc})", path) from None


def extract_page(page: SourcePage) -> Extracted:
    try:
        return _extract_page(page)
    finally:
        forget_texts()  # nothing about one page is kept for the next


def _extract_page(page: SourcePage) -> Extracted:
    if page.html is not None:
        metadata, blocks, images, warnings = _extract_html(page)
    else:
        metadata, blocks, warnings = text_to_blocks(page.text or "", markdown=page.format == SourceFormat.MD)
        blocks = _cleaned(blocks, metadata)
        images = {}
    title = metadata.get("title", "")
    if not any(b.text.strip() for b in blocks):
        raise ImportFailed("no article text found", page.path)
    if not title:
        title = file_label(page.path.stem) or "Untitled"  # a name may hold controls or bad bytes
        metadata["title"] = title
    document = ReadingDocument([Block(BlockKind.HEADING, title, level=1), *blocks])
    text = document.text
    if len(text) > LIMITS.max_text_chars:
        raise ImportFailed("the article text is larger than the size limit", page.path)
    used = {b.image for b in document.blocks if b.image}
    return Extracted(
        source_name=file_label(page.path.name),
        source_format=SourceFormat(page.format),
        metadata={k: v for k, v in metadata.items() if v},
        document=document,
        images={k: v for k, v in images.items() if k in used},
        original=zlib.compress(page.raw, 6),
        original_size=len(page.raw),
        content_hash=content_hash(document),
        warnings=warnings,
    )


def parse_html(html: str) -> etree._Element:
    """Parse a page without network access, entity expansion or a depth limit.

    libxml2 silently drops text nested deeper than it builds trees (2048 levels with
    huge_tree); a page that deep is flattened first (see deephtml), text kept."""
    root = _parse(html)
    if _depth_reaches(root, DEEP_TREE):
        root = _parse(flatten(html))
    _merge_bodies(root)
    return root


DEEP_TREE = 400
# trafilatura's handling of nested lists and blocks takes time quadratic in their depth
# (10,000 nested list items, flattened to 100 levels: 5 s). Real pages nest about 15
# levels, the deepest of the 330 in the extraction dev set 33; deeper ones are left to
# readability-lxml.
CROSSCHECK_DEPTH = 64


def _parse(html: str) -> etree._Element:
    parser = lxml.html.HTMLParser(  # type: ignore[call-arg]  # lxml-stubs lacks default_doctype
        huge_tree=True, no_network=True, remove_pis=True, default_doctype=False, recover=True,
        encoding="utf-8",
    )
    # Encoding declarations were honoured while decoding; lxml must not re-apply one.
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html[:1000]) + html[1000:]
    root = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    if root is None:
        raise ValueError("empty document")
    return root


def _merge_bodies(root: etree._Element) -> None:
    """libxml2 keeps a second ``<body>`` as a sibling of the first; everything after
    the first body's end moves into it, so the whole page is read as one body."""
    bodies = root.findall("body")
    for extra in bodies[1:]:
        if extra.text and extra.text.strip():
            etree.SubElement(bodies[0], "p").text = extra.text
        bodies[0].extend(list(extra))
        root.remove(extra)


def _depth_reaches(root: etree._Element, limit: int) -> bool:
    depth = 0
    for event, _element in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth >= limit:
            return True
    return False


def _extract_html(
    page: SourcePage,
) -> tuple[dict[str, str], list[Block], dict[str, Image], list[str]]:
    warnings: list[str] = []
    try:
        root = parse_html(page.html or "")
    except etree.ParserError:
        raise ImportFailed("no article text found (the page is empty)", page.path) from None
    metadata, headlines = read_metadata(root, page.hints)
    preclean(root)
    for number, element in enumerate(root.iter()):
        element.set("data-cm-id", str(number))
    images = ImageStore(page.resolve)
    base = metadata.get("url", "")

    body = root.find(".//body")
    page_blocks = fill_orders(html_to_blocks(body if body is not None else root, images, base))
    by_order = {element_order(e): e for e in root.iter() if isinstance(e.tag, str)}
    view = None if _depth_reaches(root, CROSSCHECK_DEPTH) else trafilatura_view(root)
    ids = view.chosen(page_blocks) if view else _readability(root)
    blocks = [(o, b) for o, b in page_blocks if o in ids]
    denser = second_opinion(blocks, page_blocks, by_order)
    if denser:
        ids = denser
        blocks = [(o, b) for o, b in page_blocks if o in ids and not is_boilerplate(b)]
    blocks = widen(blocks, page_blocks, ids, by_order, metadata.get("title", ""))
    if view:
        blocks = view.prune(blocks, standfirsts(root))
    if _chars(blocks) < MIN_ARTICLE_CHARS:
        fallback = page_blocks
        if _chars(fallback) > _chars(blocks):
            if blocks:
                warnings.append("readability found little text; used the whole page")
            blocks = fallback
    kept = _cleaned([b for _o, b in blocks], metadata, headlines)
    description = _description(root)
    if not any(b.text for b in kept) and description:
        warnings.append("the page holds no article text; used its description")
        kept = [Block(BlockKind.PARAGRAPH, description)]
    return metadata, kept, images.images, warnings


def _cleaned(blocks: list[Block], metadata: dict[str, str], headlines: tuple[str, ...] = ()) -> list[Block]:
    """The blocks without boilerplate, and without the headline in any of the forms the
    page states it (`headlines`). A dateline goes with it, so the date the metadata
    lacks is read from the first one first (``metadata["published"]``)."""
    metadata["published"] = metadata.get("published") or dateline_date(blocks)
    return clean_blocks(blocks, metadata.get("title", ""), headlines)


def _description(root: etree._Element) -> str:
    """The page's own summary (``<meta name="description">`` or ``og:description``)."""
    for element in root.iter("meta"):
        name = (element.get("name") or element.get("property") or "").lower()
        if name in ("description", "og:description"):
            return " ".join(visible_text(element.get("content") or "").split())
    return ""


def _chars(blocks: list[tuple[int, Block]]) -> int:
    return sum(len(b.text) for _o, b in blocks if b.kind != "heading")


def _readability(root: etree._Element) -> set[int]:
    """The stamps (``data-cm-id``) of the elements readability keeps as the article."""
    from readability.readability import Unparseable

    try:
        summary = _Prepared(copy.deepcopy(root)).summary(html_partial=True)
    except (Unparseable, ValueError, TypeError, etree.LxmlError):
        return set()
    if not summary or not summary.strip():
        return set()
    try:
        chosen = lxml.html.fragment_fromstring(
            summary,
            create_parent="div",
            parser=lxml.html.HTMLParser(huge_tree=True, no_network=True),
        )
    except (etree.ParserError, ValueError, AssertionError):  # lxml asserts one <body>
        return set()
    return {element_order(e) for e in chosen.iter() if element_order(e) >= 0}


class _Prepared(Document):  # type: ignore[misc]  # readability-lxml ships no types
    """readability on a tree that preclean() already cleaned: its own clean-up pass
    (lxml_html_clean, link rewriting) would only repeat that work."""

    def _parse(self, input: etree._Element) -> etree._Element:  # readability names it so
        return input


def content_hash(document: ReadingDocument) -> str:
    """A hash of the article's prose that is the same whichever way it was saved.

    It covers the sentence-like blocks of the body (not the title, not short
    fragments), normalised for Unicode form, case, quotes and white space, so a
    page and its plain-text copy hash alike. See docs/project-format.md.
    """
    body = document.blocks
    if body and body[0].kind == "heading":
        body = body[1:]
    prose = [b.text for b in body if is_prose(b)] or [b.text for b in body]
    return "sha256:" + hashlib.sha256(_normalise("\n".join(prose)).encode("utf-8")).hexdigest()


_QUOTES = {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'",
           "‚": "'", "‹": "'", "›": "'", "–": "-", "—": "-"}


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for quote, plain in _QUOTES.items():  # str.translate() with a table is far slower on a long text
        if quote in text:
            text = text.replace(quote, plain)
    return " ".join(text.casefold().split())
