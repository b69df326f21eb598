"""The conflicts of a merge side by side: the list of annotations edited on both
sides, and the chosen one's two versions field by field, the fields that differ
marked. Used by the merge report and by the review of kept conflicts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QListWidget,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimmark.ui import theme as themes

if TYPE_CHECKING:
    from claimmark.core import ConflictRecord

# (label, key in a version); rows of the side-by-side table, shown when either side has a value
FIELDS = (
    ("Kind", "kind"),
    ("Passage", "exact"),
    ("Note", "note"),
    ("Tags", "tags"),
    ("Claimant", "claimant"),
    ("Status", "status"),
    ("Speaker", "speaker"),
    ("Source", "source_title"),
    ("Source URL", "source_url"),
    ("Author", "author"),
    ("Edited", "modified"),
    ("Edited by", "modified_by_name"),
    ("Deleted", "deleted"),
)


@dataclass
class ConflictEntry:
    """One annotation edited on both sides, as the side-by-side view shows it."""

    uuid: str
    title: str  # of its document
    winner: str  # "theirs" or "ours"
    theirs: dict[str, Any]
    ours: dict[str, Any]
    conflict_id: int | None = None  # kept in the project (not in a merge's report)
    resolved: bool = False

    @classmethod
    def from_versions(cls, uuid: str, title: str, winner: str, kept: dict[str, Any],
                      other: dict[str, Any]) -> ConflictEntry:
        theirs, ours = (kept, other) if winner == "theirs" else (other, kept)
        return cls(uuid, title, winner, theirs, ours)

    @classmethod
    def from_record(cls, record: ConflictRecord) -> ConflictEntry:
        """From a conflict kept in the project."""
        return cls(record.annotation_uuid, record.document_title, record.winner, record.theirs.to_json(),
                   record.ours.to_json(), record.id, record.resolved)


def field_text(version: dict[str, Any], key: str) -> str:
    value: Any = version.get(key)
    if key == "kind":
        return f"{themes.KIND_MARKERS.get(value, '')} {themes.KIND_LABELS.get(value, value or '')}".strip()
    if key == "tags":
        return ", ".join(value or [])
    if key == "deleted":
        return "deleted" if value else ""
    if key == "modified":  # to the millisecond: two edits a second apart must still differ
        stamp = (value or "")[:23].replace("T", " ")
        return f"{stamp} UTC" if stamp and str(value).endswith("Z") else stamp
    if key == "modified_by_name":  # the editor's name, or their id's start if it was not known
        return " ".join(str(value).split()) if value else str(version.get("modified_by") or "")[:8]
    if key == "status" and value == "unverified" and version.get("kind") != "claim":
        return ""
    return " ".join(str(value or "").split()) if key != "exact" else str(value or "")


class ConflictView(QWidget):
    """The conflicts in a list; the chosen one's two versions side by side, field by
    field, with the fields that differ marked."""

    def __init__(self, entries: list[ConflictEntry], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ConflictView")
        self.entries: list[ConflictEntry] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.list = QListWidget(splitter)
        self.list.setAccessibleName("Conflicts")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table = QTableWidget(0, 2, splitter)
        self.table.setObjectName("ConflictTable")
        self.table.setAccessibleName("Their version and ours")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setStyleSheet("QTableWidget::item { padding: 3px 4px; }")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        splitter.addWidget(self.list)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 560])
        layout.addWidget(splitter)
        self.list.currentRowChanged.connect(self.show_entry)
        self.set_entries(entries)

    def set_entries(self, entries: list[ConflictEntry], current: int = 0) -> None:
        """Show `entries`, the one at `current` (or the nearest) chosen."""
        self.entries = entries
        self.list.blockSignals(True)
        self.list.clear()
        for entry in entries:
            passage = " ".join(str(entry.theirs.get("exact") or entry.ours.get("exact") or "").split())
            short = passage if len(passage) <= 70 else passage[:69] + "…"
            self.list.addItem(("✓ Resolved · " if entry.resolved else "") + f"“{short}”\n— {entry.title}")
        row = min(max(current, 0), len(entries) - 1)
        self.list.setCurrentRow(row)
        self.list.blockSignals(False)
        self.show_entry(row)

    def current_entry(self) -> ConflictEntry | None:
        row = self.list.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def resizeEvent(self, event: QResizeEvent) -> None:
        # wrapped text: row heights follow the columns' widths, which the header settles
        # after this event; Qt does not redo the heights by itself
        super().resizeEvent(event)
        QTimer.singleShot(0, self.table.resizeRowsToContents)

    def show_entry(self, row: int) -> None:
        self.table.clearContents()
        if not 0 <= row < len(self.entries):
            self.table.setRowCount(0)
            return
        entry = self.entries[row]
        won, lost = "✓ kept (the later edit)", "kept for review"
        self.table.setHorizontalHeaderLabels(
            [f"Theirs — {won if entry.winner == 'theirs' else lost}",
             f"Ours — {won if entry.winner == 'ours' else lost}"]
        )
        rows = []
        for label, key in FIELDS:
            values = (field_text(entry.theirs, key), field_text(entry.ours, key))
            if any(values) or key in ("kind", "exact", "note", "author"):
                rows.append((label, values))
        self.table.setRowCount(len(rows))
        bold = QFont(self.table.font())
        bold.setWeight(QFont.Weight.DemiBold)
        for index, (label, values) in enumerate(rows):
            differs = values[0] != values[1]
            header = QTableWidgetItem(f"≠ {label}" if differs else label)
            header.setToolTip("The two versions differ here" if differs else "")
            self.table.setVerticalHeaderItem(index, header)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value or "—")
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                if differs:
                    item.setFont(bold)
                self.table.setItem(index, column, item)
        self.table.resizeRowsToContents()

    def shown_rows(self) -> dict[str, tuple[str, str]]:
        """The side-by-side table as text: field label -> (theirs, ours) (for tests)."""
        out = {}
        for row in range(self.table.rowCount()):
            label = _text(self.table.verticalHeaderItem(row)).removeprefix("≠ ")
            out[label] = (_text(self.table.item(row, 0)), _text(self.table.item(row, 1)))
        return out


def _text(item: QTableWidgetItem | None) -> str:
    return item.text() if item is not None else ""
