"""Importing files and folders into a project, one document per transaction.

Extraction (`extract_file`) runs in worker processes bounded in time and memory
(`claimmark.core.extract.workers`); storing (`Project.add_document`) happens in the calling
process and commits each document whole or not at all.
"""

from __future__ import annotations

import logging
import os
import stat
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimmark.core.extract import workers
from claimmark.core.extract.jobs import extraction_job
from claimmark.core.extract.sources import HTML_SUFFIXES, MHTML_SUFFIXES, SUPPORTED_SUFFIXES
from claimmark.core.model.errors import ClaimMarkError, ProjectError
from claimmark.core.model.extracted import Extracted
from claimmark.core.store.bulk import AddResult
from claimmark.core.store.project import Project

log = logging.getLogger(__name__)

# Within a folder, richer forms of a page go first, so that when the same article
# was saved several ways the stored copy is the one with images and metadata.
_RANK = {**dict.fromkeys(MHTML_SUFFIXES, 0), **dict.fromkeys(HTML_SUFFIXES, 1)}


@dataclass
class ImportOutcome:
    path: Path
    status: str  # "imported", "duplicate" or "failed"
    message: str = ""
    document_id: int | None = None
    title: str = ""
    about_project: bool = False  # the project, not the file, failed: `path` is the project's
    warnings: tuple[str, ...] = ()  # what was imported, but not all of it (images left out...)
    filled: tuple[str, ...] = ()  # a duplicate: the metadata fields it filled in on the stored copy


ProgressCallback = Callable[[int, int, Path], None]


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[ImportOutcome]]:
    """The files to import from the given files and folders (walked recursively,
    without following links), and outcomes for paths that cannot be used at all."""
    files: list[Path] = []
    problems: list[ImportOutcome] = []
    for raw in paths:
        path = Path(raw)
        try:
            info = os.stat(path)
        except OSError as exc:
            problems.append(ImportOutcome(path, "failed", f"cannot read ({exc.strerror or exc})"))
            continue
        if stat.S_ISDIR(info.st_mode):
            before = len(problems)
            found = _walk(path, problems)
            if not found and len(problems) == before:
                problems.append(ImportOutcome(path, "failed", "the folder holds no saved pages "
                                              "(.html, .htm, .mhtml, .mht, .txt or .md files)"))
            files.extend(found)
        else:
            files.append(path)
    return files, problems


def _walk(folder: Path, problems: list[ImportOutcome]) -> list[Path]:
    found: list[Path] = []

    def on_error(exc: OSError) -> None:
        problems.append(
            ImportOutcome(Path(exc.filename or folder), "failed", f"cannot read ({exc.strerror})")
        )

    for dirpath, dirnames, filenames in os.walk(folder, onerror=on_error, followlinks=False):
        base = Path(dirpath)
        pages = {Path(n).stem for n in filenames if Path(n).suffix.lower() in HTML_SUFFIXES}
        # a browser's NAME_files/ folder belongs to NAME.html: its parts are not articles
        dirnames[:] = sorted(d for d in dirnames if not (d.endswith("_files") and d[:-6] in pages))
        for name in filenames:
            path = base / name
            if path.suffix.lower() not in SUPPORTED_SUFFIXES or path.is_symlink():
                continue
            found.append(path)
    found.sort(key=lambda p: (str(p.parent), _RANK.get(p.suffix.lower(), 2), p.name))
    return found


class ImportRun:
    """One import of files and folders, driven a step at a time: `import_paths` runs it
    to the end, the window steps it from a timer. This is the one import loop, so both
    faces report alike: every file gets an outcome (in file order), none stops the
    others, but a problem of the project itself (locked, read-only, damaged) ends the
    run, since every further file would fail alike."""

    def __init__(
        self, project: Project, paths: Iterable[str | Path], pool: workers.Pool | None = None
    ) -> None:
        self.project = project
        self.files, self.outcomes = collect_files(paths)  # the outcomes so far: files refused unread first
        self._unread = len(self.outcomes)
        self._batch = (pool or workers.pool()).batch([extraction_job(path) for path in self.files])
        self._ready: deque[workers.Done] = deque()
        self.stopped = False

    @property
    def done(self) -> int:
        """How many of `files` have an outcome."""
        return len(self.outcomes) - self._unread

    @property
    def finished(self) -> bool:
        return self.stopped or self.done >= len(self.files)

    def step(self, timeout: float | None = 0, limit: int | None = None) -> list[ImportOutcome]:
        """Store the files extracted by now (waiting up to `timeout` seconds, None: until
        one is), at most `limit` of them; their outcomes."""
        if self.finished:
            return []
        if not self._ready:
            self._ready.extend(self._batch.ready(timeout))
        taken: list[workers.Done] = []
        while self._ready and (limit is None or len(taken) < limit):
            taken.append(self._ready.popleft())
        if not taken:
            return []
        stored = store_all(self.project, taken)
        if stored[-1].about_project:
            left = len(self.files) - self.done - len(stored) + 1
            stored[-1].message += f" ({left} file{'s' if left != 1 else ''} not imported)"
            self.cancel()
        self.outcomes.extend(stored)
        return stored

    def cancel(self) -> None:
        """Stop: the files not stored yet are not extracted further (their workers end)."""
        self.stopped = True
        self._ready.clear()
        self._batch.cancel()


