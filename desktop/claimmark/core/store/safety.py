"""Checking a project file before ClaimMark uses it.

A project file may come from anyone, so it is untrusted input. SQLite's own advice
for such files (`PRAGMA trusted_schema=OFF`) is not enough on its own: a trigger in
plain SQL still runs on the next write, and a CHECK constraint or an expression
index still calls application functions. So before anything of ClaimMark's touches
a file, it is copied to a private folder and checked there, on a connection with no
application functions registered:

- the SQLite header, the application id and the format version (a newer file is
  refused and never modified);
- ``PRAGMA quick_check``;
- the schema: every table, index, trigger and view must be exactly what ClaimMark
  itself creates for that format version (same names, same SQL). Anything else — a
  trigger, a view, a CHECK constraint, a generated column, an expression index — is
  refused by name.

A file this installation closed cleanly and that is unchanged since is checked by
`check_known` instead: the header and the schema, read-only on the file itself, with
no copy and no ``quick_check`` (core/store/clean_close.py says why that is sound).

A ``-wal`` file beside a project means it was in WAL mode (ClaimMark never uses it)
and copied while open: it is refused. A ``-journal`` file means a write was
interrupted; the check then runs on a private copy of both, after SQLite's own
recovery, and only a file that passes is opened (and so recovered) in place.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from urllib.parse import quote

from claimmark.core.model.errors import (
    NotAProject,
    ProjectCopiedWhileOpen,
    ProjectDamaged,
    ProjectTooNew,
    ProjectUnreadable,
)
from claimmark.core.store.schema import APPLICATION_ID, format_version, read_schema, reference_schema
from claimmark.core.store.scratch import copy_private, scratch_folder

SQLITE_HEADER = b"SQLite format 3\x00"
# Caps on what one SQL value or statement from a file may be (bytes / depth).
LIMITS = {
    sqlite3.SQLITE_LIMIT_LENGTH: 256 * 1024 * 1024,
    sqlite3.SQLITE_LIMIT_SQL_LENGTH: 1_000_000,
    sqlite3.SQLITE_LIMIT_EXPR_DEPTH: 200,
    sqlite3.SQLITE_LIMIT_COLUMN: 200,
    sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH: 10,
}


def harden(conn: sqlite3.Connection) -> None:
    """Settings every connection to a project file gets, trusted or not."""
    conn.execute("PRAGMA trusted_schema = OFF")
    for limit, value in LIMITS.items():
        conn.setlimit(limit, value)


def check_untrusted(path: Path) -> int:
    """Check a project file on a private copy; return its format version or raise
    a ProjectError subclass naming the situation. The original is only read."""
    _check_header(path)
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise ProjectCopiedWhileOpen(
            "a '-wal' file lies beside the project: it was copied while open in another program. "
            "Ask the sender for a proper copy (File ▸ Save a Copy, or 'claimmark copy')",
            path,
        )
    journal = path.with_name(path.name + "-journal")
    with scratch_folder("claimmark-check-", path) as folder:
        copy = Path(folder) / "project.claimmark"
        copy_private(path, copy, path)
        try:
            has_journal = journal.exists() and journal.stat().st_size > 0
        except OSError as exc:
            raise ProjectUnreadable(f"cannot read the project file ({exc.strerror or exc})", path) from None
        if has_journal:
            copy_private(journal, copy.with_name(copy.name + "-journal"), path)
        conn = sqlite3.connect(copy, isolation_level=None)
        try:
            harden(conn)
            conn.execute("PRAGMA query_only = ON")
            return _inspect(conn, path)
        except sqlite3.DatabaseError as exc:
            reason = f"the project file is damaged or not a ClaimMark project ({exc})"
            raise ProjectDamaged(reason, path) from None
        finally:
            conn.close()


def check_known(path: Path) -> int:
    """Check a project file this installation closed cleanly and that is unchanged since
    (`clean_close.is_known`, no '-journal' or '-wal' beside it): the header, format version
    and schema, on a read-only connection to the file itself; its format version."""
    return _check_in_place(path, path, integrity=None)


def check_copy(copy: Path, path: Path) -> int:
    """Check `copy`, a private copy of `path` that ClaimMark has just made and nothing
    else has (no '-journal' or '-wal' beside it): the header, format version, schema and
    SQLite's full ``integrity_check``, on a read-only connection to the copy itself (a
    second copy would guard nothing); its format version, a ProjectError naming `path`.
    A merge checks an incoming file so: it needs the full check, and one is enough."""
    return _check_in_place(copy, path, integrity="integrity_check")


def _check_in_place(path: Path, named: Path, *, integrity: str | None) -> int:
    _check_header(path, named)
    uri = f"file:{quote(str(path.absolute()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    except sqlite3.DatabaseError as exc:
        raise ProjectUnreadable(f"cannot read the project file ({exc})", named) from None
    try:
        harden(conn)
        conn.execute("PRAGMA query_only = ON")
        return _inspect(conn, named, integrity=integrity)
    except sqlite3.DatabaseError as exc:
        reason = f"the project file is damaged or not a ClaimMark project ({exc})"
        raise ProjectDamaged(reason, named) from None
    finally:
        conn.close()


def _check_header(path: Path, named: Path | None = None) -> None:
    """The file at `path` is a regular file that starts as SQLite's do; errors name `named`
    (by default `path`)."""
    named = path if named is None else named
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise ProjectUnreadable("cannot read the project file (Is a directory)", named)
        if not stat.S_ISREG(mode):
            raise NotAProject("is not a regular file, so not a ClaimMark project", named)
    except OSError as exc:
        raise ProjectUnreadable(f"cannot read the project file ({exc.strerror or exc})", named) from None
    try:
        with open(path, "rb") as handle:
            head = handle.read(100)
    except OSError as exc:
        raise ProjectUnreadable(f"cannot read the project file ({exc.strerror or exc})", named) from None
    if not head:
        raise NotAProject("the project file is empty (0 bytes)", named)
    if not head.startswith(SQLITE_HEADER):
        raise NotAProject("not a ClaimMark project (not an SQLite database)", named)


def _inspect(conn: sqlite3.Connection, path: Path, *, integrity: str | None = "quick_check") -> int:
    """The checks of an open file; `integrity` is the SQLite check to end with
    ("quick_check", "integrity_check"), or None for none."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if app_id != APPLICATION_ID:
        raise NotAProject("not a ClaimMark project (an SQLite database of another kind)", path)
    if version > format_version():
        raise ProjectTooNew(
            f"the project was made by a newer ClaimMark (format {version}; this version reads up to "
            f"{format_version()}); update ClaimMark to open it. The file was not changed",
            path,
        )
    if version < 0:
        raise ProjectDamaged("the project file's format version is invalid", path)
    problems = schema_problems(conn, version)
    if problems:
        raise NotAProject("the project file's schema is not ClaimMark's: " + "; ".join(problems[:3]), path)
    if integrity is None:
        return int(version)
    result = [row[0] for row in conn.execute(f"PRAGMA {integrity}").fetchall()]
    if result == ["ok"]:
        return int(version)
    if integrity == "quick_check":
        raise ProjectDamaged("the project file is damaged (SQLite's integrity check failed)", path)
    raise ProjectDamaged(f"the project file is damaged (SQLite's integrity check: {result[0]})", path)


