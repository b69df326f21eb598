"""The filter row, built once: the kind, tag and author choices (and, where the
list has them, a search box and a leading choice such as the order) over the
library, the annotation panel and the table of all annotations.

Each user gives its own words (`Choice`) and its own search box or leading combo
(built here, in the row, so the tab order is the order they are shown in); the row
fills the choices, keeps the one made while it is still offered, and says
`changed` when any of them, or the search text, changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QBoxLayout, QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from claimmark.ui import authorship
from claimmark.ui import theme as themes


@dataclass(frozen=True)
class Choice:
    """The words of one filter combo: its first item (no filter), its accessible name
    and its tooltip."""

    any_label: str
    name: str
    tip: str = ""


@dataclass(frozen=True)
class FilterValues:
    """What the row says to show; an empty value does not filter."""

    kind: str
    tag: str
    author: str  # an author id
    search: str


def kind_with_marker(kind: str) -> str:
    """A kind as the annotation lists name it: its marker and plural label."""
    return f"{themes.KIND_MARKERS[kind]} {themes.KIND_LABELS[kind]}s"


class FilterRow(QWidget):
    """Search box (optional), leading combo (optional), then kind, tag and author.

    In one line (`one_line`) the search box takes three shares of the width and each
    combo one; otherwise the search box is a line of its own, then the leading combo
    and the kind, then the tag and the author, two by two.
    """

    changed = Signal()

    def __init__(
        self,
        parent: QWidget,
        *,
        kind: Choice,
        tag: Choice,
        author: Choice,
        kind_label: Callable[[str], str] = kind_with_marker,
        search: Callable[[QWidget], QLineEdit] | None = None,
        lead: Callable[[QWidget], QComboBox] | None = None,
        one_line: bool = False,
        disable_empty_tags: bool = True,
    ):
        super().__init__(parent)
        self._author_label = author.any_label
        self._disable_empty_tags = disable_empty_tags
        self.search = search(self) if search is not None else None
        self.lead = lead(self) if lead is not None else None
        self.kind = self._combo(kind)
        self.kind.addItem(kind.any_label, "")
        for name in themes.KINDS:
            self.kind.addItem(kind_label(name), name)
        self.tag = self._combo(tag)
        self._tag_label = tag.any_label
        self.author = self._combo(author)
        self._lay_out(one_line)
        if self.search is not None:
            self.search.textChanged.connect(self._changed)
        for combo in self.combos():
            combo.currentIndexChanged.connect(self._changed)
        self.set_tags([])
        self.set_authors({}, "")

    def _combo(self, words: Choice) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(words.name)
        if words.tip:
            combo.setToolTip(words.tip)
        return combo

    def _lay_out(self, one_line: bool) -> None:
        outer: QBoxLayout = QHBoxLayout(self) if one_line else QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(6)
        if one_line:
            if self.search is not None:
                outer.addWidget(self.search, 3)
            for combo in self.combos():
                outer.addWidget(combo, 1)
            return
        if self.search is not None:
            outer.addWidget(self.search)
        for pair in ([c for c in (self.lead, self.kind) if c is not None], [self.tag, self.author]):
            row = QHBoxLayout()
            row.setSpacing(6)
            for combo in pair:
                row.addWidget(combo, 1)
            outer.addLayout(row)

    def combos(self) -> list[QComboBox]:
        """The row's combos in the order shown."""
        return [c for c in (self.lead, self.kind, self.tag, self.author) if c is not None]

    def _changed(self, *_args: object) -> None:
        self.changed.emit()

    def values(self) -> FilterValues:
        return FilterValues(
            kind=self.kind.currentData() or "",
            tag=self.tag.currentData() or "",
            author=self.author.currentData() or "",
            search=self.search.text() if self.search is not None else "",
        )

    def set_tags(self, tags: list[str]) -> None:
        """The tags to choose from (in this order); the chosen one stays chosen while it
        is among them. Says nothing: the caller knows what it changed."""
        combo = self.tag
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self._tag_label, "")
        for item in tags:
            combo.addItem(item, item)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        if self._disable_empty_tags:
            combo.setEnabled(bool(tags))
        combo.blockSignals(False)

    def set_authors(self, names: dict[str, str], mine: str, colours: dict[str, QColor] | None = None) -> None:
        """The authors to choose from (id -> name; `mine` is this installation's id),
        with a colour swatch each when highlights are coloured by author."""
        authorship.fill_author_choices(self.author, names, mine, colours, all_label=self._author_label)
