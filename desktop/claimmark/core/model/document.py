"""The reading document: one structured form, one reading text.

A document is a list of blocks (headings, paragraphs, quotes, list items, figures,
preformatted text, table rows), each holding plain text and inline spans
(emphasis, links, code). The *reading text* is the text of every block joined by
one newline ("\\n"); within a block a line break is also one "\\n". Annotations
anchor to code-point offsets into that text, so it is defined here once and
nowhere else. See docs/reading-text.md.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

# The stored structure's format: 1 held each block's text (projects of format 7 and
# older), 2 holds each block's length in code points instead, the reading text beside it
# (documents.reading_text) holding the texts, so that a text is not stored twice.
FORMAT_VERSION = 2

T = TypeVar("T")


class TextMismatch(ValueError):
    """A stored structure whose block lengths do not fit the reading text beside it."""


class StoredString(StrEnum):
    """One of a fixed set of strings that a project file stores. Its repr is the
    string's, so a document's repr reads as it did when these were plain strings."""

    def __repr__(self) -> str:
        return repr(self.value)


class BlockKind(StoredString):
    """What a block is; the value is the string stored in a project's documents."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    QUOTE = "quote"
    LIST_ITEM = "list_item"
    FIGURE = "figure"
    PRE = "pre"
    TABLE_ROW = "table_row"


class SpanKind(StoredString):
    """What an inline span is; the value is the string stored in a project's documents."""

    EM = "em"
    STRONG = "strong"
    LINK = "link"
    CODE = "code"
    SUB = "sub"
    SUP = "sup"


_BLOCK_KIND_OF: dict[str, BlockKind] = {kind.value: kind for kind in BlockKind}
SPAN_KINDS: tuple[str, ...] = tuple(SpanKind)


@dataclass(frozen=True)
class Span:
    """An inline span over a block's text: [start, end) in code points."""

    start: int
    end: int
    kind: SpanKind
    href: str | None = None

    def to_json(self) -> list[Any]:
        out: list[Any] = [self.start, self.end, self.kind]
        if self.href is not None:
            out.append(self.href)
        return out


SpanFields = tuple[int, int, str, Any]  # a stored span's start, end, kind and address


def _span_fields(data: list[Any]) -> SpanFields:
    """A stored span's start, end, kind and address, not yet checked."""
    return int(data[0]), int(data[1]), str(data[2]), data[3] if len(data) > 3 else None


def _checked_spans(stored: list[Any], length: int) -> list[SpanFields]:
    """A block's stored spans, checked against the length of its text."""
    fields = [_span_fields(s) for s in stored]
    for start, end, span_kind, _href in fields:
        if not (0 <= start <= end <= length) or span_kind not in SPAN_KINDS:
            raise ValueError("span out of range")
    return fields


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    spans: list[Span] = field(default_factory=list)
    level: int = 0  # heading level, list depth or quote depth
    ordered: bool = False  # list items: numbered list
    image: str | None = None  # figures: the key of a stored image
    alt: str = ""  # figures: the image's alternative text (not part of the reading text)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "text": self.text}
        if self.spans:
            out["spans"] = [s.to_json() for s in self.spans]
        if self.level:
            out["level"] = self.level
        if self.ordered:
            out["ordered"] = True
        if self.image:
            out["image"] = self.image
        if self.alt:
            out["alt"] = self.alt
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any], text: str | None = None) -> Block:
        """A stored block; `text` is its text when the structure holds its length instead."""
        kind, text, fields, level = _checked_block(data, text)
        spans = [Span(start, end, SpanKind(span_kind), href) for start, end, span_kind, href in fields]
        return cls(kind, text, spans, level, bool(data.get("ordered", False)), data.get("image"),
                   str(data.get("alt", "")))


def _checked_block(data: dict[str, Any], text: str | None) -> tuple[BlockKind, str, list[SpanFields], int]:
    """A stored block's kind, text, spans and level, checked as `Block.from_json` needs
    them (ValueError, TypeError if not as ClaimMark writes them), nothing built yet: the
    one check of a stored block, for reading it and for checking a file's documents."""
    stored = data.get("kind")
    kind = _BLOCK_KIND_OF.get(stored) if isinstance(stored, str) else None
    if kind is None:
        raise ValueError(f"unknown block kind {stored!r}")
    text = str(data.get("text", "")) if text is None else text
    # most blocks have no spans (and no key for them): a document is read each time it is shown
    fields = _checked_spans(data["spans"], len(text)) if "spans" in data else []
    return kind, text, fields, int(data.get("level", 0))


