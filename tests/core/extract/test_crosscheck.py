"""trafilatura's text as a vote on ClaimMark's own blocks: what it keeps is matched back
onto the blocks loosely, chooses the article, short non-sentences it leaves out go, and
the result is still ClaimMark's structured document."""

from __future__ import annotations

import logging
from pathlib import Path

from lxml import etree

from claimmark.core.extract.crosscheck import TrafilaturaView, standfirsts, trafilatura_view
from claimmark.core.extract.pipeline import extract_file, parse_html
from claimmark.core.model.document import Block

PROSE = "The council voted on Tuesday to keep the library open for another five years."
OTHER = "Its budget grows by a tenth, paid for by a small rise in the parking fees downtown."


def test_a_block_matches_a_line_loosely_or_a_long_part_of_a_line() -> None:
    view = TrafilaturaView(f"THE COUNCIL voted on tuesday -- to keep the library open for another five years\n"
                           f"Intro. {OTHER} More.\nShort")
    assert view.keeps(Block("paragraph", PROSE))
    assert view.keeps(Block("paragraph", OTHER))  # inside a longer line
    assert view.keeps(Block("heading", "short"))  # a whole line
    assert not view.keeps(Block("paragraph", "More"))  # too short to match inside a line
    assert not view.keeps(Block("paragraph", ""))


def test_prune_drops_short_fragments_and_trailing_lists_trafilatura_leaves_out() -> None:
    view = TrafilaturaView(f"{PROSE}\n{OTHER}\nA closing list entry")
    kept = [
        (1, Block("paragraph", "By Jane Doe")),  # a fragment trafilatura leaves out
        (2, Block("paragraph", PROSE)),
        (3, Block("figure", "A caption", image="img1")),
        (4, Block("heading", "Most read")),  # a teaser box's heading it leaves out
        (5, Block("list_item", "A closing list entry")),
        (6, Block("paragraph", "A sentence trafilatura left out but that reads like prose.")),
        (7, Block("list_item", "Another story that everyone is reading today, in a list.")),
    ]
    # our figure and prose stay; a list after trafilatura's last block goes
    assert [o for o, _b in view.prune(kept)] == [2, 3, 5, 6]
    assert [o for o, _b in view.prune(kept[6:])] == [7]  # no block in common: nothing to go by


def test_chosen_are_the_text_blocks_trafilatura_keeps() -> None:
    view = TrafilaturaView(f"{PROSE}\nA caption")
    page = [(1, Block("paragraph", PROSE)), (2, Block("figure", "A caption", image="i")),
            (3, Block("paragraph", OTHER))]
    assert view.chosen(page) == {1}


def test_trafilatura_reads_the_article_of_a_cleaned_page_and_leaves_the_tree_alone() -> None:
    paragraphs = "".join(f"<p>{PROSE} {OTHER} Paragraph {n}.</p>" for n in range(5))
    html = (f"<html><head><title>Library</title></head><body><div class='menu'>"
            f"<a href='/a'>Home</a> <a href='/b'>News</a></div><article>{paragraphs}</article></body></html>")
    root = parse_html(html)
    before = etree.tostring(root)
    view = trafilatura_view(root)
    assert view is not None
    assert view.keeps(Block("paragraph", f"{PROSE} {OTHER} Paragraph 3."))
    assert etree.tostring(root) == before


def test_a_page_trafilatura_finds_nothing_in_gives_no_view() -> None:
    assert trafilatura_view(parse_html("<html><body><div><img src='a.png'></div></body></html>")) is None


