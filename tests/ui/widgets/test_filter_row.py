"""The one filter row under the library, the annotation panel and the table: each
keeps its own words, its tab order and one `changed` per choice made."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from claimmark.ui.annotation_panel import AnnotationPanel
from claimmark.ui.annotation_table import AnnotationTable
from claimmark.ui.library import LibraryPanel
from claimmark.ui.widgets.filter_row import Choice, FilterRow


def _tab_order(first: QWidget, count: int) -> list[str]:
    """The accessible names of the next `count` widgets Tab reaches from `first`."""
    names, widget = [first.accessibleName()], first.nextInFocusChain()
    while len(names) < count and widget is not first:
        if widget.focusPolicy().value & 0x1:  # Qt.TabFocus
            names.append(widget.accessibleName())
        widget = widget.nextInFocusChain()
    return names


def test_each_filter_row_keeps_its_tab_order(qtbot) -> None:
    library = LibraryPanel()
    qtbot.addWidget(library)
    assert _tab_order(library.search, 6) == [
        "Search the library", "Sort documents by", "Show documents with annotations of kind",
        "Filter by tag", "Filter by author", "Documents",
    ]
    panel = AnnotationPanel()
    qtbot.addWidget(panel)
    assert _tab_order(panel.order, 5) == [
        "Order annotations", "Show annotations of kind", "Show annotations with tag",
        "Show annotations by author", "Annotations of this document",
    ]
    table = AnnotationTable()
    qtbot.addWidget(table)
    assert _tab_order(table.search, 5) == ["Filter annotations", "Kind", "Tag", "Author", "All annotations"]


def test_each_filter_row_keeps_its_words(qtbot) -> None:
    library, panel, table = LibraryPanel(), AnnotationPanel(), AnnotationTable()
    for widget in (library, panel, table):
        qtbot.addWidget(widget)
    assert [library.kind.itemText(i) for i in range(library.kind.count())] == [
        "Any kind", "With claims", "With quotes", "With citations",
    ]
    assert panel.kind.itemText(0) == table.kind.itemText(0) == "All kinds"
    assert panel.kind.itemText(1) == table.kind.itemText(1) == "● Claims"
    assert (library.tag.itemText(0), library.author.itemText(0)) == ("Any tag", "Any author")
    assert (panel.tag.itemText(0), panel.author.itemText(0)) == ("All tags", "All authors")
    assert not panel.tag.isEnabled() and not library.tag.isEnabled()  # no tags to choose yet
    assert table.tag.isEnabled()  # the table's tag choice was never disabled


def test_the_row_says_changed_once_per_choice_and_keeps_a_tag_still_offered(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    row = FilterRow(parent, kind=Choice("All kinds", "Kind"), tag=Choice("All tags", "Tag"),
                    author=Choice("All authors", "Author"))
    said: list[None] = []
    row.changed.connect(lambda: said.append(None))
    row.set_tags(["budget", "health"])
    assert said == [] and row.tag.isEnabled()  # filling the choices says nothing
    row.tag.setCurrentIndex(row.tag.findData("health"))
    row.kind.setCurrentIndex(row.kind.findData("quote"))
    assert len(said) == 2
    assert (row.values().kind, row.values().tag, row.values().search) == ("quote", "health", "")
    row.set_tags(["health", "zebra"])
    assert row.values().tag == "health"
    row.set_tags(["zebra"])
    assert row.values().tag == "" and len(said) == 2
