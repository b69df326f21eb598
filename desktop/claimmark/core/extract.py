"""The extraction pipeline: a saved page in, a clean reading document and its
metadata out. `claimmark import` and `claimmark extract` both run exactly this."""

from __future__ import annotations

import copy
import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
from lxml import etree

from claimmark.core.blocks import ImageStore, element_order, html_to_blocks
from claimmark.core.cleanup import clean_blocks, is_prose, preclean
from claimmark.core.deephtml import flatten
from claimmark.core.document import Block, ReadingDocument
from claimmark.core.errors import ImportFailed
from claimmark.core.images import Image
from claimmark.core.limits import LIMITS
from claimmark.core.metadata import read_metadata
from claimmark.core.sources import SourcePage, file_label, read_source
from claimmark.core.textsource import text_to_blocks

EXTRACTOR_VERSION = "1"
MIN_ARTICLE_CHARS = 200


@dataclass
class Extracted:
    """Everything an import stores about one page (picklable, so it can cross processes)."""

    source_name: str
    source_format: str
    metadata: dict[str, str]
    document: ReadingDocument
    images: dict[str, Image]
    original: bytes  # zlib-compressed source bytes
    original_size: int
    content_hash: str
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.document.text


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
    if page.html is not None:
        metadata, blocks, images, warnings = _extract_html(page)
    else:
        metadata, blocks, warnings = text_to_blocks(page.text or "", markdown=page.format == "md")
        images = {}
    title = metadata.get("title", "")
    blocks = clean_blocks(blocks, title)
    if not any(b.text.strip() for b in blocks):
        raise ImportFailed("no article text found", page.path)
    if not title:
        title = file_label(page.path.stem) or "Untitled"  # a name may hold controls or bad bytes
        metadata["title"] = title
    document = ReadingDocument([Block("heading", title, level=1), *blocks])
    text = document.text
    if len(text) > LIMITS.max_text_chars:
        raise ImportFailed("the article text is larger than the size limit", page.path)
    used = {b.image for b in document.blocks if b.image}
    return Extracted(
        source_name=file_label(page.path.name),
        source_format=page.format,
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
    return root


DEEP_TREE = 400


def _parse(html: str) -> etree._Element:
    parser = lxml.html.HTMLParser(
        huge_tree=True, no_network=True, remove_pis=True, default_doctype=False, recover=True,
        encoding="utf-8",
    )
    # Encoding declarations were honoured while decoding; lxml must not re-apply one.
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html[:1000]) + html[1000:]
    root = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    if root is None:
        raise ValueError("empty document")
    return root


def _depth_reaches(root: etree._Element, limit: int) -> bool:
    depth = 0
    for event, _element in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth >= limit:
            return True
    return False


def _extract_html(page: SourcePage) -> tuple[dict[str, str], list[Block], dict[str, Image], list[str]]:
    warnings: list[str] = []
    try:
        root = parse_html(page.html or "")
    except etree.ParserError:
        raise ImportFailed("no article text found (the page is empty)", page.path) from None
    metadata = read_metadata(root, page.hints)
    preclean(root)
    for number, element in enumerate(root.iter()):
        element.set("data-cm-id", str(number))
    images = ImageStore(page.resolve)
    base = metadata.get("url", "")

    chosen = _readability(root)
    blocks: list[tuple[int, Block]] = []
    if chosen is not None:
        blocks = html_to_blocks(chosen, images, base)
        blocks = _recover_figures(root, chosen, blocks, images, base)
    if _chars(blocks) < MIN_ARTICLE_CHARS:
        body = root.find(".//body")
        fallback = html_to_blocks(body if body is not None else root, images, base)
        if _chars(fallback) > _chars(blocks):
            if blocks:
                warnings.append("readability found little text; used the whole page")
            blocks = fallback
    return metadata, [b for _order, b in blocks], images.images, warnings


def _chars(blocks: list[tuple[int, Block]]) -> int:
    return sum(len(b.text) for _o, b in blocks if b.kind != "heading")


def _readability(root: etree._Element) -> etree._Element | None:
    """The article element readability chooses, with our source-order stamps kept."""
    from readability import Document
    from readability.readability import Unparseable

    try:
        summary = Document(copy.deepcopy(root)).summary(html_partial=True)
    except (Unparseable, ValueError, TypeError, etree.LxmlError):
        return None
    if not summary or not summary.strip():
        return None
    try:
        return lxml.html.fragment_fromstring(
            summary, create_parent="div", parser=lxml.html.HTMLParser(huge_tree=True, no_network=True)
        )
    except (etree.ParserError, ValueError, AssertionError):  # lxml asserts one <body> (a frameset has none)
        return None


def _recover_figures(
    root: etree._Element,
    chosen: etree._Element,
    blocks: list[tuple[int, Block]],
    images: ImageStore,
    base: str,
) -> list[tuple[int, Block]]:
    """Put back the figures readability left out that sit in the same article as the
    text it chose (a lead photo and its caption usually precede the body)."""
    kept = {element_order(e) for e in chosen.iter() if element_order(e) >= 0}
    if not kept:
        return blocks
    by_order = {element_order(e): e for e in root.iter() if isinstance(e.tag, str)}
    first = by_order.get(min(kept))
    container = None
    node = first
    while node is not None:
        if isinstance(node.tag, str) and node.tag.lower() in ("article", "main"):
            container = node
            break
        node = node.getparent()
    if container is None and first is not None:
        container = first.getparent()
    if container is None:
        return blocks
    extra: list[tuple[int, Block]] = []
    for figure in container.iter("figure"):
        if element_order(figure) in kept:
            continue
        extra += html_to_blocks(figure, images, base)
    if not extra:
        return blocks
    return sorted(blocks + extra, key=lambda pair: pair[0])


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


_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'",
                         "‚": "'", "‹": "'", "›": "'", "–": "-", "—": "-"})


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(text.split())
