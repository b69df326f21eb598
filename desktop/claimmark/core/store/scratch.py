"""Private copies in the temporary folder: checking a file, reading one ClaimMark must
not touch in place, merging another's, re-extracting a stored original. When that
folder is full or unusable, the message says so and names it: the project itself was
read, or never tried, and "cannot read the project file" would send the person after
the wrong thing."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from claimmark.core.model.errors import ProjectUnreadable, TemporaryFolderUnusable
from claimmark.core.store.writer import write_all

_CHUNK = 1 << 20


def temporary_folder_problem(exc: OSError, project: Path) -> TemporaryFolderUnusable:
    """The temporary folder failed us while working on `project`."""
    state = "is full" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else "cannot be used"
    try:
        folder = f"the temporary folder {tempfile.gettempdir()}"
    except OSError:  # none of the candidates is usable
        folder = "the temporary folder" + (f" {os.environ['TMPDIR']}" if os.environ.get("TMPDIR") else "")
    return TemporaryFolderUnusable(
        f"{folder} {state} ({exc.strerror or exc}), and ClaimMark works on a private copy there; "
        "free some space, or set TMPDIR to another folder",
        project,
    )


def scratch_folder(prefix: str, project: Path) -> tempfile.TemporaryDirectory[str]:
    """A new private folder in the temporary folder, for work on `project`."""
    try:
        return tempfile.TemporaryDirectory(prefix=prefix)
    except OSError as exc:
        raise temporary_folder_problem(exc, project) from None


def copy_private(source: Path, target: Path, project: Path) -> None:
    """Copy `source` (the project file or its journal) to `target` in a scratch folder,
    telling a failure to read the one from a failure to write the other."""
    try:
        reader = open(source, "rb")  # noqa: SIM115 (closed below, its errors told apart)
    except OSError as exc:
        raise _unreadable(exc, project) from None
    with reader:
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise temporary_folder_problem(exc, project) from None
        try:
            while True:
                try:
                    chunk = reader.read(_CHUNK)
                except OSError as exc:
                    raise _unreadable(exc, project) from None
                if not chunk:
                    break
                try:
                    write_all(fd, chunk)
                except OSError as exc:
                    raise temporary_folder_problem(exc, project) from None
        finally:
            os.close(fd)


def _unreadable(exc: OSError, project: Path) -> ProjectUnreadable:
    return ProjectUnreadable(f"cannot read the project file ({exc.strerror or exc})", project)
