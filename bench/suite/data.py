"""The suite's own data: synthetic articles made from real paragraphs, and a project of
N documents and M annotations built through the facade.

The paragraphs come from the extraction fixtures in `tests/fixtures/` (real news pages),
so the reading text, its words and its sentence lengths look like what people import;
the boilerplate around them (navigation, share bars, related links, comments, footer)
is what extraction has to throw away."""

from __future__ import annotations

import html
import random
import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = (ROOT / "tests" / "fixtures" / "extraction", ROOT / "tests" / "fixtures" / "corpus")
SIZES = {"20k": 20_000, "200k": 200_000, "2m": 2_000_000}
KINDS = ("claim", "quote", "citation")  # core.KINDS, without importing the core here


@cache
def paragraphs() -> tuple[str, ...]:
    """Every paragraph of 80 characters or more in the fixture pages, in a stable order."""
    found: list[str] = []
    for folder in FIXTURES:
        for page in sorted(folder.rglob("*.html")):
            if "_files" in page.parts[-2]:
                continue
            root = lxml.html.fromstring(page.read_bytes())
            for p in root.iter("p"):
                text = re.sub(r"\s+", " ", p.text_content()).strip()
                if len(text) >= 80 and text not in found:
                    found.append(text)
    if len(found) < 20:
        raise RuntimeError(f"only {len(found)} paragraphs found under {FIXTURES}")
    return tuple(found)


def _links(rng: random.Random, count: int, words: list[str]) -> str:
    items = "".join(
        f'<li><a href="/section/{rng.randrange(10**6)}">{" ".join(rng.sample(words, 3)).title()}</a></li>'
        for _ in range(count)
    )
    return f"<ul>{items}</ul>"


def _boilerplate(rng: random.Random, words: list[str]) -> dict[str, str]:
    share = "".join(
        f'<a class="share" href="https://share.example/{n}">{n}</a>'
        for n in ("Facebook", "X", "LinkedIn", "WhatsApp", "Email", "Print")
    )
    comments = "".join(
        f'<div class="comment"><span class="user">reader{rng.randrange(9999)}</span>'
        f'<p>{html.escape(" ".join(rng.sample(words, 12)))}.</p><a href="#reply">Reply</a></div>'
        for _ in range(8)
    )
    return {
        "nav": f'<header><div class="logo">The Daily Example</div><nav>{_links(rng, 14, words)}</nav>'
        '<form class="search"><input name="q"><button>Search</button></form></header>',
        "share": f'<div class="share-bar">{share}</div>',
        "related": f'<aside class="related"><h3>Related stories</h3>{_links(rng, 8, words)}</aside>',
        "comments": f'<section class="comments"><h3>Comments</h3>{comments}</section>',
        "footer": f'<footer>{_links(rng, 12, words)}<p class="legal">© The Daily Example. All rights'
        " reserved. Cookie settings. Terms of use. Privacy policy.</p></footer>",
    }


def article(size: int, seed: int = 0) -> str:
    """An HTML page of about `size` bytes (within a paragraph) of real paragraphs,
    wrapped in a news site's boilerplate. Different seeds give different texts."""
    rng = random.Random(seed)
    pool = list(paragraphs())
    words = sorted({w for p in pool for w in re.findall(r"[A-Za-z]{4,}", p)})
    parts = _boilerplate(rng, words)
    title = f"{' '.join(rng.sample(words, 6)).title()} ({seed})"
    head = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f'<meta property="og:site_name" content="The Daily Example"></head><body>{parts["nav"]}'
        f'<main><article><h1>{html.escape(title)}</h1><p class="byline">By A. Reporter</p>{parts["share"]}'
    )
    tail = (
        f"{parts['share']}</article>{parts['related']}{parts['comments']}</main>{parts['footer']}"
        "</body></html>"
    )
    body: list[str] = []
    room = size - len(head.encode()) - len(tail.encode())
    n = 0
    while room > 0:
        text = pool[rng.randrange(len(pool))]
        piece = f"<h2>{html.escape(text[:40].rsplit(' ', 1)[0])}</h2>" if n % 9 == 8 else ""
        piece += f"<p>{html.escape(text)} ({seed}.{n})</p>"
        body.append(piece)
        room -= len(piece.encode())
        n += 1
    return head + "".join(body) + tail


def write_articles(folder: Path, sizes: dict[str, int] = SIZES) -> dict[str, Path]:
    """One article of each size, as `<name>.html` in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for i, (name, size) in enumerate(sizes.items()):
        path = folder / f"article-{name}.html"
        path.write_text(article(size, seed=i), encoding="utf-8")
        out[name] = path
    return out


def write_folder(folder: Path, count: int, size: int = 20_000) -> list[Path]:
    """`count` distinct articles of about `size` bytes, for a folder import."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"page-{i:05d}.html" for i in range(count)]
    for i, path in enumerate(paths):
        path.write_text(article(size, seed=1000 + i), encoding="utf-8")
    return paths


def variants(template: object, count: int) -> Iterator[object]:
    """`count` distinct documents from one extracted page: each with its own title,
    content hash and a reading text whose paragraphs are rotated (so that texts, and
    so search results, differ) and whose length stays the same (so that one set of
    annotation ranges fits them all), without extracting `count` pages."""
    from claimmark.core import Extracted
    from claimmark.core.model.document import ReadingDocument

    assert isinstance(template, Extracted)
    blocks = template.document.blocks
    pool = paragraphs()
    for i in range(count):
        shift = i % max(1, len(blocks))
        tail = f"{pool[i % len(pool)][:80]} Reference {i:08d}."  # the same length in every variant
        extra = replace(blocks[-1], text=tail, spans=[])
        document = ReadingDocument(blocks=[*blocks[shift:], *blocks[:shift], extra])
        metadata = {**template.metadata, "title": f"{template.metadata.get('title', 'Article')} #{i}"}
        yield replace(template, document=document, metadata=metadata, content_hash=f"bench-{i:08d}")


def annotation_ranges(text_length: int, count: int, seed: int = 0) -> Iterator[tuple[str, int, int]]:
    """`count` (kind, start, end) ranges spread over a text, 20 to 120 characters long."""
    rng = random.Random(seed)
    for _ in range(count):
        length = rng.randrange(20, 120)
        start = rng.randrange(0, max(1, text_length - length))
        yield KINDS[rng.randrange(len(KINDS))], start, start + length
