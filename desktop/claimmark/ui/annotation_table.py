"""All annotations of the project in one sortable, filterable table; a double-click
(or Return) opens the passage in context in the main window; Esc or Ctrl+W closes it."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from claimmark import core
from claimmark.ui import authorship
from claimmark.ui import theme as themes
from claimmark.ui.annotation_panel import attribution
from claimmark.ui.widgets.filter_row import Choice, FilterRow

if TYPE_CHECKING:
    from claimmark.core import Project

Index = QModelIndex | QPersistentModelIndex  # what Qt passes for an item

COLUMNS = ("Kind", "Text", "Who / source", "Tags", "Note", "Author", "Document", "Modified")
AnnotationRole = Qt.ItemDataRole.UserRole + 20


SORT_KEYS = ("kind", "text", "who", "tags", "note", "author", "document", "modified")  # per column
PAGE = 200  # rows read at a time
PAGES_KEPT = 8  # pages held at once: the rows near the view, whatever the row count


class AnnotationTableModel(QAbstractTableModel):
    """The project's live annotations as rows, sorted and filtered in SQL: the row count
    comes with the rows' order by document (counted per document), and rows are read a
    page at a time as the view asks for them."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.project: Project | None = None
        self.criteria = core.RowFilter()
        self.order = ("document", False)  # sort key, descending
        self.theme = themes.resolve("light")
        self.count = 0
        self.row_order: core.RowOrder | None = None
        self._pages: OrderedDict[int, list[tuple[Any, str]]] = OrderedDict()

    def set_criteria(self, kind: str, tag: str, author: str, text: str) -> None:
        self.criteria = core.RowFilter(kind, tag, author, text.strip())
        self.refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self.order = (SORT_KEYS[column], order == Qt.SortOrder.DescendingOrder)
        self._pages.clear()
        self.layoutChanged.emit()

    def refresh(self) -> None:
        """Count again and forget the rows read (the project or the filter changed)."""
        self.beginResetModel()
        self._pages.clear()
        project = self.project
        self.row_order = None if project is None else core.annotation_row_order(project, self.criteria)
        self.count = 0 if self.row_order is None else self.row_order.count
        self.endResetModel()

    def row(self, row: int) -> tuple[Any, str]:
        """(annotation, document title) of one row, reading its page when not held."""
        number = row // PAGE
        page = self._pages.get(number)
        if page is None:
            assert self.project is not None
            page = core.annotation_row_page(
                self.project, self.criteria, *self.order, number * PAGE, PAGE, order=self.row_order
            )
            self._pages[number] = page
            if len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page[row - number * PAGE]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(
        self, index: Index, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.count:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.ForegroundRole and column != 0:
            return None
        if role not in (AnnotationRole, Qt.ItemDataRole.ForegroundRole,
                        Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        item, title = self.row(index.row())
        if role == AnnotationRole:
            return item
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.theme.kind_colour(item.kind)
        return _CELLS[column](item, title)  # only the cell asked for: Qt asks for each


# each column's text of an (annotation, document title) row
_CELLS: tuple[Callable[[Any, str], str], ...] = (
    lambda item, _title: f"{themes.KIND_MARKERS[item.kind]} {themes.KIND_LABELS[item.kind]}",
    lambda item, _title: " ".join(item.exact.split()),
    lambda item, _title: attribution(item),
    lambda item, _title: ", ".join(item.tags),
    lambda item, _title: " ".join(item.note.split()),
    lambda item, _title: item.author,
    lambda _item, title: title,
    lambda item, _title: (item.modified or "")[:16].replace("T", " "),
)


def _search_box(parent: QWidget) -> QLineEdit:
    search = QLineEdit(parent)
    search.setPlaceholderText("Filter by text, note, tag, person or document")
    search.setClearButtonEnabled(True)
    search.setAccessibleName("Filter annotations")
    return search


class AnnotationTable(QMainWindow):
    openPassage = Signal(int, int)  # document id, annotation id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("AnnotationTable")
        self.setWindowTitle("All annotations — ClaimMark")
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.project: Project | None = None
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(8)
        self.filters = FilterRow(
            central,
            search=_search_box,
            kind=Choice("All kinds", "Kind"),
            tag=Choice("All tags", "Tag"),
            author=Choice(authorship.ALL_LABEL, "Author", "Show only your annotations, or one colleague's"),
            one_line=True,
            disable_empty_tags=False,
        )
        self.search = cast(QLineEdit, self.filters.search)
        self.kind, self.tag, self.author = self.filters.kind, self.filters.tag, self.filters.author
        layout.addWidget(self.filters)
        self.model = AnnotationTableModel(self)
        self.proxy = self.model  # what the view shows: the model sorts and filters itself, in SQL
        self.view = QTableView(central)
        self.view.setObjectName("AnnotationTableView")
        self.view.setAccessibleName("All annotations")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(6, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate((90, 360, 150, 120, 150, 110, 200, 130)):
            self.view.setColumnWidth(column, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.count = QLabel(central)
        layout.addWidget(self.count)
        self.setCentralWidget(central)
        self.resize(1200, 600)
        self.view.doubleClicked.connect(self._open)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.view, lambda: self._open(self.view.currentIndex()))
        # a window of its own, closed like one; each key once (the platform's Close is
        # often Ctrl+W itself, and a key bound twice is ambiguous: it does nothing)
        closing = [QKeySequence(Qt.Key.Key_Escape), QKeySequence("Ctrl+W")]
        closing += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Close) if k not in closing]
        for keys in closing:
            QShortcut(keys, self, self.close)
        self.filters.changed.connect(self._refilter)

    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.refresh()

    def refresh(self) -> None:
        if self.project is not None:
            self.filters.set_tags(core.tags_in_use(self.project))
            self.filters.set_authors(core.annotation_row_authors(self.project), authorship.my_author_id())
        self._refilter()

    def _refilter(self) -> None:
        chosen = self.filters.values()
        self.model.project = self.project
        self.model.set_criteria(chosen.kind, chosen.tag, chosen.author, chosen.search)
        shown = total = self.model.rowCount()
        if self.project is not None and self.model.criteria != core.RowFilter():
            total = core.annotation_row_count(self.project)
        self.count.setText(f"{shown} of {total} annotations" if shown != total else f"{total} annotations")

    def _open(self, index: Index) -> None:
        if not index.isValid():
            return
        item = self.proxy.index(index.row(), 0).data(AnnotationRole)
        if item is not None:
            self.openPassage.emit(item.document_id, item.id)
