"""ClaimMark's own clean-up around readability: what to remove from a page before
extraction, and which extracted blocks are boilerplate (share bars, "read more" links,
related lists, comment prompts, copyright lines, trailing site notices)."""

from __future__ import annotations

import re

from lxml import etree

from claimmark.core.document import Block

# Removed from the page before anything else looks at it.
DROP_TAGS = (
    "script", "style", "noscript", "template", "svg", "math", "iframe", "frame", "frameset",
    "object", "embed", "applet", "canvas", "button", "input", "select", "textarea",
    "nav", "dialog", "link", "base", "audio", "video", "map",
)
# Dropped with their content unless they hold most of the page's text.
CONTAINER_TAGS = ("aside", "footer", "form")
# class/id words of containers that never hold the article
_BOILER_ATTR = re.compile(
    r"(^|[\s_-])(share|sharing|social|related|recommend(ed|ations)?|comments?|newsletter|"
    r"cookie|consent|advert|ads?|ad-slot|banner|promo|sponsor(ed)?|breadcrumbs?|subscribe|"
    r"subscription|sidebar|most-(viewed|read|popular)|popular|trending|paywall|outbrain|"
    r"taboola|login|signup|footer|masthead|navbar|menu|toolbar|skip-link|read-?more|"
    r"apps|inline-related)($|[\s_-])",
    re.I,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_ARTICLE_HINT = re.compile(
    r"(^|[\s_-])(article|story|post|entry|content|body|main|text)($|[\s_-])", re.I
)

BOILERPLATE_LINE = re.compile(
    r"^\W*(share (this|on|the|article|story)\b|share$|read more\b|read also\b|see also\b|"
    r"related (news|articles?|stories|posts|content|coverage)\b|most (viewed|read|popular)\b|"
    r"advertisement\b|be the first to comment|leave a (comment|reply)|comments? \(\d+\)|"
    r"(\d+ )?comments?$|you may also like|recommended for you|more from\b|follow us\b|"
    r"sign up for\b|subscribe (to|now)\b|click here to\b|tags?:|all rights reserved)",
    re.I,
)
_RIGHTS = re.compile(r"all rights reserved|©|\(c\) copyright|copyright \d{4}", re.I)
_SENTENCE_END = re.compile(r"[.!?…\"'”’»)\]]\s*$")
_DATE_WORDS = re.compile(
    r"\b(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?\b|\b(jan|feb|mar|apr|may|jun|jul|"
    r"aug|sep|oct|nov|dec)[a-z]*\b|\d{1,2}:\d{2}|\b(updated?|published|last update)\b",
    re.I,
)


def preclean(root: etree._Element) -> None:
    """Remove what can never be article text: scripts, styles, frames, forms,
    navigation, hidden elements, event handlers and boilerplate containers."""
    doomed = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            doomed.append(element)  # comments and processing instructions
            continue
        if element.tag.lower() in DROP_TAGS:
            doomed.append(element)
            continue
        attrib = element.attrib
        for name in list(attrib):
            if name.lower().startswith("on"):
                del attrib[name]
        if (
            "hidden" in attrib
            or attrib.get("aria-hidden", "").lower() == "true"
            or _HIDDEN_STYLE.search(attrib.get("style", ""))
        ):
            doomed.append(element)
    for element in doomed:
        _drop(element)
    _drop_boilerplate_containers(root)


def _drop_boilerplate_containers(root: etree._Element) -> None:
    """Drop containers marked as boilerplate by tag or class/id, unless one holds most
    of the page's unlinked text (sites name whole page wrappers "page-banner" or
    "with-sidebar", and ASP.NET pages sit inside one <form>)."""
    limit = 0.4 * _unlinked_chars(root)
    doomed = []
    walker = etree.iterwalk(root, events=("start",))
    for _event, element in walker:
        tag = element.tag.lower()
        if tag in ("html", "body", "article", "main"):
            continue
        names = f"{element.get('class', '')} {element.get('id', '')}"
        boiler = tag in CONTAINER_TAGS or (len(names) > 1 and _BOILER_ATTR.search(names))
        if boiler and not _ARTICLE_HINT.search(names) and _unlinked_chars(element) <= limit:
            doomed.append(element)
            walker.skip_subtree()
    for element in doomed:
        _drop(element)


def _unlinked_chars(element: etree._Element) -> int:
    """Characters of text outside links (white space runs count once)."""
    total = len(" ".join("".join(element.itertext()).split()))
    linked = sum(len(" ".join("".join(a.itertext()).split())) for a in element.iter("a"))
    return total - linked


def _drop(element: etree._Element) -> None:
    """Remove an element but keep its tail text in place."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def link_density(block: Block) -> float:
    if not block.text:
        return 0.0
    linked = sum(s.end - s.start for s in block.spans if s.kind == "link")
    return min(linked / len(block.text), 1.0)


def is_boilerplate(block: Block) -> bool:
    words = len(block.text.split())
    if block.kind == "figure":
        return False
    if words <= 25 and BOILERPLATE_LINE.search(block.text):
        return True
    if words <= 20 and _RIGHTS.search(block.text):
        return True
    return words <= 30 and link_density(block) > 0.6


def is_prose(block: Block) -> bool:
    """A sentence-like block: long enough and ending like a sentence."""
    return len(block.text.split()) >= 6 and bool(_SENTENCE_END.search(block.text))


def is_dateline(block: Block) -> bool:
    words = block.text.split()
    dates = len(_DATE_WORDS.findall(block.text))
    return len(words) <= 16 and dates >= 2 and (dates >= 4 or not is_prose(block))


def clean_blocks(blocks: list[Block], title: str) -> list[Block]:
    """Drop boilerplate blocks, the repeated title, leading datelines and the trailing
    run of site notices that many articles end with."""
    title_key = _key(title)
    out = [
        b for b in blocks
        if not is_boilerplate(b)
        and not (b.kind in ("heading", "paragraph") and _key(b.text) == title_key)
    ]
    while out and is_dateline(out[0]):
        out.pop(0)
    # Trailing notices: short non-sentences, lead-ins ending in ':', and boilerplate.
    while out:
        last = out[-1]
        words = len(last.text.split())
        short_fragment = words < 10 and not _SENTENCE_END.search(last.text)
        if last.kind == "figure" or (last.kind == "list_item" and not short_fragment):
            break
        if short_fragment or last.text.rstrip().endswith(":") or last.kind == "heading":
            out.pop()
            continue
        break
    return out


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())