def import_paths(
    project: Project,
    paths: Iterable[str | Path],
    progress: ProgressCallback | None = None,
    cancelled: Callable[[], bool] | None = None,
    reported: Callable[[ImportOutcome], None] | None = None,
) -> list[ImportOutcome]:
    """Import files and folders (an `ImportRun` to its end). Files are extracted in worker
    processes (`claimmark.core.extract.workers`, several at once) and stored here in file
    order, the files extracted by then in one transaction (`store_all`). `reported` hears
    each outcome as soon as it is known (a document it reports as imported is committed)."""
    run = ImportRun(project, paths)
    if reported:
        for outcome in run.outcomes:
            reported(outcome)
    try:
        while not run.finished:
            if cancelled and cancelled():
                break
            if progress:
                progress(run.done, len(run.files), run.files[run.done])
            for outcome in run.step(None):
                if reported:
                    reported(outcome)
    finally:
        if not run.finished:
            run.cancel()
    if progress:
        progress(len(run.files), len(run.files), Path())
    return run.outcomes


def import_file(project: Project, path: Path) -> ImportOutcome:
    """Extract one file in a worker and store it."""
    return store(project, workers.pool().run_one(extraction_job(path)))


def store_all(project: Project, dones: Sequence[workers.Done]) -> list[ImportOutcome]:
    """Store the extractions of several files in one transaction, in order (one commit,
    one flush to disk for all of them). Each file's document lands whole or not at all: a
    file that fails is rolled back alone and the others go on; a problem of the project
    ends the batch with its outcome last, and when the commit fails none of them landed:
    the one outcome is then the project's error.

    The batch goes through the bulk path in one go (`Project.add_documents`: a few
    statements for the whole batch, not a few per file); when that fails, the batch is
    stored again one file at a time, so the outcome names the file that failed."""
    if all(done.failed for done in dones):  # nothing to write: no write (a locked project is not asked)
        return [store(project, done) for done in dones]
    outcomes: list[ImportOutcome] = []
    try:
        with project.transaction():
            outcomes = _store_together(project, dones) or _store_apart(project, dones)
    except ProjectError as exc:  # none of them landed; a file's failure, when first, is the cause
        return [outcomes[-1] if outcomes and outcomes[-1].about_project else project_failure(project, exc)]
    return outcomes


def _store_together(project: Project, dones: Sequence[workers.Done]) -> list[ImportOutcome]:
    """The outcomes of storing the batch whole, or none when some part of it failed. The
    pages go in as one `add_documents` batch: one savepoint of the open transaction,
    rolled back whole on a failure."""
    stored = [done for done in dones if not done.failed]
    try:
        results = iter(project.add_documents([done.extracted for done in stored], batch=len(stored)))
    except Exception:  # `_store_apart` tells which file failed, and why
        if not project.in_transaction:  # SQLite ended the write itself (a full disk)
            raise
        return []
    return [
        store(project, done) if done.failed else stored_outcome(done.job.path, next(results), done.extracted)
        for done in dones
    ]


def _store_apart(project: Project, dones: Sequence[workers.Done]) -> list[ImportOutcome]:
    """The outcomes of storing the batch one file at a time, each in its own savepoint."""
    outcomes: list[ImportOutcome] = []
    for done in dones:
        outcomes.append(store(project, done))
        if outcomes[-1].about_project:
            break
    return outcomes


def store_extracted(project: Project, pages: Sequence[tuple[Path, Extracted]]) -> list[ImportOutcome]:
    """The store step of an import on its own: pages extracted already (`extract_file`),
    stored as an import stores them (`store_all`)."""
    return store_all(project, [workers.Done(extraction_job(path), extracted) for path, extracted in pages])


def project_failure(project: Project, exc: ProjectError) -> ImportOutcome:
    return ImportOutcome(exc.path or project.path, "failed", exc.message, about_project=True)


def store(project: Project, done: workers.Done) -> ImportOutcome:
    """Store one worker's extraction in its own transaction, or in the one open (or report
    why not)."""
    path = done.job.path
    if done.failed:
        if done.details:
            log.error("import of %s failed:\n%s", path, done.details)
        return ImportOutcome(path, "failed", done.message)
    try:
        result = project.add_document(done.extracted)
    except ProjectError as exc:
        return project_failure(project, exc)
    except ClaimMarkError as exc:
        return ImportOutcome(path, "failed", exc.message)
    except Exception as exc:  # a bug, not bad input: keep going, keep the details in the log
        log.exception("storing %s failed", path)
        return ImportOutcome(path, "failed", f"unexpected error ({type(exc).__name__}: {exc})")
    return stored_outcome(path, result, done.extracted)


def stored_outcome(path: Path, result: AddResult, extracted: Extracted) -> ImportOutcome:
    """The outcome of storing one extracted page: imported (with the extraction's
    warnings), or a duplicate (and what it filled in)."""
    if result.duplicate:
        note = f"duplicate of document {result.id}"
        if result.filled:
            note += f" (filled in {', '.join(result.filled)})"
        return ImportOutcome(path, "duplicate", note, result.id, result.title, filled=tuple(result.filled))
    return ImportOutcome(path, "imported", "", result.id, result.title, warnings=tuple(extracted.warnings))
