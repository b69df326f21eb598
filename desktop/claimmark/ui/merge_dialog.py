"""File ▸ Merge Project: a dry run shown first ("Merge" / "Cancel"), then the merge
in a worker thread with a busy indicator, then the report — counts, and the
conflicts side by side (their version and ours, and which one won). The same side by
side view reviews the conflicts earlier merges kept (File ▸ Review Merge Conflicts),
where each one is resolved — Keep ours or Use theirs, undoable — and leaves the list.

The worker opens the project on its own connection (an SQLite connection belongs to
one thread); the merge is one transaction in the core, so a failure, a bad file or a
lock held elsewhere leaves the project as it was.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimmark.core.model.printable import printable
from claimmark.ui import theme as themes
from claimmark.ui.errors import show_error

log = logging.getLogger(__name__)
BUSY_AFTER_MS = 300  # show the busy indicator for merges that take longer than this

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
    def from_versions(cls, uuid: str, title: str, winner: str, kept: dict, other: dict) -> ConflictEntry:
        theirs, ours = (kept, other) if winner == "theirs" else (other, kept)
        return cls(uuid, title, winner, theirs, ours)

    @classmethod
    def from_record(cls, record) -> ConflictEntry:
        """From a claimmark.core.share.conflicts.ConflictRecord."""
        return cls(record.annotation_uuid, record.document_title, record.winner, record.theirs.to_json(),
                   record.ours.to_json(), record.id, record.resolved)


def field_text(version: dict[str, Any], key: str) -> str:
    value = version.get(key)
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

    def resizeEvent(self, event) -> None:
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
            label = self.table.verticalHeaderItem(row).text().removeprefix("≠ ")
            out[label] = (self.table.item(row, 0).text(), self.table.item(row, 1).text())
        return out


def report_lines(report) -> dict[str, str]:
    """The report's counts, one line per heading."""
    matched = report.documents_matched
    how = ", ".join(f"{n} by {k if k == 'content' else k.upper()}" for k, n in matched.items() if n)
    documents = f"{len(report.documents_added)} new, {sum(matched.values())} already here"
    if how:
        documents += f" ({how})"
    return {
        "documents": documents,
        "annotations": (
            f"{report.annotations_added} new, {report.annotations_updated} updated, "
            f"{report.annotations_deleted} deleted, {report.annotations_unchanged} unchanged"
        ),
        "conflicts": (
            f"{len(report.conflicts)} edited on both sides: the later edit wins, the other is kept for review"
            if report.conflicts else "none"
        ),
        "orphans": (
            f"{len(report.orphans)} kept, but their passage is not in our copy of the text"
            if report.orphans else "none"
        ),
        "skipped": (
            f"{len(report.skipped)} left out: bad or conflicting rows of “{printable(report.source.name)}”"
            if report.skipped else "none"
        ),
    }


def skipped_lines(report) -> list[str]:
    """One line per row of the incoming file that was left out, and why."""
    return [f"{s.kind.capitalize()} {s.uuid[:8]} in “{printable(s.title)}”: {printable(s.reason)}"
            for s in report.skipped]


