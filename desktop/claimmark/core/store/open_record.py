"""The projects this installation has open for writing, so that a crash of our own can
be told from a file that arrived with someone else's interrupted write beside it.

A hot ``-journal`` beside a project means a write was interrupted. If it was ours (a
crash, a kill, a power cut), SQLite's rollback brings back the last commit, and the
next open must do exactly that. If the file arrived that way — copied from a drive
while another program was writing it — rolling back someone else's journal would
change a file we were only given: it is refused instead (see docs/security.md).

Each process that opens a project for writing leaves a small record in
``DATA_DIR/open-projects/`` (one file per open: the resolved path, device, inode
and process id) and removes it when it closes the project. A record whose process
is gone marks a crash. The data folder is ``CLAIMMARK_DATA_DIR`` when set, else the
platform's user data folder.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import uuid
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)

FOLDER = "open-projects"


def data_dir() -> Path:
    """ClaimMark's data folder (the same one the desktop app uses, without Qt)."""
    override = os.environ.get("CLAIMMARK_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir("ClaimMark", "ClaimMark"))


def _identity(path: Path) -> dict[str, object]:
    info = os.stat(path)
    return {"path": str(path.resolve()), "device": info.st_dev, "inode": info.st_ino}


def record(path: Path) -> Path | None:
    """Note that this process opens `path` for writing; the record's file, or None
    when the data folder cannot be written (then a crash will need `claimmark recover`)."""
    folder = data_dir() / FOLDER
    try:
        entry = {**_identity(path), "pid": os.getpid()}
        folder.mkdir(parents=True, exist_ok=True)
        prune()
        target = folder / f"{os.getpid()}-{uuid.uuid4().hex}.json"
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(entry, handle)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        log.warning("cannot record the open project %s in %s: %s", path, folder, exc)
        return None
    return target


def release(token: Path | None) -> None:
    """The project was closed cleanly: forget its record."""
    if token is not None:
        with contextlib.suppress(OSError):
            token.unlink()


def _entries() -> list[tuple[Path, dict[str, object]]]:
    """Every readable record (file, content) in the data folder."""
    try:
        files = sorted((data_dir() / FOLDER).glob("*.json"))
    except OSError:
        return []
    found = []
    for file in files:
        try:
            entry = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(entry, dict):
            found.append((file, entry))
    return found


def _current(path: Path) -> dict[str, object] | None:
    """The identity of the file now at `path`, or None when there is none."""
    try:
        return _identity(path)
    except OSError:
        return None


def _matches(entry: dict[str, object], identity: dict[str, object] | None) -> bool:
    """Whether a record names that file (the same path, device and inode)."""
    return identity is not None and all(entry.get(key) == value for key, value in identity.items())


def hot_journal(path: Path) -> bool:
    """Whether an interrupted write left a '-journal' beside `path` (SQLite would roll
    it back on the next read-write open)."""
    journal = path.with_name(path.name + "-journal")
    try:
        with open(journal, "rb") as handle:
            return handle.read(1) not in (b"", b"\x00")
    except OSError:
        return False


def prune() -> None:
    """Drop the records of crashed processes that left nothing to recover: their project
    is gone, replaced, or has no interrupted write beside it (a crash between writes, or
    one already rolled back)."""
    for file, entry in _entries():
        pid, named = entry.get("pid"), entry.get("path")
        if not isinstance(named, str) or (isinstance(pid, int) and _alive(pid)):
            continue  # not a record to judge, or its process still runs
        target = Path(named)
        if not _matches(entry, _current(target)) or not hot_journal(target):
            with contextlib.suppress(OSError):
                file.unlink()


def was_open_here(path: Path) -> bool:
    """Whether a process of this installation had `path` open for writing and did not
    close it (it crashed, or it is still running)."""
    identity = _current(path)
    return any(_matches(entry, identity) for _file, entry in _entries())


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill would terminate it there
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # type: ignore[attr-defined]
        if handle:
            ctypes.windll.kernel32.CloseHandle(handle)  # type: ignore[attr-defined]
        return bool(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
