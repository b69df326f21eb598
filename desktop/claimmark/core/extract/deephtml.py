"""Flattening pathologically deep HTML before lxml parses it.

libxml2 stops building the tree at a fixed depth (256 levels, 2048 with
``huge_tree``) and silently drops the text nested below it. A page of 20,000 nested
``div``s would come out empty. When a parsed tree reaches that depth, the page is
re-tokenised with the standard library's (non-recursive) parser, and tags nested
deeper than `cap` are dropped while their text is kept. Block boundaries below the cap
(a paragraph, a list item, a division) become sibling ``div``s at the cap, so the
paragraphs of a deep page still come out as paragraphs.
"""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}
SELF_CLOSING_SIBLINGS = {"p", "li", "dt", "dd", "tr", "td", "th", "option"}
BLOCKISH = {"div", "p", "section", "article", "li", "ul", "ol", "table", "tr", "td", "blockquote",
            "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dl", "dt", "dd", "main", "header", "footer"}
DEFAULT_CAP = 200


class _Flattener(HTMLParser):
    def __init__(self, cap: int):
        super().__init__(convert_charrefs=False)
        self.cap = cap
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, emitted)
        self.synthetic = False  # a <div> of ours is open at the cap
        self.empty = False  # ... and nothing but white space went into it yet

    def _boundary(self) -> None:
        """A block boundary below the cap: start a new sibling div at the cap (one for a
        run of boundaries with no text between them, so that 40,000 closing tags do
        not become 40,000 empty divs for the extractor to walk)."""
        if self.synthetic and self.empty:
            return
        self.out.append("</div><div>" if self.synthetic else "<div>")
        self.synthetic = True
        self.empty = True

    def _close_synthetic(self) -> None:
        if self.synthetic:
            self.out.append("</div>")
            self.synthetic = False

    def handle_starttag(self, tag: str, _attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or f"<{tag}>"
        if tag in VOID:
            if len(self.stack) < self.cap or tag in ("br", "img"):
                self.out.append(raw)
                self.empty = False
            return
        if tag in SELF_CLOSING_SIBLINGS and self.stack and self.stack[-1][0] == tag:
            self.handle_endtag(tag)
        if len(self.stack) >= self.cap:
            self.stack.append((tag, False))
            if tag in BLOCKISH:
                self._boundary()
            return
        self._close_synthetic()
        self.stack.append((tag, True))
        self.out.append(raw)

    def handle_startendtag(self, _tag: str, _attrs: list[tuple[str, str | None]]) -> None:
        if len(self.stack) < self.cap:
            self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                for name, emitted in reversed(self.stack[index:]):
                    if emitted:
                        self._close_synthetic()
                        self.out.append(f"</{name}>")
                    elif name in BLOCKISH:
                        self._boundary()
                del self.stack[index:]
                return

    def result(self) -> str:
        """The flattened page, with what is still open closed."""
        self._close_synthetic()
        for name, emitted in reversed(self.stack):
            if emitted:
                self.out.append(f"</{name}>")
        return "".join(self.out)

    def handle_data(self, data: str) -> None:
        self.out.append(data)
        if data.strip():
            self.empty = False

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")
        self.empty = False

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")
        self.empty = False

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        if decl.lower().startswith("doctype html"):
            self.out.append(f"<!{decl}>")


def flatten(html: str, cap: int = DEFAULT_CAP) -> str:
    """The page with every tag nested deeper than `cap` removed (text kept)."""
    parser = _Flattener(cap)
    parser.feed(html)
    parser.close()
    return parser.result()