class MergeReportDialog(QDialog):
    """What a merge would bring in (preview: Merge / Cancel) or brought in (Close, and
    Review Conflicts to resolve the conflicts it kept)."""

    reviewRequested = Signal()

    def __init__(self, report, project_name: str, *, preview: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("MergeReportDialog")
        self.report = report
        name, project_name = printable(report.source.name), printable(project_name)
        self.setWindowTitle(f"Merge preview — {name}" if preview else f"Merged {name}")
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        if preview and not report.changed and report.skipped:
            heading = f"Nothing to merge: what “{name}” holds is in “{project_name}” or left out (below)."
        elif preview and not report.changed:
            heading = f"Nothing to merge: everything in “{name}” is already in “{project_name}”."
        elif preview:
            heading = f"Merging “{name}” into “{project_name}” would bring in:"
        else:
            heading = f"Merged “{name}” into “{project_name}”:"
        self.heading = QLabel(heading, self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        form = QFormLayout()
        form.setVerticalSpacing(4)
        self.counts: dict[str, QLabel] = {}
        for key, text in report_lines(report).items():
            label = QLabel(text, self)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.counts[key] = label
            form.addRow(f"{key.capitalize()}:", label)
        if report.documents_added:
            titles = [printable(title) for title in report.documents_added[:5]]
            more = len(report.documents_added) - len(titles)
            new = QLabel("New: " + "; ".join(titles) + (f"; and {more} more" if more > 0 else ""), self)
            new.setTextFormat(Qt.TextFormat.PlainText)
            new.setWordWrap(True)
            form.addRow("", new)
        layout.addLayout(form)
        entries = [
            ConflictEntry.from_versions(c.uuid, c.document_title, c.winner, c.kept.to_json(),
                                        c.other.to_json())
            for c in report.conflicts
        ]
        self.skipped = QListWidget(self)
        self.skipped.setObjectName("SkippedRows")
        self.skipped.setAccessibleName(f"Rows of {name} left out, and why")
        self.skipped.setWordWrap(True)
        self.skipped.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.skipped.addItems(skipped_lines(report))
        self.skipped.setVisible(bool(report.skipped))
        if entries:
            self.skipped.setMaximumHeight(140)  # the conflicts take the room
        layout.addWidget(self.skipped, 0 if entries else 1)
        self.conflicts = ConflictView(entries, self)
        self.conflicts.setVisible(bool(entries))
        if entries:
            layout.addWidget(QLabel("Conflicts, their version beside ours:", self))
        layout.addWidget(self.conflicts, 1)
        buttons = QDialogButtonBox(self)
        self.merge_button = None
        if preview and report.changed:
            self.merge_button = buttons.addButton("&Merge", QDialogButtonBox.ButtonRole.AcceptRole)
            self.merge_button.setDefault(True)
            buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        else:
            buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.review_button = None
        if not preview and report.conflicts:
            role = QDialogButtonBox.ButtonRole.ActionRole
            self.review_button = buttons.addButton("Review &Conflicts…", role)
            self.review_button.setToolTip("Keep ours or use theirs, conflict by conflict")
            self.review_button.clicked.connect(self._review)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)
        self.resize(860, 560 if entries else 380 if report.skipped else 240)

    def _review(self) -> None:
        self.accept()
        self.reviewRequested.emit()


class ConflictsDialog(QDialog):
    """The conflicts earlier merges kept, for review: Keep ours or Use theirs resolves
    the chosen one (an undoable action of the window), and it leaves the list unless
    resolved ones are shown."""

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.project = window.project  # the dialog closes if the window's project changes
        self.error: QMessageBox | None = None  # the last refusal shown
        self.setObjectName("ConflictsDialog")
        self.setWindowTitle("Merge conflicts")
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.conflicts = ConflictView([], self)
        layout.addWidget(self.conflicts, 1)
        actions = QHBoxLayout()
        self.show_resolved = QCheckBox("Show &resolved", self)
        self.show_resolved.setToolTip("List the conflicts already resolved too")
        self.show_resolved.toggled.connect(lambda: self.reload())
        actions.addWidget(self.show_resolved)
        actions.addStretch(1)
        self.use_theirs = QPushButton("Use &Theirs", self)
        self.keep_ours = QPushButton("Keep &Ours", self)
        for button, side in ((self.use_theirs, "theirs"), (self.keep_ours, "ours")):
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, keep=side: self.resolve(keep))
            actions.addWidget(button)
        layout.addLayout(actions)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.addActions([window.act_undo, window.act_redo])  # Ctrl+Z here undoes a resolution
        self.conflicts.list.currentRowChanged.connect(self._update_buttons)
        self.reload()
        window.undo_stack.indexChanged.connect(self._stack_changed)
        self.resize(860, 540 if self.conflicts.entries else 180)

    def reload(self) -> None:
        """Read the conflicts afresh, keeping the chosen one (or its place) chosen."""
        from claimmark.core import review_conflicts

        shown = self.conflicts.current_entry()
        row = self.conflicts.list.currentRow()
        records = review_conflicts(self.project, include_resolved=self.show_resolved.isChecked())
        entries = [ConflictEntry.from_record(r) for r in records]
        ids = [e.conflict_id for e in entries]
        if shown is not None and shown.conflict_id in ids:
            row = ids.index(shown.conflict_id)
        self.conflicts.set_entries(entries, row)
        self.conflicts.setVisible(bool(entries))
        self.layout().setStretchFactor(self.heading, 0 if entries else 1)  # nothing listed: centred
        self.heading.setAlignment(Qt.AlignmentFlag.AlignLeft if entries else Qt.AlignmentFlag.AlignCenter)
        open_ = sum(not e.resolved for e in entries)
        if open_:
            text = (f"{open_} annotation{'s' if open_ != 1 else ''} edited on both sides. The later edit "
                    "is in the project; the other version is kept here. Keep ours or use theirs: "
                    "a resolved conflict leaves this list (Ctrl+Z undoes).")
        else:
            text = "No merge conflicts to review." + (" These are resolved." if entries else "")
        self.heading.setText(text)
        self._update_buttons()

    def _update_buttons(self) -> None:
        entry = self.conflicts.current_entry()
        writable = not self.project.read_only
        for button, side in ((self.use_theirs, "theirs"), (self.keep_ours, "ours")):
            button.setEnabled(entry is not None and not entry.resolved and writable)
            if entry is None or entry.resolved:
                tip = "Choose an open conflict"
            elif not writable:
                tip = "The project is open read-only"
            elif entry.winner == side:
                tip = "The annotation holds this version already: mark the conflict resolved"
            else:
                tip = "Make this version the annotation's content again (an edit; Ctrl+Z undoes)"
            button.setToolTip(tip)

    def resolve(self, keep: str) -> None:
        from claimmark.core import resolve_conflict
        from claimmark.core.model.errors import ClaimMarkError
        from claimmark.ui.commands import ResolveCommand

        entry = self.conflicts.current_entry()
        if entry is None or entry.conflict_id is None:
            return
        try:
            resolution = resolve_conflict(self.project, entry.conflict_id, keep)
        except ClaimMarkError as exc:
            message = f"The conflict was not resolved.\n{printable(exc.message)}"
            self.error = show_error(self, "Resolve conflict", message)
            self.reload()
            return
        self.window_.undo_stack.push(ResolveCommand(self.window_, resolution))  # reloads this list

    def _stack_changed(self) -> None:
        if self.window_.project is not self.project:  # closed or another one opened
            self.reject()
        elif self.isVisible():
            self.reload()

    def done(self, result: int) -> None:
        if self.isVisible():  # once: done() may be called again on a closed dialog
            self.window_.undo_stack.indexChanged.disconnect(self._stack_changed)
        super().done(result)


