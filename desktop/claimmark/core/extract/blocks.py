"""Turning an HTML element tree into reading-document blocks.

The walk is iterative (``etree.iterwalk``), so a page of 20,000 nested ``div``s costs
no recursion, and it keeps only the structure a reader needs: headings, paragraphs,
quotes, lists, figures with captions, tables (one block a row), preformatted text
and inline emphasis, code and links.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, cast
from urllib.parse import urljoin

from lxml import etree

from claimmark.core.extract.encoding import WHITESPACE, clean_text, visible_text
from claimmark.core.model.document import Block, BlockKind, Span, SpanKind
from claimmark.core.model.images import Image
from claimmark.core.model.limits import LIMITS

if TYPE_CHECKING:
    from lxml.etree import _Element

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "address",
    "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "figure", "figcaption", "pre", "table",
    "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "hr", "details", "summary",
    "center", "fieldset", "body", "html", "hgroup", "menu", "listing", "xmp", "plaintext",
    *HEADINGS,
}
INLINE_SPANS = {"em": SpanKind.EM, "i": SpanKind.EM, "cite": SpanKind.EM, "strong": SpanKind.STRONG,
                "b": SpanKind.STRONG, "code": SpanKind.CODE, "kbd": SpanKind.CODE, "samp": SpanKind.CODE,
                "tt": SpanKind.CODE, "sub": SpanKind.SUB, "sup": SpanKind.SUP, "a": SpanKind.LINK}
SKIP_TAGS = {"script", "style", "template", "svg", "math", "iframe", "frame",
             "frameset", "object", "embed", "applet", "canvas", "audio", "video", "map",
             "select", "textarea", "button", "input", "head", "title", "meta", "link", "base",
             "dialog", "source", "track", "param"}
TABLE_PARTS = {"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption"}
LAYOUT_SIGNS = ("p", "div", "table", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6")
MIN_IMAGE_SIDE = 48
MAX_LINK_CHARS = 2500  # an anchor holding more text is one left open by mistake

ImageResolver = Callable[[str], Image | None]


class ImageStore:
    """The images of one document, deduplicated by content, keyed img1, img2, ...

    Each source is resolved once and each image hashed once: a page may name one 9 MB
    archive part 20,000 times, and hashing it per reference took longer than the time
    limit. Sources are remembered by their text, images by identity (a resolver hands
    back the same object for every name of one part)."""

    def __init__(self, resolve: ImageResolver):
        self._resolve = resolve
        self.images: dict[str, Image] = {}
        self._by_hash: dict[str, str] = {}
        self._by_src: dict[str, str | None] = {}
        self._by_identity: dict[int, tuple[Image, str]] = {}

    def add(self, src: str | None) -> str | None:
        if not src:
            return None
        if src not in self._by_src:
            if len(self.images) >= LIMITS.max_images_per_document:
                return None
            self._by_src[src] = self._key(self._resolve(src))
        return self._by_src[src]

    def _key(self, image: Image | None) -> str | None:
        if image is None or min(image.width, image.height) < MIN_IMAGE_SIDE:
            return None
        known = self._by_identity.get(id(image))
        if known is not None:
            return known[1]
        digest = hashlib.sha256(image.data).hexdigest()
        if digest not in self._by_hash:
            key = f"img{len(self.images) + 1}"
            self._by_hash[digest] = key
            self.images[key] = image
        self._by_identity[id(image)] = (image, self._by_hash[digest])
        return self._by_hash[digest]


def select_elements(root: etree._Element, path: str) -> list[etree._Element]:
    """The elements an XPath that selects elements finds (lxml types an XPath's result
    as any value an XPath can return)."""
    return cast("list[_Element]", root.xpath(path))


def element_order(element: etree._Element) -> int:
    """The document-order number the extractor stamped on an element (or -1)."""
    try:
        return int(element.get("data-cm-id", "-1"))
    except ValueError:
        return -1


class _Builder:
    def __init__(self, images: ImageStore, base_url: str):
        self.images = images
        self.base_url = base_url
        self.blocks: list[tuple[int, Block]] = []  # (source order, block)
        self.buf: list[str] = []
        self.length = 0
        self.spans: list[Span] = []
        self.open_spans: list[tuple[SpanKind, int, str | None]] = []
        self.depth: Counter[str] = Counter()
        self.headings: list[int] = []
        self.lists: list[bool] = []  # ordered?
        self.figure: dict[str, str] | None = None
        self.order = -1  # source order of the current block's first element
        self.row_cells = 0
        self.layout: set[etree._Element] = set()  # layout tables seen
        self.links: dict[etree._Element, bool] = {}  # anchors seen: links?

    # -- text ---------------------------------------------------------------
    def add_text(self, text: str | None) -> None:
        if not text:
            return
        text = visible_text(text)
        if self.depth["pre"]:
            piece = text.replace("\r\n", "\n").replace("\r", "\n")
        else:
            piece = WHITESPACE.sub(" ", text)
            if not self.buf or self._ends_with_space():
                piece = piece.lstrip(" ")
        if piece:
            self.buf.append(piece)
            self.length += len(piece)

    def _ends_with_space(self) -> bool:
        last = self.buf[-1] if self.buf else ""
        return last.endswith((" ", "\n", "\t"))

    def line_break(self) -> None:
        if self.buf and self.buf[-1].endswith(" "):
            self.buf[-1] = self.buf[-1][:-1]
            self.length -= 1
        if self.buf:
            self.buf.append("\n")
            self.length += 1

    def cell_break(self) -> None:
        """A tab between two cells of a row, also where the page put white space between
        them and after an empty cell (the reading view lines the cells up in columns at
        the tabs)."""
        while self.buf and self.buf[-1].endswith(" ") and not self.depth["pre"]:
            self.buf[-1] = self.buf[-1][:-1]
            self.length -= 1
            if not self.buf[-1]:
                self.buf.pop()
        self.spans = [s if s.end <= self.length else Span(s.start, self.length, s.kind, s.href)
                      for s in self.spans if s.start < self.length]
        self.buf.append("\t")  # an empty cell keeps its tab: the columns stay in place
        self.length += 1

    def separator(self, sep: str) -> None:
        if self.buf and not self._ends_with_space():
            self.buf.append(sep)
            self.length += len(sep)

    # -- blocks -------------------------------------------------------------
    def flush(self) -> None:
        text = "".join(self.buf)
        stripped = text.rstrip(" \n\t")
        self.buf, self.length = [], 0
        # a span still open (a link around a whole teaser card) covers the rest of the block
        still_open = [Span(start, len(stripped), kind, href) for kind, start, href in self.open_spans]
        spans = [
            Span(s.start, min(s.end, len(stripped)), s.kind, s.href)
            for s in [*self.spans, *still_open]
            if s.start < len(stripped)
        ]
        self.spans = []
        # spans still open continue in the next block from offset 0
        self.open_spans = [(kind, 0, href) for kind, _start, href in self.open_spans]
        if not stripped.strip():
            return
        kind, level, ordered = self._kind()
        block = Block(kind, clean_text(stripped), spans, level=level, ordered=ordered)
        self.blocks.append((self.order, block))
        self.order = -1

    def _kind(self) -> tuple[BlockKind, int, bool]:
        """The current block's kind, level and whether it is a numbered list's item."""
        if self.depth["pre"]:
            return BlockKind.PRE, 0, False
        if self.headings:
            return BlockKind.HEADING, self.headings[-1], False
        if self.depth["tr"]:
            return BlockKind.TABLE_ROW, 0, False
        if self.depth["li"] and self.lists:
            return BlockKind.LIST_ITEM, len(self.lists), self.lists[-1]
        if self.depth["blockquote"]:
            return BlockKind.QUOTE, self.depth["blockquote"], False
        return BlockKind.PARAGRAPH, 0, False

    def emit_figure(self, order: int) -> None:
        figure = self.figure or {}
        caption = clean_text("".join(self.buf).strip())
        spans = [Span(s.start, min(s.end, len(caption)), s.kind, s.href)
                 for s in self.spans if s.start < len(caption)]
        self.buf, self.length, self.spans = [], 0, []
        image = figure.get("image")
        if image or caption:
            block = Block(BlockKind.FIGURE, caption, spans, image=image, alt=figure.get("alt", ""))
            self.blocks.append((order, block))

    # -- walk ---------------------------------------------------------------
    def start(self, element: etree._Element) -> bool:
        """Handle an opening tag; False means skip the element's subtree."""
        tag = self._tag(element)
        if not tag or tag in SKIP_TAGS:
            return False
        if self.order < 0:
            self.order = element_order(element)
        if tag == "tr":
            self.row_cells = 0
        if tag == "br":
            self.line_break()
            return True
        if tag == "img":
            self._image(element)
            return True
        if tag in BLOCK_TAGS:
            self._open_block(tag, element)
        if tag in INLINE_SPANS:
            href = None
            if tag == "a":
                if not self._is_link(element):
                    return True
                href = self._href(element.get("href"))  # None: a link, but no address to keep
            self.open_spans.append((INLINE_SPANS[tag], self.length, href))
        return True

    def _open_block(self, tag: str, element: etree._Element) -> None:
        in_row = self.depth["tr"] > 0
        in_figure = self.figure is not None
        if tag in ("td", "th") and in_row:
            if self.row_cells:
                self.cell_break()
            self.row_cells += 1
        elif in_row or in_figure:
            self.separator(" ")
        else:
            self.flush()
            self.order = element_order(element)
        if tag == "figure" and not in_figure and not in_row:
            self.figure = {}
        if tag in HEADINGS and not in_row:
            self.headings.append(HEADINGS[tag])
        if tag in ("ul", "ol"):
            self.lists.append(tag == "ol")
        self.depth[tag] += 1

    def _tag(self, element: etree._Element) -> str:
        """The element's tag, lower case; the parts of a layout table (one that holds
        paragraphs, lists or tables in its cells) count as plain ``div``s."""
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag == "table" and self._is_layout(element):
            self.layout.add(element)
        if tag in TABLE_PARTS:
            table = next(element.iterancestors("table"), element) if tag != "table" else element
            if table in self.layout:
                return "div"
        return tag

    def _is_link(self, element: etree._Element) -> bool:
        """A link, unless it holds more text than any link does: an ``<a>`` left open
        swallows the blocks after it, up to the end of its parent (libxml2 closes it
        there), and that article text is no link text."""
        if element not in self.links:
            text = etree.tostring(element, method="text", encoding=str, with_tail=False)
            self.links[element] = _is_link(element) and len(text) <= MAX_LINK_CHARS
        return self.links[element]

    @staticmethod
    def _is_layout(table: etree._Element) -> bool:
        return any(True for _ in table.iterdescendants(*LAYOUT_SIGNS))

    def end(self, element: etree._Element, tail: bool = True) -> None:
        tag = self._tag(element)
        if tag in INLINE_SPANS and not (tag == "a" and not self._is_link(element)):
            for index in range(len(self.open_spans) - 1, -1, -1):
                kind, start, href = self.open_spans[index]
                if kind == INLINE_SPANS[tag]:
                    del self.open_spans[index]
                    end = self.length
                    if end > start:
                        self.spans.append(Span(start, end, kind, href))
                    break
        if tag in BLOCK_TAGS:
            # the block's text is flushed while its context (list, quote, pre) still holds
            if tag == "figure" and self.figure is not None and self.depth["figure"] == 1:
                self.emit_figure(element_order(element))
                self.figure = None
            elif (self.depth["tr"] == 0 or (tag == "tr" and self.depth["tr"] == 1)) and self.figure is None:
                self.flush()
            self.depth[tag] -= 1
            if tag in HEADINGS and self.headings and self.depth["tr"] == 0:
                self.headings.pop()
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()
        if tail:
            self.add_text(element.tail)

    def _image(self, element: etree._Element) -> None:
        src = element.get("src") or ""
        if not src:
            srcset = (element.get("srcset") or "").strip().split(",")
            src = srcset[0].split()[0] if srcset and srcset[0].strip() else ""
        key = self.images.add(src)
        if key is None:
            return
        if self.figure is not None:
            if "image" not in self.figure:
                self.figure["image"] = key
                self.figure["alt"] = clean_text(" ".join((element.get("alt") or "").split()))
            return
        if self.depth["tr"]:
            return
        self.flush()
        alt = clean_text(" ".join((element.get("alt") or "").split()))
        self.blocks.append((element_order(element), Block(BlockKind.FIGURE, "", image=key, alt=alt)))

    def _href(self, href: str | None) -> str | None:
        """Links are kept as addresses (for export), never followed; only http(s)."""
        if not href:
            return None
        href = href.strip()[:2000]
        if self.base_url and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href):
            if href.startswith("#"):
                return None
            href = urljoin(self.base_url, href)
        return href if href.lower().startswith(("http://", "https://")) else None


def _is_link(element: etree._Element) -> bool:
    """An element that links somewhere (counted for link density even when its address
    is relative with no base, or not http(s), and so not kept)."""
    href = (element.get("href") or "").strip()
    return bool(href) and not href.startswith("#")


def html_to_blocks(
    root: etree._Element, images: ImageStore, base_url: str = ""
) -> list[tuple[int, Block]]:
    """Blocks of an element tree, each with the source order of its first element."""
    builder = _Builder(images, base_url)
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        if event == "start":
            if not builder.start(element):
                walker.skip_subtree()  # its "end" still comes, and adds its tail
                continue
            builder.add_text(element.text)
        else:
            builder.end(element, tail=element is not root)
    builder.flush()
    return builder.blocks
