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
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

BLOCK_KINDS = ("heading", "paragraph", "quote", "list_item", "figure", "pre", "table_row")
SPAN_KINDS = ("em", "strong", "link", "code", "sub", "sup")
FORMAT_VERSION = 1


@dataclass
class Span:
    """An inline span over a block's text: [start, end) in code points."""

    start: int
    end: int
    kind: str
    href: str | None = None

    def to_json(self) -> list[Any]:
        out: list[Any] = [self.start, self.end, self.kind]
        if self.href is not None:
            out.append(self.href)
        return out

    @classmethod
    def from_json(cls, data: list[Any]) -> Span:
        return cls(int(data[0]), int(data[1]), str(data[2]), data[3] if len(data) > 3 else None)


@dataclass
class Block:
    kind: str
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
    def from_json(cls, data: dict[str, Any]) -> Block:
        kind = data.get("kind")
        if kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {kind!r}")
        text = str(data.get("text", ""))
        spans = [Span.from_json(s) for s in data.get("spans", [])]
        for span in spans:
            if not (0 <= span.start <= span.end <= len(text)) or span.kind not in SPAN_KINDS:
                raise ValueError("span out of range")
        return cls(
            kind=kind,
            text=text,
            spans=spans,
            level=int(data.get("level", 0)),
            ordered=bool(data.get("ordered", False)),
            image=data.get("image"),
            alt=str(data.get("alt", "")),
        )


@dataclass
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
        return json.dumps(
            {"version": FORMAT_VERSION, "blocks": [b.to_json() for b in self.blocks]},
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, raw: str) -> ReadingDocument:
        """The document stored as `raw`; ValueError if it is not one ClaimMark wrote (a
        project file is untrusted: any JSON value may stand anywhere in it)."""
        data = json.loads(raw)
        try:
            return cls([Block.from_json(b) for b in data.get("blocks", [])])
        except (AttributeError, TypeError, KeyError, IndexError):
            raise ValueError("not a reading structure") from None

    def to_html(self) -> str:
        """Safe HTML of the document: only allow-listed tags, escaped text, no remote
        resources (images point at ``image:KEY``, resolved from the project file)."""
        parts: list[str] = []
        open_list: list[str] = []

        def close_lists(depth: int) -> None:
            while len(open_list) > depth:
                parts.append(f"</{open_list.pop()}>")

        for block in self.blocks:
            if block.kind != "list_item":
                close_lists(0)
            inner = render_inline(block.text, block.spans)
            if block.kind == "heading":
                level = min(max(block.level, 1), 6)
                parts.append(f"<h{level}>{inner}</h{level}>")
            elif block.kind == "paragraph":
                parts.append(f"<p>{inner}</p>")
            elif block.kind == "quote":
                parts.append(f"<blockquote><p>{inner}</p></blockquote>")
            elif block.kind == "list_item":
                depth = max(block.level, 1)
                close_lists(depth)
                while len(open_list) < depth:
                    tag = "ol" if block.ordered else "ul"
                    open_list.append(tag)
                    parts.append(f"<{tag}>")
                parts.append(f"<li>{inner}</li>")
            elif block.kind == "figure":
                img = ""
                if block.image:
                    img = (
                        f'<img src="image:{html.escape(block.image, quote=True)}" '
                        f'alt="{html.escape(block.alt, quote=True)}">'
                    )
                parts.append(f"<figure>{img}<figcaption>{inner}</figcaption></figure>")
            elif block.kind == "pre":
                parts.append(f"<pre>{inner}</pre>")
            elif block.kind == "table_row":
                cells = "".join(f"<td>{html.escape(c)}</td>" for c in block.text.split("\t"))
                parts.append(f"<table><tr>{cells}</tr></table>")
        close_lists(0)
        return "\n".join(parts)


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
    out: list[str] = []
    stack: list[tuple[str, str]] = []
    pos = 0
    for offset in sorted(events):
        out.append(_escape_text(text[pos:offset]))
        pos = offset
        closes = [tag for key, tag in events[offset] if key < 0]
        opens = [tag for key, tag in events[offset] if key >= 0]
        # Close what ends here; re-open whatever was nested inside it and goes on.
        for close in closes:
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
        for open_tag in opens:
            close_tag = "</a>" if open_tag.startswith("<a ") else "</" + open_tag[1:]
            out.append(open_tag)
            stack.append((open_tag, close_tag))
    out.append(_escape_text(text[pos:]))
    while stack:
        out.append(stack.pop()[1])
    return "".join(out)


def _escape_text(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")