def schema_problems(conn: sqlite3.Connection, version: int | None = None) -> list[str]:
    """How a file's schema differs from what ClaimMark creates for its version."""
    if version is None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    expected = reference_schema(min(max(int(version), 0), format_version()))
    found = read_schema(conn)
    problems = []
    for (kind, name), (_table, sql) in found.items():
        if (kind, name) not in expected:
            problems.append(f"unexpected {kind} {name!r}")
        elif expected[(kind, name)][1] != sql:
            problems.append(f"{kind} {name!r} is not as ClaimMark made it")
    for kind, name in expected:
        if (kind, name) not in found:
            problems.append(f"missing {kind} {name!r}")
    return problems


PLANTED_JOURNAL = (
    "a '-journal' file lies beside the project: it was copied while another program was writing "
    "it. Ask the sender for a proper copy (File ▸ Save a Copy, or 'claimmark copy'); if this is your "
    "own project after a crash on another computer, run 'claimmark recover' on it. The file was not changed"
)
WAL_MODE = (
    "the project is in WAL mode, which ClaimMark never uses (another program changed it), so it is "
    "only read here; make a copy ClaimMark can write with 'claimmark copy PROJECT NEW.claimmark'. "
    "The file was not changed"
)


def in_wal_mode(path: Path) -> bool:
    """Whether the file's header says WAL mode (its read/write versions are 2)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(20)
    except OSError:
        return False
    return len(head) == 20 and 2 in (head[18], head[19])
