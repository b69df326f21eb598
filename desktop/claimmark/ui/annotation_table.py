"""All annotations of the project in one sortable, filterable table; a double-click
(or Return) opens the passage in context in the main window; Esc or Ctrl+W closes it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
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


class AnnotationTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.rows: list[tuple[Any, str]] = []  # (annotation, document title)
        self.theme = themes.resolve("light")

    def set_rows(self, rows: list[tuple[Any, str]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

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
        if not index.isValid():
            return None
        item, title = self.rows[index.row()]
        column = index.column()
        if role == AnnotationRole:
            return item
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return self.theme.kind_colour(item.kind)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (
                f"{themes.KIND_MARKERS[item.kind]} {themes.KIND_LABELS[item.kind]}",
                " ".join(item.exact.split()),
                attribution(item),
                ", ".join(item.tags),
                " ".join(item.note.split()),
                item.author,
                title,
                (item.modified or "")[:16].replace("T", " "),
            )
            return values[column]
        if role == Qt.ItemDataRole.UserRole:  # sort keys
            keys = (
                themes.KINDS.index(item.kind),
                item.exact.casefold(),
                attribution(item).casefold(),
                ", ".join(item.tags).casefold(),
                item.note.casefold(),
                (item.author or "").casefold(),
                (title.casefold(), item.start),
                item.modified or "",
            )
            return keys[column]
        return None


class AnnotationFilter(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.kind = self.tag = self.author = self.text = ""
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def set_criteria(self, kind: str, tag: str, author: str, text: str) -> None:
        self.kind, self.tag, self.author, self.text = kind, tag, author, text.casefold().strip()
        self.invalidate()

    def filterAcceptsRow(self, row: int, _parent: Index) -> bool:
        item, title = cast(AnnotationTableModel, self.sourceModel()).rows[row]
        if self.kind and item.kind != self.kind:
            return False
        if self.tag and self.tag not in item.tags:
            return False
        if self.author and item.author_id != self.author:
            return False
        if self.text:
            haystack = " ".join(
                (item.exact, item.note, " ".join(item.tags), attribution(item), title)
            ).casefold()
            return all(word in haystack for word in self.text.split())
        return True

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(Qt.ItemDataRole.UserRole), right.data(Qt.ItemDataRole.UserRole)
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)


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
        self.proxy = AnnotationFilter(self)
        self.proxy.setSourceModel(self.model)
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
        if self.project is None:
            self.model.set_rows([])
            self._refilter()
            return
        items = core.query_annotations(self.project)
        titles = core.document_titles(self.project, sorted({item.document_id for item in items}))
        rows = [(item, titles[item.document_id]) for item in items]
        self.model.set_rows(rows)
        self.filters.set_tags(sorted({t for a, _ in rows for t in a.tags}, key=str.casefold))
        self.filters.set_authors(authorship.author_names(a for a, _ in rows), authorship.my_author_id())
        self._refilter()

    def _refilter(self) -> None:
        chosen = self.filters.values()
        self.proxy.set_criteria(chosen.kind, chosen.tag, chosen.author, chosen.search)
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.count.setText(f"{shown} of {total} annotations" if shown != total else f"{total} annotations")

    def _open(self, index: Index) -> None:
        if not index.isValid():
            return
        item = self.proxy.index(index.row(), 0).data(AnnotationRole)
        if item is not None:
            self.openPassage.emit(item.document_id, item.id)
