"""The one way ClaimMark writes a file a person asked for: exports, extracted texts and
project copies, from the command line and from the window alike.

A destination is refused, whatever the caller says, when it is a symbolic link (one
the user may not have chosen: a name inside a folder can point anywhere), anything
but a regular file, one of the `protected` files (the open project, the inputs; each
mapped to what it is, for the message) by identity (``os.path.samefile``: other
spellings and hard links included), an SQLite database (any project) or the
``-journal``/``-wal``/``-shm`` file beside one. An existing regular file is replaced
only when `replace` is given. The data goes to a temporary file in the destination's
folder, is flushed to disk (fsync), and only then takes the destination's name, so a
full disk or a crash leaves the old file (or nothing), never a truncated one. Every
`OSError` becomes a `ClaimMarkError` naming the file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Protocol

from claimmark.core.model.errors import ClaimMarkError

SQLITE_HEADER = b"SQLite format 3\x00"
SIDE_FILES = ("-journal", "-wal", "-shm")
Protected = Mapping[Path, str] | None  # files never written over, each with what it is ("the open project")


class WriteRefused(ClaimMarkError):
    """A destination ClaimMark will not write onto."""


class AlreadyExists(WriteRefused):
    """The destination exists and replacing it was not asked for."""


def is_sqlite(path: Path) -> bool:
    """Whether `path` starts with SQLite's header (unreadable files count as not)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def check_destination(target: Path, *, replace: bool = False, protected: Protected = None) -> None:
    """Raise `WriteRefused` (or `ClaimMarkError` when the folder is unusable) unless
    `target` may be written."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _failure(exc, target) from None
    if info is None:
        _check_folder(target)
        _check_side_file(target)
        return
    if stat.S_ISLNK(info.st_mode):
        raise WriteRefused("is a symbolic link; ClaimMark does not write through links", target)
    if stat.S_ISDIR(info.st_mode):
        raise WriteRefused("is a folder", target)
    if not stat.S_ISREG(info.st_mode):
        raise WriteRefused("is not a regular file", target)
    for path, what in (protected or {}).items():
        if _same(target, path):
            raise WriteRefused(f"is {what}; it is never written over", target)
    if is_sqlite(target):
        raise WriteRefused("already exists and is an SQLite database (perhaps a project); it is never "
                           "written over", target)
    _check_side_file(target)
    if not replace:
        raise AlreadyExists("already exists", target)


def make_folder(folder: Path) -> Path:
    """`folder`, made (with its parents) if missing; a clear error if it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ClaimMarkError("is not a folder", folder) from None
    except OSError as exc:
        raise ClaimMarkError(f"cannot make the folder ({exc.strerror or exc})", folder) from None
    return folder


def check_stream(stream: IO[bytes], protected: Protected) -> None:
    """Refuse an already open output (standard output redirected by the shell) that is
    one of the `protected` files."""
    try:
        info = os.fstat(stream.fileno())
    except (OSError, ValueError):  # no file behind the stream (io.UnsupportedOperation is both)
        return
    for path, what in (protected or {}).items():
        try:
            same = os.path.samestat(info, os.stat(path))
        except OSError:
            continue
        if same:
            raise WriteRefused(f"standard output is {what}; it is never written over", path)


def write_bytes(target: Path, data: bytes, *, replace: bool = False, protected: Protected = None) -> Path:
    """Write `data` as `target` (see the module's rules)."""

    def produce(temp: Path) -> None:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)

    return write_with(target, produce, replace=replace, protected=protected)


class TextSink(Protocol):
    """Where text is written as it is made (a file being written, a `io.StringIO`)."""

    def write(self, text: str, /) -> int: ...


class _FileText:
    """Text to a file descriptor in UTF-8, in pieces of about `size` characters, each
    written whole with `write_all`."""

    def __init__(self, fd: int, size: int = 1 << 16):
        self.fd, self.size = fd, size
        self.pending: list[str] = []
        self.held = 0

    def write(self, text: str, /) -> int:
        self.pending.append(text)
        self.held += len(text)
        if self.held >= self.size:
            self.flush()
        return len(text)

    def flush(self) -> None:
        write_all(self.fd, "".join(self.pending).encode("utf-8"))
        self.pending, self.held = [], 0


def write_stream(
    target: Path, fill: Callable[[TextSink], None], *, replace: bool = False, protected: Protected = None
) -> Path:
    """Write as `target` (see the module's rules) the text `fill` writes, in UTF-8 with
    no newline translation, as it comes: an export of any size is never held whole."""

    def produce(temp: Path) -> None:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
        try:
            out = _FileText(fd)
            fill(out)
            out.flush()
            os.fsync(fd)
        finally:
            os.close(fd)

    return write_with(target, produce, replace=replace, protected=protected)


def write_all(fd: int, data: bytes) -> None:
    """All of `data` to a file descriptor: a write may take only part of it (a pipe
    that fills, a signal), and Python's buffered files can then report the part as if
    it were all."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def write_with(
    target: Path,
    produce: Callable[[Path], None],
    *,
    replace: bool = False,
    protected: Protected = None,
) -> Path:
    """Let `produce` write a new file at a temporary path beside `target` (a path that
    does not exist yet), then give it `target`'s name. `produce` may raise `OSError` or
    `ClaimMarkError`; either way the temporary file is removed."""
    target = Path(target)
    check_destination(target, replace=replace, protected=protected)
    temp = target.with_name(f".claimmark-{secrets.token_hex(6)}.partial")
    try:
        produce(temp)
        check_destination(target, replace=replace, protected=protected)  # nothing appeared meanwhile
        if replace:
            os.replace(temp, target)
        else:
            _link_new(temp, target)
    except OSError as exc:
        raise _failure(exc, target) from None
    finally:
        with contextlib.suppress(OSError):  # renamed away, or never made
            os.unlink(temp)
    return target


def _link_new(temp: Path, target: Path) -> None:
    """Give `temp` the name `target` only if no file has it: a hard link fails on an
    existing name atomically. Where links are not supported, a rename after the check."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise AlreadyExists("already exists", target) from None
    except OSError:
        os.replace(temp, target)


def _check_folder(target: Path) -> None:
    folder = target.parent
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        raise ClaimMarkError("cannot write: the folder does not exist", target) from None
    except OSError as exc:
        raise _failure(exc, target) from None
    if not stat.S_ISDIR(info.st_mode):
        raise ClaimMarkError(f"cannot write: {folder} is not a folder", target)


def _check_side_file(target: Path) -> None:
    """Refuse the journal (or WAL) file of an SQLite database: writing it would roll
    the database back into garbage when next opened."""
    name = target.name
    for suffix in SIDE_FILES:
        if name.endswith(suffix) and is_sqlite(target.with_name(name[: -len(suffix)])):
            raise WriteRefused("is the journal of an SQLite database; it is never written over", target)


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _failure(exc: OSError, target: Path) -> ClaimMarkError:
    return ClaimMarkError(f"cannot write ({exc.strerror or exc})", target)
