"""The project file: one SQLite database that holds a person's articles and tags.

`Project` is the only way the rest of ClaimMark reads or writes a project. Every
write runs in `Project.transaction()`, which begins with ``BEGIN IMMEDIATE`` under
a busy timeout, so a second writer waits instead of failing at once and a crash
loses at most the edit in flight. The journal mode is DELETE, not WAL, because the
file travels (mail, shared drives, synced folders): see docs/storage.md.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import sqlite3
import tempfile
import uuid as uuidlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from itertools import islice
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from claimmark.core.model.document import ReadingDocument
from claimmark.core.model.errors import (
    CopyFailed,
    NoSuchProject,
    NotFound,
    ProjectCopiedWhileOpen,
    ProjectInWalMode,
    ProjectNotCreated,
    ProjectReadOnly,
)
from claimmark.core.model.extracted import Extracted
from claimmark.core.model.records import Document, DocumentInfo
from claimmark.core.store import clean_close, open_record
from claimmark.core.store.bulk import AddResult, store_documents
from claimmark.core.store.checks import annotation_problems, document_problems, encoding_problems
from claimmark.core.store.open_record import hot_journal
from claimmark.core.store.safety import (
    PLANTED_JOURNAL,
    WAL_MODE,
    check_copy,
    check_known,
    check_untrusted,
    harden,
    in_wal_mode,
    schema_problems,
)
from claimmark.core.store.schema import APPLICATION_ID, format_version, migrations
from claimmark.core.store.scratch import copy_private, scratch_folder
from claimmark.core.store.sqlite_errors import open_or_write_error
from claimmark.core.store.text_index import index_problems
from claimmark.core.store.writer import write_with

log = logging.getLogger(__name__)
SUFFIX = ".claimmark"
BUSY_TIMEOUT_MS = 5000
DOCUMENT_FIELDS = tuple(f.name for f in fields(DocumentInfo))
BATCH = 500  # pages `add_documents` stores in one transaction


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class Project:
    """An open project file."""

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: bool):
        self.path = path
        self.read_only = read_only
        self.db = Database(conn, execute_plugins=False, recursive_triggers=False)
        self._token: Path | None = None  # this process's open record (core/store/open_record.py)
        self._private: tempfile.TemporaryDirectory[str] | None = None  # a private copy's folder
        self._seen = self._data_version()  # another connection's commit changes it (clean_close.py)
        self._scratch = False  # a private copy `open_copy` opened: nothing to remember of it

    # -- opening ------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, *, create: bool = False, read_only: bool = False) -> Project:
        """Open (or, with `create`, make) a project; refuse damaged, foreign or newer files,
        and files that arrived with another program's interrupted write beside them."""
        path = Path(path)
        if not path.exists():
            if not create:
                raise NoSuchProject("no such project file", path)
            return cls._create(path)
        hot = hot_journal(path)
        if hot and not open_record.was_open_here(path):
            raise ProjectCopiedWhileOpen(PLANTED_JOURNAL, path)
        wal = path.with_name(path.name + "-wal")
        known = not hot and not wal.exists() and clean_close.is_known(path)
        version = check_known(path) if known else check_untrusted(path)
        writable = not read_only and _writable(path)
        if in_wal_mode(path):
            if writable:
                raise ProjectInWalMode(WAL_MODE, path)
            return cls._open_private(path, version)
        if hot and not _writable(path):
            return cls._open_private(path, version)  # our own crash, on storage we cannot write
        _recover(path)
        if version < format_version():
            if not writable:
                raise ProjectReadOnly(
                    f"the project is in an older format (version {version}) and cannot be "
                    "upgraded on read-only storage",
                    path,
                )
            _backup(path, version)
        token = open_record.record(path) if writable else None
        try:
            conn = _connect(path, read_only=not writable)
        except BaseException:
            open_record.release(token)
            raise
        project = cls(path, conn, read_only=not writable)
        project._token = token
        if version < format_version():
            project._migrate()
        return project

    @classmethod
    def open_copy(cls, copy: Path, path: Path) -> Project:
        """Open `copy`, a private copy of `path` just made and nothing else has (a merge
        opens an incoming file so, core/share/merge.py): checked in place and fully
        (`check_copy`), migrated there if older; no backup, open record or clean-close
        record is kept of it. A refusal names `path`."""
        version = check_copy(copy, path)
        project = cls(copy, _connect(copy, read_only=False), read_only=False)
        project._scratch = True
        try:
            if version < format_version():
                project._migrate()
        except BaseException:
            project.close()
            raise
        return project

    @classmethod
    def _open_private(cls, path: Path, version: int) -> Project:
        """A read-only view of `path` from a private copy (with its journal rolled back
        and in DELETE mode there), for files ClaimMark must not touch in place."""
        folder = scratch_folder("claimmark-private-", path)
        copy = Path(folder.name) / "project.claimmark"
        try:
            copy_private(path, copy, path)
            if hot_journal(path):
                journal = path.with_name(path.name + "-journal")
                copy_private(journal, copy.with_name(copy.name + "-journal"), path)
            project = cls(path, _connect(copy, read_only=False), read_only=False)
            if version < format_version():
                project._migrate()
        except BaseException:
            folder.cleanup()
            raise
        project.read_only = True
        project._private = folder
        return project

    @classmethod
    def _create(cls, path: Path, name: str | None = None) -> Project:
        if path.parent and not path.parent.exists():
            raise ProjectNotCreated("the folder for the project does not exist", path)
        try:
            path.touch()  # so that the open record can name it before the first write
        except OSError as exc:
            raise ProjectNotCreated(f"the project file cannot be created ({exc.strerror or exc})",
                                    path) from None
        token = open_record.record(path)
        try:
            conn = _connect(path, read_only=False)
        except BaseException:
            open_record.release(token)
            path.unlink(missing_ok=True)
            raise
        project = cls(path, conn, read_only=False)
        project._token = token
        try:
            with project.transaction():
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                migrations.apply(project.db)
                conn.execute(f"PRAGMA user_version = {format_version()}")
                project.db.table("meta").insert_all(
                    [
                        {"key": "uuid", "value": str(uuidlib.uuid4())},
                        {"key": "name", "value": name or path.stem},
                        {"key": "created", "value": utc_now()},
                        {"key": "format_version", "value": str(format_version())},
                    ]
                )
        except BaseException:
            project.close()
            path.unlink(missing_ok=True)
            raise
        return project

    def _migrate(self) -> None:
        with self.transaction():
            migrations.apply(self.db)
            self.db.execute(f"PRAGMA user_version = {format_version()}")
            self.db.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('format_version', ?)",
                [str(format_version())],
            )

    def _data_version(self) -> int | None:
        try:
            return int(self.db.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return None

    def close(self) -> None:
        alone = self._private is None and self._seen is not None and self._data_version() == self._seen
        self.db.close()
        hot = hot_journal(self.path)
        if self._token is not None and hot:
            # a write failed and could not be rolled back (the disk is still full): keep the
            # record that this was our own write, so that the next open rolls it back
            # instead of taking the journal for another program's
            log.warning("%s keeps an interrupted write; it is rolled back when the project next opens",
                        self.path)
        else:
            open_record.release(self._token)
        if not self._scratch:  # of a merge's private copy there is nothing to remember
            if alone and not hot:
                clean_close.remember(self.path)  # the next open needs no private copy
            else:
                clean_close.forget(self.path)
        self._token = None
        if self._private is not None:
            self._private.cleanup()
            self._private = None

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions -------------------------------------------------------
    @property
    def in_transaction(self) -> bool:
        """A write is open (false again once SQLite itself has ended a failed one)."""
        return self.db.conn.in_transaction

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """One write: all of it lands, or none of it. Nested calls join the outer one."""
        if self.read_only:
            raise ProjectReadOnly("the project is open read-only", self.path)
        conn = self.db.conn
        if conn.in_transaction:
            try:
                with self.db.atomic():
                    yield self.db
            except sqlite3.OperationalError as exc:  # said as the outer write says it
                raise open_or_write_error(exc, self.path) from None
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise open_or_write_error(exc, self.path) from None
        try:
            yield self.db
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self._roll_back()
            raise open_or_write_error(exc, self.path) from None
        except BaseException:
            self._roll_back()
            raise

    def _roll_back(self) -> None:
        """Undo a failed write on the spot. After a full disk SQLite has already ended the
        transaction but left its journal hot and the file grown: the next read plays the
        journal back, so the project opens normally once the write has failed."""
        conn = self.db.conn
        try:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if hot_journal(self.path):
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error:
            log.warning("the failed write to %s could not be rolled back yet; it will be on the next open",
                        self.path)

    # -- project metadata ---------------------------------------------------
    def meta(self) -> dict[str, str]:
        return {row["key"]: row["value"] for row in self.db["meta"].rows}

    @property
    def name(self) -> str:
        return self.meta().get("name", self.path.stem)

    # -- documents ----------------------------------------------------------
    def add_document(self, extracted: Extracted) -> AddResult:
        """Store an extracted page, or recognise it as a duplicate by its content hash
        (then fill in metadata the stored copy lacks, such as a plain-text copy's URL)."""
        return self.add_documents([extracted])[0]

    def add_documents(self, pages: Iterable[Extracted], batch: int = BATCH) -> list[AddResult]:
        """`add_document` for many pages: `batch` of them at a time in one transaction
        each, in a few statements (core/store/bulk.py); drawn from `pages` as they go."""
        results: list[AddResult] = []
        pending = iter(pages)
        while chunk := list(islice(pending, batch)):
            with self.transaction():
                results += store_documents(self, chunk, utc_now())
        return results

    def documents(self) -> list[DocumentInfo]:
        """Every document's metadata (no texts), in import order."""
        columns = ", ".join(DOCUMENT_FIELDS)
        return [DocumentInfo(**r) for r in self.db.query(f"SELECT {columns} FROM documents ORDER BY id")]

    def count_documents(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def resolve_document(self, ref: str | int) -> int:
        """A document id from a numeric id or a UUID prefix (at least 4 characters)."""
        return self.resolve_ref("documents", "document", ref)

    def resolve_ref(self, table: str, noun: str, ref: str | int) -> int:
        """The id of a row of `table` ("documents", "annotations", "merge_conflicts") named by a numeric
        id or a UUID prefix of at least 4 characters; NotFound says what went wrong."""
        if table not in ("documents", "annotations", "merge_conflicts"):
            raise ValueError(table)
        text = str(ref).strip()
        if text.isascii() and text.isdigit():
            row = self.db.execute(f"SELECT id FROM {table} WHERE id = ?", [int(text)]).fetchone()
            if row:
                return int(row[0])
            if len(text) < 4:
                raise NotFound(f"no {noun} with id {text}")
        if len(text) < 4 or not re.fullmatch(r"[0-9a-fA-F-]+", text):
            raise NotFound(f"no {noun} {text!r} (give a numeric id or a UUID prefix of 4+ characters)")
        rows = self.db.execute(
            f"SELECT id FROM {table} WHERE uuid LIKE ? LIMIT 2", [text.lower() + "%"]
        ).fetchall()
        if not rows:
            raise NotFound(f"no {noun} with a UUID starting {text!r}")
        if len(rows) > 1:
            raise NotFound(f"the UUID prefix {text!r} matches several {table}; give more of it")
        return int(rows[0][0])

    def document(self, ref: str | int) -> Document:
        """One document's metadata and reading text."""
        doc_id = self.resolve_document(ref)
        columns = ", ".join((*DOCUMENT_FIELDS, "reading_text AS text"))
        return Document(**next(self.db.query(f"SELECT {columns} FROM documents WHERE id = ?", [doc_id])))

    def reading_document(self, ref: str | int) -> ReadingDocument:
        doc_id = self.resolve_document(ref)
        raw, text = self.db.execute("SELECT reading_json, reading_text FROM documents WHERE id = ?",
                                    [doc_id]).fetchone()
        return ReadingDocument.from_json(raw, text)

    def image(self, doc_id: int, key: str) -> tuple[str, bytes] | None:
        row = self.db.execute(
            "SELECT mime, data FROM images WHERE document_id = ? AND key = ?", [doc_id, key]
        ).fetchone()
        return (row[0], bytes(row[1])) if row else None

    # -- copies -------------------------------------------------------------
    def save_copy(self, dest: str | Path, *, replace: bool = False) -> Path:
        """A consistent, compact copy of the project (SQLite's VACUUM INTO), safe to
        make while the project is open and to mail or share. Written by
        `core.writer`: never onto this project or any SQLite file, and over another
        existing file only with `replace`."""

        def vacuum_into(temp: Path) -> None:
            try:
                self.db.execute("VACUUM INTO ?", [str(temp)])
            except sqlite3.DatabaseError as exc:
                raise CopyFailed(f"the copy could not be written ({exc})", dest) from None

        dest = Path(dest)
        return write_with(dest, vacuum_into, replace=replace, protected={self.path: "the open project"})

    # -- checking -----------------------------------------------------------
    def check(self) -> list[str]:
        """Problems found by SQLite's integrity check and ClaimMark's own checks."""
        problems = [
            f"integrity: {row[0]}"
            for row in self.db.execute("PRAGMA integrity_check").fetchall()
            if row[0] != "ok"
        ]
        problems += schema_problems(self.db.conn)
        problems += index_problems(self.db)
        problems += [f"document {doc_id}: {reason}" for doc_id, reason in self.document_problems()]
        problems += self.encoding_problems()
        if not any(p.startswith("missing table") for p in problems):
            problems += annotation_problems(self.db)
        return problems

    def document_problems(self) -> list[tuple[int, str]]:
        """(document id, what is wrong) for each damaged document (store/checks.py)."""
        return document_problems(self.db)

    def encoding_problems(self) -> list[str]:
        """Text columns holding what is not valid UTF-8 (store/checks.py)."""
        return encoding_problems(self.db)

def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    mode = "ro" if read_only else "rwc"
    uri = f"file:{quote(str(path.absolute()))}?mode={mode}"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        harden(conn)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not read_only:
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as exc:
        raise open_or_write_error(exc, path) from None
    return conn


def recover(path: str | Path) -> bool:
    """Roll back the interrupted write a '-journal' beside `path` holds, whoever left
    it, once a private copy of both has passed the checks; False when there is none."""
    path = Path(path)
    if not hot_journal(path):
        return False
    check_untrusted(path)
    if in_wal_mode(path):
        raise ProjectInWalMode(WAL_MODE, path)
    if not _writable(path):
        raise ProjectReadOnly("the project file cannot be written (read-only), so it cannot be recovered",
                              path)
    _recover(path)
    return True


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent or ".", os.W_OK)


def _recover(path: Path) -> None:
    """Roll back a write a crash interrupted (a hot '-journal' beside the file), now
    that check_untrusted has checked the recovered state on a private copy; a
    read-only connection could not, and would refuse the project. Then prune the
    open records of crashed processes that left nothing to recover."""
    if hot_journal(path) and _writable(path):
        conn = _connect(path, read_only=False)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    if not hot_journal(path):
        open_record.prune()


def _backup(path: Path, version: int) -> Path:
    """Copy a file before migrating it: NAME.claimmark.vN.bak beside it."""
    target = path.with_name(f"{path.name}.v{version}.bak")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.v{version}.{counter}.bak")
        counter += 1
    shutil.copy2(path, target)
    return target

