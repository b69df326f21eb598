"""Markdown export: a report to paste into notes, wikis and pull requests.

Everything that came from a page or a person (titles, quotes, notes, names, tags) is
escaped so that it renders as the same text and nothing more: no HTML, links,
images, embeds (``![[...]]``), wiki links, headings, lists, tables, front matter,
tags (``#tag``), highlights, comments, maths, footnotes, @-mentions, and no code
blocks or inline code that note apps execute (Obsidian's ``dataviewjs``, ``tasks``,
Dataview's ``$=`` inline queries). Only http(s) addresses become links.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from claimmark.core.export.filenames import unique_filenames
from claimmark.core.export.groups import DocumentAnnotations
from claimmark.core.model.records import KINDS, Annotation

KIND_LABELS = {"claim": "Claim", "quote": "Quote", "citation": "Citation"}
GROUP_LABELS = {"claim": "Claims", "quote": "Quotes", "citation": "Citations"}
ANCHOR_NOTES = {
    "fuzzy": "the text has changed here since it was tagged; the quote is as tagged",
    "orphaned": "this passage is no longer in the document; the quote is as tagged",
}

# ASCII punctuation that means something in CommonMark, GFM or Obsidian wherever it
# stands; a backslash before any ASCII punctuation is always a literal.
_ESCAPE_ANYWHERE = set("\\`*_[]#|~=^$%{}@!")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_LINE_START = re.compile(r"^(\s*)([-+:]|\d+[.)])")


def escape(text: str) -> str:
    """One line of untrusted text as inert Markdown that renders as the same text."""
    out = []
    for ch in text:
        if ch in _HTML:
            out.append(_HTML[ch])
        elif ch in _ESCAPE_ANYWHERE:
            out.append("\\" + ch)
        elif ch in "\t\r\n":
            out.append(" ")
        elif ch == "\x00":
            out.append("\ufffd")
        else:
            out.append(ch)
    line = "".join(out).strip()
    # list items, thematic breaks, setext underlines, front matter and definition lists
    match = _LINE_START.match(line)
    if match:
        marker = match.group(2)
        line = match.group(1) + marker[:-1] + "\\" + marker[-1] + line[match.end() :]
    return line


def escape_lines(text: str) -> list[str]:
    """Untrusted text of several lines, each escaped (empty lines kept as paragraph breaks)."""
    return [escape(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def safe_url(url: str) -> str | None:
    """`url` made safe as a Markdown link destination, or None unless it is http(s)."""
    url = (url or "").strip()
    if not re.match(r"^https?://[^\s/?#]+", url, re.IGNORECASE):
        return None
    return quote(url, safe=":/?#@!$&'*+,;=%-._~")


def link(text: str, url: str) -> str:
    target = safe_url(url)
    label = escape(text)
    if target is None:
        return label
    return f"[{label or escape(url)}]({target})"


def to_markdown(
    groups: list[DocumentAnnotations],
    *,
    title: str = "",
    group_by: str | None = None,
) -> str:
    """One report for all documents: a title heading, then a section per document."""
    parts = [f"# {escape(title) or 'Annotations'}", ""]
    for group in groups:
        parts += _document(group, level=2, group_by=group_by)
    return "\n".join(parts).rstrip("\n") + "\n"


def to_markdown_files(
    groups: list[DocumentAnnotations], *, group_by: str | None = None
) -> list[tuple[str, str]]:
    """One report per document: [(safe file name, Markdown)]."""
    names = unique_filenames([g.document.title for g in groups], suffix=".md")
    return [
        (name, "\n".join(_document(group, level=1, group_by=group_by)).rstrip("\n") + "\n")
        for name, group in zip(names, groups, strict=True)
    ]


def _document(group: DocumentAnnotations, *, level: int, group_by: str | None) -> list[str]:
    doc = group.document
    lines = [f"{'#' * level} {escape(doc.title) or 'Untitled'}", ""]
    facts = [escape(v) for v in (doc.site_name, doc.byline, doc.published) if v]
    if doc.url:
        facts.append(link(doc.url, doc.url))
    if facts:
        lines += [" · ".join(facts), ""]
    if not group.annotations:
        return [*lines, "No annotations.", ""]
    if group_by == "kind":
        for kind in KINDS:
            items = [a for a in group.annotations if a.kind == kind]
            if items:
                lines += [f"{'#' * (level + 1)} {GROUP_LABELS[kind]}", ""]
                for item in items:
                    lines += _annotation(item)
    elif group_by in (None, "", "reading"):
        for item in group.annotations:
            lines += _annotation(item)
    else:
        raise ValueError(f"unknown grouping {group_by!r}")
    return lines


def _annotation(item: Annotation) -> list[str]:
    # strip(): a passage tagged before selections were trimmed may end with its line break
    lines = [("> " + line) if line else ">" for line in escape_lines(item.exact.strip())]
    lines.append("")
    facts = [f"**{KIND_LABELS[item.kind]}**"]
    if item.kind == "claim":
        if item.claimant:
            facts.append(f"claimed by {escape(item.claimant)}")
        facts.append(f"status: {escape(item.status)}")
    elif item.kind == "quote":
        if item.speaker:
            facts.append(f"spoken by {escape(item.speaker)}")
    elif item.kind == "citation" and (item.source_title or item.source_url):
        facts.append("cites " + link(item.source_title or item.source_url, item.source_url))
    if item.tags:
        facts.append("tags: " + ", ".join(escape(t) for t in item.tags))
    facts.append(f"by {escape(item.author)}")
    if item.modified_by and item.modified_by != item.author_id:
        facts.append(f"last edited by {escape(item.modified_by_name or item.modified_by)}")
    lines += [" · ".join(facts), ""]
    if item.anchor_status in ANCHOR_NOTES:
        lines += [f"*({ANCHOR_NOTES[item.anchor_status]})*", ""]
    if item.note:
        note = escape_lines(item.note)
        lines += ["Note:", ""]
        for index, line in enumerate(note):
            more = index + 1 < len(note) and note[index + 1]
            lines.append(line + ("  " if line and more else ""))  # two spaces: a line break
        lines.append("")
    lines += ["* * *", ""]
    return lines
