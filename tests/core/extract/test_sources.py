"""Reading saved pages: local images only from the page's own folder, data: images
within caps, plain text and Markdown with a title and without breadcrumbs."""

from __future__ import annotations

import base64
import os
import struct
import zlib
from pathlib import Path

import lxml.html

from claimmark.core.extract.blocks import ImageStore, html_to_blocks
from claimmark.core.extract.pipeline import extract_file
from tests.conftest import FIXTURES


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(min(height, 4)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


STORY = "".join(f"<p>Sentence {n} of a story that is long enough to be an article body.</p>" for n in range(6))


def page_with_images(srcs: list[str]) -> str:
    figures = "".join(f'<figure><img src="{s}"><figcaption>Caption {i}.</figcaption></figure>'
                      for i, s in enumerate(srcs))
    return f"<html><head><title>Pictures</title></head><body><article>{figures}{STORY}</article></body></html>"


def test_local_images_come_only_from_the_pages_own_folder(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    (folder / "page_files").mkdir(parents=True)
    (folder / "page_files" / "good.png").write_bytes(png(200, 100))
    outside = tmp_path / "secret.png"
    outside.write_bytes(png(300, 300))
    (folder / "page_files" / "link.png").symlink_to(outside)
    os.mkfifo(folder / "page_files" / "fifo.png")
    srcs = [
        "page_files/good.png",
        "./page_files/good.png",
        "page_files/link.png",
        "page_files/fifo.png",
        "../secret.png",
        "page_files/../../secret.png",
        str(outside),
        f"file://{outside}",
        "file:///dev/zero",
        "/dev/zero",
        "/etc/passwd",
        "//host/share/x.png",
        "C:/Windows/x.png",
        "https://example.com/x.png",
    ]
    page = folder / "page.html"
    page.write_text(page_with_images(srcs))
    extracted = extract_file(page)
    figures = [b for b in extracted.document.blocks if b.kind == "figure"]
    assert len(figures) == len(srcs)  # every caption kept
    with_images = [b.text for b in figures if b.image]
    assert with_images == ["Caption 0.", "Caption 1."]
    assert len(extracted.images) == 1  # the same image twice is stored once
    image = next(iter(extracted.images.values()))
    assert (image.width, image.height, image.mime) == (200, 100, "image/png")


def test_data_images_are_decoded_within_the_caps(tmp_path: Path) -> None:
    small = "data:image/png;base64," + base64.b64encode(png(120, 80)).decode()
    huge_pixels = "data:image/png;base64," + base64.b64encode(png(20000, 20000)).decode()
    broken = "data:image/png;base64,!!!notbase64!!!"
    page = tmp_path / "single.html"
    page.write_text(page_with_images([small, huge_pixels, broken, "data:text/html,<script>x</script>"]))
    extracted = extract_file(page)
    figures = [b for b in extracted.document.blocks if b.kind == "figure"]
    assert [bool(b.image) for b in figures] == [True, False, False, False]
    assert extracted.source_format == "singlefile"


def test_plain_text_drops_the_breadcrumb_and_finds_the_title(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("World  >  Europe\n\nA headline about things\n\nFirst paragraph is here.\nIt wraps.\n\n"
                    "Second paragraph here.\n", encoding="utf-8")
    extracted = extract_file(path)
    assert extracted.metadata["title"] == "A headline about things"
    assert extracted.document.text == ("A headline about things\nFirst paragraph is here. It wraps.\n"
                                       "Second paragraph here.")


def test_markdown_keeps_structure_and_stays_inert(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(
        "# The title\n\nIntro with **bold**, *em*, `code` and [a link](https://example.com/x) "
        "and [bad](javascript:alert(1)).\n\n## Section\n\n> A quoted line\n> continues.\n\n"
        "- one\n- two\n  - nested\n\n1. first\n\n```\ncode <b>block</b>\n```\n\n<script>alert(1)</script> stays text.\n",
        encoding="utf-8",
    )
    doc = extract_file(path).document
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert kinds[0] == ("heading", "The title")
    assert kinds[1][1] == "Intro with bold, em, code and a link and bad."
    assert ("heading", "Section") in kinds
    assert ("quote", "A quoted line continues.") in kinds
    assert ("list_item", "nested") in kinds and ("pre", "code <b>block</b>") in kinds
    links = [s for s in doc.blocks[1].spans if s.kind == "link"]
    assert [s.href for s in links] == ["https://example.com/x"]
    html = doc.to_html()
    assert "<script>" not in html and "&lt;script&gt;" in html and "javascript:" not in html


def test_html_structure_survives(tmp_path: Path) -> None:
    page = tmp_path / "structure.html"
    page.write_text(
        "<html><head><title>Structure</title></head><body><article><h1>Structure</h1>"
        + STORY
        + "<h2>A subheading</h2><blockquote><p>A quoted passage from someone important.</p></blockquote>"
        "<ul><li>First point made in the list</li><li>Second point with <em>emphasis</em></li></ul>"
        "<pre>line one\n  line two</pre>"
        "<p>Closing words with a <a href='https://example.org/src' onclick='evil()'>source link</a>"
        " and a <a href='javascript:alert(1)'>script link</a>.</p></article></body></html>"
    )
    doc = extract_file(page).document
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert ("heading", "A subheading") in kinds
    assert ("quote", "A quoted passage from someone important.") in kinds
    assert ("list_item", "Second point with emphasis") in kinds
    assert ("pre", "line one\n  line two") in kinds
    closing = next(b for b in doc.blocks if b.text.startswith("Closing"))
    kept = [(s.kind, s.href) for s in closing.spans if s.href]
    assert kept == [("link", "https://example.org/src")]  # the javascript: link keeps no address
    assert doc.text.count("\n") == len(doc.blocks) - 1 + doc.text.count("line one\n")


def test_tables_become_one_block_a_row_with_tab_separated_cells() -> None:
    root = lxml.html.fromstring(
        "<div><table><tr><th>Year</th><th>Value</th></tr><tr><td>2020</td><td>42 <b>nested</b>"
        "</td></tr></table><p>After.</p></div>"
    )
    blocks = [b for _order, b in html_to_blocks(root, ImageStore(lambda src: None))]
    assert [(b.kind, b.text) for b in blocks] == [
        ("table_row", "Year\tValue"), ("table_row", "2020\t42 nested"), ("paragraph", "After.")
    ]


def test_a_rows_cells_are_one_tab_apart_also_across_white_space_and_empty_cells() -> None:
    root = lxml.html.fromstring(
        "<div><table>\n <tr>\n  <th>Nr</th> <th>Name </th>\n  <th>Points</th>\n </tr>\n"
        '<tr><td>9</td> <td><a href="https://example.org/p">Ann </a></td><td></td><td>11</td></tr>'
        "</table></div>"
    )
    blocks = [b for _order, b in html_to_blocks(root, ImageStore(lambda src: None))]
    assert [b.text for b in blocks] == ["Nr\tName\tPoints", "9\tAnn\t\t11"]
    (link,) = blocks[1].spans
    assert blocks[1].text[link.start:link.end] == "Ann"


def test_a_link_around_blocks_links_each_of_them() -> None:
    root = lxml.html.fromstring(
        '<div><p>Intro <a href="https://example.org/t">teaser <div class="kicker">Düsseldorf</div>'
        "<p>Seit Montag herrscht im Süden Pendlerchaos.</p></a> after</p></div>"
    )
    blocks = [b for _order, b in html_to_blocks(root, ImageStore(lambda src: None))]
    assert [b.text for b in blocks] == [
        "Intro teaser", "Düsseldorf", "Seit Montag herrscht im Süden Pendlerchaos.", "after"
    ]
    linked = [[(b.text[s.start:s.end], s.href) for s in b.spans] for b in blocks]
    assert linked == [
        [("teaser", "https://example.org/t")],
        [("Düsseldorf", "https://example.org/t")],
        [("Seit Montag herrscht im Süden Pendlerchaos.", "https://example.org/t")],
        [],
    ]


def test_teaser_cards_wrapped_in_links_leave_the_article() -> None:
    page = FIXTURES / "extraction" / "express.de.tauben.html"
    text = extract_file(page).document.text
    assert "Immer wieder werden am ISS Dome tote Tauben gefunden." in text
    assert "Diese Maßnahmen würden in enger Abstimmung mit dem Tiernotruf" in text
    assert "Seit Montag herrscht im Düsseldorfer Süden Pendlerchaos." not in text
    assert "\nDüsseldorf\n" not in text


def test_an_anchor_left_open_does_not_turn_the_article_into_link_text(tmp_path: Path) -> None:
    # libxml2 closes an <a> that is never closed at the end of its parent: here <body>
    story = "".join(f"<p>Short line {n}.</p><p>{'Sentence of the story. ' * 30}</p>" for n in range(5))
    page = tmp_path / "open.html"
    page.write_text(f'<html><body><a href="/home">Home<h1>Title</h1>{story}</body></html>', encoding="utf-8")
    extracted = extract_file(page)
    assert "Short line 4." in extracted.document.text
    assert not any(s.kind == "link" for b in extracted.document.blocks[2:] for s in b.spans)


def test_a_page_without_article_text_reads_as_its_description_cleaned_like_text(tmp_path: Path) -> None:
    page = tmp_path / "shop.html"
    page.write_text(
        '<html><head><title>Katzen\u00addecke | Shop</title><meta name="description" content="\ufeff Katzen\u00addecke, '
        'zweilagig mit Namen. Lieferzeit: 15 - 21 Tage"></head>'
        '<body><a class="skip-link" href="#main">Zum Inhalt springen</a><main id="main"></main></body></html>',
        encoding="utf-8",
    )
    extracted = extract_file(page)
    assert [b.text for b in extracted.document.blocks] == [
        "Katzendecke", "Katzendecke, zweilagig mit Namen. Lieferzeit: 15 - 21 Tage"
    ]
    assert extracted.warnings == ["the page holds no article text; used its description"]
