"""File ▸ Merge Project, start to end: a dry run in a worker thread, its report
("Merge" / "Cancel"), then the merge in a worker thread with a busy indicator, then
the report of what it did.

The worker opens the project on its own connection (an SQLite connection belongs to
one thread); the merge is one transaction in the core, so a failure, a bad file or a
lock held elsewhere leaves the project as it was.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog

from claimmark.core.model.printable import printable
from claimmark.ui.errors import show_error
from claimmark.ui.merge.report import MergeReportDialog

log = logging.getLogger(__name__)
BUSY_AFTER_MS = 300  # show the busy indicator for merges that take longer than this


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

    def __init__(self, window: Any, project_path: Path, other: Path):
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

    def _done(self, report: Any) -> None:  # a core MergeReport
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