def test_structure_survives_the_vote(tmp_path: Path) -> None:
    body = "".join(f"<p>{PROSE} Part {n}.</p>" for n in range(4))
    html = (
        "<html><head><title>Library stays open</title></head><body><article>"
        f"<h1>Library stays open</h1>{body}<h2>What changes</h2>"
        f"<blockquote><p>{OTHER}</p></blockquote><ul><li>{PROSE} First.</li><li>{PROSE} Second.</li></ul>"
        "<figure><img src='x.png' alt='The library'><figcaption>The library at dusk.</figcaption></figure>"
        f"<p>{PROSE} See <a href='https://example.org/report'>the full report</a> for details.</p>"
        "</article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    blocks = extract_file(path).document.blocks
    kinds = {b.kind for b in blocks}
    assert {"heading", "paragraph", "quote", "list_item", "figure"} <= kinds
    assert any(b.kind == "figure" and b.text == "The library at dusk." for b in blocks)
    assert any(s.kind == "link" and s.href == "https://example.org/report" for b in blocks for s in b.spans)
    assert any(b.kind == "heading" and b.text == "What changes" for b in blocks)


def test_pages_nested_deeper_than_real_ones_are_left_to_readability(tmp_path: Path, monkeypatch) -> None:
    """trafilatura takes time quadratic in the nesting of lists; a page nested past
    CROSSCHECK_DEPTH is chosen by readability-lxml, and its text is kept."""
    from claimmark.core.extract import pipeline as extract

    asked: list[int] = []
    real = extract.trafilatura_view
    monkeypatch.setattr(extract, "trafilatura_view", lambda root: asked.append(1) or real(root))
    shallow = tmp_path / "shallow.html"
    shallow.write_text(f"<html><body><article><p>{PROSE}</p><p>{OTHER}</p></article></body></html>")
    deep = tmp_path / "deep.html"
    levels = extract.CROSSCHECK_DEPTH
    deep.write_text(f"<html><body><article><p>{PROSE}</p>" + "<ul><li>Item, a few words long. " * levels
                    + OTHER + "</li></ul>" * levels + "</article></body></html>")
    assert PROSE in extract_file(shallow).document.text and asked == [1]
    text = extract_file(deep).document.text
    assert asked == [1]  # not asked again
    assert PROSE in text and OTHER in text


def test_a_standfirst_the_page_marks_survives_the_vote() -> None:
    root = parse_html(
        "<html><body><article><h1>Title</h1>"
        '<div class="teaser-text" itemprop="description"><p>What was rumoured for weeks is now official</p></div>'
        '<p class="lead-in">By Jane Doe</p>'
        f'<p class="standfirst">Two more weeks of talks</p><p>{PROSE}</p></article></body></html>'
    )
    for number, element in enumerate(root.iter()):
        element.set("data-cm-id", str(number))
    stamp = {e.text: int(e.get("data-cm-id")) for e in root.iter("p")}
    leads = standfirsts(root)
    assert {stamp["What was rumoured for weeks is now official"], stamp["Two more weeks of talks"]} <= leads
    assert stamp["By Jane Doe"] not in leads  # "lead-in" is not the class word "lead"
    view = TrafilaturaView(PROSE)
    kept = [(stamp[text], Block("paragraph", text)) for text in stamp]
    assert [b.text for _o, b in view.prune(kept, leads)] == [
        "What was rumoured for weeks is now official", "Two more weeks of talks", PROSE]


def test_a_page_with_too_little_text_for_the_vote_logs_no_warning(caplog) -> None:
    root = parse_html("<html><body><div><img src=\"picture.png\"></div></body></html>")
    with caplog.at_level(logging.WARNING):
        assert trafilatura_view(root) is None
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_part_of_a_line_is_found_as_a_plain_search_of_the_whole_text_finds_it() -> None:
    """The word set that spares most blocks a search of the whole text agrees with the
    search itself, for parts that start or end inside a word and for parts not there."""
    text = f"{PROSE}\n{OTHER}\nA third line, with its own words: and some punctuation!"
    view = TrafilaturaView(text)
    whole = view.whole
    parts = [whole[start:start + length] for start in range(0, len(whole) - 30, 7) for length in (25, 33, 60)]
    parts += ["the library open for another five years its budget", "library open for another six years now"]
    for part in parts:
        block = Block("paragraph", part.strip())
        key = " ".join(block.text.split())
        expected = bool(key) and (key in view.lines or (len(key) >= 25 and key in whole))
        assert view.keeps(block) is expected, part
    assert view.keeps(Block("paragraph", "The library open for another five years. Its budget grows"))
    assert not view.keeps(Block("paragraph", "the library open for another six years now"))


def test_the_vote_scans_the_whole_text_only_for_blocks_whose_inner_words_it_holds() -> None:
    """A long page's blocks that trafilatura leaves out (menus, teasers) are told apart by
    their words, not by a search of its whole text each (which made the vote quadratic)."""
    view = TrafilaturaView("\n".join(f"{PROSE} Line {n}." for n in range(2_000)))
    searched: list[str] = []

    class Whole(str):
        def __contains__(self, key: object) -> bool:
            searched.append(str(key))
            return super().__contains__(key)

    view.whole = Whole(view.whole)
    teasers = [Block("list_item", f"Read more about the weather in town number {n} today") for n in range(500)]
    assert not any(view.keeps(b) for b in teasers)
    assert searched == []
    assert view.keeps(Block("paragraph", "another five years. line 7. the council"))
    assert len(searched) == 1
