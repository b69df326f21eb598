"""The annotations of the current document, in reading order or by kind, with
filters, and the editor of the selected one (editing in place)."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from claimmark.ui import authorship
from claimmark.ui import theme as themes
from claimmark.ui.annotation_editor import AnnotationEditor, made_by
from claimmark.ui.widgets.filter_row import Choice, FilterRow, FilterValues
from claimmark.ui.widgets.list_editor_split import ListEditorSplit

if TYPE_CHECKING:
    from claimmark.core import Annotation

Index = QModelIndex | QPersistentModelIndex  # what Qt passes for an item

AnnotationRole = Qt.ItemDataRole.UserRole + 10


def attribution(annotation: Annotation) -> str:
    """Who claims, speaks or is cited (and a warning when the passage was lost)."""
    who = _who(annotation)
    if annotation.anchor_status == "orphaned":
        return f"⚠ passage not found · {who}"
    return who


def _who(annotation: Annotation) -> str:
    if annotation.kind == "claim":
        who = annotation.claimant or "unattributed"
        status = annotation.status if annotation.status and annotation.status != "unverified" else ""
        return f"{who} · {status}" if status else who
    if annotation.kind == "quote":
        return annotation.speaker or "unknown speaker"
    return annotation.source_title or annotation.source_url or "unnamed source"


class AnnotationListModel(QStringListModel):
    """The annotations shown, in `items`, one row each.

    A string list of blanks underneath, so that the row count is answered in C++: a
    list view asks for it twice per row each time it lays the list out (after every
    inserted row), and answered in Python that cost 1.4 µs a row, 7 ms an insertion
    with 5,000 rows. `items` changes before a row is inserted and after one is removed
    or moved, so that what the view asks for meanwhile is there."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.items: list[Any] = []

    def set_items(self, items: list[Any]) -> None:
        self.items = list(items)
        self.setStringList([""] * len(self.items))

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren

    def data(
        self, index: Index, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == AnnotationRole:
            return item
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{item.kind}: {item.exact} — {attribution(item)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [item.exact, f"{themes.KIND_LABELS[item.kind]} · {attribution(item)}"]
            if item.tags:
                parts.append("Tags: " + ", ".join(item.tags))
            if item.note:
                parts.append(item.note)
            parts.append(f"By {made_by(item)}")
            return "\n".join(parts)
        return None

    def row_of(self, annotation_id: int) -> int:
        return next((i for i, a in enumerate(self.items) if a.id == annotation_id), -1)

    def put(self, item: Any, shown: bool, order: Callable[[Any], tuple[Any, ...]]) -> None:
        """One item saved: its row alone changed, moved, inserted (at its place in
        `order`) or, when no longer `shown`, removed; the other rows stay as they are."""
        row = self.row_of(item.id)
        if not shown:
            if row >= 0:
                self.removeRows(row, 1)
                del self.items[row]
            return
        rest = self.items if row < 0 else self.items[:row] + self.items[row + 1 :]
        place = bisect.bisect_left(rest, order(item), key=order)
        if row < 0:
            self.items.insert(place, item)
            self.insertRows(place, 1)
            return
        if place != row:
            self.moveRows(QModelIndex(), row, 1, QModelIndex(), place if place < row else place + 1)
            self.items = rest
            self.items.insert(place, item)
        else:
            self.items[row] = item
        index = self.index(place)
        self.dataChanged.emit(index, index)


class AnnotationDelegate(QStyledItemDelegate):
    """A kind-coloured bar and marker, the exact text (two lines), then attribution,
    tags, note and author: one uniform height per row."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.theme = themes.resolve("light")
        self.author_colours: dict[str, QColor] | None = None  # colour by author instead of kind

    def sizeHint(self, option: QStyleOptionViewItem, _index: Index) -> QSize:
        height = QFontMetrics(option.font).height()
        return QSize(220, height * 4 + 22)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        item = index.data(AnnotationRole)
        if item is None:
            return
        painter.save()
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = option.widget.style() if option.widget else None
        if style:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = QColor(text)
        muted.setAlpha(170)
        colour = self.theme.kind_colour(item.kind)
        rect = option.rect.adjusted(8, 6, -8, -6)
        bar = colour if self.author_colours is None else self.author_colours.get(item.author_id, colour)
        painter.fillRect(QRect(rect.left(), rect.top(), 4, rect.height()), bar)
        left = rect.left() + 12
        width = rect.right() - left
        base = QFont(option.font)
        metrics = QFontMetrics(base)
        line = metrics.height()
        bold = QFont(base)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(colour if not selected else text)
        head = f"{themes.KIND_MARKERS[item.kind]} {themes.KIND_LABELS[item.kind]}"
        painter.drawText(QRect(left, rect.top(), width, line), Qt.AlignmentFlag.AlignVCenter, head)
        head_width = QFontMetrics(bold).horizontalAdvance(head) + 10
        painter.setFont(base)
        painter.setPen(muted)
        who = metrics.elidedText(attribution(item), Qt.TextElideMode.ElideRight, width - head_width)
        painter.drawText(
            QRect(left + head_width, rect.top(), width - head_width, line), Qt.AlignmentFlag.AlignVCenter, who
        )
        painter.setPen(text)
        quote_rect = QRect(left, rect.top() + line + 2, width, line * 2)
        exact = " ".join(item.exact.split())
        lines = _two_lines(metrics, f"“{exact}”", width)
        painter.drawText(quote_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, "\n".join(lines))
        painter.setPen(muted)
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.92)
        painter.setFont(small)
        bits = []
        if item.tags:
            bits.append(" ".join("#" + t for t in item.tags))
        if item.note:
            bits.append(" ".join(item.note.split()))
        bits.append(made_by(item) if item.author else "")
        footer = QFontMetrics(small).elidedText(
            "  ·  ".join(b for b in bits if b), Qt.TextElideMode.ElideRight, width
        )
        painter.drawText(
            QRect(left, rect.top() + line * 3 + 4, width, line), Qt.AlignmentFlag.AlignVCenter, footer
        )
        painter.restore()


def _two_lines(metrics: QFontMetrics, text: str, width: int) -> list[str]:
    words = text.split(" ")
    first = ""
    rest = 0
    for i, word in enumerate(words):
        trial = f"{first} {word}".strip()
        if metrics.horizontalAdvance(trial) > width and first:
            rest = i
            break
        first = trial
    else:
        return [metrics.elidedText(first, Qt.TextElideMode.ElideRight, width)]
    second = metrics.elidedText(" ".join(words[rest:]), Qt.TextElideMode.ElideRight, width)
    return [metrics.elidedText(first, Qt.TextElideMode.ElideRight, width), second]


def _order_box(parent: QWidget) -> QComboBox:
    order = QComboBox(parent)
    order.addItem("Reading order", "position")
    order.addItem("By kind", "kind")
    order.setAccessibleName("Order annotations")
    order.setToolTip("Order annotations by position in the text or by kind")
    return order


class AnnotationPanel(QWidget):
    """The right-hand panel: filters, the list and the editor."""

    annotationActivated = Signal(int)  # a click: show the passage
    fieldsEdited = Signal(int, dict)  # annotation id, changed fields
    deleteRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("AnnotationPanel")
        self.all_items: list[Any] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 8, 8, 8)
        layout.setSpacing(6)
        self.heading = QLabel("Annotations", self)
        self.heading.setObjectName("PanelHeading")
        font = self.heading.font()
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.filters = FilterRow(
            self,
            lead=_order_box,
            kind=Choice("All kinds", "Show annotations of kind", "Show only annotations of one kind"),
            tag=Choice("All tags", "Show annotations with tag", "Show only annotations with this tag"),
            author=Choice(authorship.ALL_LABEL, "Show annotations by author",
                          "Show only your annotations, or one colleague's"),
        )
        self.order = cast(QComboBox, self.filters.lead)
        self.kind, self.tag, self.author = self.filters.kind, self.filters.tag, self.filters.author
        layout.addWidget(self.filters)
        self.legend = QLabel(self)
        self.legend.setObjectName("AuthorLegend")
        self.legend.setWordWrap(True)
        self.legend.setToolTip("Highlights are coloured by author")
        self.legend.hide()
        layout.addWidget(self.legend)
        self.model = AnnotationListModel(self)
        self.list = QListView(self)
        self.list.setObjectName("AnnotationList")
        self.list.setAccessibleName("Annotations of this document")
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.delegate = AnnotationDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.empty = QLabel(
            "Select text in the article, then press 1 (claim), 2 (quote) or 3 (citation).", self
        )
        self.empty.setWordWrap(True)
        self.empty.setObjectName("PanelHint")
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(6)
        top_layout.addWidget(self.list, 1)
        top_layout.addWidget(self.empty)
        self.editor = AnnotationEditor(self)
        self.editor.fieldsEdited.connect(self.fieldsEdited)
        self.editor.deleteRequested.connect(self.deleteRequested)
        self.split = ListEditorSplit(top, self.editor, self)
        self.split.splitterMoved.connect(lambda *_: self.list.scrollTo(self.list.currentIndex()))
        layout.addWidget(self.split, 1)
        self.editor.hide()
        self.list.clicked.connect(self._clicked)
        self.list.activated.connect(self._clicked)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.filters.changed.connect(self._refilter)
        self.mine = ""
        self.names: dict[str, str] = {}
        self._tag_choices: list[str] = []  # the editor's

    def set_theme(self, theme: themes.Theme) -> None:
        self.delegate.theme = theme
        self.editor.set_theme(theme)
        self.list.viewport().update()

    def set_author_colours(self, colours: dict[str, QColor] | None) -> None:
        """Colour rows by author (with a legend), or by kind when `colours` is None."""
        self.delegate.author_colours = colours
        self._show_authors()
        self.list.viewport().update()

    def _show_authors(self) -> None:
        colours = self.delegate.author_colours
        self.filters.set_authors(self.names, self.mine, colours)
        self.legend.setVisible(colours is not None and bool(self.names))
        if colours is not None:
            self.legend.setText(authorship.legend_html(self.names, colours, self.mine))

    def set_annotations(self, items: list[Any], all_tags: list[str]) -> None:
        current = self.current_id()
        self.all_items = list(items)
        self.filters.set_tags(sorted({t for a in items for t in a.tags}, key=str.casefold))
        self.mine = authorship.my_author_id()
        self.names = authorship.author_names(items)
        self._show_authors()
        self._tag_choices = list(all_tags)
        self.editor.set_tag_choices(all_tags)
        self._refilter(keep=current)

    def put_annotation(self, item: Annotation, all_tags: list[str]) -> None:
        """One annotation saved (new, changed or back): its row alone, where the filters
        and the order put it, and the choices it changes; the same as `set_annotations`
        with every item again, at the cost of one."""
        chosen = self.filters.values()
        found = next((i for i, a in enumerate(self.all_items) if a.id == item.id), -1)
        previous = self.all_items[found] if found >= 0 else None
        if found >= 0:
            self.all_items[found] = item
        else:
            self.all_items.append(item)
        if item.author_id and self.names.get(item.author_id) != (item.author or "unknown"):
            self.names[item.author_id] = item.author or "unknown"  # modified now: their latest
            self._show_authors()
        if not self._choices_changed(chosen, previous, item, all_tags):
            self.model.put(item, self._shown(item, chosen), self._order())
            self._count()
        if self.current_id() == item.id:
            self.editor.set_annotation(item)

    def drop_annotation(self, annotation_id: int, all_tags: list[str]) -> None:
        """One annotation gone (deleted, or its passage lost): its row alone."""
        chosen = self.filters.values()
        found = next((i for i, a in enumerate(self.all_items) if a.id == annotation_id), -1)
        if found < 0:
            return
        previous = self.all_items.pop(found)
        names = authorship.author_names(self.all_items)
        if names != self.names:
            self.names = names
            self._show_authors()
        if self._choices_changed(chosen, previous, None, all_tags):
            return
        if self.current_id() == annotation_id:
            self.list.setCurrentIndex(QModelIndex())
            self.editor.set_annotation(None)
            self.editor.hide()
        self.model.put(previous, False, self._order())
        self._count()

    def _choices_changed(
        self, chosen: FilterValues, previous: Annotation | None, item: Annotation | None, all_tags: list[str]
    ) -> bool:
        """The tag choices after a change of one annotation; True when the filters no
        longer select what they did (`chosen`), so that every row was filtered again."""
        if all_tags != self._tag_choices:
            self._tag_choices = list(all_tags)
            self.editor.set_tag_choices(all_tags)
        if (previous is not None and previous.tags) or (item is not None and item.tags):
            self.filters.set_tags(sorted({t for a in self.all_items for t in a.tags}, key=str.casefold))
        if self.filters.values() != chosen:
            self._refilter()
            return True
        return False

    @staticmethod
    def _shown(item: Annotation, chosen: FilterValues) -> bool:
        return (
            (not chosen.kind or item.kind == chosen.kind)
            and (not chosen.tag or chosen.tag in item.tags)
            and (not chosen.author or item.author_id == chosen.author)
        )

    def _order(self) -> Callable[[Any], tuple[Any, ...]]:
        if self.order.currentData() == "kind":
            return lambda a: (themes.KINDS.index(a.kind), a.start, a.end, a.id)
        return lambda a: (a.start, a.end, a.id)

    def visible_items(self) -> list[Any]:
        chosen = self.filters.values()
        return sorted((a for a in self.all_items if self._shown(a, chosen)), key=self._order())

    def _refilter(self, keep: int | None = None) -> None:
        keep = keep if keep is not None else self.current_id()
        self.model.set_items(self.visible_items())
        self._count()
        if keep is not None and self.select(keep, emit=False):
            return
        self.editor.set_annotation(None)
        self.editor.hide()

    def _count(self) -> None:
        count = len(self.all_items)
        shown = self.model.rowCount()
        self.heading.setText(
            f"Annotations ({shown} of {count})" if shown != count else f"Annotations ({count})"
        )
        self.empty.setVisible(count == 0)

    def current_id(self) -> int | None:
        index = self.list.currentIndex()
        item = index.data(AnnotationRole) if index.isValid() else None
        return item.id if item is not None else None

    def current_annotation(self) -> Annotation | None:
        index = self.list.currentIndex()
        return index.data(AnnotationRole) if index.isValid() else None

    _quiet = False

    def select(self, annotation_id: int, *, emit: bool = False) -> bool:
        row = self.model.row_of(annotation_id)
        if row < 0:
            return False
        self._quiet = not emit
        self.list.setCurrentIndex(self.model.index(row))
        self.list.scrollTo(self.model.index(row))
        self._quiet = False
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = current.data(AnnotationRole) if current.isValid() else None
        self.editor.set_annotation(item)
        self.editor.setVisible(item is not None)

    def _clicked(self, index: QModelIndex) -> None:
        item = index.data(AnnotationRole)
        if item is not None:
            self.annotationActivated.emit(item.id)

    def visual_rect(self, annotation_id: int) -> QRect:
        return self.list.visualRect(self.model.index(self.model.row_of(annotation_id)))
