"""The reading view is built from the core's blocks and loads nothing by itself."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument, QTextOption

from claimmark.core.model.document import Block, ReadingDocument, Span
from claimmark.ui.reading import IMAGE_SCHEME, LIST_RUN, MAX_NESTING, ReadingView
from claimmark.ui.reading.builder import LONG_WORD
from tests.conftest import CORPUS

EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def qt_block_text(view: ReadingView, index: int) -> str:
    return view.document().findBlock(view.map.qt_starts[index]).text()


def test_every_core_block_is_one_qt_block_with_the_same_text(window, corpus_project: Path) -> None:
    assert window.open_project(corpus_project)
    view = window.reader
    reading = window.project.reading_document(1)
    assert view.map.core_starts == reading.block_starts()
    for index, block in enumerate(reading.blocks):
        qt_block = view.document().findBlock(view.map.qt_starts[index])
        assert qt_block.position() == view.map.qt_starts[index]
        assert qt_block.text() == block.text.replace("\n", "\u2028")
    assert qt_block_text(view, 0) == EXPECTED["metadata"]["title"]
    # the byline/site/date line is shown but is not reading text
    header = view.document().findBlock(view.map.qt_starts[0]).next().text()
    assert "Press TV" in header and "2021-07-05" in header


def test_images_come_only_from_the_project(window, corpus_project: Path) -> None:
    assert window.open_project(corpus_project)
    view = window.reader
    figure = next(b for b in window.project.reading_document(1).blocks if b.kind == "figure")
    image = view.document().resource(
        QTextDocument.ResourceType.ImageResource, QUrl(f"{IMAGE_SCHEME}:{figure.image}")
    )
    assert image is not None and not image.isNull() and image.width() > 100
    for url in (
        "file:///etc/passwd",
        "file:///dev/zero",
        "https://stats.example-tracker.com/pixel.gif",
        "page_files/logo.png",
        f"{IMAGE_SCHEME}:no-such-key",
    ):
        assert view.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl(url)) is None


def _picture_widths(view: ReadingView) -> list[float]:
    widths = []
    block = view.document().begin()
    while block.isValid():
        for fragment in (it.fragment() for it in block):
            if fragment.charFormat().isImageFormat():
                widths.append(fragment.charFormat().toImageFormat().width())
        block = block.next()
    return widths


def test_pictures_fit_the_column_also_after_the_window_narrows(qtbot, window, corpus_project: Path) -> None:
    window.resize(1200, 760)
    assert window.open_project(corpus_project)
    view = window.reader

    def fits() -> bool:
        widths = _picture_widths(view)
        return bool(widths) and max(widths) <= view.lineWrapColumnOrWidth() - 8

    assert fits() and view.horizontalScrollBar().maximum() == 0
    wide = max(_picture_widths(view))
    window.resize(1000, 760)
    qtbot.waitUntil(lambda: fits() and max(_picture_widths(view)) < wide, timeout=3000)
    assert view.horizontalScrollBar().maximum() == 0


def _doc(*blocks: Block) -> ReadingDocument:
    return ReadingDocument([Block("heading", "A test page", level=1), *blocks])


def test_only_web_links_are_links_and_they_open_after_confirming(qtbot, monkeypatch) -> None:
    view = ReadingView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    text = "web file script mail"
    spans = [
        Span(0, 3, "link", "https://example.org/a"),
        Span(4, 8, "link", "file:///etc/passwd"),
        Span(9, 15, "link", "javascript:alert(1)"),
        Span(16, 20, "link", "mailto:x@example.org"),
    ]
    view.show_document(7, _doc(Block("paragraph", text, spans)), {}, lambda key: None)
    start = view.map.qt_starts[1]
    anchors = []
    block = view.document().findBlock(start)
    iterator = block.begin()
    while not iterator.atEnd():
        fragment = iterator.fragment()
        if fragment.charFormat().isAnchor():
            anchors.append((fragment.text(), fragment.charFormat().anchorHref()))
        iterator += 1
    assert anchors == [("web", "https://example.org/a")]

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toString())))
    asked: list[str] = []
    view.confirm_link = lambda url: asked.append(url) or False
    view.anchorClicked.emit(QUrl("https://example.org/a"))
    assert asked == ["https://example.org/a"] and opened == []
    view.confirm_link = lambda url: True
    view.anchorClicked.emit(QUrl("https://example.org/a"))
    assert opened == ["https://example.org/a"]
    refused = []
    view.linkRefused.connect(refused.append)
    view.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert opened == ["https://example.org/a"] and refused == ["file:///etc/passwd"]
    # the view never navigates, whatever asks it to
    view.setSource(QUrl("file:///etc/passwd"))
    assert qt_block_text(view, 1) == text


def test_a_site_named_only_by_its_host_shows_once_in_the_header(qtbot) -> None:
    view = ReadingView()
    qtbot.addWidget(view)

    def header_line(header: dict[str, str]) -> str:
        view.show_document(1, _doc(Block("paragraph", "Text.")), header, lambda key: None)
        return view.document().findBlock(view.map.qt_starts[0]).next().text()

    url = "https://www.falstaff.de/nd/burgenland/"
    assert header_line({"site_name": "falstaff.de", "published": "2022-01-28", "url": url}) == (
        "2022-01-28  ·  falstaff.de"
    )
    assert header_line({"site_name": "Falstaff", "published": "2022-01-28", "url": url}) == (
        "Falstaff  ·  2022-01-28  ·  falstaff.de"
    )
    assert header_line({"byline": "Anna B.", "site_name": "falstaff.de"}) == "Anna B.  ·  falstaff.de"


def test_long_words_wrap_and_deep_nesting_is_capped(qtbot) -> None:
    view = ReadingView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    word = "x" * 5000
    deep = [Block("list_item", f"level {n}", level=n) for n in range(1, 40)]
    view.show_document(
        1, _doc(Block("paragraph", word), *deep, Block("quote", "deep quote", level=30)), {}, lambda key: None
    )
    layout = view.document().documentLayout()
    width = view.lineWrapColumnOrWidth()
    assert view.document().idealWidth() <= width + 1
    long_block = view.document().findBlock(view.map.qt_starts[1])
    assert layout.blockBoundingRect(long_block).width() <= width + 1
    assert long_block.layout().lineCount() > 5
    indents = [
        view.document().findBlock(view.map.qt_starts[i]).textList().format().indent()
        for i in range(2, 2 + len(deep))
    ]
    assert max(indents) == MAX_NESTING
    quote = view.document().findBlock(view.map.qt_starts[-1])
    assert quote.blockFormat().leftMargin() <= MAX_NESTING * view.fonts.size * 1.33 * 1.5 + 1


def test_a_page_breaks_anywhere_exactly_when_a_word_reaches_the_long_word_length(qtbot) -> None:
    """Wherever the long word stands (the search for one looks at stretches first),
    and whatever space ends it (any that splits words, U+3000 too)."""
    view = ReadingView()
    qtbot.addWidget(view)
    anywhere = QTextOption.WrapMode.WrapAnywhere
    for lead in (0, 1, LONG_WORD // 2 - 1, LONG_WORD // 2, LONG_WORD // 2 + 1, 1777):
        for length, space in ((LONG_WORD - 1, " "), (LONG_WORD, " "), (LONG_WORD - 1, "\u3000"), (LONG_WORD, "\t")):
            text = "a" * lead + space + "x" * length + space + "tail" if lead else "x" * length + space + "tail"
            view.show_document(1, _doc(Block("paragraph", text)), {}, lambda key: None)
            broken = view.document().defaultTextOption().wrapMode() == anywhere
            assert broken == (length >= LONG_WORD), (lead, length, repr(space))


def test_a_long_list_is_drawn_in_runs_that_keep_counting(qtbot) -> None:
    """A list longer than LIST_RUN items is several Qt lists (adding to one grows
    slower as it grows); numbers and bullets read as one list."""
    view = ReadingView()
    qtbot.addWidget(view)
    count = 2 * LIST_RUN + 50
    numbered = [Block("list_item", f"step {n}", level=1, ordered=True) for n in range(1, count + 1)]
    bullets = [Block("list_item", f"point {n}", level=1) for n in range(1, count + 1)]
    view.show_document(1, _doc(*numbered, Block("paragraph", "Between."), *bullets), {}, lambda key: None)

    def block(i: int):
        return view.document().findBlock(view.map.qt_starts[i])

    labels = [block(i).textList().itemText(block(i)) for i in range(1, count + 1)]
    assert labels == [f"{n}." for n in range(1, count + 1)]
    lists = {block(i).textList().objectIndex() for i in range(1, count + 1)}
    assert len(lists) == 3  # runs of LIST_RUN
    styles = {block(i).textList().format().style() for i in range(count + 2, 2 * count + 2)}
    assert len(styles) == 1 and block(count + 2).textList().itemNumber(block(count + 2)) == 0


def test_line_breaks_inside_a_block_keep_one_position(qtbot) -> None:
    view = ReadingView()
    qtbot.addWidget(view)
    view.show_document(
        1,
        _doc(Block("paragraph", "first line\nsecond line"), Block("paragraph", "next")),
        {},
        lambda key: None,
    )
    assert view.document().blockCount() == 3
    assert qt_block_text(view, 1) == "first line\u2028second line"
    assert view.map.qt_starts[2] - view.map.qt_starts[1] == len("first line\nsecond line") + 1


def test_hostile_characters_keep_one_qt_block_per_core_block(qtbot) -> None:
    from claimmark.ui.reading import Highlight

    view = ReadingView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    odd = "para\u2029graph sep, object \ufffc char, carriage\rreturn, nul \x00 byte, bidi \u202e override\u202c end"
    reading = _doc(Block("paragraph", odd), Block("paragraph", "after"))
    start = reading.text.index("end")
    view.show_document(1, reading, {}, lambda key: None, [Highlight(1, "claim", start, start + 3)])
    assert view.document().blockCount() == 3
    assert view.map.qt_starts[2] - view.map.qt_starts[1] == len(odd) + 1
    assert view.map.to_qt(start) == view.map.qt_starts[1] + odd.index("end")
    cursor = view.textCursor()
    cursor.setPosition(view.map.to_qt(start))
    cursor.setPosition(view.map.to_qt(start + 3), cursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "end"
    assert view.annotations_at(view.map.to_qt(start)) == [1]
    assert view.annotations_at(view.map.to_qt(start) - 1) == []


def test_a_tables_cells_line_up_in_columns_and_keep_their_positions(qtbot) -> None:
    from claimmark.ui.reading import Highlight

    view = ReadingView()
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    rows = ["Nr\tRider\tPoints", "9\tEmil Sajfutdinow\t11", "10\tJanusz Kołodziej 🏁\t8"]
    reading = _doc(Block("paragraph", "Before."), *[Block("table_row", r) for r in rows], Block("paragraph", "After."))
    start = reading.text.index("Janusz")
    view.show_document(1, reading, {}, lambda key: None, [Highlight(1, "quote", start, start + len("Janusz"))])
    blocks = [view.document().findBlock(view.map.qt_starts[i]) for i in range(2, 5)]
    stops = [[tab.position for tab in b.blockFormat().tabPositions()] for b in blocks]
    assert stops[0] == stops[1] == stops[2] and len(stops[0]) == 2
    # the second column starts at the same x in every row, after the widest first cell
    lefts = []
    for block in blocks:
        line = block.layout().lineAt(0)
        tab = block.text().index("\t")
        lefts.append(line.cursorToX(tab + 1)[0])
    assert max(lefts) - min(lefts) < 1 and abs(lefts[0] - stops[0][0]) < 1
    assert all(b.blockFormat().background().style() != 0 for b in blocks[1::2])  # every other row shaded
    # positions are untouched: the highlight covers exactly "Janusz"
    a, b = view.map.qt_segments(start, start + len("Janusz"))[0]
    cursor = view.textCursor()
    cursor.setPosition(a)
    cursor.setPosition(b, cursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "Janusz"
