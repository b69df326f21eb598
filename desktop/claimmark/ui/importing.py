"""Importing files off the GUI thread: extraction runs in a worker process, each
result is stored on the GUI side in its own transaction, with a progress dialog
(and cancel) for many files and a summary of what happened to each file."""

from __future__ import annotations

import atexit
import concurrent.futures as cf
import logging
import multiprocessing
from collections import deque
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

from claimmark.core.printable import printable

log = logging.getLogger(__name__)
IN_FLIGHT = 4
PROGRESS_AFTER = 2  # show a progress dialog for more files than this
_pool: cf.ProcessPoolExecutor | None = None


def _extract(path: str):
    """Run in the worker process: extract one file; return (Extracted, None) or (None, reason)."""
    from claimmark.core.errors import ClaimMarkError
    from claimmark.core.importer import extract_limited

    try:
        return extract_limited(Path(path)), None
    except ClaimMarkError as exc:
        return None, exc.message
    except MemoryError:
        return None, "the page is too large to read in memory"
    except Exception as exc:  # a bug, not bad input
        return None, f"unexpected error ({type(exc).__name__}: {exc})"


def pool() -> cf.ProcessPoolExecutor:
    """One worker process pool for the app's life (spawned, never forked from Qt)."""
    global _pool
    if _pool is None:
        _pool = cf.ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn"))
        atexit.register(shutdown_pool)  # before interpreter teardown, not during it
    return _pool


def shutdown_pool() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None


class ImportJob(QObject):
    """One import of files and folders into the open project."""

    progressed = Signal(int, int)
    finished = Signal(list)  # list[ImportOutcome]

    def __init__(self, project, paths, parent: QWidget | None = None, *, quiet: bool = False):
        super().__init__(parent)
        self.project = project
        self.paths = [Path(p) for p in paths]
        self.quiet = quiet
        self.outcomes: list = []
        self.files: list[Path] = []
        self.cancelled = False
        self.done = False
        self._problems = 0
        self._queue: deque[Path] = deque()
        self._running: deque[tuple[Path, cf.Future]] = deque()
        self._timer = QTimer(self, interval=25)
        self._timer.timeout.connect(self._poll)
        self.progress: QProgressDialog | None = None
        self.parent_widget = parent

    def start(self) -> None:
        from claimmark.core.importer import collect_files

        self.files, problems = collect_files(self.paths)
        self.outcomes.extend(problems)
        self._problems = len(problems)
        self._queue.extend(self.files)
        if len(self.files) > PROGRESS_AFTER and not self.quiet:
            self.progress = QProgressDialog("Importing…", "Cancel", 0, len(self.files), self.parent_widget)
            self.progress.setObjectName("ImportProgress")
            self.progress.setWindowTitle("Import")
            self.progress.setWindowModality(Qt.WindowModality.WindowModal)
            self.progress.setMinimumDuration(200)
            self.progress.setAutoClose(False)
            self.progress.setAutoReset(False)
            self.progress.canceled.connect(self.cancel)
        self._fill()
        self._timer.start()
        self._poll()

    def _fill(self) -> None:
        while self._queue and len(self._running) < IN_FLIGHT and not self.cancelled:
            path = self._queue.popleft()
            self._running.append((path, pool().submit(_extract, str(path))))

    def cancel(self) -> None:
        if self.done:
            return
        self.cancelled = True
        for _path, future in self._running:
            future.cancel()
        self._queue.clear()

    def _poll(self) -> None:
        from claimmark.core.importer import ImportOutcome

        while self._running and self._running[0][1].done() and not self.cancelled:
            path, future = self._running.popleft()
            try:
                extracted, reason = future.result()
            except Exception as exc:  # the worker died
                log.exception("worker failed on %s", path)
                extracted, reason = None, f"the import worker stopped ({type(exc).__name__})"
            if extracted is None:
                self.outcomes.append(ImportOutcome(path, "failed", reason or "could not be read"))
            else:
                self.outcomes.append(self._store(path, extracted))
            self._fill()
        done = len(self.outcomes) - self._problems
        self.progressed.emit(done, len(self.files))
        if self.progress is not None and not self.cancelled:
            self.progress.setValue(done)
            current = self._running[0][0].name if self._running else ""
            self.progress.setLabelText(
                f"Importing {done + 1 if current else done} of {len(self.files)}\n{printable(current)}"
            )
        if self.cancelled or (not self._running and not self._queue):
            self._finish()

    def _store(self, path: Path, extracted):
        from claimmark.core.errors import ClaimMarkError
        from claimmark.core.importer import ImportOutcome, stored_outcome

        try:
            result = self.project.add_document(extracted)
        except ClaimMarkError as exc:
            return ImportOutcome(path, "failed", exc.message)
        except Exception as exc:
            log.exception("storing %s failed", path)
            return ImportOutcome(path, "failed", f"unexpected error ({type(exc).__name__}: {exc})")
        return stored_outcome(path, result, extracted)

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