def open_conflicts(window) -> QDialog:
    """File ▸ Review Merge Conflicts: the review, or a message if the project's stored
    conflicts cannot be read (a damaged or hand-edited file)."""
    from claimmark.core.model.errors import ClaimMarkError

    try:
        dialog = ConflictsDialog(window)
    except ClaimMarkError as exc:
        message = f"The merge conflicts cannot be shown.\n{printable(exc)}"
        return show_error(window, "Merge conflicts", message)
    dialog.open()
    return dialog


class MergeWorker(QThread):
    """Runs one merge (or dry run) on its own connection to the project."""

    done = Signal(object)  # MergeReport
    failed = Signal(str)

    def __init__(self, project_path: Path, other: Path, dry_run: bool, parent: QObject | None = None):
        super().__init__(parent)
        self.project_path, self.other, self.dry_run = project_path, other, dry_run

    def run(self) -> None:
        from claimmark.core import Project, merge
        from claimmark.core.model.errors import ClaimMarkError

        try:
            with Project.open(self.project_path) as project:
                report = merge(project, self.other, dry_run=self.dry_run)
        except ClaimMarkError as exc:
            self.failed.emit(printable(exc))
            return
        except Exception as exc:  # a bug, not bad input: logged, reported in a sentence
            log.exception("merge of %s failed", self.other)
            self.failed.emit(f"{printable(self.other)}: unexpected error ({type(exc).__name__})")
            return
        self.done.emit(report)


