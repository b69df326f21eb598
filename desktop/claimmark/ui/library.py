"""The library: every document of the project in a lazy, uniform list.

`LibraryModel` holds only the ids of the documents that match the search and
filters, in the chosen order; titles, sites, dates and counts are read a page at a
time when the view asks to draw a row. Reading texts are never read here, so a
project of 20,000 documents opens in milliseconds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from claimmark import core
from claimmark.core.model.filters import DocumentFilter
from claimmark.ui import theme as themes
from claimmark.ui.icons import icon
from claimmark.ui.widgets.filter_row import Choice, FilterRow

if TYPE_CHECKING:
    from claimmark.core import Project

Index = QModelIndex | QPersistentModelIndex  # what Qt passes for an item

PAGE = 200
SORTS = {  # the choices of the sort box; the orders are the store's (SORT_ORDERS)
    "imported": "Recently imported",
    "title": "Title",
    "site": "Site",
    "published": "Date published",
}
DocIdRole = Qt.ItemDataRole.UserRole + 1
SubtitleRole = Qt.ItemDataRole.UserRole + 2
CountsRole = Qt.ItemDataRole.UserRole + 3


class LibraryModel(QAbstractListModel):
    """Documents as rows; row data is read lazily, a page at a time."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.project: Project | None = None
        self.filter = DocumentFilter()
        self.ids: list[int] = []
        self._rows: dict[int, dict[str, Any]] = {}

    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.refresh()

    def set_filter(self, flt: DocumentFilter) -> None:
        self.filter = flt
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self.ids = core.matching_documents(self.project, self.filter) if self.project is not None else []
        self._rows.clear()
        self.endResetModel()

    def invalidate_document(self, document_id: int) -> None:
        """Re-read one document's row (its counts changed): that row alone, not the
        page of rows it was read with."""
        self._rows.pop(document_id, None)
        try:
            row = self.ids.index(document_id)
        except ValueError:
            return
        for record in core.document_rows(self.project, [document_id]) if self.project is not None else ():
            self._rows[document_id] = record
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def count_changed(self, document_id: int, was: str, now: str) -> None:
        """One annotation of a document changed from kind `was` to `now` ("": not
        live): its row's counts as they are now, without reading them again."""
        record = self._rows.get(document_id)
        if record is None or was == now:
            return  # read when it is next shown
        counts = dict(record.get("counts", {}))
        for kind, step in ((was, -1), (now, 1)):
            if kind:
                counts[kind] = counts.get(kind, 0) + step
                if counts[kind] <= 0:
                    del counts[kind]
        self._rows[document_id] = record | {"counts": counts}
        try:
            row = self.ids.index(document_id)
        except ValueError:
            return
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def _row(self, row: int) -> dict[str, Any]:
        doc_id = self.ids[row]
        found = self._rows.get(doc_id)
        if found is None:
            page = row // PAGE
            batch = self.ids[page * PAGE : (page + 1) * PAGE]
            for record in core.document_rows(self.project, batch) if self.project is not None else ():
                self._rows[record["id"]] = record
            found = self._rows.get(doc_id, {"id": doc_id, "title": "", "counts": {}})
        return found

    def data(
        self, index: Index, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.ids)):
            return None
        if role == DocIdRole:
            return self.ids[index.row()]
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            SubtitleRole,
            CountsRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        record = self._row(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return record.get("title") or "(untitled)"
        if role == SubtitleRole:
            return "  ·  ".join(
                p for p in (record.get("site_name", ""), record.get("published", "")[:10]) if p
            )
        if role == CountsRole:
            return record.get("counts", {})
        counts = record.get("counts", {})
        summary = ", ".join(
            f"{counts[k]} {k}{'s' if counts[k] != 1 else ''}" for k in themes.KINDS if counts.get(k)
        )
        parts = [record.get("title", ""), record.get("site_name", ""), record.get("published", ""), summary]
        return (
            "\n".join(p for p in parts if p)
            if role == Qt.ItemDataRole.ToolTipRole
            else ", ".join(p for p in parts if p)
        )

    def row_of(self, document_id: int) -> int:
        try:
            return self.ids.index(document_id)
        except ValueError:
            return -1


class LibraryDelegate(QStyledItemDelegate):
    """Two lines per document (title; site and date) and a count per kind at the right."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.theme = themes.resolve("light")

    def sizeHint(self, option: QStyleOptionViewItem, _index: Index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.height() * 2 + 18)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        style = option.widget.style() if option.widget else None
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        if style:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_colour = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text_colour)
        muted.setAlpha(165)
        rect = option.rect.adjusted(10, 7, -10, -7)
        counts: dict[str, int] = index.data(CountsRole) or {}
        base = QFont(option.font)
        metrics = QFontMetrics(base)
        # counts, right-aligned: marker and number per kind
        chips = [(k, counts[k]) for k in themes.KINDS if counts.get(k)]
        chip_width = 0
        x = rect.right()
        for kind, count in reversed(chips):
            label = str(count)
            width = (
                metrics.horizontalAdvance(label) + metrics.horizontalAdvance(themes.KIND_MARKERS[kind]) + 10
            )
            x -= width
            painter.setPen(self.theme.kind_colour(kind) if not selected else text_colour)
            painter.drawText(
                QRect(x, rect.top(), width, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{themes.KIND_MARKERS[kind]}{label}",
            )
            chip_width += width
        title_font = QFont(base)
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(text_colour)
        title_rect = QRect(rect.left(), rect.top(), rect.width() - chip_width - 6, metrics.height())
        title = QFontMetrics(title_font).elidedText(
            index.data() or "", Qt.TextElideMode.ElideRight, title_rect.width()
        )
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        painter.setFont(base)
        painter.setPen(muted)
        sub_rect = QRect(rect.left(), rect.top() + metrics.height() + 3, rect.width(), metrics.height())
        subtitle = metrics.elidedText(
            index.data(SubtitleRole) or "", Qt.TextElideMode.ElideRight, sub_rect.width()
        )
        painter.drawText(sub_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, subtitle)
        painter.restore()


class LibraryList(QListView):
    """The document list; when empty it says why."""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is None or model.rowCount() > 0:
            return
        painter = QPainter(self.viewport())
        colour = self.palette().color(QPalette.ColorRole.Text)
        colour.setAlpha(140)
        painter.setPen(colour)
        text = self.empty_text()
        painter.drawText(
            self.viewport().rect().adjusted(12, 24, -12, 0),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            text,
        )
        painter.end()

    def empty_text(self) -> str:
        model = self.model()
        filtered = isinstance(model, LibraryModel) and not model.filter.is_empty()
        return "No documents match." if filtered else "No documents yet.\nImport saved pages (Ctrl+I)."


class SearchBox(QLineEdit):
    """The library's search box; Down leaves it for the results."""

    downPressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down and not event.modifiers():
            self.downPressed.emit()
            return
        super().keyPressEvent(event)


def _search_box(parent: QWidget) -> SearchBox:
    search = SearchBox(parent)
    search.setPlaceholderText("Search titles, text, notes and tags")
    search.setClearButtonEnabled(True)
    search.setAccessibleName("Search the library")
    search.setToolTip(
        "Search titles, reading text, notes and tags (Ctrl+F); Down goes to the results, Return opens one"
    )
    search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
    return search


def _sort_box(parent: QWidget) -> QComboBox:
    sort = QComboBox(parent)
    for key, label in SORTS.items():
        sort.addItem(label, key)
    sort.setAccessibleName("Sort documents by")
    sort.setToolTip("Sort documents")
    return sort


class LibraryPanel(QWidget):
    """Search, sort and filters over the lazy document list."""

    documentActivated = Signal(int)
    filterChanged = Signal()
    readRequested = Signal()  # Return in the search box: the shown result is to be read

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("LibraryPanel")
        self.model = LibraryModel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.setSpacing(6)
        self.filters = FilterRow(
            self,
            search=_search_box,
            lead=_sort_box,
            kind=Choice("Any kind", "Show documents with annotations of kind",
                        "Only documents with annotations of this kind"),
            kind_label=lambda kind: f"With {kind}s",
            tag=Choice("Any tag", "Filter by tag", "Only documents with annotations carrying this tag"),
            author=Choice("Any author", "Filter by author",
                          "Only documents with annotations by you, or by one colleague"),
        )
        self.search = cast(SearchBox, self.filters.search)
        self.sort = cast(QComboBox, self.filters.lead)
        self.kind, self.tag, self.author = self.filters.kind, self.filters.tag, self.filters.author
        layout.addWidget(self.filters)
        self.list = LibraryList(self)
        self.list.setObjectName("LibraryList")
        self.list.setAccessibleName("Documents")
        self.list.setUniformItemSizes(True)
        self.list.setModel(self.model)
        self.delegate = LibraryDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setFrameShape(QListView.Shape.NoFrame)
        layout.addWidget(self.list, 1)
        self.filters.changed.connect(self._changed)
        self.search.downPressed.connect(self._into_results)
        self.search.returnPressed.connect(self._open_result)
        self.list.selectionModel().currentChanged.connect(self._current_changed)

    def set_theme(self, theme: themes.Theme) -> None:
        self.delegate.theme = theme
        self.search.actions()[0].setIcon(icon("search", self.palette().color(QPalette.ColorRole.Text).name()))
        self.list.viewport().update()

    def set_choices(self, tags: list[str], authors: dict[str, str], mine: str) -> None:
        """The tags, and the authors (id -> name; `mine` is this installation's id)."""
        self.filters.set_tags(tags)
        self.filters.set_authors(authors, mine)
        if self.model.project is not None and self.current_filter() != self.model.filter:
            self._changed()  # a chosen tag or author is gone: show what the filter now says

    def current_filter(self) -> DocumentFilter:
        chosen = self.filters.values()
        return DocumentFilter(
            search=chosen.search,
            kind=chosen.kind,
            tag=chosen.tag,
            author=chosen.author,
            sort=self.sort.currentData() or "imported",
        )

    def _changed(self) -> None:
        current = self.current_document()
        self.model.set_filter(self.current_filter())
        if current is not None:
            self.select_document(current, emit=False)
        self.filterChanged.emit()

    def set_project(self, project: Project | None) -> None:
        self.model.set_project(project)

    def _into_results(self) -> None:
        """Down in the search box: the first result, with the keyboard focus."""
        if self.model.rowCount() == 0:
            return
        self.list.setFocus(Qt.FocusReason.TabFocusReason)
        self.list.setCurrentIndex(self.model.index(0))
        self.list.scrollTo(self.model.index(0))

    def _open_result(self) -> None:
        """Return in the search box: the selected result (else the first) is shown and read."""
        if self.model.rowCount() == 0:
            return
        if not self.list.currentIndex().isValid():
            self.list.setCurrentIndex(self.model.index(0))
        self.readRequested.emit()

    def current_document(self) -> int | None:
        index = self.list.currentIndex()
        return index.data(DocIdRole) if index.isValid() else None

    def select_document(self, document_id: int, *, emit: bool = True) -> None:
        row = self.model.row_of(document_id)
        if row < 0:
            return
        self._quiet_select = not emit
        self.list.setCurrentIndex(self.model.index(row))
        self.list.scrollTo(self.model.index(row))
        self._quiet_select = False

    _quiet_select = False

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._quiet_select:
            self.documentActivated.emit(current.data(DocIdRole))
