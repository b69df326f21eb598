"""Importing files off the GUI thread: extraction runs in the core's worker processes
(`claimmark.core.extract.workers`, bounded in time and memory), each result is stored on the
GUI side in its own transaction, with a progress dialog
(and cancel) for many files and a summary of what happened to each file."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressDialog,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimmark import core
from claimmark.core.model.printable import printable

log = logging.getLogger(__name__)
PROGRESS_AFTER = 2  # show a progress dialog for more files than this


def pool():
    """The core's extraction workers (spawned, never forked from Qt; see core/extract/workers.py)."""
    return core.worker_pool()


def shutdown_pool() -> None:
    core.close_workers()


class ImportJob(QObject):
    """One import of files and folders into the open project."""

    progressed = Signal(int, int)
    finished = Signal(list)  # list[ImportOutcome]

    def __init__(self, project, paths, parent: QWidget | None = None, *, quiet: bool = False):
        super().__init__(parent)
        self.project = project
        self.paths = [Path(p) for p in paths]
        self.quiet = quiet
        self.run: core.ImportRun | None = None
        self.cancelled = False
        self.done = False
        self._timer = QTimer(self, interval=25)
        self._timer.timeout.connect(self._poll)
        self.progress: QProgressDialog | None = None
        self.parent_widget = parent

    @property
    def outcomes(self) -> list:
        return self.run.outcomes if self.run is not None else []

    @property
    def files(self) -> list[Path]:
        return self.run.files if self.run is not None else []

    def start(self) -> None:
        self.run = core.ImportRun(self.project, self.paths, pool())
        if len(self.files) > PROGRESS_AFTER and not self.quiet:
            self.progress = QProgressDialog("Importing…", "Cancel", 0, len(self.files), self.parent_widget)
            self.progress.setObjectName("ImportProgress")
            self.progress.setWindowTitle("Import")
            self.progress.setWindowModality(Qt.WindowModality.WindowModal)
            self.progress.setMinimumDuration(200)
            self.progress.setAutoClose(False)
            self.progress.setAutoReset(False)
            self.progress.canceled.connect(self.cancel)
        self._timer.start()
        self._poll()

    def cancel(self) -> None:
        if self.done or self.run is None:
            return
        self.cancelled = True
        self.run.cancel()  # the files being read are dropped, their workers ended

    def _poll(self) -> None:
        run = self.run
        if run is None:
            return
        run.step(0)
        self.progressed.emit(run.done, len(run.files))
        if self.progress is not None and not self.cancelled:
            self.progress.setValue(run.done)
            current = run.files[run.done].name if run.done < len(run.files) else ""
            self.progress.setLabelText(
                f"Importing {run.done + 1 if current else run.done} of {len(run.files)}\n{printable(current)}"
            )
        if run.finished:
            self._finish()

    def _finish(self) -> None:
        if self.done:
            return
        self.done = True
        self._timer.stop()
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.finished.emit(self.outcomes)


# The document fields a duplicate may fill in (METADATA_FIELDS but the title), as people call them.
FIELD_LABELS = {"byline": "byline", "site_name": "site name", "url": "address",
                "published": "publication date", "section": "section", "language": "language",
                "saved_at": "date saved"}


def duplicate_detail(outcome) -> str:
    """A file already in the project, named by the stored copy's title (ids are internal)."""
    detail = f"already in the project as “{outcome.title}”" if outcome.title else "already in the project"
    if outcome.filled:
        detail += f" (filled in its {', '.join(FIELD_LABELS.get(f, f) for f in outcome.filled)})"
    return detail


class ImportSummary(QDialog):
    """What happened to each file: imported, duplicate or failed, with the reason."""

    def __init__(self, outcomes, cancelled: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ImportSummary")
        self.setWindowTitle("Import finished" if not cancelled else "Import cancelled")
        counts = {
            status: sum(1 for o in outcomes if o.status == status)
            for status in ("imported", "duplicate", "failed")
        }
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        parts = [
            f"{counts['imported']} imported",
            f"{counts['duplicate']} already in the project",
            f"{counts['failed']} failed",
        ]
        self.warned = sum(1 for o in outcomes if o.warnings)
        if self.warned:
            parts.append(f"{self.warned} with warnings")
        headline = ", ".join(parts) + "."
        if cancelled:
            headline = "Cancelled. " + headline
        self.headline = QLabel(headline, self)
        self.headline.setObjectName("ImportHeadline")
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.headline.setFont(font)
        layout.addWidget(self.headline)
        self.counts = counts
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Files and what happened to them")
        self.tree.setHeaderLabels(["File", "Result", "Details"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        order = {"failed": 0, "duplicate": 1, "imported": 2}
        for outcome in sorted(outcomes, key=lambda o: (order.get(o.status, 3), not o.warnings)):
            if outcome.status == "duplicate":
                detail = duplicate_detail(outcome)
            else:
                detail = outcome.message or outcome.title
            result = outcome.status + (", with warnings" if outcome.warnings else "")
            detail = printable(detail)
            item = QTreeWidgetItem([printable(outcome.path.name or outcome.path), result, detail])
            item.setToolTip(0, printable(outcome.path))
            item.setToolTip(2, detail)
            self.tree.addTopLevelItem(item)
            for warning in outcome.warnings:  # a line of its own under the file, readable whole
                line = QTreeWidgetItem(item, [f"⚠ {printable(warning)}"])
                line.setFirstColumnSpanned(True)
                line.setToolTip(0, printable(warning))
            item.setExpanded(True)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(640, 360)
