"""The projects this installation closed cleanly, so that opening one again need not
copy it and run ``PRAGMA quick_check`` over all of it (core/store/safety.py).

Why the full check is there, and why a file we left needs less of it:

- The private copy keeps the original untouched while it is checked: SQLite rolls a
  hot ``-journal`` back on first read, and that must happen to a copy of a file that
  came from elsewhere. A file with a ``-journal`` or ``-wal`` beside it, or in WAL
  mode, never takes the short way here.
- The schema check is what keeps a hostile file's triggers, views, CHECK constraints
  and expression indexes from ever running. It reads ``sqlite_master`` and two
  PRAGMAs on a read-only, query-only connection with ``trusted_schema=OFF`` and no
  application functions: reading the schema runs nothing the file holds, so it is as
  safe on the file itself as on a copy. It always runs, on every open.
- ``quick_check`` proves the b-trees sound, which matters for a file of unknown
  making: it reads every page, the cost that grows with the project. A file this
  installation closed cleanly, unchanged since, is the file we wrote.

"Unchanged since" is judged by what another program cannot leave as it was: the same
resolved path, device and inode, size, modification and status-change times in
nanoseconds (the status-change time cannot be set back by an ordinary program), and
the file's first 100 bytes, the SQLite header, whose change counter SQLite bumps on
every commit and whose schema cookie changes with every schema change. A file copied
over it, restored from a backup, edited by another program or by a sqlite3 shell
differs in one of these and gets the full check again. A project is recorded only
when its connection saw no other connection's commit while it was open (``PRAGMA
data_version``), so a write by someone else during our session is not vouched for.

The records live in ``DATA_DIR/closed-projects/`` (one small JSON file a project,
named for a hash of its path; those of projects that are gone are dropped). Whoever
can write that folder can already change the installation itself, so the records are
trusted as its other files are; a record that cannot be read counts as no record.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

from claimmark.core.store.open_record import data_dir

FOLDER = "closed-projects"
HEADER_BYTES = 100


def fingerprint(path: Path) -> dict[str, object] | None:
    """What identifies the file now at `path` as the same bytes; None when it cannot be read."""
    try:
        resolved = path.resolve()
        with open(resolved, "rb") as handle:
            info = os.fstat(handle.fileno())
            header = handle.read(HEADER_BYTES)
    except OSError:
        return None
    return {
        "path": str(resolved),
        "device": info.st_dev,
        "inode": info.st_ino,
        "size": info.st_size,
        "mtime_ns": info.st_mtime_ns,
        "ctime_ns": info.st_ctime_ns,
        "header": header.hex(),
    }


def _record_file(path: Path) -> Path:
    name = hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    return data_dir() / FOLDER / f"{name}.json"


def remember(path: Path) -> None:
    """Note that this installation just closed `path` cleanly, as it is now."""
    found = fingerprint(path)
    if found is None:
        forget(path)
        return
    target = _record_file(path)
    temporary = target.with_name(f"{target.stem}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _prune(target.parent)
        temporary.write_text(json.dumps(found), encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
        forget(path)


def _prune(folder: Path) -> None:
    """Drop the records of projects that are gone (deleted, moved), so the folder holds
    about one small file a project one has."""
    for record in folder.glob("*.json"):
        try:
            named = json.loads(record.read_text(encoding="utf-8")).get("path")
            if not isinstance(named, str) or not Path(named).exists():
                record.unlink()
        except (OSError, ValueError, AttributeError):
            with contextlib.suppress(OSError):
                record.unlink()


def forget(path: Path) -> None:
    """`path` is no longer known to be as this installation left it."""
    with contextlib.suppress(OSError):
        _record_file(path).unlink()


def is_known(path: Path) -> bool:
    """Whether `path` is, to the byte counters above, the file this installation last
    closed cleanly there."""
    try:
        recorded = json.loads(_record_file(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    current = fingerprint(path)
    return isinstance(recorded, dict) and current is not None and recorded == current
