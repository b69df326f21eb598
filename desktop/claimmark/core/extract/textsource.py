"""Plain text and Markdown to reading-document blocks.

Paragraphs are split on blank lines. A leading breadcrumb line (``News / China``) is
dropped, and a short first line that reads like a headline becomes the title.
Markdown gets headings, block quotes, lists, fenced code and inline emphasis, code
and http(s) links; raw HTML in it stays literal text.
"""

from __future__ import annotations

import re

from claimmark.core.extract.encoding import collapse_spaces
from claimmark.core.model.document import Block, BlockKind, Span, SpanKind

_BREADCRUMB_SEP = re.compile(r"\s+(?:/|>|»|›|\||::|→)\s+")
_MD_HEADING = re.compile(r"(#{1,6})\s+")
_MD_LIST = re.compile(r"^(\s*)([-*+]|\d{1,3}[.)])\s+(.*)$")
_MD_FENCE = re.compile(r"^(```|~~~)")
_INLINE = re.compile(
    r"\*\*(?P<strong>[^*\n]+?)\*\*|__(?P<strong2>[^_\n]+?)__|(?<![\w*])\*(?P<em>[^*\n]+?)\*(?!\w)"
    r"|(?<![\w_])_(?P<em2>[^_\n]+?)_(?!\w)|`(?P<code>[^`\n]+)`"
    r"|\[(?P<label>[^\[\]\n]+)\]\((?P<href>(?:[^()\s]|\([^()\s]*\))+)(?:\s+\"[^\"]*\")?\)"
)


def is_breadcrumb(line: str) -> bool:
    parts = _BREADCRUMB_SEP.split(line.strip())
    return (
        len(parts) >= 2
        and all(0 < len(p.split()) <= 4 for p in parts)
        and not re.search(r"[.!?]$", line.strip())
    )


def _looks_like_title(paragraph: str) -> bool:
    line = paragraph.strip()
    return "\n" not in line and 0 < len(line.split()) <= 25 and not line.endswith((".", ","))


def text_to_blocks(
    text: str, markdown: bool = False
) -> tuple[dict[str, str], list[Block], list[str]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if markdown:
        blocks = _markdown_blocks(text)
    else:
        paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
        blocks = [Block(BlockKind.PARAGRAPH, _join_lines(p)) for p in paragraphs]
    metadata: dict[str, str] = {}
    if len(blocks) > 1 and blocks[0].kind == "paragraph" and is_breadcrumb(blocks[0].text):
        blocks.pop(0)
    if blocks:
        first = blocks[0]
        if (first.kind == "heading" and first.level == 1) or (
            first.kind == "paragraph" and len(blocks) > 1 and _looks_like_title(first.text)
        ):
            metadata["title"] = first.text
            blocks.pop(0)
    return metadata, blocks, []


def _join_lines(paragraph: str) -> str:
    return collapse_spaces(paragraph)


def _markdown_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines = text.split("\n")
    index = 0
    paragraph: list[str] = []
    while index < len(lines):
        found = _markdown_block(lines, index)
        if found is None:
            paragraph.append(lines[index].strip())
        else:
            _flush_paragraph(blocks, paragraph)
            block, index = found
            if block is not None:
                blocks.append(block)
        index += 1
    _flush_paragraph(blocks, paragraph)
    return blocks


def _flush_paragraph(blocks: list[Block], paragraph: list[str]) -> None:
    """The paragraph's lines so far, as one paragraph block."""
    if paragraph:
        blocks.append(_inline_block(BlockKind.PARAGRAPH, collapse_spaces(" ".join(paragraph))))
        paragraph.clear()


def _markdown_block(lines: list[str], index: int) -> tuple[Block | None, int] | None:
    """What the line at `index` starts that ends a paragraph: a block (or None for a blank
    line or a thematic break) and the index of its last line; None for a paragraph's line."""
    line = lines[index]
    stripped = line.strip()
    if _MD_FENCE.match(stripped):
        return _fenced_code(lines, index)
    if not stripped:
        return None, index
    if heading := _MD_HEADING.match(stripped):
        text = _heading_text(stripped[heading.end():])
        return _inline_block(BlockKind.HEADING, text, level=len(heading.group(1))), index
    if stripped.startswith(">"):
        return _quote(lines, index)
    if item := _MD_LIST.match(line):
        depth = 1 + len(item.group(1).expandtabs(4)) // 2
        ordered = item.group(2)[0].isdigit()
        return _inline_block(BlockKind.LIST_ITEM, item.group(3), level=depth, ordered=ordered), index
    if re.fullmatch(r"([-*_])(\s*\1){2,}", stripped):
        return None, index
    return None


def _fenced_code(lines: list[str], index: int) -> tuple[Block | None, int]:
    """A fenced code block from its opening fence to its closing one (or the end)."""
    fence = lines[index].strip()[:3]
    code: list[str] = []
    index += 1
    while index < len(lines) and not lines[index].strip().startswith(fence):
        code.append(lines[index])
        index += 1
    return (Block(BlockKind.PRE, "\n".join(code)) if code else None), index


def _quote(lines: list[str], index: int) -> tuple[Block, int]:
    """A block quote: the run of lines starting with ``>``, as one quote block."""
    quote = [lines[index].strip().lstrip(">").strip()]
    while index + 1 < len(lines) and lines[index + 1].strip().startswith(">"):
        index += 1
        quote.append(lines[index].strip().lstrip(">").strip())
    return _inline_block(BlockKind.QUOTE, " ".join(q for q in quote if q), level=1), index


def _heading_text(rest: str) -> str:
    """An ATX heading's text without its optional closing run of ``#`` (CommonMark: a run
    that stands alone or after white space). Done by hand, not by one pattern: a pattern
    with a lazy text group before optional spaces and hashes backtracks in cubic time on
    a heading padded with thousands of spaces."""
    text = rest.rstrip()
    body = text.rstrip("#")
    if len(body) < len(text) and (not body or body[-1].isspace()):
        text = body.rstrip()
    return text


def _inline_block(kind: BlockKind, source: str, level: int = 0, ordered: bool = False) -> Block:
    """Strip Markdown emphasis, code and link syntax into spans."""
    out: list[str] = []
    spans: list[Span] = []
    pos = 0
    length = 0
    for match in _INLINE.finditer(source):
        out.append(source[pos:match.start()])
        length += match.start() - pos
        groups = match.groupdict()
        kind_: SpanKind | None
        if groups["label"] is not None:
            inner, kind_, href = groups["label"], SpanKind.LINK, groups["href"]
            if not href.lower().startswith(("http://", "https://")):
                kind_, href = None, None
        else:
            kinds = ("strong", "strong2", "em", "em2", "code")
            name = next(k for k in kinds if groups[k] is not None)
            inner, kind_, href = groups[name], SpanKind(name.rstrip("2")), None
        if kind_:
            spans.append(Span(length, length + len(inner), kind_, href))
        out.append(inner)
        length += len(inner)
        pos = match.end()
    out.append(source[pos:])
    return Block(kind, "".join(out), spans, level=level, ordered=ordered)