@dataclass(frozen=True)
class ReadingDocument:
    """The structured reading form of one article. The first block is its title."""

    blocks: list[Block] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The reading text: every block's text joined by one newline."""
        return "\n".join(b.text for b in self.blocks)

    @property
    def body_text(self) -> str:
        """The reading text without the title block (what `claimmark extract` prints)."""
        if self.blocks and self.blocks[0].kind == "heading" and self.blocks[0].level == 1:
            return "\n".join(b.text for b in self.blocks[1:])
        return self.text

    def block_starts(self) -> list[int]:
        """The code-point offset in the reading text at which each block starts."""
        starts, pos = [], 0
        for block in self.blocks:
            starts.append(pos)
            pos += len(block.text) + 1
        return starts

    def to_json(self) -> str:
        """The structure as stored (format 2): each block's length in place of its text."""
        blocks = [b.to_json() for b in self.blocks]
        for block in blocks:
            block["length"] = len(block.pop("text"))
        return json.dumps({"version": FORMAT_VERSION, "blocks": blocks}, ensure_ascii=False,
                          separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str, text: str | None = None) -> ReadingDocument:
        """The document stored as `raw`, with the reading text stored beside it (which
        a structure of format 2 needs); ValueError if it is not one ClaimMark wrote (a
        project file is untrusted: any JSON value may stand anywhere in it), TextMismatch
        if its blocks do not fit `text`."""
        data = json.loads(raw)
        try:
            blocks = data.get("blocks", [])
            if data.get("version", 1) == 1:
                return cls([Block.from_json(b) for b in blocks])
            if data["version"] != FORMAT_VERSION or text is None:
                raise ValueError("not a reading structure ClaimMark wrote")
            return cls(_fitted(blocks, text, Block.from_json))
        except (AttributeError, TypeError, KeyError, IndexError):
            raise ValueError("not a reading structure") from None

    @classmethod
    def check_json(cls, raw: str, text: str | None) -> None:
        """Raise what `from_json(raw, text)` raises, and TextMismatch if the document it
        makes has not `text` as its reading text, without making it: a merge checks each
        document of an incoming file this way, where building every block cost the most."""
        data = json.loads(raw)
        try:
            blocks = data.get("blocks", [])
            if data.get("version", 1) == 1:
                if cls([Block.from_json(b) for b in blocks]).text != text:  # format 1 holds its own texts
                    raise TextMismatch("the structure does not fit the reading text")
                return
            if data["version"] != FORMAT_VERSION or text is None:
                raise ValueError("not a reading structure ClaimMark wrote")
            _fitted(blocks, text, _checked_block)
        except (AttributeError, TypeError, KeyError, IndexError):
            raise ValueError("not a reading structure") from None

    def to_html(self) -> str:
        """Safe HTML of the document: only allow-listed tags, escaped text, no remote
        resources (images point at ``image:KEY``, resolved from the project file)."""
        parts: list[str] = []
        open_lists: list[str] = []
        for block in self.blocks:
            if block.kind == BlockKind.LIST_ITEM:
                _list_item_html(parts, open_lists, block)
                continue
            _close_lists(parts, open_lists, 0)
            markup = _block_html(block)
            if markup is not None:
                parts.append(markup)
        _close_lists(parts, open_lists, 0)
        return "\n".join(parts)


def _fitted(blocks: list[dict[str, Any]], text: str, make: Callable[[dict[str, Any], str], T]) -> list[T]:
    """Stored blocks of format 2 given their texts, each made by `make` from its stored
    form and text: consecutive slices of `text` of each block's length, one newline
    between them, nothing left over."""
    out, pos = [], 0
    for index, block in enumerate(blocks):
        length = block["length"]
        if not isinstance(length, int) or isinstance(length, bool) or length < 0:
            raise ValueError("a block's length is not a length")
        if index:
            if text[pos:pos + 1] != "\n":
                raise TextMismatch("the structure does not fit the reading text")
            pos += 1
        out.append(make(block, text[pos:pos + length]))
        pos += length
    if pos != len(text):  # a block cut short by the text's end shows here too
        raise TextMismatch("the structure does not fit the reading text")
    return out


# the markup around a block's inline HTML, for the kinds that need no more than that
_WRAPPERS = {
    BlockKind.PARAGRAPH: ("<p>", "</p>"),
    BlockKind.QUOTE: ("<blockquote><p>", "</p></blockquote>"),
    BlockKind.PRE: ("<pre>", "</pre>"),
}