class MergeFlow(QObject):
    """Preview, confirm, merge, report — for one file chosen in File ▸ Merge Project."""

    reportShown = Signal(object)  # the MergeReportDialog
    finished = Signal(bool)  # whether the project was changed

    def __init__(self, window, project_path: Path, other: Path):
        super().__init__(window)
        self.window = window
        self.project_path, self.other = project_path, other
        self.worker: MergeWorker | None = None
        self.busy: QProgressDialog | None = None
        self.dialog: MergeReportDialog | None = None

    @property
    def running(self) -> bool:
        return self.worker is not None and self.worker.isRunning()

    def start(self, *, preview: bool = True) -> None:
        self.worker = MergeWorker(self.project_path, self.other, preview, self)
        self.worker.done.connect(self._done)
        self.worker.failed.connect(self._failed)
        verb = "Reading" if preview else "Merging"
        self.busy = QProgressDialog(f"{verb} {printable(self.other.name)}…", "", 0, 0, self.window)
        self.busy.setObjectName("MergeBusy")
        self.busy.setWindowTitle("Merge Project")
        self.busy.setCancelButton(None)  # one transaction: it finishes or changes nothing
        self.busy.setWindowModality(Qt.WindowModality.WindowModal)
        self.busy.setMinimumDuration(BUSY_AFTER_MS)  # (QProgressDialog shows by itself only on progress)
        QTimer.singleShot(BUSY_AFTER_MS, self._show_busy)  # a quick merge shows no flicker
        self.window.statusBar().showMessage(f"{verb} {printable(self.other.name)}…")
        self.worker.start()

    def _show_busy(self) -> None:
        if self.busy is not None and self.running:
            self.busy.show()

    def wait(self) -> None:
        if self.worker is not None:
            self.worker.wait()

    def _finish_worker(self) -> None:
        if self.worker is not None:
            self.worker.wait()
        if self.busy is not None:
            self.busy.reset()
            self.busy.deleteLater()
            self.busy = None
        self.window.statusBar().clearMessage()

    def _done(self, report) -> None:
        self._finish_worker()
        window = self.window
        if not report.dry_run:
            if report.changed:
                window.undo_stack.clear()  # undoing an edit from before the merge could undo the merge
            window.refresh()
            window.statusBar().showMessage(
                f"Merged {printable(self.other.name)}: {_count(report.annotations_added, 'new annotation')}, "
                f"{_count(len(report.conflicts), 'conflict')}",
                6000,
            )
        dialog = MergeReportDialog(report, window.project.name, preview=report.dry_run, parent=window)
        dialog.reviewRequested.connect(window.show_conflicts)
        if report.dry_run and report.changed:
            dialog.accepted.connect(lambda: self.start(preview=False))
            dialog.rejected.connect(lambda: self.finished.emit(False))
        self.dialog = dialog
        window.last_dialog = dialog
        dialog.open()
        self.reportShown.emit(dialog)
        if not report.dry_run or not report.changed:
            self.finished.emit(not report.dry_run and report.changed)

    def _failed(self, message: str) -> None:
        self._finish_worker()
        self.window.last_dialog = show_error(
            self.window, "Merge Project", f"Nothing was merged, and the project is unchanged.\n\n{message}"
        )
        self.finished.emit(False)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"