def _block_html(block: Block) -> str | None:
    """The HTML of one block that is not a list item (None for a kind it does not know)."""
    if block.kind == BlockKind.TABLE_ROW:
        cells = "".join(f"<td>{html.escape(c)}</td>" for c in block.text.split("\t"))
        return f"<table><tr>{cells}</tr></table>"
    inner = render_inline(block.text, block.spans)
    if block.kind == BlockKind.HEADING:
        level = min(max(block.level, 1), 6)
        return f"<h{level}>{inner}</h{level}>"
    if block.kind == BlockKind.FIGURE:
        img = ""
        if block.image:
            img = (
                f'<img src="image:{html.escape(block.image, quote=True)}" '
                f'alt="{html.escape(block.alt, quote=True)}">'
            )
        return f"<figure>{img}<figcaption>{inner}</figcaption></figure>"
    wrapper = _WRAPPERS.get(block.kind)
    return None if wrapper is None else f"{wrapper[0]}{inner}{wrapper[1]}"


def _list_item_html(parts: list[str], open_lists: list[str], block: Block) -> None:
    """A list item, closing the lists nested deeper than it and opening those it needs."""
    depth = max(block.level, 1)
    _close_lists(parts, open_lists, depth)
    while len(open_lists) < depth:
        tag = "ol" if block.ordered else "ul"
        open_lists.append(tag)
        parts.append(f"<{tag}>")
    parts.append(f"<li>{render_inline(block.text, block.spans)}</li>")


def _close_lists(parts: list[str], open_lists: list[str], depth: int) -> None:
    while len(open_lists) > depth:
        parts.append(f"</{open_lists.pop()}>")


_TAGS = {"em": "em", "strong": "strong", "code": "code", "sub": "sub", "sup": "sup"}


def runs_of(blocks: Sequence[Block], kind: str) -> list[range]:
    """The index ranges of the runs of consecutive blocks of one kind (a list's items,
    a table's rows)."""
    runs, index = [], 0
    while index < len(blocks):
        end = index
        while end < len(blocks) and blocks[end].kind == kind:
            end += 1
        if end > index:
            runs.append(range(index, end))
        index = end + 1 if end == index else end
    return runs


def render_inline(text: str, spans: list[Span]) -> str:
    """Escaped HTML for a block's text with its spans; only http(s) links become links."""
    events = _span_events(spans)
    out: list[str] = []
    stack: list[tuple[str, str]] = []
    pos = 0
    for offset in sorted(events):
        out.append(_escape_text(text[pos:offset]))
        pos = offset
        for key, close in events[offset]:
            if key < 0:
                _close_span(out, stack, close)
        for key, open_tag in events[offset]:
            if key >= 0:
                close_tag = "</a>" if open_tag.startswith("<a ") else "</" + open_tag[1:]
                out.append(open_tag)
                stack.append((open_tag, close_tag))
    out.append(_escape_text(text[pos:]))
    while stack:
        out.append(stack.pop()[1])
    return "".join(out)


def _span_events(spans: list[Span]) -> dict[int, list[tuple[int, str]]]:
    """At each offset, the tags that open there (key: the span's index) and close there
    (key: minus the index, minus one), in the order of the spans."""
    events: dict[int, list[tuple[int, str]]] = {}
    for index, span in enumerate(spans):
        if span.start >= span.end:
            continue
        if span.kind == "link":
            if not (span.href or "").lower().startswith(("http://", "https://")):
                continue
            open_tag = f'<a href="{html.escape(span.href or "", quote=True)}">'
            close_tag = "</a>"
        else:
            tag = _TAGS.get(span.kind)
            if tag is None:
                continue
            open_tag, close_tag = f"<{tag}>", f"</{tag}>"
        events.setdefault(span.start, []).append((index, open_tag))
        events.setdefault(span.end, []).append((-index - 1, close_tag))
    return events


def _close_span(out: list[str], stack: list[tuple[str, str]], close: str) -> None:
    """Close what ends here; re-open whatever was nested inside it and goes on."""
    reopen: list[tuple[str, str]] = []
    while stack:
        pair = stack.pop()
        out.append(pair[1])
        if pair[1] == close:
            break
        reopen.append(pair)
    for pair in reversed(reopen):
        out.append(pair[0])
        stack.append(pair)


def _escape_text(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")
